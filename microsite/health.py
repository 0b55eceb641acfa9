"""/healthz: for a monitor, whether the site can take requests and whether its outbox drains."""
import os

from flask import Blueprint, current_app

from .outbox import outbox

bp = Blueprint("health", __name__)

# A request this long undelivered means the mail server has been unreachable for a while:
# the monitor should alert the clinic before a patient waits long for an answer.
STUCK_SECONDS = 3600


@bp.get("/healthz")
def healthz():
    status = outbox().status()
    oldest = round(status["oldest_age"] or 0)
    # Taking a request means writing it to the outbox first: without that, the site is down (503).
    # Mail waiting for the server is a warning (200): pages and requests still work.
    if not os.access(current_app.config["OUTBOX_DIR"], os.W_OK):
        verdict, code = "down: the outbox folder is not writable", 503
    elif oldest > STUCK_SECONDS:
        verdict, code = "warning: the outbox is not draining", 200
    else:
        verdict, code = "ok", 200
    body = (f"{verdict}\noutbox pending: {status['pending']}\noutbox oldest: {oldest}s\n"
            f"outbox delivered: {status['delivered']}\n")
    return body, code, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
