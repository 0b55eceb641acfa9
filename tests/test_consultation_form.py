"""The consultation form: its fields, its errors, and what it refuses, against a real SMTP server."""

import re

import pytest

from htmlpage import Page
from support import VALID_REQUEST, form_tokens, submit, tokens_in, wait_for


def page_of(response):
    return Page(response.get_data(as_text=True))


def test_form_fields_labels_and_types(client):
    html = client.get("/consultation").get_data(as_text=True)
    page = Page(html)
    inputs = {a.get("name"): a for tag, a in page.elements if tag in ("input", "textarea")}
    assert inputs["name"]["autocomplete"] == "name"
    assert inputs["email"]["type"] == "email" and inputs["email"]["autocomplete"] == "email"
    assert inputs["phone"]["type"] == "tel" and inputs["phone"]["autocomplete"] == "tel"
    assert inputs["phone"]["inputmode"] == "tel"
    assert inputs["consent"]["type"] == "checkbox" and inputs["consent"]["value"] == "y"
    for label in (
        "Full name",
        "Email address",
        "Phone number",
        "Your question or message",
        "I understand this form is for non-medical questions only and is not for emergencies",
    ):
        assert re.search(rf'<label class="[\w-]+" for="\w+">{label}</label>', html), label
    for legend in ("How should we contact you?", "Are you a new or existing patient?"):
        assert f'<legend class="legend">{legend}</legend>' in html
    assert [a["value"] for t, a in page.elements if t == "input" and a.get("name") == "contact_method"] == [
        "phone",
        "email",
    ]
    assert [a["value"] for t, a in page.elements if t == "input" and a.get("name") == "patient_status"] == [
        "new",
        "existing",
    ]
    # Said once, in words, above the first field; no asterisks to decode.
    assert html.count("All fields are required.") == 1
    assert html.index("All fields are required.") < html.index('id="name"')
    assert "*" not in page.text
    assert "Please include non-medical questions and correspondence only." in page.text
    assert "e-mail is not a private channel" in page.text
    assert "If this is an emergency, call 911." in page.text


def test_valid_request_arrives_once_with_every_field(mail_app, inbox):
    client = mail_app.test_client()
    response = submit(client)
    assert response.status_code == 303 and response.location.endswith("/consultation/sent")
    sent = client.get("/consultation/sent").get_data(as_text=True)
    reference = re.search(r'<strong class="reference">(\w{6})</strong>', sent).group(1)
    assert wait_for(lambda: len(inbox.envelopes) == 1)
    envelope = inbox.envelopes[0]
    assert envelope.mail_from == "website@clinic.example.org"
    assert envelope.rcpt_tos == ["desk@clinic.example.org"]  # never an automatic reply to the patient
    message = inbox.messages()[0]
    assert message["From"] == "website@clinic.example.org"
    assert message["To"] == "desk@clinic.example.org"
    assert message["Reply-To"] == "Maria Lopez <maria@example.com>"
    assert message["Subject"] == f"Consultation request from Maria Lopez ({reference})"
    assert message["Message-ID"] and message["Date"]
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for expected in (
        "Full name: Maria Lopez",
        "Email address: maria@example.com",
        "Phone number: +1 704-555-0123",
        "How should we contact you?: Phone",
        "Are you a new or existing patient?: New patient",
        VALID_REQUEST["message"],
    ):
        assert expected in text
    assert re.search(r"Received \w+day, \w+ \d+, \d{4} at \d+:\d\d [AP]M E[SD]T", text)
    assert "Maria Lopez" in html and VALID_REQUEST["message"] in html
    # Refreshing the confirmation page sends nothing more.
    client.get("/consultation/sent")
    mail_app.extensions["outbox_sender"].wake()
    assert not wait_for(lambda: len(inbox.envelopes) > 1, timeout=1)


