"""WCAG 2.2 AA in a real browser: axe-core on every page, on a phone and a desktop, in every
reading setting and with the device's own preferences; reflow at 320 px; tap targets."""

import pytest

from browser import DESKTOP, PHONE, SETTINGS, axe_violations, horizontal_overflow, set_reading
from support import ERROR_PAGES, PAGES

# Every page in both languages, the toolbar opened without JavaScript, and the form showing
# every error.
CHECKED = PAGES + ERROR_PAGES + ["/?tools=open", "/es/?tools=open"]


def pages_with_problems(context, base_url):
    page = context.new_page()
    problems = {}
    for path in CHECKED:
        page.goto(base_url + path)
        problems[path] = axe_violations(page)
    for path, send in (("/consultation", "Send request"), ("/es/consulta", "Enviar solicitud")):
        page.goto(base_url + path)
        with page.expect_navigation():
            page.get_by_role("button", name=send).click()
        problems[f"{path} with every error"] = axe_violations(page)
    page.close()
    return {path: found for path, found in problems.items() if found}


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s or "no-setting")
def test_axe_finds_nothing_in_any_setting(browser, live_site, viewport, setting):
    context = browser.new_context(**viewport)
    set_reading(context, live_site, setting)
    try:
        assert pages_with_problems(context, live_site) == {}
    finally:
        context.close()


@pytest.mark.parametrize(
    "device",
    [
        {"color_scheme": "dark"},
        {"contrast": "more"},
        {"reduced_motion": "reduce"},
        {"forced_colors": "active"},
    ],
    ids=["dark", "more-contrast", "reduced-motion", "forced-colors"],
)
def test_device_preferences_alone_give_an_accessible_page(browser, live_site, device):
    context = browser.new_context(**PHONE, **device)
    try:
        assert pages_with_problems(context, live_site) == {}
    finally:
        context.close()


def test_dark_device_preference_gives_a_dark_page(browser, live_site):
    context = browser.new_context(**PHONE, color_scheme="dark")
    page = context.new_page()
    page.goto(live_site + "/")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    context.close()
    assert background == "rgb(18, 18, 18)"


@pytest.mark.parametrize("setting", ["", "200"], ids=["normal-text", "text-200"])
def test_no_sideways_scrolling_at_320_pixels(browser, live_site, setting):
    context = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True)
    set_reading(context, live_site, setting)
    page = context.new_page()
    overflow = {}
    for path in CHECKED:
        page.goto(live_site + path)
        overflow[path] = horizontal_overflow(page)
    context.close()
    assert overflow == {path: 0 for path in CHECKED}


# Controls and stand-alone links must be at least 44 by 44 CSS pixels (WCAG 2.5.5); a link in
# a sentence is exempt (the inline exception of 2.5.8): one whose block (p, li, dd, td) holds
# text besides the link.
SMALL_TARGETS = """() => {
  const visible = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 &&
                          getComputedStyle(el).visibility !== 'hidden'; };
  const inSentence = a => { const block = a.closest('p, li, dd, td');
                            return block && block.textContent.trim() !== a.textContent.trim(); };
  return [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')]
    .filter(visible)
    .filter(el => !(el.tagName === 'A' && inSentence(el)))
    .map(el => { const r = el.getBoundingClientRect();
                 return {what: el.outerHTML.slice(0, 80), width: Math.round(r.width), height: Math.round(r.height)}; })
    .filter(t => t.width < 44 || t.height < 44);
}"""


def test_tap_targets_are_44_pixels_on_a_phone(browser, live_site):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    small = {}
    for path in CHECKED:
        page.goto(live_site + path)
        small[path] = page.evaluate(SMALL_TARGETS)
    context.close()
    assert {path: found for path, found in small.items() if found} == {}


def test_the_checker_itself_catches_a_violation(browser):
    # So that a silent axe (not loaded, wrong tags) can't make every test above pass.
    page = browser.new_page()
    page.set_content(
        '<!doctype html><html lang="en"><title>t</title><main><img src="x.png">'
        '<p style="color:#777;background:#888">faint</p></main></html>'
    )
    found = " ".join(axe_violations(page))
    page.close()
    assert "image-alt" in found and "color-contrast" in found
