"""Each page has one h1, an outline with no skipped level, a lang, a title and a working skip link."""

import pytest

from htmlpage import Page
from support import ERROR_PAGES, PAGES, language_of


@pytest.mark.parametrize("path", PAGES + ERROR_PAGES)
def test_page_outline(client, path):
    page = Page(client.get(path).get_data(as_text=True))
    levels = [level for level, _ in page.headings]
    assert levels and levels[0] == 1 and levels.count(1) == 1, page.headings
    for before, after in zip(levels, levels[1:]):
        assert after <= before + 1, page.headings
    assert page.html_attrs.get("lang") == language_of(path)
    assert page.title.strip()
    # The first link on the page skips to the main content, which exists.
    first_link = next(attrs for tag, attrs in page.elements if tag == "a")
    assert first_link["href"] == "#main" and "main" in page.ids
