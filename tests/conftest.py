"""pytest's fixtures; the helpers they use, and the tests too, are in support.py."""

from pathlib import Path

import pytest

from support import Inbox, gunicorn, make_app, stop_senders


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
def inbox():
    server = Inbox().start()
    yield server
    server.stop()


@pytest.fixture
def mail_app(tmp_path, inbox):
    """The site pointed at the test's SMTP server, retrying quickly."""
    return make_app(
        tmp_path,
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=inbox.port,
        MAIL_TIMEOUT=2,
        CLINIC_INBOX="desk@clinic.example.org",
        MAIL_DEFAULT_SENDER="website@clinic.example.org",
        OUTBOX_RETRY_MIN_SECONDS=0.2,
        OUTBOX_RETRY_MAX_SECONDS=1,
    )


@pytest.fixture(scope="session")
def live_site(tmp_path_factory):
    """The site under gunicorn, as a browser meets it; its mail is written as .eml files."""
    with gunicorn(tmp_path_factory.mktemp("live"), RATELIMIT_ENABLED="false") as (url, log):
        yield url


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
