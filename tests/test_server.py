"""`make run`'s server: gunicorn with gunicorn.conf.py serves the article on loopback."""
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).parent.parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_serves_the_article(tmp_path):
    port = free_port()
    env = dict(os.environ, PORT=str(port), WEB_CONCURRENCY="2", FLASK_INSTANCE_PATH=str(tmp_path))
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "--config", "gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    assert r.status == 200
                    break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
            assert "<h1>How Does Gabapentin Help for Back Pain?</h1>" in r.read().decode()
    finally:
        server.terminate()
        log = server.communicate(timeout=30)[0]
    # The access log has one line per request, without query strings.
    assert '"GET /healthz" 200' in log and '"GET /" 200' in log
    assert (tmp_path / "secret_key").exists()
