"""pytest's fixtures; the helpers they use, and the tests too, are in support.py."""

from pathlib import Path

import pytest

from support import Inbox, app_mailing_to, gunicorn, make_app, stop_senders


@pytest.fixture(autouse=True)
def _stop_outbox_senders():
    """Every app a test made stops its outbox sender when the test ends, passed or failed."""
    yield
    stop_senders()


@pytest.fixture
def app(tmp_path):
    # Each test gets its own instance folder, so nothing is written into the source tree.
    return make_app(tmp_path)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def start_inbox():
    """Start SMTP servers (support.Inbox's options: reply, delay, TLS); all stop after the test."""
    started = []

    def start(listening=True, **options):
        started.append(Inbox(**options))  # listening=False: its port is free until .start()
        return started[-1].start() if listening else started[-1]

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def inbox(start_inbox):
    return start_inbox()


@pytest.fixture
def mail_app(tmp_path, inbox):
    """The site pointed at the test's SMTP server, retrying quickly."""
    return app_mailing_to(inbox, tmp_path)


@pytest.fixture(scope="session")
def live_site(tmp_path_factory):
    """The site under gunicorn, as a browser meets it; its mail is written as .eml files."""
    with gunicorn(tmp_path_factory.mktemp("live"), RATELIMIT_ENABLED="false") as (url, log):
        yield url


@pytest.fixture
def open_page(browser, live_site):
    """Open `path` of the live site in a fresh browser context (a phone unless `device` says
    otherwise); returns (context, page). Every context is closed after the test."""
    from browser import PHONE

    contexts = []

    def open_page(path=None, device=PHONE, javascript=True, **options):
        contexts.append(browser.new_context(**{**device, **options}, java_script_enabled=javascript))
        page = contexts[-1].new_page()
        if path is not None:
            page.goto(live_site + path)
        return contexts[-1], page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from browser import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: make test installs Debian's chromium (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
