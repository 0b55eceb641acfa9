"""Pages kept as Markdown files with TOML front matter, rendered once and cached.

Each page is a file in each language's folder, microsite/content/en/ and microsite/content/es/.
A file looks like:

    +++
    title = "..."
    description = "one line for search engines"
    summary = "one plain paragraph shown under the title"   # optional, may cite
    key_facts = ["a fact [@nhs]", "..."]                    # optional, each may cite

    # Only once a clinician has actually reviewed the page, all three together:
    # reviewed_by = "Full Name"
    # reviewer_credentials = "MD, board-certified in pain medicine"
    # last_reviewed = 2027-01-15

    # A translation, only once someone at the clinic has checked it, both together:
    # translation_reviewed_by = "Full Name"
    # translation_last_reviewed = 2027-01-20

    [[references]]
    id = "nhs"                 # what the text cites: [@nhs]
    title = "..."              # the link text in the list of references
    source = "Authors or publisher. Journal. Year."
    url = "https://..."
    lang = "en"                # optional: the source's language, when it is not the page's
    source_lang = "es"         # optional: the language of `source`, when it is not `lang`
    +++
    Markdown body, citing a reference with [@id]

A citation becomes a numbered link to its entry in the list of references, numbered in the
order of the front matter. Citing an id that no reference has is an error, found when the
page is loaded, so a typo can't ship as a dead citation.
"""

import datetime
import functools
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import markdown

from .languages import DEFAULT, LANGUAGES, N_, translate

CONTENT_DIR = Path(__file__).parent / "content"
REVIEW_INTERVAL_YEARS = 1  # medical content is reviewed at least yearly
REVIEW_FIELDS = ("reviewed_by", "reviewer_credentials", "last_reviewed")
TRANSLATION_REVIEW_FIELDS = ("translation_reviewed_by", "translation_last_reviewed")
ORIGINAL = DEFAULT  # the language the pages are written in; the others are translations
REFERENCE = N_("reference")  # a citation, as a screen reader says it: "reference 3"
CITATION = re.compile(r"\[@([\w-]+)\]")


@dataclass(frozen=True)
class Review:
    """A review that happened: who (full name and credentials) and when."""

    reviewed_by: str
    reviewer_credentials: str
    last_reviewed: datetime.date

    @property
    def next_review(self):
        d = self.last_reviewed
        try:
            return d.replace(year=d.year + REVIEW_INTERVAL_YEARS)
        except ValueError:  # 29 February
            return d.replace(year=d.year + REVIEW_INTERVAL_YEARS, day=28)


@dataclass(frozen=True)
class TranslationReview:
    """Someone at the clinic checked a translation against the original: who and when."""

    reviewed_by: str
    last_reviewed: datetime.date


@dataclass(frozen=True)
class Page:
    name: str
    lang: str
    title: str
    description: str
    html: str
    toc: list = field(default_factory=list)  # [{"id", "name", "children": [...]}] for h2 and h3
    review: Review | None = None  # None: nobody has reviewed this page yet
    references: list = field(default_factory=list)  # [{"number", "id", "title", "source", "url"}]
    summary: str = ""  # HTML of the summary paragraph's content
    key_facts: list = field(default_factory=list)  # HTML of each key fact
    translation_review: TranslationReview | None = None  # for a translation: None until checked

    @property
    def is_translation(self):
        return self.lang != ORIGINAL

    @property
    def last_reviewed(self):
        return self.review.last_reviewed if self.review else None


class ContentError(ValueError):
    """A content file that would publish something wrong: fix the file."""


def split_front_matter(text):
    _, front, body = text.split("+++\n", 2)
    return tomllib.loads(front), body


def names():
    """(language, name) of every page file."""
    return sorted((path.parent.name, path.stem) for path in CONTENT_DIR.glob("*/*.md"))


def load(name, lang=ORIGINAL):
    return _load(CONTENT_DIR / lang / f"{name}.md")


