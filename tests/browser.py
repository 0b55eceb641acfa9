"""What the browser tests share: Debian's chromium driven by Playwright, and axe-core from npm."""

import time
from pathlib import Path

ROOT = Path(__file__).parent.parent
CHROMIUM = "/usr/bin/chromium"
# Playwright can't download its own browser here, and the machine's network is closed.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

PHONE = {"viewport": {"width": 375, "height": 667}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}

# Every setting of the toolbar, as the cookie that the preferences endpoint sets for it.
SETTINGS = [
    "",
    "125",
    "150",
    "175",
    "200",
    "high-contrast",
    "dark-contrast",
    "light-background",
    "grayscale",
    "underline-links",
    "readable-font",
    "text-spacing",
    "stop-animations",
]


def axe_violations(page):
    """axe-core's WCAG 2.0-2.2 A and AA rules on the page as it is now; [] when it passes."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())  # evaluated over the DevTools protocol, which the page's CSP allows
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
        for v in result["violations"]
    ]


def set_reading(context, base_url, cookie):
    context.clear_cookies()
    if cookie:
        context.add_cookies([{"name": "reading", "value": cookie, "url": base_url}])


def horizontal_overflow(page):
    """How many CSS pixels the page is wider than the window (0: no sideways scrolling)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def wait_until(page, expression, seconds=5):
    """Poll a JavaScript expression until it is true. (Playwright's wait_for_function evaluates
    a string in the page, which the site's Content-Security-Policy rightly forbids.)"""
    deadline = time.monotonic() + seconds
    while not page.evaluate(f"() => Boolean({expression})"):
        assert time.monotonic() < deadline, f"still false after {seconds} s: {expression}"
        time.sleep(0.05)
