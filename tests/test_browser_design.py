"""The reading settings and the design, measured in a real browser on a phone: a reader's own
choice wins over the device's, text spacing only adds space, nothing is split at 200% on a 320px
phone, edges and focus rings are visible in every scheme, and the header leaves the screen to
the page."""

import re

import pytest

from browser import set_reading
from support import PAGES

SCHEMES = ["", "high-contrast", "dark-contrast", "light-background", "grayscale"]
DEVICES = {
    "light": {"color_scheme": "light"},
    "dark": {"color_scheme": "dark"},
    "more contrast": {"contrast": "more"},
    "dark, more contrast": {"color_scheme": "dark", "contrast": "more"},
}

COLOURS = """() => {
  const css = (selector, property) => {
    const el = document.querySelector(selector);
    return el ? getComputedStyle(el)[property] : null;
  };
  return {page: css("body", "backgroundColor"), text: css("body", "color"),
          header: css(".site-header", "backgroundColor"), link: css("main a", "color"),
          button: css(".button", "backgroundColor"), filter: css("html", "filter")};
}"""


def luminance(rgb):
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(float(v)) for v in re.findall(r"[\d.]+", rgb)[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one, other):
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture
def phone(open_page):
    """A page on a phone, with the device's own preferences as options (colour scheme, contrast)."""
    return lambda javascript=True, **options: open_page(javascript=javascript, **options)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_chosen_scheme_wins_over_the_device_preference(phone, live_site, scheme):
    seen = {}
    for device, options in DEVICES.items():
        context, page = phone(**options)
        set_reading(context, live_site, scheme)
        page.goto(live_site + "/")
        seen[device] = page.evaluate(COLOURS)
    if scheme in ("high-contrast", "dark-contrast", "light-background"):
        # The reader's choice looks the same whatever the device asks for.
        assert all(colours == seen["light"] for colours in seen.values()), seen
    else:
        # No colour scheme chosen (or grayscale, which keeps the colours): the device's wish counts.
        assert seen["dark"]["page"] != seen["light"]["page"]
        assert seen["more contrast"]["text"] == "rgb(0, 0, 0)"
    if scheme == "dark-contrast":
        assert seen["dark"]["page"] == "rgb(0, 0, 0)" and seen["dark"]["text"] == "rgb(255, 255, 255)"
    if scheme == "grayscale":
        assert all(colours["filter"] == "grayscale(1)" for colours in seen.values())


SPACING = """() => [...document.querySelectorAll("main p, main li, h1, h2, .button, .label")]
  .filter(el => el.offsetParent)
  .map(el => { const s = getComputedStyle(el); const size = parseFloat(s.fontSize);
    return {tag: el.tagName, size, line: parseFloat(s.lineHeight) / size, last: !el.nextElementSibling,
            after: parseFloat(s.marginBottom) / size, letter: (parseFloat(s.letterSpacing) || 0) / size,
            word: (parseFloat(s.wordSpacing) || 0) / size}; })"""


def without_and_with(phone, live_site, path, setting, script):
    """What `script` measures on the page, without the reading setting, then with it."""
    context, page = phone()
    page.goto(live_site + path)
    before = page.evaluate(script)
    set_reading(context, live_site, setting)
    page.goto(live_site + path)
    return before, page.evaluate(script)


@pytest.mark.parametrize("path", ["/", "/consultation"])
def test_text_spacing_only_adds_space(phone, live_site, path):
    before, after = without_and_with(phone, live_site, path, "text-spacing", SPACING)
    assert len(before) == len(after) > 10
    for was, now in zip(before, after):
        assert now["line"] >= 1.5 and now["line"] > was["line"], (was, now)  # WCAG 1.4.12
        assert now["letter"] >= 0.12 - 1e-3 and now["word"] >= 0.16 - 1e-3, now
        if now["tag"] == "P" and not now["last"]:  # the space between paragraphs
            assert now["after"] >= 2 - 1e-3, now
        assert now["after"] >= was["after"] - 1e-3, (was, now)


SPLIT_WORDS = """() => {
  // Words (hyphenated parts apart: a line may end after a hyphen) drawn on more than one line.
  const split = [];
  const selector = "h1, h2, h3, button, .button, .brand, .phone .nowrap, .site-nav a, .label, .legend";
  for (const el of document.querySelectorAll(selector)) {
    if (!el.offsetParent) continue;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const words = el.matches(".nowrap") ? /\\S+/g : /[^\\s-]+-?/g;
      for (let m = words.exec(node.data); m; m = words.exec(node.data)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (lines.size > 1) split.push(`${el.tagName.toLowerCase()}: ${m[0]}`);
      }
    }
  }
  return split;
}"""


@pytest.mark.parametrize("javascript", [False, True], ids=["no JavaScript", "JavaScript"])
def test_no_word_is_split_at_200_percent_on_a_320_pixel_phone(phone, live_site, javascript):
    context, page = phone(javascript, viewport={"width": 320, "height": 640})
    set_reading(context, live_site, "200")
    for path in PAGES + ["/consultation?tools=open", "/no-such-page"]:
        page.goto(live_site + path)
        assert page.evaluate(SPLIT_WORDS) == [], path
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
        # The side padding stays a phone's 16px, however large the text.
        assert page.evaluate("getComputedStyle(document.querySelector('main')).paddingLeft") == "16px"


EDGES = """() => {
  const colour = (el, property) => getComputedStyle(el)[property];
  const cta = document.querySelector(".site-header .cta");
  return {cta: cta && [colour(cta, "borderTopColor"), colour(cta, "backgroundColor"), colour(cta, "borderTopWidth")],
          header: colour(document.querySelector(".site-header"), "backgroundColor")};
}"""


