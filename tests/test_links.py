"""A crawl from the home page, as a visitor clicking every link: nothing is broken."""

from urllib.parse import urldefrag, urlsplit

from htmlpage import Page
from support import PAGES


def test_no_broken_internal_links(client):
    seen, queue, pages = set(), ["/"], {}
    broken = []
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200:
            broken.append((path, response.status_code))
            continue
        if response.mimetype != "text/html":
            continue
        page = pages[path] = Page(response.get_data(as_text=True))
        for href in page.links:
            url = urlsplit(href)
            if url.scheme in ("tel", "mailto") or (url.netloc and url.netloc != "localhost"):
                continue
            target, _ = urldefrag(url.path or path)
            queue.append(target)
    assert not broken
    assert set(PAGES) <= set(pages)  # both languages, each reached by following links
    # Every in-page link lands on an element that exists on its page.
    for path, page in pages.items():
        for href in page.links:
            target, fragment = urldefrag(href)
            if fragment and urlsplit(target).netloc in ("", "localhost"):
                assert fragment in pages[urlsplit(target).path or path].ids, (path, href)