REQUIRED = {
    "name": "Enter your full name",
    "email": "Enter your email address",
    "phone": "Enter your phone number",
    "contact_method": "Select how we should contact you",
    "patient_status": "Select whether you are a new or existing patient",
    "message": "Enter your question or message",
    "consent": "Confirm that you understand this form is for non-medical questions only",
}


@pytest.mark.parametrize("field", REQUIRED)
def test_each_required_field(mail_app, inbox, field):
    client = mail_app.test_client()
    response = submit(client, **{field: None})
    assert response.status_code == 200
    page = page_of(response)
    assert page.title.startswith("Error: ")
    assert REQUIRED[field] in page.text
    anchor = f"#{field}-0" if field in ("contact_method", "patient_status") else f"#{field}"
    assert anchor in page.links  # the error summary links to the field
    assert len([e for e in page.elements if e[1].get("class") == "error-message"]) == 1
    # Everything else the patient typed is still there.
    html = response.get_data(as_text=True)
    for other, value in VALID_REQUEST.items():
        if other in ("name", "email") and other != field:
            assert f'value="{value}"' in html
    if field != "message":
        assert VALID_REQUEST["message"] in html
    assert_nothing_sent(mail_app, inbox)


INVALID = [
    ("name", "J", "Full name must be 2 characters or more"),
    ("name", "x" * 101, "Full name must be 100 characters or fewer"),
    ("name", "R2D2", "Full name must only include letters"),
    ("name", "Maria 😀", "Full name must only include letters"),
    ("email", "maria@", "Enter an email address in the correct format, like name@example.com"),
    ("email", "maria example.com", "Enter an email address in the correct format"),
    ("email", "maría@example.com", "Enter an email address without accents before the @"),
    ("phone", "555 0123", "Enter a US phone number, like 704 555 0123"),
    ("phone", "+44 20 7946 0958", "Enter a US phone number"),
    ("phone", "123 456 7890", "Enter a US phone number"),
    ("contact_method", "fax", "Select how we should contact you"),
    ("patient_status", "maybe", "Select whether you are a new or existing patient"),
    ("message", "Hi there", "Your message must be 10 characters or more"),
    ("message", "a" * 2001, "Your message must be 2,000 characters or fewer"),
    ("message", "Hello\x07 can I book?", "Your message contains hidden characters"),
    ("name", "Maria\x00Lopez", "Full name contains hidden characters"),
    ("consent", "no", "Confirm that you understand"),
]


@pytest.mark.parametrize("field, value, error", INVALID)
def test_each_invalid_value(mail_app, inbox, field, value, error):
    client = mail_app.test_client()
    response = submit(client, **{field: value})
    page = page_of(response)
    assert page.title.startswith("Error: ")
    assert error in page.text
    control = next(a for t, a in page.elements if a.get("id") in (field, f"{field}-0"))
    if field not in ("contact_method", "patient_status"):
        assert control.get("aria-invalid") == "true"
        assert f"{field}-error" in control["aria-describedby"].split()
    assert_nothing_sent(mail_app, inbox)


def assert_nothing_sent(app, inbox):
    from microsite.outbox import Outbox

    assert Outbox(app.config["OUTBOX_DIR"]).status()["pending"] == 0
    app.extensions["outbox_sender"].wake()
    assert not wait_for(lambda: inbox.envelopes, timeout=0.3)


def test_error_summary_takes_focus_and_lists_every_problem(client):
    response = client.post("/consultation", data=form_tokens(client))
    html = response.get_data(as_text=True)
    summary = re.search(r'<div class="error-summary" tabindex="-1" autofocus>(.*?)</div>\s*</div>', html, re.S)
    assert summary, "the error summary comes first and takes focus"
    links = re.findall(r'<a href="#([\w-]+)">', summary.group(1))
    assert links == ["name", "email", "phone", "contact_method-0", "patient_status-0", "message", "consent"]
    assert html.index("error-summary") < html.index("<h1>")


