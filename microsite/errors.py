"""Every HTTP error answers with a page in the site's own layout, never a stack trace; and if
that page itself fails, with a plain one that cannot."""

import html
import logging

from flask import Blueprint, current_app, render_template
from werkzeug.exceptions import HTTPException

from .security import HEADERS
from .wording import ERROR_PAGE_OTHER, ERROR_PAGES

bp = Blueprint("errors", __name__)
log = logging.getLogger("microsite.errors")


# Written out in full, in both languages: it must not depend on the templates, the stylesheet,
# the translations or anything else that could be what failed.
LAST_RESORT = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sorry, there is a problem with the website</title></head>
<body><main><h1>Sorry, there is a problem with the website</h1>
<p>Please try again later, or call us. Our number is {phone}.</p><p><a href="/">Go to the home page</a></p>
<div lang="es"><h2>Lo sentimos, hay un problema con el sitio web</h2>
<p>Vuelva a intentarlo más tarde, o llámenos al {phone}.</p><p><a href="/es/">Ir a la página principal</a></p></div>
</main></body>
</html>
"""


@bp.app_errorhandler(HTTPException)
def http_error(error):
    # Unhandled exceptions reach here too, as InternalServerError.
    title, advice = ERROR_PAGES.get(error.code, ERROR_PAGE_OTHER)
    try:
        return render_template("errors/error.html", code=error.code, title=title, advice=advice), error.code
    except Exception:
        log.exception("the error page for %s failed; sent the plain one", error.code)
        return last_resort()


def last_resort():
    phone = html.escape(str(current_app.config.get("CLINIC_PHONE", "")))
    headers = {**HEADERS, "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"}
    headers["Content-Language"] = "en, es"
    return LAST_RESORT.format(phone=phone), 500, headers
