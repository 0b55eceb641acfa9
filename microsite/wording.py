"""What the site says to a patient, outside the pages' Markdown: the form's labels, hints and
errors, the notices above the form, and the error pages. Kept together so that whoever edits
the wording finds all of it here, in the GOV.UK style: say what to do, in plain words.

Every string is marked for translation (lazy_gettext: it is translated when it is shown, in
the language of the page); the Spanish is in microsite/translations/es/LC_MESSAGES/messages.po.
Placeholders in braces ({phone}, {min}) are filled in where the words are used, after
translation, so a translation keeps them as they are.
"""

from flask_babel import LazyString, format_decimal
from flask_babel import lazy_gettext as _l


def filled(text, **values):
    """`text` with its placeholders filled in, translated only when shown: for words fixed
    before any request, such as a validator's message. Numbers are written the language's way."""

    def fill():
        written = {name: format_decimal(value) if isinstance(value, int) else value for name, value in values.items()}
        return str(text).format(**written)

    return LazyString(fill)


# The consultation form. Labels are fixed by interfaces.md: change them only there first.
LABELS = {
    "name": _l("Full name"),
    "email": _l("Email address"),
    "phone": _l("Phone number"),
    "contact_method": _l("How should we contact you?"),
    "patient_status": _l("Are you a new or existing patient?"),
    "message": _l("Your question or message"),
    "consent": _l("I understand this form is for non-medical questions only and is not for emergencies"),
    "leave_blank": _l("Leave this empty"),
}
CHOICES = {
    "contact_method": {"phone": _l("Phone"), "email": _l("Email")},
    "patient_status": {"new": _l("New patient"), "existing": _l("Existing patient")},
}
HINTS = {
    "email": _l("We’ll only use this to reply to you."),
    "phone": _l("A US number, like 704 555 0123."),
    "message": _l(
        "For example, the days and times that suit you, or a question about insurance or your "
        "visit. Please don’t include medical details."
    ),
}

# One message per problem; the form shows the first problem of each field (see consultation).
ERRORS = {
    "name_missing": _l("Enter your full name"),
    "name_too_short": _l("Full name must be {min} characters or more"),
    "name_too_long": _l("Full name must be {max} characters or fewer"),
    "name_characters": _l("Full name must only include letters, spaces, hyphens, apostrophes and full stops"),
    "email_missing": _l("Enter your email address"),
    "email_format": _l("Enter an email address in the correct format, like name@example.com"),
    "email_accents": _l("Enter an email address without accents before the @, like jose@example.com"),
    "phone_missing": _l("Enter your phone number"),
    "phone_format": _l("Enter a US phone number, like 704 555 0123"),
    "contact_method_missing": _l("Select how we should contact you"),
    "patient_status_missing": _l("Select whether you are a new or existing patient"),
    "message_missing": _l("Enter your question or message"),
    "message_too_short": _l("Your message must be {min} characters or more"),
    "message_too_long": _l("Your message must be {max} characters or fewer"),
    "consent_missing": _l(
        "Confirm that you understand this form is for non-medical questions only and is not for emergencies"
    ),
    "hidden_characters": _l(
        "{field} contains hidden characters that can’t be sent: retype any part you copied and pasted"
    ),
    "message_hidden_characters": _l(
        "Your message contains hidden characters that can’t be sent: retype any part you copied and pasted"
    ),
}

# A message with medical details. The first two are HTML: their numbers are tap-to-call links.
MEDICAL = {
    "urgent": _l(
        'If you need help now, call <a href="tel:911">911</a>, or call or text <a href="tel:988">988</a> '
        "for the Suicide &amp; Crisis Lifeline. Please don’t wait for an answer to this form."
    ),
    "urgent_summary": _l("If you need help now, call 911, or call or text 988"),
    "remove": _l(
        "Your message mentions {listed}. Please remove medical details: we will discuss your health "
        'at your visit, or call us on <a href="{href}">{phone}</a>.'
    ),
    "remove_summary": _l("Remove medical details from your message"),
    "and": _l(" and "),
    "quoted": _l("{kind} (“{excerpt}”)"),
}
# How the message names each kind of detail the screening finds.
MEDICAL_KINDS = {
    "medication": _l("a medicine"),
    "dose": _l("a dose"),
    "symptom": _l("a symptom"),
    "condition": _l("a health condition"),
    "test_result": _l("a test result"),
    "procedure": _l("a treatment or procedure"),
    "injury": _l("an injury"),
    "pregnancy": _l("a pregnancy"),
    "mental_health": _l("how you are feeling"),
    "advice_request": _l("a question about your own treatment"),
    "identifier": _l("an ID number"),
    "urgent": _l("something that may need urgent help"),
    None: _l("a health detail"),
}

# Above the form when it could not be sent, with everything typed kept.
NOTICES = {
    "expired": _l(
        "We couldn’t send your request because the page was open for a long time. "
        "Your answers are still here: check them and select Send request again."
    ),
    "no_cookies": _l(
        "We couldn’t send your request because your browser didn’t send back this website’s "
        "cookie, which keeps the form safe while you fill it in. If your browser blocks cookies, "
        "please allow them for this website. Your answers are still here: select Send request again."
    ),
    "too_many": _l(
        "You have sent several requests in a short time, so we couldn’t send this one. "
        "Please wait an hour and try again, or call us on {phone}."
    ),
    "not_queued": _l(
        "Sorry, a problem with our website stopped us from sending your request. "
        "Your answers are still here: please try again in a few minutes, or call us on {phone}."
    ),
}

# The error pages: a heading and what to do.
ERROR_PAGES = {
    400: (_l("Something went wrong with that request"), _l("Please go back and try again.")),
    404: (
        _l("Page not found"),
        _l("If you typed the web address, check it is correct. If you followed a link, it may be out of date."),
    ),
    405: (_l("That didn’t work"), _l("Please go back and try again.")),
    413: (_l("That was too much to send"), _l("Please make your message shorter and try again.")),
    415: (_l("That didn’t work"), _l("Please go back, fill in the form on the page and try again.")),
    429: (_l("Too many attempts"), _l("Please wait a few minutes and try again, or call us.")),
    500: (_l("Sorry, there is a problem with the website"), _l("Please try again later, or call us.")),
}
ERROR_PAGE_OTHER = (_l("That didn’t work"), _l("Please go back and try again."))

# The reading-preferences toolbar. The buttons' names are fixed by interfaces.md.
TOOLBAR_BUTTONS = {
    "bigger": _l("Bigger text"),
    "smaller": _l("Smaller text"),
    "high-contrast": _l("High contrast"),
    "dark-contrast": _l("Dark contrast"),
    "light-background": _l("Light background"),
    "grayscale": _l("Grayscale"),
    "underline-links": _l("Underline links"),
    "readable-font": _l("Readable font"),
    "text-spacing": _l("Text spacing"),
    "stop-animations": _l("Stop animations"),
    "reset": _l("Reset"),
}
# What a screen reader is told after a button is pressed.
TOOLBAR_SAYS = {
    "size": _l("Text size {size}%"),
    "largest": _l("Text is already at its largest size"),
    "smallest": _l("Text is already at its smallest size"),
    "on": _l("{name} on"),
    "off": _l("{name} off"),
    "reset": _l("Reading preferences reset"),
}
