"""`make run`'s server: gunicorn with gunicorn.conf.py serves the article on loopback."""
import urllib.request

from conftest import gunicorn


def test_gunicorn_serves_the_article(tmp_path):
    with gunicorn(tmp_path) as (url, log):
        with urllib.request.urlopen(url + "/", timeout=5) as r:
            assert "<h1>How Does Gabapentin Help for Back Pain?</h1>" in r.read().decode()
    # The access log has one line per request, without query strings.
    assert '"GET /healthz" 200' in log[0] and '"GET /" 200' in log[0]
    assert (tmp_path / "instance" / "secret_key").exists()
