"""/healthz: for a monitor, whether the site can take requests and whether its outbox drains."""

import logging

from flask import Blueprint

from .outbox import outbox

bp = Blueprint("health", __name__)
log = logging.getLogger("microsite.health")

# A request this long undelivered means the mail server has been unreachable for a while:
# the monitor should alert the clinic before a patient waits long for an answer.
STUCK_SECONDS = 3600
HEADERS = {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}


@bp.get("/healthz")
def healthz():
    box = outbox()
    # Taking a request means writing it to the outbox first: without that, the site is down
    # (503). Mail waiting for the server, or refused by it, is a warning (200): pages and
    # requests still work, but someone must look.
    try:
        box.probe()
        status = box.status()
    except OSError as error:
        log.error("the outbox can't be written: %s", error)
        return f"down: the outbox can't be written ({error.strerror or error})\n", 503, HEADERS
    oldest = round(status["oldest_age"] or 0)
    verdict = _warning(status, oldest) or "ok"
    body = (
        f"{verdict}\noutbox pending: {status['pending']}\noutbox oldest: {oldest}s\n"
        f"outbox delivered: {status['delivered']}\noutbox failed: {status['failed']}\n"
    )
    return body, 200, HEADERS


def _warning(status, oldest):
    if status["failed"]:
        return (
            f"warning: the mail server refused {status['failed']} request(s): "
            "see `flask outbox failed`, then `flask outbox retry`"
        )
    if oldest > STUCK_SECONDS:
        return "warning: the outbox is not draining"
    return None
