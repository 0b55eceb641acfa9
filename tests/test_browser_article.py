"""The article's first screen on a phone, in a real browser: the title, the summary and the
start of Key facts come before the long text, and "When to get help" is one tap from the top."""

import pytest

from browser import wait_until


@pytest.fixture
def phone_page(open_page):
    return open_page("/")[1]


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def test_first_screen_shows_title_summary_and_key_facts(phone_page):
    screen = phone_page.viewport_size["height"]
    title, summary = box(phone_page, "main h1"), box(phone_page, "main .summary")
    key_facts = box(phone_page, "main .key-facts")
    key_facts_heading = box(phone_page, "main .key-facts h2")
    long_text = box(phone_page, "main .article > p:not([class])")  # the clinic's first paragraph
    assert title["y"] + title["height"] <= screen
    assert summary["y"] + summary["height"] <= screen
    assert key_facts["y"] < screen and key_facts_heading["y"] + key_facts_heading["height"] <= screen
    assert title["y"] < summary["y"] < key_facts["y"] < long_text["y"]


def test_when_to_get_help_is_one_tap_from_the_top(phone_page):
    # Linked from Key facts (and from "On this page"), both before the article's text.
    link = phone_page.locator("main .key-facts a[href='#when-to-get-help']")
    assert link.count() == 1 and "when to get help" in link.inner_text().lower()
    assert phone_page.locator("main .toc a[href='#when-to-get-help']").count() == 1
    link.click()
    wait_until(
        phone_page,
        "(() => { const r = document.getElementById('when-to-get-help')"
        ".getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })()",
    )
