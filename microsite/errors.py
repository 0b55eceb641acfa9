"""Every HTTP error answers with a page in the site's own layout, never a stack trace."""
from flask import Blueprint, render_template
from werkzeug.exceptions import HTTPException

bp = Blueprint("errors", __name__)

# What a patient should read, in plain words, for the errors they can meet.
MESSAGES = {
    400: ("Something went wrong with that request", "Please go back and try again."),
    404: ("Page not found", "If you typed the web address, check it is correct. If you followed a link, it may be out of date."),
    405: ("That didn’t work", "Please go back and try again."),
    413: ("That was too much to send", "Please make your message shorter and try again."),
    429: ("Too many attempts", "Please wait a few minutes and try again, or call us."),
    500: ("Sorry, there is a problem with the website", "Please try again later, or call us."),
}


@bp.app_errorhandler(HTTPException)
def http_error(error):
    # Unhandled exceptions reach here too, as InternalServerError.
    title, advice = MESSAGES.get(error.code, (error.name, "Please go back and try again."))
    return render_template("errors/error.html", code=error.code, title=title, advice=advice), error.code

