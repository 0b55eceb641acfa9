"""/healthz: for a monitor, whether the site can serve pages and accept requests."""
import os

from flask import Blueprint, current_app

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    # Accepting a request means writing it to the instance folder first.
    if not os.access(current_app.instance_path, os.W_OK):
        return "instance folder is not writable\n", 503, {"Content-Type": "text/plain"}
    return "ok\n", 200, {"Content-Type": "text/plain", "Cache-Control": "no-store"}
