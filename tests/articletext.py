"""The article's text in blocks (paragraphs and list items), each with the part of the page it
is in and the references it cites: what the citation and reading-grade tests read."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# The parts of the article added to the clinic's page: a class on the element that holds
# them, or the id of the heading that starts them (up to the next heading of its level or
# higher). The list after "...types of back pains, including:" is added too; the sentence
# before it is the clinic's.
ADDED_CONTAINERS = ("summary", "key-facts", "callout-warning")
ADDED_SECTIONS = ("what-research-says", "side-effects-and-safety", "when-to-get-help")
ADDED_LIST_UNDER = "is-gabapentin-effective-for-all-types-of-back-pain"
BLOCKS = ("p", "li")
HEADINGS = ("h1", "h2", "h3", "h4")


@dataclass
class Block:
    tag: str
    text: str = ""
    cites: list = field(default_factory=list)  # reference numbers, in order
    containers: tuple = ()  # classes of the elements it is in
    section: str = ""  # the added section it is in, or ""
    heading: str = ""  # id of the nearest heading above it


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks, self._open, self._stack = [], [], []
        self._heading, self._section, self._section_level = "", "", 0
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in HEADINGS:
            level, hid = int(tag[1]), attrs.get("id", "")
            if self._section and level <= self._section_level:
                self._section = ""
            if hid in ADDED_SECTIONS:
                self._section, self._section_level = hid, level
            self._heading = hid
        if tag == "span" and "visually-hidden" in (attrs.get("class") or ""):
            self._hidden += 1
            self._stack.append((tag, attrs, True))
            return
        self._stack.append((tag, attrs, False))
        if tag in BLOCKS:
            classes = tuple(c for _, a, _ in self._stack for c in (a.get("class") or "").split())
            self._open.append(Block(tag, containers=classes, section=self._section, heading=self._heading))
        if tag == "a" and "cite" in (attrs.get("class") or "").split() and self._open:
            self._open[-1].cites.append(int(attrs["href"].removeprefix("#ref-")))

    def handle_endtag(self, tag):
        while self._stack:
            open_tag, _, hidden = self._stack.pop()
            self._hidden -= hidden
            if open_tag in BLOCKS and self._open:
                block = self._open.pop()
                block.text = " ".join(block.text.split())
                self.blocks.append(block)
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self._open and not self._hidden:
            self._open[-1].text += data


def blocks(html):
    """Every paragraph and list item of the article, in document order (innermost first)."""
    main = html[html.index("<article") : html.index("</article>")]
    reader = _Reader()
    reader.feed(main)
    reader.close()
    return reader.blocks


def is_added(block):
    return (
        bool(block.section)
        or any(c in ADDED_CONTAINERS for c in block.containers)
        or (block.tag == "li" and block.heading == ADDED_LIST_UNDER)
    )


def is_lead_in(block):
    """A line that only introduces the list after it ("Call 911 if:"): its items cite."""
    return block.text.endswith(":") and not block.cites


def plain(text):
    """Text as a reader reads it: without the citation numbers, each block a sentence."""
    text = re.sub(r"\s*\[\d+\]", "", text).strip()
    return text if text.endswith((".", "!", "?", ":")) else text + "."
