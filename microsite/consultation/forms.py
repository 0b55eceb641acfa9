"""The consultation request form: its fields, how input is cleaned, and which error applies.
What the errors say is in wording.py."""

import re
import unicodedata

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import BooleanField, EmailField, RadioField, SelectChoice, StringField, TelField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, StopValidation, ValidationError

from ..screening import screen
from ..screening.normalise import without_invisibles
from ..settings import phone_href
from ..wording import CHOICES, ERRORS, HINTS, LABELS, MEDICAL, MEDICAL_KINDS, filled

NAME_MIN, NAME_MAX = 2, 100
MESSAGE_MIN, MESSAGE_MAX = 10, 2000

CONTACT_METHODS = [SelectChoice(value, label) for value, label in CHOICES["contact_method"].items()]
PATIENT_STATUSES = [SelectChoice(value, label) for value, label in CHOICES["patient_status"].items()]

# Besides letters and their marks, what real names use: spaces, apostrophes, full stops, commas,
# hyphens, the middle dots of Chinese and Japanese transliterations (艾尔肯·吐尼亚孜, ジョン・スミス)
# and the Hebrew geresh (ג׳ורג׳).
NAME_PUNCTUATION = frozenset(" '’.,-\u2010\u00b7\u30fb\u05f3")
# Control codes (but tab and line breaks) are refused: nobody types them. A single-line field
# refuses line breaks too: no browser sends them. Invisible formatting characters (soft hyphens,
# zero-width and bidirectional marks) come with pasted text: they are removed, so the clinic
# receives, and the screening reads, the text as the patient meant it.
HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
HIDDEN_IN_LINE = re.compile(HIDDEN.pattern + "|[\r\n]")


def _reject_hidden(value, error, pattern=HIDDEN):
    if value and pattern.search(value):
        raise ValueError(error)


def one_line(what):
    """A filter for single-line fields: NFC, trimmed, inner whitespace to one space."""

    def clean(value):
        if value is None:
            return value
        _reject_hidden(value, ERRORS["hidden_characters"].format(field=what), HIDDEN_IN_LINE)
        return " ".join(unicodedata.normalize("NFC", without_invisibles(value)).split())

    return clean


def paragraphs(value):
    """A filter for the message: keep line breaks, trim each line, at most one blank line in a row."""
    if value is None:
        return value
    _reject_hidden(value, ERRORS["message_hidden_characters"])
    text = unicodedata.normalize("NFC", without_invisibles(value))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def us_phone(form, field):
    """A US number, ten digits after an optional +1 or 1; stored as +1 NPA-NXX-XXXX."""
    digits = re.sub(r"[\s().+-]", "", field.data or "")
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    # North American Numbering Plan: area code and exchange start with 2-9.
    if not re.fullmatch(r"[2-9]\d{2}[2-9]\d{6}", digits):
        raise ValidationError(ERRORS["phone_format"])
    field.data = f"+1 {digits[:3]}-{digits[3:6]}-{digits[6:]}"


def email_address(form, field):
    try:
        # No DNS look-up: it would make the form slow and fail when the resolver is down.
        checked = validate_email(field.data, check_deliverability=False)
    except EmailNotValidError:
        raise ValidationError(ERRORS["email_format"]) from None
    if checked.ascii_email is None:
        # An accented name before the @ needs SMTPUTF8, which few clinic mail servers accept.
        raise ValidationError(ERRORS["email_accents"])
    field.data = checked.normalized


def ticked(form, field):
    # Only the checkbox's own value counts: a crafted "no" must not read as consent.
    if field.raw_data != ["y"]:
        raise StopValidation(ERRORS["consent_missing"])


def is_name(text):
    """A letter first, then letters of any script with their marks (Unicode M: the vowel signs
    of Devanagari, Tamil or Thai are marks, not letters) and NAME_PUNCTUATION."""
    return (
        bool(text)
        and unicodedata.category(text[0])[0] == "L"
        and all(unicodedata.category(char)[0] in "LM" or char in NAME_PUNCTUATION for char in text)
    )


def name_characters(form, field):
    if not is_name(field.data):
        raise ValidationError(ERRORS["name_characters"])


class LinkedError(Markup):
    """An error message with links (a phone number to tap), and a short text for the error
    summary, which links to the field: the whole paragraph would be too long there."""

    def __new__(cls, html, summary):
        error = super().__new__(cls, html)
        error.summary = summary
        return error


