"""The site in Spanish: every page at its /es/ address, the links between the languages, the
catalogues complete, the form and its errors in Spanish, and the clinic's e-mail in English."""

import importlib.util
import json
import re
import shutil
from html.parser import HTMLParser

import pytest

from htmlpage import Page
from support import PAGES_IN, ROOT, VALID_REQUEST, content_with, make_app, submit, wait_for

SPANISH = PAGES_IN["es"]
ENGLISH = PAGES_IN["en"]
TOOL = importlib.util.spec_from_file_location("translations", ROOT / "tools" / "translations.py")
translations = importlib.util.module_from_spec(TOOL)
TOOL.loader.exec_module(translations)


def page_of(response):
    return Page(response.get_data(as_text=True))


def spanish_catalogue():
    return translations.read(translations.catalogues()["es"], "es")


# The catalogues


def test_every_word_has_a_spanish_translation_and_the_catalogues_are_current():
    # Stale (a word in the code or templates that messages.pot lacks, or one no longer used),
    # untranslated, fuzzy, or a .mo that is not its .po compiled: each is a problem, in words.
    assert translations.problems() == []


def test_a_missing_translation_is_found(tmp_path, monkeypatch):
    # The check above can fail: a copy of the catalogues with one translation removed.
    folder = tmp_path / "translations"
    shutil.copytree(translations.FOLDER, folder)
    po = folder / "es" / "LC_MESSAGES" / "messages.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Texto más grande"', 'msgstr ""'), encoding="utf-8")
    monkeypatch.setattr(translations, "FOLDER", folder)
    monkeypatch.setattr(translations, "TEMPLATE", folder / "messages.pot")
    found = translations.problems()
    assert "es: 'Bigger text' has no translation in" in " ".join(found)
    assert any("messages.mo is not messages.po compiled" in problem for problem in found)


def test_translations_keep_every_placeholder_and_link():
    def marks(text):
        return sorted(re.findall(r"\{[^}]*\}|%\(\w+\)s|<a [^>]*>|</a>", text))

    for message in spanish_catalogue():
        if message.id:
            assert marks(message.string) == marks(message.id), message.id


class SpanishWords(HTMLParser):
    """What a Spanish page says, head and attributes included (titles, descriptions, labels,
    the words the script writes), leaving out parts marked as another language, and scripts."""

    SAID = ("title", "aria-label", "alt", "placeholder", "content")

    def __init__(self, html):
        super().__init__()
        self.words, self.skipping = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        other = tag != "html" and attrs.get("lang", "es") != "es"
        if tag in VOID:
            if not other:
                self.words += [v for k, v in attrs.items() if v and (k in self.SAID or k.startswith("data-"))]
            return
        self.skipping.append(other or tag in ("script", "style"))
        if not any(self.skipping):
            self.words += [v for k, v in attrs.items() if v and (k in self.SAID or k.startswith("data-"))]

    def handle_endtag(self, tag):
        if tag not in VOID and self.skipping:
            self.skipping.pop()

    def handle_data(self, data):
        if not any(self.skipping):
            self.words.append(data)


VOID = {"meta", "link", "input", "br", "img", "hr", "source", "wbr"}
ENGLISH_WORDS = re.compile(r"\b(the|your|you|please|with|and|for|this|what|call|page|send|enter|select)\b", re.I)


def spanish_states(client):
    """Every Spanish page, and the form in each of its states."""
    states = {path: client.get(path) for path in SPANISH + ["/es/no-existe", "/es/?tools=open"]}
    states["every error"] = submit(
        client, path="/es/consulta", name="", email="", phone="", message="", contact_method=None,
        patient_status=None, consent=None,
    )  # fmt: skip
    states["medical details"] = submit(client, path="/es/consulta", message="Tomo gabapentina y quiero morirme")
    states["expired"] = submit(client, path="/es/consulta", tokens={"csrf_token": "x", "form_id": "y" * 16})
    states["sent"] = submit(client, path="/es/consulta") and client.get("/es/consulta/enviada")
    return states


def test_no_english_words_are_left_on_spanish_pages(client):
    catalogue = [m.id for m in spanish_catalogue() if m.id and m.string != m.id and len(m.id) > 3 and "{" not in m.id]
    for state, response in spanish_states(client).items():
        said = " ".join(SpanishWords(response.get_data(as_text=True)).words).replace("The Pain Relief Doctor", "")
        said = " ".join(said.split())
        assert ENGLISH_WORDS.findall(said) == [], state
        assert [words for words in catalogue if re.search(rf"(?<!\w){re.escape(words)}(?!\w)", said)] == [], state


def test_the_english_word_check_finds_english(client):
    # The check above can fail: an English page, read the same way, is full of English.
    said = " ".join(SpanishWords(client.get("/").get_data(as_text=True)).words)
    assert len(ENGLISH_WORDS.findall(said)) > 50


