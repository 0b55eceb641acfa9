"""A small reader of rendered pages for the tests, on the standard library's HTML parser."""

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Page(HTMLParser):
    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.ids, self.links, self.headings = set(), [], []
        self.elements = []  # (tag, attrs) in document order
        self.html_attrs, self.title = {}, ""
        self._text, self._stack, self._heading = [], [], None
        self.feed(html)
        self.close()
        self.text = " ".join("".join(self._text).split())

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append((tag, attrs))
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "html":
            self.html_attrs = attrs
        if tag in ("a", "link") and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._heading = [int(tag[1]), ""]
        if tag in ("p", "li", "h1", "h2", "h3", "h4", "dt", "dd", "div", "section", "td", "br"):
            self._text.append(" ")
        if tag not in VOID:
            self._stack.append(tag)

    def handle_endtag(self, tag):
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6") and self._heading:
            self.headings.append((self._heading[0], " ".join(self._heading[1].split())))
            self._heading = None
        if tag in ("p", "li", "h1", "h2", "h3", "h4", "dt", "dd", "div", "section", "td"):
            self._text.append(" ")
        if self._stack and self._stack[-1] == tag:
            self._stack.pop()

    def handle_data(self, data):
        if "title" in self._stack:
            self.title += data
        elif "script" not in self._stack and "style" not in self._stack and "head" not in self._stack:
            self._text.append(data)
        if self._heading is not None:
            self._heading[1] += data

    def meta(self, name):
        for tag, attrs in self.elements:
            if tag == "meta" and (attrs.get("name") == name or attrs.get("property") == name):
                return attrs.get("content")
        return None
