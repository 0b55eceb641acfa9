"""No input breaks a page: odd cookies, bodies and headers get a clear answer, never a 500, and
names in any script are accepted."""

import email
import email.policy
import logging

import pytest

from microsite.security import HEADERS
from support import ERROR_PAGES, PAGES, VALID_REQUEST, form_tokens, language_of, make_app, submit

ODD_COOKIES = [
    "\u00b2",  # a digit to str.isdigit(), but no number int() can read
    "\u0661\u0662\u0665",  # Arabic-Indic 125
    "-125",
    "1" * 4000,
    "dark-contrast." * 280,
    "\x00",
    "%ff%fe",
    "\ud800".encode("utf-8", "surrogatepass").decode("latin-1"),
]


@pytest.mark.parametrize("cookie", ODD_COOKIES)
def test_an_odd_reading_cookie_is_ignored_on_every_page(client, cookie):
    client.set_cookie("reading", cookie)
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        assert f'<html lang="{language_of(path)}"' in response.get_data(as_text=True), path
    assert client.get(ERROR_PAGES[0]).status_code == 404
    assert client.post("/preferences", data={"setting": "bigger"}).status_code == 303


@pytest.mark.parametrize(
    "cookie", ["not a session", "x" * 4000, ".eJwLKs5ILEpVSMxNLUpV0lFyzkxVsjI0sDAxMzYz", "\u00e9\u00e9"]
)
def test_an_odd_session_cookie_starts_a_new_session(client, cookie):
    client.set_cookie("session", cookie)
    assert client.get("/consultation").status_code == 200
    assert submit(client).status_code == 303


def test_when_the_error_page_itself_fails_a_plain_page_with_every_header_goes_out(tmp_path, monkeypatch, caplog):
    app = make_app(tmp_path, CLINIC_PHONE="(704) 555-0199", TESTING=False)  # errors handled, not raised
    app.extensions["outbox_sender"].stop()

    def broken(*args, **kwargs):
        raise RuntimeError("the templates are gone")

    monkeypatch.setattr("microsite.pages.render_template", broken)
    monkeypatch.setattr("microsite.errors.render_template", broken)
    app.extensions["page_cache"].pages.clear()
    response = app.test_client().get("/accessibility")
    html = response.get_data(as_text=True)
    assert response.status_code == 500 and "Sorry, there is a problem with the website" in html
    assert "(704) 555-0199" in html and "RuntimeError" not in html
    assert all(response.headers[name] == value for name, value in HEADERS.items())
    assert "the error page for 500 failed" in caplog.text
    assert "Lo sentimos, hay un problema con el sitio web" in html  # for a Spanish reader too


@pytest.mark.parametrize(
    "body, content_type",
    [
        ('{"name": "Maria"}', "application/json"),
        ("[1, 2, 3]", "application/json"),
        ("[[1, 2, 3]]", "application/json"),
        ("{not json", "application/json"),
        ("name=Maria", "text/plain"),
        ("<form/>", "application/xml"),
    ],
)
def test_a_body_that_is_not_a_form_gets_a_clear_error(client, caplog, body, content_type):
    with caplog.at_level(logging.ERROR):
        response = client.post("/consultation", data=body, content_type=content_type)
    assert response.status_code == 415 and "<h1>That didn’t work</h1>" in response.get_data(as_text=True)
    assert "Traceback" not in caplog.text and not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize(
    "body, content_type",
    [
        ('{"name": "Maria"}', "application/json"),
        ("[1, 2, 3]", "application/json"),
        ("x" * 100_000, "application/x-www-form-urlencoded"),  # over MAX_CONTENT_LENGTH
        ("--boundary\r\nbroken", "multipart/form-data; boundary=boundary"),
        ("name=Maria", "multipart/form-data"),  # no boundary
    ],
)
def test_a_bad_body_after_the_limit_is_reached_gets_the_limit_page_not_a_crash(tmp_path, body, content_type):
    app = make_app(tmp_path, RATELIMIT_ENABLED=True)
    app.extensions["outbox_sender"].stop()
    client = app.test_client()
    for _ in range(5):
        assert submit(client).status_code == 303
    response = client.post("/consultation", data=body, content_type=content_type)
    html = response.get_data(as_text=True)
    # The error page, or the form again with the notice when what came could be read as a form.
    assert response.status_code == 429
    assert "<h1>Too many attempts</h1>" in html or "You have sent several requests in a short time" in html


