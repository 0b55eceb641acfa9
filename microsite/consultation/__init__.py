"""/consultation: the request form, and /consultation/sent, the confirmation after it (and
their Spanish addresses, pages.SITE and pages.SENT_PATHS).

A valid request is written to the outbox before the patient is redirected, then delivered in
the background, so a slow or absent mail server never slows or fails the patient's request.
"""

import logging
import secrets

from flask import Blueprint, abort, current_app, make_response, redirect, render_template, request, session, url_for
from flask_wtf.csrf import generate_csrf
from werkzeug.exceptions import HTTPException

from .. import errors, languages, outbox, preferences
from ..extensions import limiter
from ..languages import add_rules
from ..pages import SENT_PATHS, SITE
from ..wording import NOTICES
from .forms import MESSAGE_MAX, ConsultationForm
from .message import compose, new_reference

bp = Blueprint("consultation", __name__)
log = logging.getLogger("microsite.consultation")

# Generous for a patient correcting mistakes; tight on requests actually sent, to stop floods.
POSTS_LIMIT = "30 per minute"
SENT_LIMIT = "5 per hour;20 per day"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


# The empty form is the same for everyone but its two tokens: it is rendered once with these
# slots, and each visitor gets their own tokens put in.
CSRF_SLOT, FORM_ID_SLOT = b"CSRF0TOKEN0SLOT", b"FORM0ID0SLOT"


def form():
    blank = current_app.extensions["page_cache"].get(
        lambda: render_template(
            "consultation/form.html",
            form=ConsultationForm(formdata=None, meta={"csrf": False}),
            shown={},
            csrf_token_value=CSRF_SLOT.decode(),
            form_id=FORM_ID_SLOT.decode(),
            message_max=MESSAGE_MAX,
        )
    )
    return blank.replace(CSRF_SLOT, generate_csrf().encode()).replace(FORM_ID_SLOT, secrets.token_urlsafe(16).encode())


@limiter.limit(POSTS_LIMIT)
@limiter.limit(SENT_LIMIT, deduct_when=lambda response: response.status_code == 303)
def submit():
    form = posted_form()
    if form is None:
        abort(415)  # not what a browser sends for this form (JSON, say)
    if "tools" in request.form or "setting" in request.form:
        return toolbar_used(form)
    if form.leave_blank.data:
        log.info("request refused: the hidden honeypot field was filled in")
        return redirect(url_for(".sent"), 303)  # a robot: tell it nothing
    if not form.validate():
        return show_errors(form)

    reference = new_reference()
    try:
        # Keyed by the form's id: a second post of the same form (a double tap, Back and Send
        # again, or both at once) queues nothing and shows the first one's reference.
        reference, new = outbox.outbox().add(compose(form.data, reference), reference, key=form.form_id.data)
    except OSError as error:
        log.error("request not queued, the outbox can't be written: %s", error)
        return show_errors(
            form, status=503, notice=NOTICES["not_queued"].format(phone=current_app.config["CLINIC_PHONE"])
        )
    if new:
        log.info("request %s queued", reference)
        current_app.extensions["outbox_sender"].wake()
    session["last_reference"] = reference
    session["last_language"] = languages.current()  # the reply asked for, whatever page shows it
    return redirect(url_for(".sent"), 303)


def toolbar_used(form):
    """Without JavaScript, the toolbar's buttons on this page post the form (see toolbar.html):
    open or close the tools, or apply a setting, and show the form again as it was typed."""
    if "setting" in request.form:
        prefs, _ = preferences.press(request.form["setting"])
    else:
        preferences.show_tools(request.form["tools"] == "open")
        prefs = None
    response = make_response(render_form(form))
    return preferences.remember(response, prefs) if prefs else response


def posted_form():
    """The posted form, or None when the body is not a form a browser sends. Read here, so that
    a body too large or malformed is answered with its own error page, never a crash."""
    if request.mimetype not in FORM_TYPES:
        return None
    request.form  # noqa: B018 -- raises 413 or 400 now for a body that can't be read
    return ConsultationForm()


def show_errors(form, status=200, notice=None):
    if notice is None and form.csrf_token.errors:
        # Keep everything they typed, and say why it wasn't sent.
        notice = NOTICES["expired"] if "session" in request.cookies else NOTICES["no_cookies"]
        status = 400
    return render_form(form, form.visible_errors(), notice), status


def render_form(form, shown=None, notice=None):
    """The form as the patient filled it in, with the errors to show by field (see forms.py)."""
    shown = shown or {}
    summary = [
        (field_anchor(form[name]), getattr(error, "summary", error))
        for name in ConsultationForm.FIELDS
        for error in shown.get(name, [])
    ]
    return render_template(
        "consultation/form.html",
        form=form,
        shown=shown,
        errors=summary,
        notice=notice,
        csrf_token_value=form.csrf_token.current_token,
        form_id=form.form_id.data or secrets.token_urlsafe(16),
        message_max=MESSAGE_MAX,
    )


def field_anchor(field):
    return f"{field.id}-0" if field.type == "RadioField" else field.id


@bp.errorhandler(429)
def too_many(error):
    # Only the POST is limited: show the form again with everything typed, and why.
    notice = NOTICES["too_many"].format(phone=current_app.config["CLINIC_PHONE"])
    try:
        form = posted_form()
    except HTTPException:
        form = None
    if form is None:
        return errors.http_error(error)  # nothing a patient typed to keep
    form.validate()
    return show_errors(form, status=429, notice=notice)


@bp.after_request
def private(response):
    # These pages carry a visitor's own form token or reference: no shared cache may keep them.
    response.headers.setdefault("Cache-Control", "private, no-cache")
    return response


def sent():
    reference = session.get("last_reference")
    if not reference:
        return redirect(url_for(".form"), 303)
    written_in = session.get("last_language", languages.DEFAULT)
    reply_in = None if written_in == languages.DEFAULT else languages.NAMES.get(written_in)
    return render_template("consultation/sent.html", reference=reference, reply_in=reply_in)


FORM_PATHS = next(page.paths for page in SITE if page.endpoint == "consultation.form")
add_rules(bp, FORM_PATHS, "form", form, methods=["GET"])
add_rules(bp, FORM_PATHS, "submit", submit, methods=["POST"])
add_rules(bp, SENT_PATHS, "sent", sent, methods=["GET"])
