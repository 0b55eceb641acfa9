"""What the site says to a patient, outside the pages' Markdown: the form's labels, hints and
errors, the notices above the form, and the error pages. Kept together so that whoever edits
the wording finds all of it here, in the GOV.UK style: say what to do, in plain words.

Placeholders in braces ({phone}, {min}) are filled in where the words are used.
"""

# The consultation form. Labels are fixed by interfaces.md: change them only there first.
LABELS = {
    "name": "Full name",
    "email": "Email address",
    "phone": "Phone number",
    "contact_method": "How should we contact you?",
    "patient_status": "Are you a new or existing patient?",
    "message": "Your question or message",
    "consent": "I understand this form is for non-medical questions only and is not for emergencies",
    "leave_blank": "Leave this empty",
}
CHOICES = {
    "contact_method": {"phone": "Phone", "email": "Email"},
    "patient_status": {"new": "New patient", "existing": "Existing patient"},
}
HINTS = {
    "email": "We’ll only use this to reply to you.",
    "phone": "A US number, like 704 555 0123.",
    "message": (
        "For example, the days and times that suit you, or a question about insurance or your "
        "visit. Please don’t include medical details."
    ),
}

# One message per problem; the form shows the first problem of each field (see consultation).
ERRORS = {
    "name_missing": "Enter your full name",
    "name_too_short": "Full name must be {min} characters or more",
    "name_too_long": "Full name must be {max} characters or fewer",
    "name_characters": "Full name must only include letters, spaces, hyphens, apostrophes and full stops",
    "email_missing": "Enter your email address",
    "email_format": "Enter an email address in the correct format, like name@example.com",
    "email_accents": "Enter an email address without accents before the @, like jose@example.com",
    "phone_missing": "Enter your phone number",
    "phone_format": "Enter a US phone number, like 704 555 0123",
    "contact_method_missing": "Select how we should contact you",
    "patient_status_missing": "Select whether you are a new or existing patient",
    "message_missing": "Enter your question or message",
    "message_too_short": "Your message must be {min} characters or more",
    "message_too_long": "Your message must be {max:,} characters or fewer",
    "consent_missing": (
        "Confirm that you understand this form is for non-medical questions only and is not for emergencies"
    ),
    "hidden_characters": "{field} contains hidden characters that can’t be sent: retype any part you copied and pasted",
    "message_hidden_characters": (
        "Your message contains hidden characters that can’t be sent: retype any part you copied and pasted"
    ),
}

# A message with medical details. The first two are HTML: their numbers are tap-to-call links.
MEDICAL = {
    "urgent": (
        'If you need help now, call <a href="tel:911">911</a>, or call or text <a href="tel:988">988</a> '
        "for the Suicide &amp; Crisis Lifeline. Please don’t wait for an answer to this form."
    ),
    "urgent_summary": "If you need help now, call 911, or call or text 988",
    "remove": (
        "Your message mentions {listed}. Please remove medical details: we will discuss your health "
        'at your visit, or call us on <a href="{href}">{phone}</a>.'
    ),
    "remove_summary": "Remove medical details from your message",
    "and": " and ",
    "quoted": "{kind} (“{excerpt}”)",
}
# How the message names each kind of detail the screening finds.
MEDICAL_KINDS = {
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
    None: "a health detail",
}

# Above the form when it could not be sent, with everything typed kept.
NOTICES = {
    "expired": (
        "We couldn’t send your request because the page was open for a long time. "
        "Your answers are still here: check them and select Send request again."
    ),
    "no_cookies": (
        "We couldn’t send your request because your browser didn’t send back this website’s "
        "cookie, which keeps the form safe while you fill it in. If your browser blocks cookies, "
        "please allow them for this website. Your answers are still here: select Send request again."
    ),
    "too_many": (
        "You have sent several requests in a short time, so we couldn’t send this one. "
        "Please wait an hour and try again, or call us on {phone}."
    ),
    "not_queued": (
        "Sorry, a problem with our website stopped us from sending your request. "
        "Your answers are still here: please try again in a few minutes, or call us on {phone}."
    ),
}

# The error pages: a heading and what to do.
ERROR_PAGES = {
    400: ("Something went wrong with that request", "Please go back and try again."),
    404: (
        "Page not found",
        "If you typed the web address, check it is correct. If you followed a link, it may be out of date.",
    ),
    405: ("That didn’t work", "Please go back and try again."),
    413: ("That was too much to send", "Please make your message shorter and try again."),
    415: ("That didn’t work", "Please go back, fill in the form on the page and try again."),
    429: ("Too many attempts", "Please wait a few minutes and try again, or call us."),
    500: ("Sorry, there is a problem with the website", "Please try again later, or call us."),
}
ERROR_PAGE_OTHER = "Please go back and try again."

# The reading-preferences toolbar. The buttons' names are fixed by interfaces.md.
TOOLBAR_BUTTONS = {
    "bigger": "Bigger text",
    "smaller": "Smaller text",
    "high-contrast": "High contrast",
    "dark-contrast": "Dark contrast",
    "light-background": "Light background",
    "grayscale": "Grayscale",
    "underline-links": "Underline links",
    "readable-font": "Readable font",
    "text-spacing": "Text spacing",
    "stop-animations": "Stop animations",
    "reset": "Reset",
}
# What a screen reader is told after a button is pressed.
TOOLBAR_SAYS = {
    "size": "Text size {size}%",
    "largest": "Text is already at its largest size",
    "smallest": "Text is already at its smallest size",
    "on": "{name} on",
    "off": "{name} off",
    "reset": "Reading preferences reset",
}
