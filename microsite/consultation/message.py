"""The e-mail the front desk receives for each request, composed with Flask-Mail."""

import datetime
import secrets
import time
from zoneinfo import ZoneInfo

from flask import current_app, render_template
from flask_babel import force_locale
from flask_mail import Message

from .. import languages
from .forms import CONTACT_METHODS, PATIENT_STATUSES

# Easy to read aloud on the phone: no 0/O, 1/I/L, 5/S or 2/Z to confuse.
REFERENCE_ALPHABET = "346789ABCDEFGHJKMNPQRTUVWXY"


def new_reference():
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))


def compose(data, reference, received=None):
    """The complete message as bytes, ready for the outbox. `data` is the validated form data.
    It is in English, for the front desk, whatever the page's language; it says which language
    the patient wrote from, and quotes the message as written."""
    written_in = languages.current()
    with force_locale(languages.LANGUAGES[languages.DEFAULT].locale):
        return _compose(data, reference, received or time.time(), written_in)


def _compose(data, reference, received, written_in):
    when = datetime.datetime.fromtimestamp(received, ZoneInfo(current_app.config["CLINIC_TIME_ZONE"]))
    fields = {
        "reference": reference,
        "received": when.strftime("%A, %B %-d, %Y at %-I:%M %p %Z"),
        "name": data["name"],
        "email": data["email"],
        "phone": data["phone"],
        "contact_method": next(str(c.label) for c in CONTACT_METHODS if c.value == data["contact_method"]),
        "patient_status": next(str(c.label) for c in PATIENT_STATUSES if c.value == data["patient_status"]),
        "message": data["message"],
        # The language's name in English (the locale here): "Spanish".
        "reply_in": None if written_in == languages.DEFAULT else str(languages.NAMES[written_in]),
    }
    subject = f"Consultation request from {data['name']} ({reference})"
    if fields["reply_in"]:
        subject += f", reply in {fields['reply_in']}"
    message = Message(
        subject=subject,
        recipients=[current_app.config["CLINIC_INBOX"]],
        sender=current_app.config["MAIL_DEFAULT_SENDER"],
        # A (name, address) pair is encoded by Flask-Mail, never parsed, so a name can't smuggle an address.
        reply_to=(data["name"], data["email"]),
        body=render_template("email/request.txt", **fields),
        html=render_template("email/request.html", **fields),
        date=received,
        extra_headers={"X-Consultation-Reference": reference},
    )
    return message.as_bytes()