# Addresses and links between the languages


@pytest.mark.parametrize("english, spanish", list(zip(ENGLISH, SPANISH)))
def test_each_page_links_to_itself_in_the_other_language(client, english, spanish):
    for path, other, lang, other_lang, name in (
        (english, spanish, "en", "es", "Español"),
        (spanish, english, "es", "en", "English"),
    ):
        html = client.get(path).get_data(as_text=True)
        assert f'<html lang="{lang}"' in html
        link = re.search(r'<a class="language-link" ([^>]*)>([^<]*)</a>', html)
        assert link.group(2) == name
        assert f'href="{other}"' in link.group(1)
        assert f'lang="{other_lang}"' in link.group(1) and f'hreflang="{other_lang}"' in link.group(1)
        alternates = re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', html)
        assert alternates == [
            ("en", "http://localhost" + english),
            ("es", "http://localhost" + spanish),
            ("x-default", "http://localhost" + english),
        ]


def test_each_page_says_its_language_in_its_headers_too(client):
    assert client.get("/es/privacidad").headers["Content-Language"] == "es"
    assert client.get("/es/no-existe").headers["Content-Language"] == "es"
    assert client.get("/privacy").headers["Content-Language"] == "en"


def test_the_language_is_never_guessed_from_the_browser(client):
    response = client.get("/", headers={"Accept-Language": "es-MX,es;q=0.9"})
    assert response.status_code == 200 and '<html lang="en"' in response.get_data(as_text=True)
    response = client.get("/es/", headers={"Accept-Language": "en-US"})
    assert response.status_code == 200 and '<html lang="es"' in response.get_data(as_text=True)


def test_every_link_on_a_spanish_page_stays_in_spanish(client):
    # All but the link to the page in English (and the files every page shares).
    link = re.compile(r'<a (?![^>]*class="language-link")[^>]*href="(/[^"#]*)')
    assert submit(client, path="/es/consulta").status_code == 303  # for the confirmation page
    for path in SPANISH + ["/es/consulta/enviada", "/es/no-existe"]:
        internal = set(link.findall(client.get(path).get_data(as_text=True)))
        assert internal and internal <= set(SPANISH), (path, internal - set(SPANISH))


def test_a_missing_spanish_address_gets_the_spanish_error_page(client):
    response = client.get("/es/no-existe")
    page = page_of(response)
    assert response.status_code == 404 and page.html_attrs["lang"] == "es"
    assert page.headings[0] == (1, "No encontramos la página")
    assert "/es/" in page.links and "/es/mapa-del-sitio" in page.links
    assert re.search(r'<a class="language-link" href="/"', response.get_data(as_text=True))


def test_a_head_request_leaves_the_cached_pages_whole(client):
    # A monitor's HEAD renders the page the cache then keeps: it must be the page a GET gets.
    assert client.head("/es/").status_code == 200 and client.head("/consultation").status_code == 200
    for path in ("/es/", "/consultation"):
        assert len(re.findall(r'<link rel="alternate" hreflang', client.get(path).get_data(as_text=True))) == 3


