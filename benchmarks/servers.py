"""Starting and stopping the servers the benchmarks measure, on loopback."""
import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url, seconds=30):
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise SystemExit(f"{url} did not answer")
            time.sleep(0.1)


@contextlib.contextmanager
def running(command, url, env=None, cwd=ROOT):
    """A server process for the length of a with-block, stopped by its process id afterwards."""
    server = subprocess.Popen(command, cwd=cwd, env={**os.environ, **(env or {})},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(url)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def gunicorn(app="wsgi:app", config=ROOT / "gunicorn.conf.py", extra=()):
    """gunicorn as `make run` starts it (gunicorn.conf.py), but with no access log to write."""
    return [str(GUNICORN), "--config", str(config), "--access-logfile", "/dev/null", *extra, app]
