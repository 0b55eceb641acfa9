"""The reading preferences in a real browser: the same page with and without JavaScript,
remembered across reloads and pages, applied before the first paint, fonts only when chosen."""

import pytest

from browser import PHONE, wait_until

STYLE = """() => ({classes: document.documentElement.className,
  background: getComputedStyle(document.body).backgroundColor,
  color: getComputedStyle(document.body).color,
  size: getComputedStyle(document.documentElement).fontSize,
  font: getComputedStyle(document.body).fontFamily,
  pressed: [...document.querySelectorAll('#toolbar-panel [aria-pressed=true]')].map(b => b.value)})"""


def choose(page, names, javascript):
    """Open the toolbar (unless it is open) and press each named setting, as a visitor would."""
    toggle = page.get_by_role("button", name="Accessibility tools")
    if toggle.get_attribute("aria-expanded") == "false":
        toggle.click()
    for name in names:
        button = page.get_by_role("button", name=name, exact=True)
        if javascript:
            expected = page.evaluate("document.getElementById('toolbar-status').textContent")
            button.click()
            wait_until(
                page,
                f"document.getElementById('toolbar-status').textContent !== {expected!r} && "
                "document.getElementById('toolbar-status').textContent !== ''",
            )
        else:
            with page.expect_navigation():
                button.click()
            assert page.url.endswith("/?tools=open#accessibility-tools")  # back to the same place


@pytest.mark.parametrize(
    "names",
    [
        ["High contrast", "Bigger text", "Bigger text", "Underline links"],
        ["Dark contrast", "Readable font", "Text spacing", "Stop animations"],
        ["Light background", "Grayscale", "Bigger text"],  # a second scheme replaces the first
        ["High contrast", "Reset"],
    ],
)
def test_same_page_with_and_without_javascript(browser, live_site, names):
    results = {}
    for javascript in (False, True):
        context = browser.new_context(**PHONE, java_script_enabled=javascript)
        page = context.new_page()
        page.goto(live_site + "/")
        choose(page, names, javascript)
        results[javascript] = page.evaluate(STYLE)
        page.reload()  # survives a reload ...
        assert page.evaluate(STYLE) == results[javascript]
        page.goto(live_site + "/accessibility")  # ... and a new page
        assert page.evaluate(STYLE)["classes"] == results[javascript]["classes"]
        context.close()
    assert results[False] == results[True]


def test_one_colour_scheme_at_a_time(browser, live_site):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(live_site + "/")
    choose(page, ["Light background", "Grayscale"], javascript=True)
    assert page.evaluate("document.documentElement.className") == "grayscale"
    assert page.get_by_role("button", name="Light background").get_attribute("aria-pressed") == "false"
    context.close()


def test_text_size_goes_up_to_200_percent_and_back(browser, live_site):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(live_site + "/")
    choose(page, ["Bigger text"] * 5, javascript=True)
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "32px"
    assert page.locator("#toolbar-status").inner_text() == "Text is already at its largest size"
    choose(page, ["Smaller text"] * 4, javascript=True)
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "16px"
    context.close()


def test_preferences_apply_before_the_first_paint(browser, live_site):
    # The server writes the class into the HTML: it is there before any script runs.
    context = browser.new_context(**PHONE, java_script_enabled=False)
    context.add_cookies([{"name": "reading", "value": "dark-contrast", "url": live_site}])
    page = context.new_page()
    page.goto(live_site + "/")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    context.close()


def test_readable_font_is_downloaded_only_when_chosen(browser, live_site):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    fonts = []
    page.on("request", lambda request: request.url.endswith(".woff2") and fonts.append(request.url))
    page.goto(live_site + "/")
    page.wait_for_load_state("networkidle")
    assert fonts == []
    choose(page, ["Readable font"], javascript=True)
    wait_until(page, "document.fonts.check('16px \"Atkinson Hyperlegible\"')")
    assert fonts and all("atkinson-hyperlegible" in url for url in fonts)
    context.close()


def test_pages_run_under_the_strict_policy_without_errors(browser, live_site):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    for path in ("/", "/consultation", "/accessibility", "/?tools=open"):
        page.goto(live_site + path)
    choose(page, ["High contrast"], javascript=True)
    context.close()
    assert problems == []


