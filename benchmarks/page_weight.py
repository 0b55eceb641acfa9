"""What a phone downloads for a page: every response's bytes on the wire (compressed, with
headers), on a first visit and on a second visit with the browser's cache warm.

Run from the repository root after `make test` (dev requirements and Debian's chromium):
    .venv/bin/python benchmarks/page_weight.py [/ /consultation ...]
It serves the site under gunicorn on loopback. Target for /: under 50 KB on the first visit,
and only the HTML on the second.
"""

import sys
import tempfile
import time

from playwright.sync_api import sync_playwright

from servers import CHROMIUM, CHROMIUM_ARGS, free_port, gunicorn, running


def visit(page, cdp, url):
    """Load url; returns [(url, bytes on the wire, from cache)] for everything it fetched."""
    sizes, cached, urls = {}, set(), {}
    cdp.on("Network.responseReceived", lambda e: urls.__setitem__(e["requestId"], e["response"]["url"]))
    cdp.on("Network.requestServedFromCache", lambda e: cached.add(e["requestId"]))
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
    page.goto(url, wait_until="networkidle")
    time.sleep(0.2)  # the last loadingFinished events
    return [(urls.get(rid, "?"), size, rid in cached) for rid, size in sizes.items()]


def main():
    paths = sys.argv[1:] or ["/", "/consultation", "/es/", "/es/consulta"]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with (
        tempfile.TemporaryDirectory() as instance,
        running(gunicorn(), base + "/healthz", {"PORT": str(port), "FLASK_INSTANCE_PATH": instance}),
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        print(f"Chromium {browser.version}, phone viewport 375x667, {time.strftime('%Y-%m-%d')}")
        for path in paths:
            context = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True)
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            for visit_name in ("first visit", "second visit"):
                # A new tab each time, as when a patient comes back later (not a reload, which
                # revalidates everything).
                if visit_name == "second visit":
                    page = context.new_page()
                    cdp = context.new_cdp_session(page)
                    cdp.send("Network.enable")
                responses = visit(page, cdp, base + path)
                total = sum(size for _, size, _ in responses)
                print(f"  {path} {visit_name}: {total / 1024:.1f} KB in {len(responses)} responses")
                for url, size, cached in sorted(responses, key=lambda r: -r[1]):
                    print(f"      {size / 1024:6.1f} KB  {'(cache) ' if cached else ''}{url.removeprefix(base)}")
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
