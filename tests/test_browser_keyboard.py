"""The site with the keyboard alone, in a real browser: skip link, toolbar, consultation form,
and a visible focus indicator on everything that takes focus."""

import re

import pytest

from browser import DESKTOP, PHONE, wait_until


@pytest.fixture
def page(open_page):
    return open_page("/", device=DESKTOP)[1]


def focused(page):
    return page.evaluate("""() => { const el = document.activeElement;
        return {tag: el.tagName, id: el.id, text: (el.innerText || el.value || '').trim().slice(0, 60),
                expanded: el.getAttribute('aria-expanded'), pressed: el.getAttribute('aria-pressed')}; }""")


def test_skip_link_comes_first_and_moves_to_the_content(page):
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Skip to main content"
    box = page.locator(".skip-link").bounding_box()
    assert box["y"] >= 0 and box["height"] > 0  # shown on screen while it has focus
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"
    page.keyboard.press("Tab")  # the next stop is inside the main content
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)")


def test_toolbar_by_keyboard_open_toggle_escape(page):
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Accessibility tools"  # first after the skip link
    assert focused(page)["expanded"] == "false"
    page.keyboard.press("Enter")
    assert focused(page)["expanded"] == "true"
    assert page.locator("#toolbar-panel").is_visible()
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Bigger text"
    page.keyboard.press("Enter")
    wait_until(page, "document.documentElement.classList.contains('text-125')")
    wait_until(page, "document.getElementById('toolbar-status').textContent === 'Text size 125%'")
    for _ in range(2):
        page.keyboard.press("Tab")
    assert focused(page)["text"] == "High contrast" and focused(page)["pressed"] == "false"
    page.keyboard.press("Space")
    wait_until(page, "document.documentElement.classList.contains('high-contrast')")
    assert focused(page)["pressed"] == "true"
    page.keyboard.press("Escape")
    assert not page.locator("#toolbar-panel").is_visible()
    assert focused(page)["text"] == "Accessibility tools" and focused(page)["expanded"] == "false"


def test_focus_is_visible_on_everything_that_takes_focus(browser, live_site):
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    unseen = {}
    for path in ("/", "/?tools=open", "/consultation"):
        page.goto(live_site + path)
        seen = set()
        for _ in range(80):
            page.keyboard.press("Tab")
            element = page.evaluate("""() => { const el = document.activeElement;
                if (el === document.body) return null;
                const style = getComputedStyle(el);
                return {what: el.outerHTML.slice(0, 70), outline: style.outlineStyle !== 'none' &&
                        parseFloat(style.outlineWidth) >= 2, ring: style.boxShadow !== 'none'}; }""")
            if element is None or element["what"] in seen:
                break
            seen.add(element["what"])
            if not (element["outline"] or element["ring"]):
                unseen.setdefault(path, []).append(element["what"])
        assert len(seen) > 5, path
    context.close()
    assert unseen == {}


def test_consultation_form_by_keyboard(browser, live_site):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(live_site + "/consultation")
    page.locator("button", has_text="Send request").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")  # submit it empty
    assert page.title().startswith("Error: ")
    wait_until(page, "document.activeElement.classList.contains('error-summary')")  # autofocus comes a frame after load
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Enter your full name"
    page.keyboard.press("Enter")  # follow the link to the field
    assert focused(page)["id"] == "name"
    page.keyboard.type("Maria Lopez")
    page.keyboard.press("Tab")
    page.keyboard.type("maria@example.com")
    page.keyboard.press("Tab")
    page.keyboard.type("704 555 0123")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "contact_method-0"
    page.keyboard.press("Space")  # choose "Phone"
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "patient_status-0"
    page.keyboard.press("ArrowDown")  # radios move with the arrow keys: "Existing patient"
    page.keyboard.press("Tab")
    page.keyboard.type("Could I come in on a Thursday afternoon? Any week is fine.")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "consent"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Send request"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/consultation/sent")
    assert page.get_by_role("heading", level=1).inner_text() == "Request sent"
    assert re.fullmatch(r"[0-9A-Z]{6}", page.locator(".reference").inner_text())
    context.close()


def test_character_count_follows_the_typing(browser, live_site):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(live_site + "/consultation")
    count = page.locator("#message-count")
    assert count.inner_text() == "You have 2,000 characters remaining"
    page.locator("#message").fill("x" * 2003)
    wait_until(page, "document.getElementById('message-count').textContent.includes('too many')")
    assert count.inner_text() == "You have 3 characters too many"
    context.close()


def test_the_honeypot_is_never_shown_focused_or_offered_to_autofill(browser, live_site):
    # Even with the stylesheet blocked: a field the browser doesn't render is one it never autofills.
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.route(re.compile(r"\.css(\?|$)"), lambda route: route.abort())
    page.goto(live_site + "/consultation")
    honeypot = page.locator("#leave_blank")
    assert honeypot.count() == 1 and not honeypot.is_visible()
    assert page.evaluate("getComputedStyle(document.getElementById('leave_blank').parentElement).display") == "none"
    page.evaluate("document.getElementById('leave_blank').focus()")
    assert focused(page)["id"] != "leave_blank"
    form = page.locator("form", has=page.locator("#leave_blank")).aria_snapshot()
    assert "Full name" in form and "Leave this empty" not in form
    context.close()
