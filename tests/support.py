"""What the tests and the benchmarks share: the site made or started for a test, a real SMTP
server, and a patient's way through the form. Fixtures are in conftest.py."""

import asyncio
import contextlib
import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from aiosmtpd.controller import Controller

from microsite import create_app
from microsite.languages import LANGUAGES
from microsite.pages import SITE

ROOT = Path(__file__).resolve().parent.parent

# Every page a visitor can reach (the site's registry), in English then in Spanish, and in each
# language an address that is no page.
PAGES_IN = {lang: [page.paths[lang] for page in SITE] for lang in LANGUAGES}
PAGES = [path for paths in PAGES_IN.values() for path in paths]
ERROR_PAGES = ["/no-such-page", "/es/no-such-page"]


def content_with(tmp_path, monkeypatch, file, front_matter):
    """The site's content copied to tmp_path and used instead, with `front_matter` lines added at
    the top of `file` ("es/article.md"); returns that file's path."""
    from microsite import content

    folder = tmp_path / "content"
    shutil.copytree(content.CONTENT_DIR, folder)
    page = folder / file
    page.write_text(page.read_text(encoding="utf-8").replace("+++\n", "+++\n" + front_matter, 1), encoding="utf-8")
    monkeypatch.setattr(content, "CONTENT_DIR", folder)
    return page


def language_of(path):
    return "es" if path.startswith("/es/") else "en"


def form_path(path):
    """The consultation form in the language of `path`."""
    return PAGES_IN[language_of(path)][1]


VALID_REQUEST = {
    "name": "Maria Lopez",
    "email": "maria@example.com",
    "phone": "704 555 0123",
    "contact_method": "phone",
    "patient_status": "new",
    "message": "Could I have an appointment on a Tuesday morning? I can also do Thursdays.",
    "consent": "y",
}


# Every app made here, so that the tests' fixture stops each one's outbox sender (conftest.py).
STARTED = []


def make_app(tmp_path, **config):
    """The site for one test, with its own instance folder, no rate limits unless asked."""
    app = create_app(
        {"TESTING": True, "INSTANCE_PATH": str(tmp_path / "instance"), "RATELIMIT_ENABLED": False, **config}
    )
    STARTED.append(app)
    return app


def app_mailing_to(inbox, tmp_path, **config):
    """The site pointed at `inbox` (an Inbox, started or not), retrying quickly."""
    return make_app(
        tmp_path,
        **{
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": inbox.port,
            "MAIL_TIMEOUT": 2,
            "CLINIC_INBOX": "desk@clinic.example.org",
            "MAIL_DEFAULT_SENDER": "website@clinic.example.org",
            "OUTBOX_RETRY_MIN_SECONDS": 0.2,
            "OUTBOX_RETRY_MAX_SECONDS": 1,
            **config,
        },
    )


def stop_senders():
    while STARTED:
        STARTED.pop().extensions["outbox_sender"].stop()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout=15.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


class Inbox:
    """A real SMTP server on a loopback port (aiosmtpd) that keeps what it receives.

    `reply` is its answer to each message (a 4xx or 5xx one keeps nothing), `delay` the seconds
    it takes to answer, and `smtp` aiosmtpd's own options (a TLS context, say)."""

    def __init__(self, port=None, reply="250 Message accepted for delivery", delay=0, **smtp):
        self.port = port or free_port()
        self.envelopes = []
        self.attempts = 0
        self.reply, self.delay, self.smtp = reply, delay, smtp
        self.controller = None

    async def handle_DATA(self, server, session, envelope):
        self.attempts += 1
        await asyncio.sleep(self.delay)
        if self.reply.startswith("2"):
            self.envelopes.append(envelope)
        return self.reply

    def start(self):
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port, **self.smtp)
        self.controller.start()
        return self

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None

    def messages(self):
        import email
        import email.policy

        return [email.message_from_bytes(e.content, policy=email.policy.default) for e in self.envelopes]


def tokens_in(html):
    """The form's two per-visitor values, as a page of the form carries them."""
    return {
        "csrf_token": re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1),
        "form_id": re.search(r'name="form_id" value="([^"]+)"', html).group(1),
    }


def form_tokens(client, path="/consultation"):
    return tokens_in(client.get(path).get_data(as_text=True))


def submit(client, tokens=None, path="/consultation", **changes):
    """Fill in the form at `path` (either language's) as a patient would, with `changes` to the
    valid answers (None: left out)."""
    data = {**VALID_REQUEST, **(tokens or form_tokens(client, path)), **changes}
    return client.post(path, data={k: v for k, v in data.items() if v is not None})


def wait_until_serving(server, url, seconds=30):
    """Until `url`/healthz answers 200; fails at once if the server process stopped."""

    def up():
        assert server.poll() is None, f"the server stopped (exit status {server.returncode})"
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as r:
                return r.status == 200
        except OSError:
            return False

    assert wait_for(up, timeout=seconds), f"{url} did not answer in {seconds} s"


@contextlib.contextmanager
def gunicorn(tmp_path, workers=2, environ=None, **config):
    """The site under gunicorn with gunicorn.conf.py, as `make run` serves it; yields its URL.
    `environ` changes the server's environment further (a value of None removes the variable)."""
    port = free_port()
    env = dict(
        os.environ,
        PORT=str(port),
        WEB_CONCURRENCY=str(workers),
        FLASK_INSTANCE_PATH=str(tmp_path / "instance"),
        **{f"FLASK_{key}": str(value) for key, value in config.items()},
    )
    for name, value in (environ or {}).items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "--config", "gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = read_as_written(server)
    url = f"http://127.0.0.1:{port}"
    log = []
    killed = False
    try:
        wait_until_serving(server, url)
        yield url, log
    finally:
        server.terminate()
        try:  # gunicorn gives its workers graceful_timeout (30 s) to finish what they are doing
            server.wait(timeout=45)
        except subprocess.TimeoutExpired:
            killed = True
            server.kill()
            server.wait()
        log.append(output())
        if killed:
            raise AssertionError(f"gunicorn did not stop within 45 s of SIGTERM:\n{log[-1]}")


def read_as_written(process):
    """Read a process's output (a pipe, text) as it is written, and return a function that gives
    all of it once the process has stopped. A pipe holds 64 KiB, and a process writing to a full
    one blocks: a gunicorn worker writing its access log then answers nobody (the browser tests,
    which share one server, fill it)."""
    chunks = []
    reader = threading.Thread(target=lambda: chunks.extend(process.stdout), daemon=True)
    reader.start()

    def everything():
        reader.join()
        return "".join(chunks)

    return everything


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def patient_submits(url, i):
    """One patient's browser: its own cookies, the form fetched, filled in and sent."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect)
    html = opener.open(url + "/consultation", timeout=30).read().decode()
    data = {**VALID_REQUEST, "message": f"Concurrent request {i}, any weekday works.", **tokens_in(html)}
    try:
        opener.open(url + "/consultation", data=urllib.parse.urlencode(data).encode(), timeout=30)
    except urllib.error.HTTPError as answer:
        return answer.code
    return 200
