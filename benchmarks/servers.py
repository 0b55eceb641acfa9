"""Starting and stopping the servers the benchmarks measure, on loopback. What the benchmarks
share with the tests (free ports, the form's tokens, Chromium's arguments) is in tests/."""

import contextlib
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # the site, and tests/support.py and tests/browser.py

from browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from support import free_port, tokens_in  # noqa: E402

GUNICORN = Path(sys.executable).parent / "gunicorn"
__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "ROOT", "free_port", "gunicorn", "running", "tokens_in"]


def wait_until_up(url, seconds=30):
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise SystemExit(f"{url} did not answer") from None
            time.sleep(0.1)


@contextlib.contextmanager
def running(command, url, env=None, cwd=ROOT):
    """A server process for the length of a with-block, stopped by its process id afterwards."""
    server = subprocess.Popen(
        command, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_until_up(url)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def gunicorn(app="wsgi:app", config=ROOT / "gunicorn.conf.py", extra=()):
    """gunicorn as `make run` starts it (gunicorn.conf.py), but with no access log to write."""
    return [str(GUNICORN), "--config", str(config), "--access-logfile", "/dev/null", *extra, app]
