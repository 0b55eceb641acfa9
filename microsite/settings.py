"""All configuration in one place: defaults, then FLASK_* environment, then the caller's mapping."""

import os
import re
import secrets
from pathlib import Path

from .languages import N_
from .ratelimit_storage import uri_for

# Keys and defaults that the README documents, one by one. Paths left as None are
# resolved under the instance folder once it is known.
# SECRET_KEY is Flask's own (None until set; then read from instance/secret_key, created on
# first start) and MAIL_PASSWORD Flask-Mail's (None), so neither is repeated here.
DEFAULTS = {
    "INSTANCE_PATH": None,  # <repository>/instance
    "SITE_URL": None,  # e.g. https://www.example.com; None: the address the request came to
    "CLINIC_NAME": "The Pain Relief Doctor",
    "CLINIC_PHONE": "(704) 555-0123",
    "CLINIC_INBOX": "consultations@clinic.example",
    "CLINIC_COUNTRY_CODE": "1",  # for the phone's tap-to-call link, tel:+1...
    "CLINIC_CITY": N_("Charlotte, North Carolina"),
    "CLINIC_TIME_ZONE": "America/New_York",  # the time a request arrived, in the e-mail
    "CLINIC_AWARD": N_("Join us in congratulating Dr. Manvar on winning Top Doctor 2023 of Charlotte!"),  # None: none
    "OUTBOX_DIR": None,  # instance/outbox
    "MAIL_SERVER": None,  # None: write .eml files under instance/mail
    "MAIL_PORT": 25,
    "MAIL_USE_TLS": False,
    "MAIL_USE_SSL": False,
    "MAIL_USERNAME": None,
    "MAIL_DEFAULT_SENDER": "website@clinic.example",
    "MAIL_TIMEOUT": 10,  # seconds for each SMTP step but the reply to a message (10 minutes)
    "MAIL_CA_FILE": None,  # a private CA's certificates (PEM) for the relay; None: the system's
    "OUTBOX_RETRY_MIN_SECONDS": 30,  # the first retry; each next one waits twice as long
    "OUTBOX_RETRY_MAX_SECONDS": 3600,  # ... up to this, for as long as the site runs
    "OUTBOX_MAX_REFUSALS": 5,  # outright refusals (5xx) before a message is set aside in failed/
    "TRUSTED_PROXIES": 0,  # how many reverse proxies in front set X-Forwarded-*; 0: trust none
    "RATELIMIT_ENABLED": True,
    # None: a SQLite file, instance/ratelimits.sqlite, shared by every worker; several servers: redis://
    "RATELIMIT_STORAGE_URI": None,
    # A form token lasts as long as the session: a patient may take hours to write.
    "WTF_CSRF_TIME_LIMIT": None,
    # Flask-WTF's Referer check over HTTPS would refuse patients whose browser or privacy
    # extension sends no Referer; the token in the session is what protects the form.
    "WTF_CSRF_SSL_STRICT": False,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "MAX_CONTENT_LENGTH": 64 * 1024,  # a consultation request is a few KB; refuse floods early
}

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def instance_path(overrides=None):
    """The instance folder must be known before the Flask object exists, so read it early."""
    path = (overrides or {}).get("INSTANCE_PATH") or os.environ.get("FLASK_INSTANCE_PATH")
    return str(Path(path).resolve()) if path else str(PROJECT_ROOT / "instance")


def configure(app, overrides=None):
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env()
    app.config.from_mapping(overrides or {})
    app.config["INSTANCE_PATH"] = app.instance_path
    _private_folder(Path(app.instance_path))
    if not app.config["OUTBOX_DIR"]:
        app.config["OUTBOX_DIR"] = os.path.join(app.instance_path, "outbox")
    if not app.config["RATELIMIT_STORAGE_URI"]:
        app.config["RATELIMIT_STORAGE_URI"] = uri_for(os.path.join(app.instance_path, "ratelimits.sqlite"))
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path) / "secret_key")


def phone_href(config):
    """The tel: link for CLINIC_PHONE, a North American number as people write it ((704)
    555-0123, or 704-555-0123, or +1 704 555 0123): its last ten digits after the country code."""
    return f"tel:+{config['CLINIC_COUNTRY_CODE']}" + re.sub(r"\D", "", config["CLINIC_PHONE"])[-10:]


def _private_folder(path):
    """The instance folder holds the secret key and patients' requests: its owner's alone (0700),
    also when an older version or an operator made it readable to others."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.stat().st_mode & 0o077:
        path.chmod(0o700)


def _instance_secret(path):
    """Create the key once, mode 0600. Written aside and linked into place, so workers
    starting together never read a half-written file: the first link wins, the rest read it."""
    if not path.exists():
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32) + "\n")
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_text().strip()
