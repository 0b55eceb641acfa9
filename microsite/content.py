"""Pages kept as Markdown files with TOML front matter, rendered once and cached.

A file in microsite/content/ looks like:

    +++
    title = "..."
    description = "one line for search engines"
    last_reviewed = 2026-11-25
    reviewed_by = "Dr. Manvar"
    [[references]]
    text = "..."
    url = "https://..."
    +++
    Markdown body
"""
import datetime
import functools
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import markdown

CONTENT_DIR = Path(__file__).parent / "content"
REVIEW_INTERVAL_YEARS = 1  # medical content is reviewed at least yearly


@dataclass(frozen=True)
class Page:
    name: str
    title: str
    description: str
    html: str
    toc: list = field(default_factory=list)  # [{"id", "name", "children": [...]}] for h2 and h3
    last_reviewed: datetime.date | None = None
    reviewed_by: str | None = None
    references: list = field(default_factory=list)

    @property
    def next_review(self):
        if self.last_reviewed:
            d = self.last_reviewed
            try:
                return d.replace(year=d.year + REVIEW_INTERVAL_YEARS)
            except ValueError:  # 29 February
                return d.replace(year=d.year + REVIEW_INTERVAL_YEARS, day=28)
        return None


def split_front_matter(text):
    _, front, body = text.split("+++\n", 2)
    return tomllib.loads(front), body


def names():
    return sorted(path.stem for path in CONTENT_DIR.glob("*.md"))


@functools.cache
def load(name):
    meta, body = split_front_matter((CONTENT_DIR / f"{name}.md").read_text(encoding="utf-8"))
    md = markdown.Markdown(
        extensions=["toc", "attr_list", "md_in_html", "sane_lists"],
        extension_configs={"toc": {"toc_depth": "2-3"}},
        output_format="html",
    )
    html = md.convert(body)
    return Page(
        name=name,
        title=meta["title"],
        description=meta["description"],
        html=html,
        toc=[_toc_entry(t) for t in md.toc_tokens],
        last_reviewed=meta.get("last_reviewed"),
        reviewed_by=meta.get("reviewed_by"),
        references=meta.get("references", []),
    )


def _toc_entry(token):
    return {"id": token["id"], "name": token["name"], "children": [_toc_entry(c) for c in token["children"]]}