def test_panel_does_not_cover_the_content_on_a_phone(browser, live_site):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(live_site + "/")
    page.get_by_role("button", name="Accessibility tools").click()
    panel = page.locator("#toolbar-panel").bounding_box()
    header = page.locator(".header-row").bounding_box()  # the clinic's name and number, below the tools
    assert header["y"] >= panel["y"] + panel["height"]  # pushed down, not overlaid
    context.close()


TYPED = {
    "#name": "Maria Lopez",
    "#email": "maria@example.com",
    "#phone": "+1 704-555-0123",
    "#message": "Could I come in on a Tuesday morning? I can also do Thursdays.",
}


def fill_in(page):
    for selector, value in TYPED.items():
        page.fill(selector, value)
    page.check("#contact_method-1")


def press(page, button, javascript):
    """Press a button; without JavaScript it posts the form and a new page comes."""
    if javascript:
        button.click()
    else:
        with page.expect_navigation():
            button.click()


def still_typed(page):
    assert {selector: page.input_value(selector) for selector in TYPED} == TYPED
    assert page.is_checked("#contact_method-1")


@pytest.mark.parametrize("javascript", [False, True], ids=["no JavaScript", "JavaScript"])
@pytest.mark.parametrize("with_errors", [False, True], ids=["form", "form with errors"])
def test_the_tools_on_the_form_never_lose_what_was_typed(browser, live_site, javascript, with_errors):
    context = browser.new_context(**PHONE, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(live_site + "/consultation")
    fill_in(page)
    if with_errors:  # the page that shows errors, with its answers, and no way back to an empty form
        page.click('button:has-text("Send request")')
        assert page.locator(".error-summary").is_visible()
        still_typed(page)
        assert page.get_by_role("link", name="Schedule a consultation").count() == 0
    toggle = page.get_by_role("button", name="Accessibility tools")
    press(page, toggle, javascript)
    assert toggle.get_attribute("aria-expanded") == "true"
    still_typed(page)
    for name, applied in (("Bigger text", "text-125"), ("High contrast", "high-contrast"), ("Bigger text", "text-150")):
        press(page, page.get_by_role("button", name=name, exact=True), javascript)
        wait_until(page, f"document.documentElement.classList.contains('{applied}')")
        still_typed(page)
    assert set(page.evaluate("document.documentElement.className").split()) >= {"text-150", "high-contrast"}
    assert page.get_by_role("button", name="High contrast").get_attribute("aria-pressed") == "true"
    press(page, toggle, javascript)  # closed again, still as typed
    assert page.get_by_role("button", name="Accessibility tools").get_attribute("aria-expanded") == "false"
    still_typed(page)
    # The choice is kept for the next page, and the form still sends what was typed.
    page.check("#patient_status-0")
    page.check("#consent")
    page.click('button:has-text("Send request")')
    # the new page's document, not the moment between the two (on a busy machine the URL can
    # change before the new document exists)
    page.wait_for_url("**/consultation/sent", wait_until="domcontentloaded")
    assert "text-150" in page.evaluate("document.documentElement.className")
    context.close()


def test_answers_survive_a_visit_to_another_page_until_sent(open_page):
    # With JavaScript, any link away from the form keeps what was typed, in this tab only.
    context, page = open_page("/consultation")
    fill_in(page)
    page.get_by_role("link", name="Accessibility", exact=True).first.click()
    page.wait_for_url("**/accessibility")
    page.get_by_role("link", name="Schedule a consultation").first.click()
    page.wait_for_url("**/consultation")
    still_typed(page)
    page.check("#patient_status-0")
    page.check("#consent")
    page.click('button:has-text("Send request")')
    page.wait_for_url("**/consultation/sent")
    page.goto(page.url.replace("/sent", ""))
    assert page.input_value("#name") == "" and page.input_value("#message") == ""  # sent: forgotten
    other_tab = context.new_page()  # and never in another tab
    page.goto(page.url)
    fill_in(page)
    other_tab.goto(page.url)
    assert other_tab.input_value("#name") == ""