@pytest.mark.parametrize("typed", ["(704) 555-0123", "704.555.0123", "+1 704 555 0123", "1-704-555-0123", "7045550123"])
def test_phone_is_sent_in_one_normal_form(mail_app, inbox, typed):
    assert submit(mail_app.test_client(), phone=typed).status_code == 303
    assert wait_for(lambda: inbox.envelopes)
    assert "Phone number: +1 704-555-0123" in inbox.messages()[0].get_body(("plain",)).get_content()


def test_whitespace_is_trimmed_and_lines_kept(mail_app, inbox):
    message = "  Hello,\r\n\r\n\r\n\r\nCan I   book a Tuesday?   \r\nThanks 😀  "
    assert submit(mail_app.test_client(), name="  Maria   Lopez ", message=message).status_code == 303
    assert wait_for(lambda: inbox.envelopes)
    text = inbox.messages()[0].get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert "Full name: Maria Lopez\n" in text
    assert "Hello,\n\nCan I book a Tuesday?\nThanks 😀\n" in text


def test_names_and_addresses_outside_ascii(mail_app, inbox):
    response = submit(mail_app.test_client(), name="José Müller", email="jose@bücher.example")
    assert response.status_code == 303
    assert wait_for(lambda: inbox.envelopes)
    message = inbox.messages()[0]
    assert message["Reply-To"] == "José Müller <jose@xn--bcher-kva.example>"
    assert "José Müller" in message["Subject"]
    assert "Full name: José Müller" in message.get_body(("plain",)).get_content()


@pytest.mark.parametrize(
    "field, value",
    [
        ("name", "Maria\r\nBcc: victim@example.org"),
        ("name", "=?utf-8?q?Bcc=3A_victim=40example=2Eorg?="),
        ("name", "Maria <victim@example.org>"),
        ("email", "maria@example.com\r\nBcc: victim@example.org"),
        ("email", "maria@example.com, victim@example.org"),
    ],
)
def test_header_injection_is_refused(mail_app, inbox, field, value):
    response = submit(mail_app.test_client(), **{field: value})
    assert response.status_code == 200 and page_of(response).title.startswith("Error: ")
    assert_nothing_sent(mail_app, inbox)


def test_html_in_the_message_is_shown_as_text(mail_app, inbox):
    # (not <script>: "script" is also a prescription, which the screening rightly refuses)
    text = "<b>Bold</b> & <img src=x onerror=alert(1)> see you Tuesday"
    assert submit(mail_app.test_client(), message=text).status_code == 303
    assert wait_for(lambda: inbox.envelopes)
    html = inbox.messages()[0].get_body(("html",)).get_content()
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; &lt;img src=x onerror=alert(1)&gt;" in html
    assert "<img" not in html


@pytest.mark.parametrize("token", [None, "not-a-token"])
def test_missing_or_wrong_csrf_token_keeps_what_was_typed(mail_app, inbox, token):
    client = mail_app.test_client()
    tokens = form_tokens(client)
    response = submit(client, tokens={"form_id": tokens["form_id"], "csrf_token": token})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "page was open for a long time" in html
    assert 'value="Maria Lopez"' in html and VALID_REQUEST["message"] in html
    assert_nothing_sent(mail_app, inbox)


def test_expired_session_then_second_submit_works(mail_app, inbox):
    patient = mail_app.test_client()
    tokens = form_tokens(patient)
    patient.delete_cookie("session")  # the session ended while the patient was writing
    response = submit(patient, tokens=tokens)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    for value in ("Maria Lopez", "maria@example.com", VALID_REQUEST["message"]):
        assert value in html
    assert re.search(r'value="phone" checked', html) and re.search(r'value="new" checked', html)
    assert re.search(r'name="consent" type="checkbox" value="y" checked', html)
    new_token = tokens_in(html)["csrf_token"]
    assert submit(patient, tokens={"csrf_token": new_token, "form_id": tokens["form_id"]}).status_code == 303
    assert wait_for(lambda: len(inbox.envelopes) == 1)


