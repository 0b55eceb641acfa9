"""The e-mail the front desk receives for each request, composed with Flask-Mail."""

import datetime
import secrets
import time
from zoneinfo import ZoneInfo

from flask import current_app, render_template
from flask_mail import Message

from .forms import CONTACT_METHODS, PATIENT_STATUSES

# Easy to read aloud on the phone: no 0/O, 1/I/L, 5/S or 2/Z to confuse.
REFERENCE_ALPHABET = "346789ABCDEFGHJKMNPQRTUVWXY"


def new_reference():
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))


def compose(data, reference, received=None):
    """The complete message as bytes, ready for the outbox. `data` is the validated form data."""
    received = received or time.time()
    when = datetime.datetime.fromtimestamp(received, ZoneInfo(current_app.config["CLINIC_TIME_ZONE"]))
    fields = {
        "reference": reference,
        "received": when.strftime("%A, %B %-d, %Y at %-I:%M %p %Z"),
        "name": data["name"],
        "email": data["email"],
        "phone": data["phone"],
        "contact_method": next(c.label for c in CONTACT_METHODS if c.value == data["contact_method"]),
        "patient_status": next(c.label for c in PATIENT_STATUSES if c.value == data["patient_status"]),
        "message": data["message"],
    }
    message = Message(
        subject=f"Consultation request from {data['name']} ({reference})",
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
