"""Protections on every response: security headers, secure cookies, and which proxy to trust."""

from flask import request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

# No inline script or style anywhere, so the policy can forbid both.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # Other sites (the references, a DOI) learn nothing of what a patient was reading.
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
HSTS = "max-age=31536000; includeSubDomains"

# Keys from documentation and tutorials: anyone could sign a session with them.
KNOWN_SECRET_KEYS = {
    "dev",
    "development",
    "secret",
    "secret-key",
    "secret_key",
    "changeme",
    "change-me",
    "your-secret-key",
    "super secret key",
    "mysecretkey",
    "default",
    "test",
    "password",
}
MIN_SECRET_KEY_LENGTH = 32


def check_secret_key(app):
    key = app.config["SECRET_KEY"]
    key = key.decode(errors="replace") if isinstance(key, bytes) else str(key)
    if app.debug or app.testing:
        return
    if key.strip().lower() in KNOWN_SECRET_KEYS or len(key) < MIN_SECRET_KEY_LENGTH:
        raise RuntimeError(
            f"SECRET_KEY is a well-known example or shorter than {MIN_SECRET_KEY_LENGTH} characters: "
            "unset FLASK_SECRET_KEY to use instance/secret_key, or set it to the output of "
            "`python -c 'import secrets; print(secrets.token_hex(32))'`"
        )


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, marked Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app):
        return super().get_cookie_secure(app) or request.is_secure

    def get_signing_serializer(self, app):
        # Flask builds this anew for every request; the key can't change while the app runs.
        serializer = app.extensions.get("session_serializer")
        if serializer is None:
            serializer = app.extensions["session_serializer"] = super().get_signing_serializer(app)
        return serializer


def add_headers(response):
    # Appended in one pass (setdefault would scan the headers once for each name).
    present = {name.lower() for name, _ in response.headers}
    for name, value in HEADERS.items():
        if name.lower() not in present:
            response.headers.add(name, value)
    if request.is_secure and "strict-transport-security" not in present:
        response.headers.add("Strict-Transport-Security", HSTS)
    # A page's colours and sizes come from the reading cookie, and the form from the session: a
    # shared cache must not serve one reader's version to another.
    if "vary" not in present and (response.content_type or "").startswith("text/html"):
        response.headers.add("Vary", "Cookie")
    return response


def init_app(app):
    check_secret_key(app)
    app.session_interface = SessionInterface()
    app.after_request(add_headers)
    proxies = int(app.config["TRUSTED_PROXIES"])
    if proxies:
        # Only then are X-Forwarded-For/-Proto/-Host believed, so the rate limiter sees the
        # patient's address and not the proxy's, and nobody else can fake theirs.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