def test_https_without_referer_is_accepted(mail_app, inbox):
    client = mail_app.test_client()
    html = client.get("/consultation", base_url="https://localhost").get_data(as_text=True)
    token = tokens_in(html)["csrf_token"]
    response = client.post("/consultation", base_url="https://localhost", data={**VALID_REQUEST, "csrf_token": token})
    assert response.status_code == 303
    assert wait_for(lambda: len(inbox.envelopes) == 1)


def test_honeypot_sends_nothing(mail_app, inbox):
    response = submit(mail_app.test_client(), leave_blank="http://spam.example")
    assert response.status_code == 303
    assert_nothing_sent(mail_app, inbox)


def test_honeypot_is_not_rendered_so_no_person_or_autofill_fills_it(client):
    # Not rendered even without the stylesheet: browsers offer autofill only in fields they show.
    html = client.get("/consultation").get_data(as_text=True)
    assert re.search(r'<div hidden>\s*<label for="leave_blank">Leave this empty</label>', html)
    assert 'name="leave_blank" type="text" tabindex="-1" autocomplete="off"' in html


def test_submitting_one_form_twice_sends_once(mail_app, inbox):
    client = mail_app.test_client()
    tokens = form_tokens(client)
    assert submit(client, tokens=tokens).status_code == 303
    assert submit(client, tokens=tokens).status_code == 303  # Back, then Send again
    box = mail_app.extensions["outbox"]
    assert wait_for(
        lambda: box.status() | {"oldest_age": None} == {"pending": 0, "delivered": 1, "failed": 0, "oldest_age": None}
    )
    assert len(inbox.envelopes) == 1  # nothing left in the outbox that could follow


def test_confirmation_page_without_a_request_goes_to_the_form(client):
    response = client.get("/consultation/sent")
    assert response.status_code == 303 and response.location.endswith("/consultation")


def test_a_huge_body_gets_413_in_site_layout(client):
    response = client.post("/consultation", data={**VALID_REQUEST, "message": "x" * 1_000_000})
    assert response.status_code == 413
    page = page_of(response)
    assert page.headings[0] == (1, "That was too much to send") and "main" in page.ids


def test_rate_limit_keeps_what_was_typed(tmp_path, inbox):
    from support import make_app

    app = make_app(tmp_path, RATELIMIT_ENABLED=True, MAIL_SERVER="127.0.0.1", MAIL_PORT=inbox.port)
    client = app.test_client()
    try:
        for _ in range(5):
            assert submit(client).status_code == 303
        response = submit(client)
        assert response.status_code == 429
        html = response.get_data(as_text=True)
        assert "You have sent several requests in a short time" in html
        assert 'value="Maria Lopez"' in html and VALID_REQUEST["message"] in html
        # Mistakes don't count towards the limit on requests sent.
        assert submit(client, email="nope").status_code == 429
    finally:
        app.extensions["outbox_sender"].stop()


def test_medical_findings_are_quoted_back(client, monkeypatch):
    from microsite.consultation import forms
    from microsite.screening import Finding

    monkeypatch.setattr(
        forms,
        "screen",
        lambda text: [Finding("urgent", "cannot control my bladder"), Finding("medication", "gabapentin 300 mg")],
    )
    response = submit(client, message="I take gabapentin 300 mg and cannot control my bladder")
    page = page_of(response)
    assert page.title.startswith("Error: ")
    text = page.text
    urgent = text.index("If you need help now, call 911, or call or text 988")
    edit = text.index(
        "Your message mentions something that may need urgent help (“cannot control my bladder”) "
        "and a medicine (“gabapentin 300 mg”). Please remove medical details"
    )
    assert urgent < edit
    assert "gabapentin 300 mg and cannot control my bladder</textarea>" in response.get_data(as_text=True)


