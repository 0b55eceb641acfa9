"""The consultation request form: its fields, how input is cleaned, and what each error says.

Error messages follow the GOV.UK pattern: say what to do, in plain words.
"""
import re
import unicodedata

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from markupsafe import Markup
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, RadioField, SelectChoice, StringField, TelField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, StopValidation, ValidationError

from ..screening import screen
from ..settings import phone_href
from ..screening.normalise import without_invisibles

NAME_MIN, NAME_MAX = 2, 100
MESSAGE_MIN, MESSAGE_MAX = 10, 2000

CONTACT_METHODS = [SelectChoice("phone", "Phone"), SelectChoice("email", "Email")]
PATIENT_STATUSES = [SelectChoice("new", "New patient"), SelectChoice("existing", "Existing patient")]

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


def _reject_hidden(value, what, pattern=HIDDEN):
    if value and pattern.search(value):
        raise ValueError(f"{what} contains hidden characters that can’t be sent: "
                         "retype any part you copied and pasted")


def one_line(what):
    """A filter for single-line fields: NFC, trimmed, inner whitespace to one space."""
    def clean(value):
        if value is None:
            return value
        _reject_hidden(value, what, HIDDEN_IN_LINE)
        return " ".join(unicodedata.normalize("NFC", without_invisibles(value)).split())
    return clean


def paragraphs(value):
    """A filter for the message: keep line breaks, trim each line, at most one blank line in a row."""
    if value is None:
        return value
    _reject_hidden(value, "Your message")
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
        raise ValidationError("Enter a US phone number, like 704 555 0123")
    field.data = f"+1 {digits[:3]}-{digits[3:6]}-{digits[6:]}"


def email_address(form, field):
    try:
        # No DNS look-up: it would make the form slow and fail when the resolver is down.
        checked = validate_email(field.data, check_deliverability=False)
    except EmailNotValidError:
        raise ValidationError("Enter an email address in the correct format, like name@example.com")
    if checked.ascii_email is None:
        # An accented name before the @ needs SMTPUTF8, which few clinic mail servers accept.
        raise ValidationError("Enter an email address without accents before the @, like jose@example.com")
    field.data = checked.normalized


def ticked(form, field):
    # Only the checkbox's own value counts: a crafted "no" must not read as consent.
    if field.raw_data != ["y"]:
        raise StopValidation("Confirm that you understand this form is for non-medical questions only "
                             "and is not for emergencies")


def is_name(text):
    """A letter first, then letters of any script with their marks (Unicode M: the vowel signs
    of Devanagari, Tamil or Thai are marks, not letters) and NAME_PUNCTUATION."""
    return bool(text) and unicodedata.category(text[0])[0] == "L" and all(
        unicodedata.category(char)[0] in "LM" or char in NAME_PUNCTUATION for char in text)


def name_characters(form, field):
    if not is_name(field.data):
        raise ValidationError("Full name must only include letters, spaces, hyphens, apostrophes and full stops")


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

    URGENT = LinkedError(Markup("If you need help now, call <a href=\"tel:911\">911</a>, or call or text "
                                "<a href=\"tel:988\">988</a> for the Suicide &amp; Crisis Lifeline. "
                                "Please don’t wait for an answer to this form."),
                         "If you need help now, call 911, or call or text 988")
    SUMMARY = "Remove medical details from your message"
    # How the message names each kind of detail the screening finds.
    NAMES = {
        "medication": "a medicine",
        "dose": "a dose",
        "symptom": "a symptom",
        "condition": "a health condition",
        "test_result": "a test result",
        "procedure": "a treatment or procedure",
        "injury": "an injury",
        "pregnancy": "a pregnancy",
        "mental_health": "how you are feeling",
        "advice_request": "a question about your own treatment",
        "identifier": "an ID number",
        "urgent": "something that may need urgent help",
    }

    def __call__(self, form, field):
        if field.errors or not field.data:
            return  # say what is wrong with the message's length first
        findings = screen(field.data)
        if not findings:
            return
        if any(f.category == "urgent" for f in findings):
            field.errors.append(self.URGENT)  # before the request to edit, as its own message
        raise ValidationError(self.message(findings, current_app.config["CLINIC_PHONE"]))

    def message(self, findings, phone: str) -> LinkedError:
        named = []
        for finding in findings:
            part = f"{self.NAMES.get(finding.category, 'a health detail')} (“{finding.excerpt}”)"
            if part not in named:
                named.append(part)
        listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
        # Markup.format escapes what the patient wrote.
        html = Markup("Your message mentions {listed}. Please remove medical details: we will discuss "
                      "your health at your visit, or call us on <a href=\"{href}\">{phone}</a>.")
        return LinkedError(html.format(listed=listed, href=phone_href(phone), phone=phone), self.SUMMARY)


def required_choice(label, choices, message):
    """Radios that must be answered with one of their own values (a crafted value gets the same message)."""
    return RadioField(label, choices=choices, validate_choice=False,
                      validators=[InputRequired(message), AnyOf([c.value for c in choices], message)])


class ConsultationForm(FlaskForm):
    name = StringField(
        "Full name",
        filters=[one_line("Full name")],
        validators=[
            DataRequired("Enter your full name"),
            Length(min=NAME_MIN, message=f"Full name must be {NAME_MIN} characters or more"),
            Length(max=NAME_MAX, message=f"Full name must be {NAME_MAX} characters or fewer"),
            name_characters,
        ],
    )
    email = EmailField(
        "Email address",
        filters=[one_line("Email address")],
        validators=[DataRequired("Enter your email address"), email_address],
    )
    phone = TelField(
        "Phone number",
        filters=[one_line("Phone number")],
        validators=[DataRequired("Enter your phone number"), us_phone],
    )
    contact_method = required_choice("How should we contact you?", CONTACT_METHODS,
                                     "Select how we should contact you")
    patient_status = required_choice("Are you a new or existing patient?", PATIENT_STATUSES,
                                     "Select whether you are a new or existing patient")
    message = TextAreaField(
        "Your question or message",
        filters=[paragraphs],
        validators=[
            DataRequired("Enter your question or message"),
            Length(min=MESSAGE_MIN, message=f"Your message must be {MESSAGE_MIN} characters or more"),
            Length(max=MESSAGE_MAX, message=f"Your message must be {MESSAGE_MAX:,} characters or fewer"),
            NoMedicalDetails(),
        ],
    )
    consent = BooleanField(
        "I understand this form is for non-medical questions only and is not for emergencies",
        validators=[ticked],
    )
    # A honeypot: only a robot fills it in. A browser's autofill must not, or a patient's request
    # would be dropped: it is not rendered at all (`hidden`), so no browser offers to fill it, and
    # its name and label match nothing autofill looks for (name, address, phone, e-mail, URL).
    leave_blank = StringField("Leave this empty")
    # One id per filled-in form, so a second submit of the same form (a double tap, or Back
    # and Send again) does not send the request twice.
    form_id = StringField(filters=[lambda v: v if v and re.fullmatch(r"[A-Za-z0-9_-]{16,64}", v) else None])

    # The order the error summary lists problems in: the order of the fields on the page.
    FIELDS = ("name", "email", "phone", "contact_method", "patient_status", "message", "consent")