@functools.cache
def _load(path):
    meta, body = split_front_matter(path.read_text(encoding="utf-8"))
    lang = path.parent.name
    references = _references(meta.get("references", []), path)
    cite = functools.partial(_cite, {ref["id"]: ref for ref in references}, path, translate(lang, REFERENCE))
    md = _markdown()
    html = cite(md.convert(body))
    toc = [_toc_entry(t) for t in md.toc_tokens]
    return Page(
        name=path.stem,
        lang=lang,
        title=meta["title"],
        description=meta["description"],
        html=html,
        toc=toc,
        review=_review(meta, path),
        references=references,
        summary=cite(_inline(meta.get("summary", ""))),
        key_facts=[cite(_inline(fact)) for fact in meta.get("key_facts", [])],
        translation_review=_translation_review(meta, path) if lang != ORIGINAL else None,
    )


def _markdown():
    return markdown.Markdown(
        extensions=["toc", "attr_list", "md_in_html", "sane_lists"],
        extension_configs={"toc": {"toc_depth": "2-3"}},
        output_format="html",
    )


def _inline(text):
    """One paragraph of Markdown, without its <p>, for a summary or a key fact."""
    html = _markdown().convert(text.strip())
    return html.removeprefix("<p>").removesuffix("</p>")


def _review(meta, path):
    present = [key for key in REVIEW_FIELDS if meta.get(key)]
    if not present:
        return None
    if len(present) < len(REVIEW_FIELDS):
        missing = ", ".join(key for key in REVIEW_FIELDS if key not in present)
        raise ContentError(f"{path.name}: a review needs {', '.join(REVIEW_FIELDS)}; missing {missing}")
    if not isinstance(meta["last_reviewed"], datetime.date):
        raise ContentError(f"{path.name}: last_reviewed is a date without quotes, e.g. 2027-01-15")
    return Review(meta["reviewed_by"], meta["reviewer_credentials"], meta["last_reviewed"])


def _translation_review(meta, path):
    present = [key for key in TRANSLATION_REVIEW_FIELDS if meta.get(key)]
    if not present:
        return None
    if len(present) < len(TRANSLATION_REVIEW_FIELDS):
        raise ContentError(f"{path}: a translation's review needs {' and '.join(TRANSLATION_REVIEW_FIELDS)}")
    if not isinstance(meta["translation_last_reviewed"], datetime.date):
        raise ContentError(f"{path}: translation_last_reviewed is a date without quotes, e.g. 2027-01-20")
    return TranslationReview(meta["translation_reviewed_by"], meta["translation_last_reviewed"])


def _references(entries, path):
    references = []
    for number, entry in enumerate(entries, start=1):
        missing = [key for key in ("id", "title", "url") if not entry.get(key)]
        if missing:
            raise ContentError(f"{path.name}: reference {number} has no {', '.join(missing)}")
        if entry.get("lang", DEFAULT) not in LANGUAGES:
            raise ContentError(f"{path.name}: reference {number}'s lang is none of {', '.join(LANGUAGES)}")
        references.append({"number": number, "source": "", **entry})
    ids = [ref["id"] for ref in references]
    if len(set(ids)) != len(ids):
        raise ContentError(f"{path.name}: two references share an id")
    return references


def _cite(by_id, path, word, html):
    """[@id] becomes a link to reference number N, read as "reference N" (`word`, in the page's
    language) by a screen reader."""

    def link(match):
        ref = by_id.get(match.group(1))
        if ref is None:
            raise ContentError(f"{path.name}: [@{match.group(1)}] cites no reference")
        return (
            f'<a class="cite" href="#ref-{ref["number"]}">'
            f'[<span class="visually-hidden">{word} </span>{ref["number"]}]</a>'
        )

    return CITATION.sub(link, html)


def _toc_entry(token):
    return {"id": token["id"], "name": token["name"], "children": [_toc_entry(c) for c in token["children"]]}