def test_the_language_link_of_a_page_only_posted_to_leads_home(client):
    response = client.post(
        "/es/preferencias", data="a=" + "x" * 2_000_000, content_type="application/x-www-form-urlencoded"
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 413 and '<html lang="es"' in html
    assert '<a class="language-link" href="/" lang="en"' in html  # not /preferences, which is no page


def test_the_cached_pages_are_kept_apart_by_language(client):
    english, spanish = client.get("/").data, client.get("/es/").data
    assert client.get("/").data == english and client.get("/es/").data == spanish != english


# The content


def test_the_spanish_article_keeps_the_english_structure(client):
    english = page_of(client.get("/"))
    spanish = page_of(client.get("/es/"))
    # The same sections, with the same ids, so that a #fragment works in both languages.
    assert [level for level, _ in spanish.headings] == [level for level, _ in english.headings]
    ids = re.compile(r'<h[23][^>]* id="([^"]+)"')
    assert ids.findall(client.get("/es/").get_data(as_text=True)) == ids.findall(client.get("/").get_data(as_text=True))
    for part in ("key-facts", "when-to-get-help", "side-effects-and-safety", "references"):
        assert part in spanish.ids


def test_the_spanish_when_to_get_help_box_gives_911_and_988_in_spanish(client):
    html = client.get("/es/").get_data(as_text=True)
    box = html.split('aria-labelledby="when-to-get-help"')[1].split("</section>")[0]
    text = Page(f"<div>{box}</div>").text
    assert "Llame al 911 si:" in text
    assert "llame al 988 y marque 2" in text


def test_the_spanish_article_says_the_translation_awaits_review_and_claims_no_review(client):
    html = client.get("/es/").get_data(as_text=True)
    text = page_of(client.get("/es/")).text
    assert "Esta traducción está esperando la revisión de la clínica." in text
    assert "Esta página está esperando la revisión del médico de la clínica." in text
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["inLanguage"] == "es-US" and not {"lastReviewed", "reviewedBy"} & set(data)
    assert '<meta property="og:locale" content="es_US">' in html
    for path in ("/es/accesibilidad", "/es/privacidad"):
        assert "Esta traducción está esperando la revisión de la clínica." in page_of(client.get(path)).text
    assert "translation" not in page_of(client.get("/")).text.lower()


def test_english_sources_on_a_spanish_page_say_they_are_in_english(client):
    html = client.get("/es/").get_data(as_text=True)
    references = html.split('id="references"')[1].split("</section>")[0]
    entries = re.findall(r"<li [^>]*>(.*?)</li>", references, re.S)
    assert entries and all('hreflang="en" lang="en"' in entry and "(en inglés)" in entry for entry in entries)


def test_a_recorded_translation_review_is_dated_for_spanish_readers(tmp_path, monkeypatch):
    reviews = (
        'reviewed_by = "Jane Q. Example"\nreviewer_credentials = "MD"\nlast_reviewed = 2027-03-01\n'
        'translation_reviewed_by = "Ana Ruiz"\ntranslation_last_reviewed = 2027-03-08\n'
    )
    content_with(tmp_path, monkeypatch, "es/article.md", reviews)
    app = make_app(tmp_path)
    try:
        text = page_of(app.test_client().get("/es/")).text
    finally:
        app.extensions["outbox_sender"].stop()
    # Babel's es_US long dates.
    assert "Última revisión: 1 de marzo de 2027" in text
    assert "Traducción revisada por Ana Ruiz el 8 de marzo de 2027." in text
    assert "esperando la revisión" not in text


def test_half_a_translation_review_stops_the_site(tmp_path, monkeypatch):
    from microsite import content

    content_with(tmp_path, monkeypatch, "es/privacy.md", 'translation_reviewed_by = "Ana Ruiz"\n')
    with pytest.raises(content.ContentError, match="translation_last_reviewed"):
        content.load("privacy", "es")


# The form


def test_the_spanish_form_has_the_same_fields_in_spanish(client):
    html = client.get("/es/consulta").get_data(as_text=True)
    page = Page(html)
    names = [a.get("name") for t, a in page.elements if t in ("input", "textarea") and a.get("type") != "hidden"]
    assert [n for n in names if n != "leave_blank"] == [
        "name", "email", "phone", "contact_method", "contact_method", "patient_status", "patient_status", "message",
        "consent",
    ]  # fmt: skip
    for label in ("Nombre completo", "Correo electrónico", "Número de teléfono", "Su pregunta o mensaje"):
        assert re.search(rf'<label class="label" for="\w+">{label}</label>', html), label
    assert '<form id="consultation-form" method="post" action="/es/consulta"' in html
    assert "Puede escribir hasta 2,000 caracteres" in page.text  # es_US groups thousands with a comma


def test_every_error_of_the_spanish_form_is_in_spanish(client):
    response = submit(
        client, path="/es/consulta", name="", email="", phone="", message="", contact_method=None,
        patient_status=None, consent=None,
    )  # fmt: skip
    page = page_of(response)
    assert page.title.startswith("Error: ") and page.html_attrs["lang"] == "es"
    summary = [a["href"] for t, a in page.elements if t == "a" and a.get("href", "").startswith("#")]
    text = page.text
    for error in (
        "Escriba su nombre completo",
        "Escriba su correo electrónico",
        "Escriba su número de teléfono",
        "Elija cómo prefiere que le contactemos",
        "Elija si es paciente nuevo o si ya es paciente de la clínica",
        "Escriba su pregunta o mensaje",
        "Confirme que entiende que este formulario es solo para preguntas que no son médicas",
    ):
        assert text.count(error) == 2, error  # in the summary and at the field
    assert "#name" in summary and "Hay un problema" in text
    wrong = page_of(submit(client, path="/es/consulta", name="A", email="ana@", phone="12", message="corto"))
    for error in (
        "El nombre completo debe tener 2 caracteres o más",
        "Escriba un correo electrónico con el formato correcto, por ejemplo nombre@ejemplo.com",
        "Escriba un número de teléfono de EE. UU., por ejemplo 704 555 0123",
        "Su mensaje debe tener 10 caracteres o más",
    ):
        assert error in wrong.text, error
    assert (
        "Su mensaje debe tener 2,000 caracteres o menos"
        in page_of(submit(client, path="/es/consulta", message="x" * 2001)).text
    )


def test_medical_details_are_refused_in_spanish_quoting_the_words(client):
    response = submit(client, path="/es/consulta", message="Tomo gabapentina 300 mg y quiero morirme, ¿tienen cita?")
    html = response.get_data(as_text=True)
    text = Page(html).text
    urgent = text.index("Si necesita ayuda ahora, llame al 911")
    edit = text.index("Su mensaje menciona")
    assert urgent < edit and "(para español, llame y marque 2, o envíe AYUDA por mensaje de texto)" in text
    assert "algo que puede necesitar ayuda urgente (“quiero morirme”)" in text
    assert "un medicamento (“Tomo gabapentina”)" in text and "una dosis (“300 mg”)" in text
    assert "Por favor, quite los detalles médicos" in text
    assert '<a href="#message">Quite los detalles médicos de su mensaje</a>' in html
    assert '<a href="tel:911">911</a>' in html and "Tomo gabapentina 300 mg y quiero morirme" in html  # kept


def test_the_rate_limit_page_is_in_spanish_and_keeps_what_was_typed(tmp_path):
    app = make_app(tmp_path, RATELIMIT_ENABLED=True)
    client = app.test_client()
    try:
        for _ in range(5):
            assert submit(client, path="/es/consulta").status_code == 303
        response = submit(client, path="/es/consulta")
        assert response.status_code == 429
        text = page_of(response).text
        assert "Usted envió varias solicitudes en poco tiempo" in text
        assert VALID_REQUEST["message"] in response.get_data(as_text=True)
        # One limit for both languages: switching language does not send more.
        assert submit(client).status_code == 429
    finally:
        app.extensions["outbox_sender"].stop()


def test_the_spanish_confirmation_page(client):
    response = submit(client, path="/es/consulta")
    assert response.status_code == 303 and response.location.endswith("/es/consulta/enviada")
    page = page_of(client.get("/es/consulta/enviada"))
    assert page.headings[0] == (1, "Solicitud enviada") and page.html_attrs["lang"] == "es"
    assert "Le pedimos a la clínica que le responda en español." in page.text
    # What was asked for, whichever language the page is then shown in.
    english = page_of(client.get("/consultation/sent"))
    assert "We have asked the clinic to reply in Spanish." in english.text
    assert submit(client).status_code == 303
    assert "le responda en español" not in page_of(client.get("/es/consulta/enviada")).text


def test_the_toolbar_speaks_spanish_on_spanish_pages(client):
    html = client.get("/es/?tools=open").get_data(as_text=True)
    names = re.findall(r'<button class="toolbar-button"[^>]*>([^<]+)</button>', html)
    assert names == [
        "Texto más grande", "Texto más pequeño", "Alto contraste", "Contraste oscuro", "Fondo claro",
        "Escala de grises", "Subrayar enlaces", "Fuente legible", "Espaciado del texto", "Detener animaciones",
        "Restablecer",
    ]  # fmt: skip
    assert ">Herramientas de accesibilidad</button>" in html
    assert '<form class="toolbar-settings" method="post" action="/es/preferencias">' in html
    said = client.post("/es/preferencias", data={"setting": "high-contrast"}, headers={"Accept": "application/json"})
    assert said.json["message"] == "Alto contraste: activado"
    back = client.post("/es/preferencias", data={"setting": "bigger", "return_to": "/es/privacidad?tools=open"})
    assert back.status_code == 303 and back.location.endswith("/es/privacidad?tools=open")
    # One cookie for both languages.
    assert 'class="text-125 high-contrast"' in client.get("/").get_data(as_text=True)


# The e-mail to the clinic


def test_a_spanish_request_reaches_the_clinic_in_english_asking_for_a_spanish_reply(mail_app, inbox):
    client = mail_app.test_client()
    message = "¿Tienen citas el jueves por la tarde? Mi hija me puede traer. ¡Gracias!"
    assert submit(client, path="/es/consulta", message=message).status_code == 303
    assert wait_for(lambda: len(inbox.envelopes) == 1)
    mail = inbox.messages()[0]
    assert re.fullmatch(r"Consultation request from Maria Lopez \(\w{6}\), reply in Spanish", mail["Subject"])
    text = mail.get_body(("plain",)).get_content().replace("\r\n", "\n")
    html = mail.get_body(("html",)).get_content()
    assert "Please reply in Spanish: the patient wrote from the Spanish page" in text
    assert "How should we contact you?: Phone" in text and "Are you a new or existing patient?: New patient" in text
    assert f"Your question or message (as the patient wrote it):\n{message}" in text
    assert f"{message}</p>" in html
    # An English request says nothing of the kind.
    assert submit(client).status_code == 303
    assert wait_for(lambda: len(inbox.envelopes) == 2)
    assert "Spanish" not in inbox.messages()[1].get_body(("plain",)).get_content()
