"""The Flask extensions, created once here and bound to the app in create_app."""

import logging
import urllib.parse

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_mail import Mail

from . import ratelimit_storage  # noqa: F401  registers sqlite://, the default storage, before init_app

mail = Mail()
# Limits are declared where they apply (the consultation POST); pages are never limited.
limiter = Limiter(get_remote_address)


def init_limiter(app, blueprint):
    """Bind Flask-Limiter, with its per-request hooks run only for the blueprint that has limits.

    It hooks into every request of the app, which costs about a third of the time a cached
    page takes; moved to the blueprint, the pages skip it. Should a future Flask-Limiter hook
    in differently, nothing is moved and the hooks simply keep running everywhere.
    """
    limiter.init_app(app)
    for hooks in (app.before_request_funcs, app.after_request_funcs, app.teardown_request_funcs):
        for hook in [h for h in hooks.get(None, []) if _belongs_to_limiter(h)]:
            hooks[None].remove(hook)
            hooks.setdefault(blueprint.name, []).append(hook)


def _belongs_to_limiter(hook):
    # A bound method of the limiter, or a functools.partial with the limiter as its first argument.
    return getattr(hook, "__self__", None) is limiter or limiter in getattr(hook, "args", ())


def warn_if_counted_per_worker(app, workers):
    """memory:// counts in each worker apart: with several workers a limit of 5 lets 5 through each.
    gunicorn.conf.py calls this once the app is loaded, when the number of workers is known."""
    if (
        app.config["RATELIMIT_ENABLED"]
        and workers > 1
        and urllib.parse.urlparse(app.config["RATELIMIT_STORAGE_URI"]).scheme == "memory"
    ):
        logging.getLogger("microsite").warning(
            "RATELIMIT_STORAGE_URI is memory://: each of the %d workers counts alone, so a client gets up to "
            "%d times the rate limits. Leave it unset (a file in the instance folder) or use redis://",
            workers,
            workers,
        )
