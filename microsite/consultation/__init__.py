"""/consultation: the request form, and /consultation/sent, the confirmation after it.

A valid request is written to the outbox before the patient is redirected, then delivered in
the background, so a slow or absent mail server never slows or fails the patient's request.
"""
import logging
import secrets

from flask import Blueprint, current_app, redirect, render_template, session, url_for
from flask_wtf.csrf import generate_csrf

from .. import outbox
from ..extensions import limiter
from .forms import MESSAGE_MAX, ConsultationForm
from .message import compose, new_reference

bp = Blueprint("consultation", __name__)
log = logging.getLogger("microsite.consultation")

# Generous for a patient correcting mistakes; tight on requests actually sent, to stop floods.
POSTS_LIMIT = "30 per minute"
SENT_LIMIT = "5 per hour;20 per day"
REMEMBERED_SENDS = 5  # form ids kept in the session to recognise a second submit of one form

# The empty form is the same for everyone but its two tokens: it is rendered once with these
# slots, and each visitor gets their own tokens put in.
CSRF_SLOT, FORM_ID_SLOT = "CSRF0TOKEN0SLOT", "FORM0ID0SLOT"


@bp.get("/consultation")
def form():
    blank = current_app.extensions["page_cache"].get(lambda: render_template(
        "consultation/form.html", form=ConsultationForm(formdata=None, meta={"csrf": False}),
        csrf_token_value=CSRF_SLOT, form_id=FORM_ID_SLOT, message_max=MESSAGE_MAX))
    return blank.replace(CSRF_SLOT, generate_csrf()).replace(FORM_ID_SLOT, secrets.token_urlsafe(16))


@bp.post("/consultation")
@limiter.limit(POSTS_LIMIT)
@limiter.limit(SENT_LIMIT, deduct_when=lambda response: response.status_code == 303)
def submit():
    form = ConsultationForm()
    sent = session.get("sent", {})
    if form.form_id.data in sent:
        return redirect(url_for(".sent"), 303)  # this form was already sent: don't send it twice
    if form.website.data:
        log.info("request refused: the hidden honeypot field was filled in")
        return redirect(url_for(".sent"), 303)  # a robot: tell it nothing
    if not form.validate():
        return show_errors(form)

    reference = new_reference()
    outbox.outbox().add(compose(form.data, reference), reference)
    log.info("request %s queued", reference)
    current_app.extensions["outbox_sender"].wake()
    form_id = form.form_id.data or reference
    session["sent"] = dict(list(sent.items())[-(REMEMBERED_SENDS - 1):] + [(form_id, reference)])
    session["last_reference"] = reference
    return redirect(url_for(".sent"), 303)


def show_errors(form, status=200, notice=None):
    if notice is None and form.csrf_token.errors:
        # The session ran out while the patient was writing: keep everything they typed.
        notice = ("We couldn’t send your request because the page was open for a long time. "
                  "Your answers are still here: check them and select Send request again.")
        status = 400
    errors = [(field_anchor(form[name]), error)
              for name in ConsultationForm.FIELDS for error in visible_errors(form[name])]
    return render_template("consultation/form.html", form=form, errors=errors, notice=notice,
                           csrf_token_value=form.csrf_token.current_token,
                           form_id=form.form_id.data or secrets.token_urlsafe(16),
                           message_max=MESSAGE_MAX), status


def visible_errors(field):
    # One message per field, except the message field, whose urgent advice comes first.
    return field.errors if field.name == "message" else field.errors[:1]


def field_anchor(field):
    return f"{field.id}-0" if field.type == "RadioField" else field.id


@bp.errorhandler(429)
def too_many(error):
    # Only the POST is limited: show the form again with everything typed, and why.
    form = ConsultationForm()
    form.validate()
    notice = ("You have sent several requests in a short time, so we couldn’t send this one. "
              f"Please wait an hour and try again, or call us on {current_app.config['CLINIC_PHONE']}.")
    return show_errors(form, status=429, notice=notice)


@bp.after_request
def private(response):
    # These pages carry a visitor's own form token or reference: no shared cache may keep them.
    response.headers.setdefault("Cache-Control", "private, no-cache")
    return response


@bp.get("/consultation/sent")
def sent():
    reference = session.get("last_reference")
    if not reference:
        return redirect(url_for(".form"), 303)
    return render_template("consultation/sent.html", reference=reference)