def test_medical_details_message_links_the_phone_and_keeps_the_summary_short(client, monkeypatch):
    from microsite.consultation import forms
    from microsite.screening import Finding

    monkeypatch.setattr(
        forms, "screen", lambda text: [Finding("urgent", "I can't go on"), Finding("medication", "<b>oxycodone</b>")]
    )
    response = submit(client, message="I can't go on, the <b>oxycodone</b> is not enough")
    html = response.get_data(as_text=True)
    summary = html[
        html.index('<ul class="error-summary-list">') : html.index("</ul>", html.index("error-summary-list"))
    ]
    # The summary: a short link to the field for each message, no links inside links.
    assert re.findall(r'<a href="#message">([^<]*)</a>', summary) == [
        "If you need help now, call 911, or call or text 988",
        "Remove medical details from your message",
    ]
    # By the field: the whole message, with numbers to tap, and the patient's words escaped.
    assert '<a href="tel:911">911</a>' in html and '<a href="tel:988">988</a>' in html
    assert 'call us on <a href="tel:+17045550123">(704) 555-0123</a>.' in html
    assert "a medicine (“&lt;b&gt;oxycodone&lt;/b&gt;”)" in html and "<b>oxycodone" not in html


def test_a_browser_that_refuses_cookies_is_told_so(client):
    tokens = form_tokens(client)
    client.delete_cookie("session")
    client.delete_cookie("reading")
    response = submit(client, tokens=tokens)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "your browser didn’t send back this website’s cookie" in html
    assert "If your browser blocks cookies, please allow them" in html and "page was open for a long time" not in html
    assert 'value="Maria Lopez"' in html


def test_real_screening_quotes_the_medical_words(mail_app, inbox):
    client = mail_app.test_client()
    response = submit(client, message="been on gabapentin 300mg 3x a day and my legs still tingle")
    text = page_of(response).text
    assert page_of(response).title.startswith("Error: ")
    assert "Your message mentions a medicine (“been on gabapentin”), a dose (“300mg”)" in text
    assert "a symptom (“my legs still tingle”)" in text
    assert "Please remove medical details" in text and "(704) 555-0123" in text
    assert_nothing_sent(mail_app, inbox)


def test_real_screening_puts_urgent_help_first(client):
    response = submit(client, message="Since yesterday I cannot control my bladder, can I come in?")
    text = page_of(response).text
    assert text.index("If you need help now, call 911") < text.index("Your message mentions")


@pytest.mark.parametrize(
    "message",
    [
        "Is Dr. Manvar accepting new patients? I would like to book.",
        "Do you offer epidural injections? I read your article on gabapentin.",
        "Parking is a pain downtown, is there a garage near you?",
    ],
)
def test_ordinary_questions_go_through(mail_app, inbox, message):
    assert submit(mail_app.test_client(), message=message).status_code == 303
    assert wait_for(lambda: inbox.envelopes)


def test_invisible_characters_are_removed_before_sending(mail_app, inbox):
    """Pasted text can carry soft hyphens, zero-width and bidirectional marks: the clinic gets
    the words as the patient saw them."""
    hidden = "Could I have an app\u00adointment on a Tues\u200bday? \u202eThanks\u202c"
    response = submit(mail_app.test_client(), name="Maria\u200d Lopez", message=hidden)
    assert response.status_code == 303
    assert wait_for(lambda: inbox.envelopes)
    message = inbox.messages()[0]
    text = message.get_body(("plain",)).get_content()
    assert "Could I have an appointment on a Tuesday? Thanks" in text
    assert "Full name: Maria Lopez" in text
    assert not re.search("[\u00ad\u200b-\u200f\u202a-\u202e]", text + message["Subject"])


def test_a_word_split_by_an_invisible_character_is_still_found(client):
    response = submit(client, message="Can I double my gaba\u00adpentin before the visit?")
    text = page_of(response).text
    assert "Your message mentions" in text and "gabapentin" in text
