"""Static files: hashed names, cached for a year, compressed, with the security headers."""

import re

import pytest


def stylesheet_url(client):
    html = client.get("/").get_data(as_text=True)
    return re.search(r'<link rel="stylesheet" href="(/static/css/site\.[0-9a-f]{12}\.css)">', html).group(1)


def test_pages_link_hashed_names_cached_for_a_year(client):
    response = client.get(stylesheet_url(client))
    assert response.status_code == 200 and response.mimetype == "text/css"
    assert response.headers["Cache-Control"] == "max-age=315360000, public, immutable"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert "Access-Control-Allow-Origin" not in response.headers


@pytest.mark.parametrize("accept, encoding", [("br, gzip", "br"), ("gzip", "gzip"), ("", None)])
def test_text_is_compressed_for_browsers_that_accept_it(client, accept, encoding):
    url = stylesheet_url(client)
    plain = client.get(url, headers={"Accept-Encoding": ""}).data
    response = client.get(url, headers={"Accept-Encoding": accept})
    assert response.headers.get("Content-Encoding") == encoding
    if encoding:
        assert len(response.data) < len(plain) / 2


def test_a_changed_file_gets_a_new_name(tmp_path):
    from microsite.assets import build

    source = tmp_path / "static"
    (source / "css").mkdir(parents=True)
    (source / "css" / "a.css").write_text("body { color: black }")
    first = build(source, tmp_path / "out")["css/a.css"]
    (source / "css" / "a.css").write_text("body { color: navy }")
    second = build(source, tmp_path / "out")["css/a.css"]
    assert first != second and re.fullmatch(r"css/a\.[0-9a-f]{12}\.css", second)
    assert (tmp_path / "out" / first).exists() and (tmp_path / "out" / second).exists()