class NoMedicalDetails:
    """A message with medical details is refused (e-mail is no place for them), quoting each
    detail found, so the patient knows exactly what to change. Urgent ones get help first."""

    def __call__(self, form, field):
        if field.errors or not field.data:
            return  # say what is wrong with the message's length first
        findings = screen(field.data)
        if not findings:
            return
        if any(f.category == "urgent" for f in findings):
            field.errors.append(self.urgent())  # before the request to edit, as its own message
        raise ValidationError(self.message(findings, current_app.config))

    @staticmethod
    def urgent() -> LinkedError:
        # Our own HTML, from wording.py; nothing of the patient's is in it (hence nosec: bandit's
        # B704 warns of Markup on anything but a literal).
        return LinkedError(Markup(MEDICAL["urgent"]), str(MEDICAL["urgent_summary"]))  # nosec

    def message(self, findings, config) -> LinkedError:
        named = []
        for finding in findings:
            kind = MEDICAL_KINDS.get(finding.category, MEDICAL_KINDS[None])
            part = MEDICAL["quoted"].format(kind=kind, excerpt=finding.excerpt)
            if part not in named:
                named.append(part)
        listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + MEDICAL["and"] + named[-1]
        # Our own HTML, from wording.py (nosec: as in urgent()); Markup.format escapes the patient's words.
        html = Markup(MEDICAL["remove"]).format(  # nosec
            listed=listed, href=phone_href(config), phone=config["CLINIC_PHONE"]
        )
        return LinkedError(html, str(MEDICAL["remove_summary"]))


def required_choice(label, choices, message):
    """Radios that must be answered with one of their own values (a crafted value gets the same message)."""
    return RadioField(
        label,
        choices=choices,
        validate_choice=False,
        validators=[InputRequired(message), AnyOf([c.value for c in choices], message)],
    )


class ConsultationForm(FlaskForm):
    name = StringField(
        LABELS["name"],
        filters=[one_line(LABELS["name"])],
        validators=[
            DataRequired(ERRORS["name_missing"]),
            Length(min=NAME_MIN, message=filled(ERRORS["name_too_short"], min=NAME_MIN)),
            Length(max=NAME_MAX, message=filled(ERRORS["name_too_long"], max=NAME_MAX)),
            name_characters,
        ],
    )
    email = EmailField(
        LABELS["email"],
        description=HINTS["email"],
        filters=[one_line(LABELS["email"])],
        validators=[DataRequired(ERRORS["email_missing"]), email_address],
    )
    phone = TelField(
        LABELS["phone"],
        description=HINTS["phone"],
        filters=[one_line(LABELS["phone"])],
        validators=[DataRequired(ERRORS["phone_missing"]), us_phone],
    )
    contact_method = required_choice(LABELS["contact_method"], CONTACT_METHODS, ERRORS["contact_method_missing"])
    patient_status = required_choice(LABELS["patient_status"], PATIENT_STATUSES, ERRORS["patient_status_missing"])
    message = TextAreaField(
        LABELS["message"],
        description=HINTS["message"],
        filters=[paragraphs],
        validators=[
            DataRequired(ERRORS["message_missing"]),
            Length(min=MESSAGE_MIN, message=filled(ERRORS["message_too_short"], min=MESSAGE_MIN)),
            Length(max=MESSAGE_MAX, message=filled(ERRORS["message_too_long"], max=MESSAGE_MAX)),
            NoMedicalDetails(),
        ],
    )
    consent = BooleanField(LABELS["consent"], validators=[ticked])
    # A honeypot: only a robot fills it in. A browser's autofill must not, or a patient's request
    # would be dropped: it is not rendered at all (`hidden`), so no browser offers to fill it, and
    # its name and label match nothing autofill looks for (name, address, phone, e-mail, URL).
    leave_blank = StringField(LABELS["leave_blank"])
    # One id per filled-in form, so a second submit of the same form (a double tap, or Back
    # and Send again) does not send the request twice.
    form_id = StringField(filters=[lambda v: v if v and re.fullmatch(r"[A-Za-z0-9_-]{16,64}", v) else None])

    # The order the error summary lists problems in: the order of the fields on the page.
    FIELDS = ("name", "email", "phone", "contact_method", "patient_status", "message", "consent")

    def visible_errors(self):
        """The errors shown, by field: the first of each, except the message's, whose urgent
        advice comes before the request to edit. The summary and the fields both show these."""
        return {name: self[name].errors if name == "message" else self[name].errors[:1] for name in self.FIELDS}
