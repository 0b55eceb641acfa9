"""Security headers on every kind of response, cookies, the proxy setting and the secret key rules."""

import pytest

from microsite import create_app
from support import make_app, submit

EVERY_TIME = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


@pytest.mark.parametrize(
    "kind, method, path",
    [
        ("page", "get", "/"),
        ("form", "get", "/consultation"),
        ("static file", "get", "/static/css/site.css"),
        ("error", "get", "/no-such-page"),
        ("wrong method", "delete", "/"),
        ("redirect", "get", "/consultation/sent"),
        ("text", "get", "/robots.txt"),
    ],
)
def test_headers_on_every_kind_of_response(client, kind, method, path):
    response = getattr(client, method)(path)
    for name, value in EVERY_TIME.items():
        assert response.headers[name] == value, (kind, name)
    csp = response.headers["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP: HSTS would be ignored


def test_hsts_over_https(client):
    response = client.get("/", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_no_inline_script_or_style_in_pages(client):
    import re

    for path in ("/", "/consultation", "/accessibility", "/privacy", "/sitemap", "/no-such-page"):
        html = client.get(path).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\b(src=|type=\"application/ld\+json\"))", html), path
        assert "<style" not in html and " style=" not in html, path
        assert not re.search(r" on\w+=", html), path


def test_session_cookie_is_httponly_and_lax_and_secure_over_https(client):
    submit(client)
    cookie = client.get_cookie("session")
    assert cookie.http_only and cookie.same_site == "Lax" and not cookie.secure
    https = client.application.test_client()
    https.get("/consultation", base_url="https://localhost")
    cookie = https.get_cookie("session", domain="localhost")
    assert cookie.secure and cookie.http_only and cookie.same_site == "Lax"


def test_forwarded_headers_are_ignored_unless_a_proxy_is_trusted(tmp_path):
    from flask import request

    for proxies, expected_ip, expected_scheme in ((0, "127.0.0.1", "http"), (1, "203.0.113.7", "https")):
        app = make_app(tmp_path / str(proxies), TRUSTED_PROXIES=proxies)
        seen = {}

        @app.get("/whoami")
        def whoami(seen=seen):  # this round's dict, bound now
            seen.update(ip=request.remote_addr, scheme=request.scheme)
            return ""

        app.test_client().get("/whoami", headers={"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"})
        assert seen == {"ip": expected_ip, "scheme": expected_scheme}
        app.extensions["outbox_sender"].stop()


def test_rate_limit_counts_each_patient_behind_a_trusted_proxy(tmp_path):
    app = make_app(tmp_path, TRUSTED_PROXIES=1, RATELIMIT_ENABLED=True)
    try:
        first = app.test_client()
        first.environ_base.update({"HTTP_X_FORWARDED_FOR": "203.0.113.7"})
        for _ in range(5):
            assert submit(first).status_code == 303
        assert submit(first).status_code == 429
        second = app.test_client()
        second.environ_base.update({"HTTP_X_FORWARDED_FOR": "198.51.100.2"})
        assert submit(second).status_code == 303  # another patient behind the same proxy
    finally:
        app.extensions["outbox_sender"].stop()


@pytest.mark.parametrize("key", ["dev", "changeme", "short-but-not-known", "x" * 31])
def test_refuses_to_start_with_a_known_or_short_key(tmp_path, key):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": key})


def test_a_long_random_key_is_accepted(tmp_path):
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "k" * 16 + "0123456789abcdef0123"})
    assert app.config["SECRET_KEY"]


def test_errors_never_show_a_stack_trace_or_path(tmp_path):
    app = create_app({"INSTANCE_PATH": str(tmp_path)})

    @app.get("/boom")
    def boom():
        raise ValueError(f"failed at {__file__}")

    response = app.test_client().get("/boom")
    html = response.get_data(as_text=True)
    assert response.status_code == 500 and __file__ not in html and "ValueError" not in html


@pytest.mark.parametrize(
    "code, heading",
    [
        (400, "Something went wrong with that request"),
        (404, "Page not found"),
        (405, "That didn’t work"),
        (413, "That was too much to send"),
        (429, "Too many attempts"),
        (500, "Sorry, there is a problem with the website"),
    ],
)
def test_each_error_has_a_page_in_the_site_layout(tmp_path, code, heading):
    from flask import abort

    from htmlpage import Page

    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    app.add_url_rule("/fail", "fail", lambda: abort(code))
    response = app.test_client().get("/fail")
    page = Page(response.get_data(as_text=True))
    assert response.status_code == code
    assert page.headings[0] == (1, heading) and page.title.startswith(heading)
    assert "main" in page.ids and "accessibility-tools" in page.ids  # the whole layout
    assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")


def test_reading_preferences_cookie(client):
    response = client.post("/preferences", data={"setting": "high-contrast"})
    cookie = client.get_cookie("reading")
    assert cookie.value == "high-contrast" and cookie.http_only and cookie.same_site == "Lax"
    assert not cookie.secure and response.status_code == 303
    client.post("/preferences", data={"setting": "grayscale"}, base_url="https://localhost")
    cookie = client.get_cookie("reading", domain="localhost")
    assert cookie.value == "grayscale" and cookie.secure


@pytest.mark.parametrize(
    "target, expected",
    [
        ("/accessibility?tools=open#accessibility-tools", "/accessibility?tools=open#accessibility-tools"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        (None, "/"),
    ],
)
def test_preferences_only_return_to_this_site(client, target, expected):
    data = {"setting": "underline-links"} if target is None else {"setting": "underline-links", "return_to": target}
    assert client.post("/preferences", data=data).location == expected


@pytest.mark.parametrize("path", ["/consultation", "/consultation/sent"])
def test_pages_with_a_visitors_token_are_never_kept_by_shared_caches(client, path):
    submit(client)
    assert client.get(path).headers["Cache-Control"] == "private, no-cache"