def test_odd_field_values_get_messages_not_errors(client):
    tokens = form_tokens(client)
    odd = {**VALID_REQUEST, **tokens}
    for field in ("name", "email", "phone", "contact_method", "patient_status", "message", "consent", "form_id"):
        for value in ("", " ", "\u00b2", "\ufeff", "\U0001f600" * 3, "a" * 70_00, "%00"):
            response = client.post("/consultation", data={**odd, field: value})
            assert response.status_code in (200, 303, 413), (field, value)
        response = client.post("/consultation", data={**odd, field: ["one", "two"]})  # the field twice
        assert response.status_code in (200, 303), field


@pytest.mark.parametrize(
    "headers",
    [
        {"Accept": "*/*;q=x"},
        {"Accept-Language": "\u00b2"},
        {"Host": "clinic.example:\u00b2"},
        {"X-Forwarded-For": "not an address"},
        {"Cookie": 'reading="\\"; session=;;;'},
        {"If-Modified-Since": "yesterday"},
        {"Range": "bytes=9-1"},
    ],
)
def test_odd_headers_never_make_a_page_fail(client, headers):
    for path in PAGES + ["/healthz", "/sitemap.xml", "/robots.txt"]:
        assert client.get(path, headers=headers).status_code < 500, (path, headers)


def test_pages_vary_by_the_reading_cookie(client):
    for path in PAGES + ERROR_PAGES:
        assert "Cookie" in client.get(path).headers.get("Vary", ""), path


# Names in many scripts ---------------------------------------------------------------------

NAMES = [
    "José Álvarez-Núñez",  # Latin, with accents
    "Jose\u0301 Nun\u0303ez",  # Latin, accents typed as combining marks
    "Nguyễn Văn An",  # Vietnamese
    "Kaʻiulani O'Brien",  # Hawaiian ʻokina, apostrophe
    "अनिल कुमार",  # Devanagari: vowel signs are marks (Mc, Mn)
    "অনিল কুমার",  # Bengali
    "அனில் குமார்",  # Tamil
    "అనిల్ కుమార్",  # Telugu
    "અનિલ પટેલ",  # Gujarati
    "สมชาย ใจดี",  # Thai
    "អាន សុខា",  # Khmer
    "အောင် ဆန်း",  # Burmese
    "محمد علي",  # Arabic
    "דוד כהן",  # Hebrew
    "ג׳ורג׳ לוי",  # Hebrew with geresh
    "Анна Иванова",  # Cyrillic
    "Γιώργος Παπαδόπουλος",  # Greek
    "Արամ Պետրոսյան",  # Armenian
    "ნინო ბერიძე",  # Georgian
    "አበበ በቂላ",  # Ethiopic
    "王小明",  # Chinese
    "艾尔肯·吐尼亚孜",  # Chinese transliteration with a middle dot
    "山田 太郎",  # Japanese
    "ジョン・スミス",  # Japanese katakana with a middle dot
    "김민준",  # Korean
]


@pytest.mark.parametrize("name", NAMES)
def test_names_in_any_script_are_accepted_and_sent_as_written(app, client, name):
    app.extensions["outbox_sender"].stop()
    assert submit(client, name=name).status_code == 303
    (message,) = app.extensions["outbox"].pending()
    sent = email.message_from_bytes(message.path.read_bytes(), policy=email.policy.default)
    import unicodedata

    assert sent["Subject"].startswith(f"Consultation request from {unicodedata.normalize('NFC', name)} (")


@pytest.mark.parametrize(
    "name",
    [
        "Maria2",
        "Maria_Lopez",
        "<b>Maria</b>",
        "Maria 😀",
        "-Maria",
        "''",
        "\u0301Maria",
        "Maria@Lopez",
        "Maria\u200b\u00b2",
    ],
)
def test_names_with_other_characters_are_refused_with_the_rule(client, name):
    response = submit(client, name=name)
    assert response.status_code == 200
    assert "Full name must only include letters, spaces, hyphens, apostrophes and full stops" in response.get_data(
        as_text=True
    )