@pytest.mark.parametrize(
    "scheme, options", [("high-contrast", {}), ("", {"contrast": "more"}), ("high-contrast", {"color_scheme": "dark"})]
)
def test_the_consultation_button_keeps_an_edge_in_high_contrast(phone, live_site, scheme, options):
    context, page = phone(**options)
    set_reading(context, live_site, scheme)
    page.goto(live_site + "/")
    edges = page.evaluate(EDGES)
    border, fill, width = edges["cta"]
    # Where the button is the colour of the header, its border must stand out from both.
    assert contrast(fill, edges["header"]) >= 3 or (contrast(border, edges["header"]) >= 3 and width == "2px"), edges


CONTROLS = """() => [...document.querySelectorAll(".radio-input, .checkbox-input")].map(el => {
  const s = getComputedStyle(el);
  return {ring: s.borderTopWidth, colour: s.borderTopColor, fill: s.backgroundColor,
          mark: getComputedStyle(el, "::before").backgroundColor,
          tick: getComputedStyle(el, "::before").borderRightColor,
          shown: getComputedStyle(el, "::before").visibility, checked: el.checked, type: el.type};
})"""


@pytest.mark.parametrize("device", list(DEVICES))
@pytest.mark.parametrize("scheme", SCHEMES)
def test_radios_and_checkboxes_are_clear_in_every_scheme(phone, live_site, scheme, device):
    context, page = phone(**DEVICES[device])
    set_reading(context, live_site, scheme)
    page.goto(live_site + "/consultation")
    page.check("#contact_method-0")
    page.check("#consent")
    page_colour = page.evaluate("getComputedStyle(document.body).backgroundColor")
    controls = page.evaluate(CONTROLS)
    assert len(controls) == 5
    for control in controls:
        assert control["ring"] == "2px" and contrast(control["colour"], page_colour) >= 3, (control, page_colour)
        mark = control["mark"] if control["type"] == "radio" else control["tick"]
        assert control["shown"] == ("visible" if control["checked"] else "hidden")
        assert contrast(mark, control["fill"]) >= 3, control


FOCUSED = """() => { const el = document.activeElement; const s = getComputedStyle(el);
  if (el === document.body) return {name: ""};
  let around = el.parentElement;
  while (around && getComputedStyle(around).backgroundColor === "rgba(0, 0, 0, 0)") around = around.parentElement;
  return {name: (el.innerText || el.value || "").trim().slice(0, 40), outline: s.outlineWidth,
          outlineColour: s.outlineColor,
          shadow: s.boxShadow, around: around ? getComputedStyle(around).backgroundColor : "rgb(255, 255, 255)"}; }"""


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_button_and_link_shows_the_same_strong_focus_ring(phone, live_site, scheme):
    context, page = phone()
    set_reading(context, live_site, scheme)
    page.goto(live_site + "/?tools=open")
    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["name"] in [f["name"] for f in seen] or focused["name"] == "":
            continue
        seen.append(focused)
        assert focused["outline"] == "3px", focused
        ring = re.match(r"(rgba?\([^)]*\)) 0px 0px 0px 6px", focused["shadow"])
        assert ring, focused  # the same 6px ring on buttons as on links
        # At least one of the two bands stands out 3:1 from what surrounds the control.
        assert (
            max(contrast(ring.group(1), focused["around"]), contrast(focused["outlineColour"], focused["around"])) >= 3
        ), focused
    names = [f["name"] for f in seen]
    assert "Accessibility tools" in names and "Bigger text" in names and "Schedule a consultation" in names


@pytest.mark.parametrize("path", PAGES + ["/no-such-page"])
def test_the_phone_header_takes_at_most_a_third_of_the_screen(phone, live_site, path):
    context, page = phone()
    page.goto(live_site + path)
    bottom = page.evaluate("document.querySelector('header.site-header').getBoundingClientRect().bottom")
    assert bottom <= 667 / 3, bottom
    # The tools sit in the banner landmark, with the clinic's name, number, button and links.
    assert page.evaluate("Boolean(document.getElementById('accessibility-tools').closest('header'))")
    for selector in (".brand", ".phone", ".site-nav"):
        assert page.locator(f"header {selector}").is_visible()


UNDERLINES = """() => [...document.querySelectorAll("a")].filter(a => a.offsetParent).map(a => {
  const s = getComputedStyle(a);
  return {text: a.innerText.trim().slice(0, 30), line: s.textDecorationLine,
          thickness: s.textDecorationThickness}; })"""


@pytest.mark.parametrize("path", PAGES)
def test_underline_links_underlines_every_link_thickly(phone, live_site, path):
    before, after = without_and_with(phone, live_site, path, "underline-links", UNDERLINES)
    assert [link["text"] for link in after] == [link["text"] for link in before]
    for now in after:
        assert now["line"] == "underline" and float(now["thickness"].rstrip("px")) >= 2, now
    changed = [now for was, now in zip(before, after) if now != was]
    assert len(changed) >= len(after) / 2  # it visibly changes the page (the current page's link was already bold)


MOTION = """() => ({scroll: getComputedStyle(document.documentElement).scrollBehavior,
  transitions: [...document.querySelectorAll("*")].map(el => getComputedStyle(el).transitionDuration)
    .filter(d => d.split(",").some(t => parseFloat(t) > 0)).length})"""


@pytest.mark.parametrize("path", PAGES)
def test_stop_animations_stops_smooth_scrolling_and_transitions(phone, live_site, path):
    context, page = phone(reduced_motion="no-preference")
    page.goto(live_site + path)
    before = page.evaluate(MOTION)
    assert before["scroll"] == "smooth" and before["transitions"] > 0  # so that stopping them shows
    set_reading(context, live_site, "stop-animations")
    page.goto(live_site + path)
    assert page.evaluate(MOTION) == {"scroll": "auto", "transitions": 0}
