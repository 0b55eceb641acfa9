"""The site in English and in Spanish.

Every page has an address in each language (pages.SITE): "/" and "/es/", "/consultation" and
"/es/consulta". The language is the address's, never guessed from the browser: a patient who
follows "Español" stays in Spanish, because every link on a Spanish page is built in Spanish
(url_defaults, below), and the reading preferences are one cookie for both.

The words are translated with gettext (Flask-Babel): templates and code mark them with _() or
lazy_gettext(), and microsite/translations/es/LC_MESSAGES/messages.po holds the Spanish (see
README, "Translations"). Pages of Markdown have a file per language in microsite/content/.
"""

import functools
from dataclasses import dataclass
from pathlib import Path

from babel.support import Translations
from flask import current_app, g, request, url_for
from flask_babel import Babel
from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Language:
    code: str  # lang="" and hreflang="", and the key of every path
    locale: str  # Babel's: how dates, times and numbers are written
    name: str  # in its own language, for the link to it


LANGUAGES = {
    "en": Language("en", "en_US", "English"),
    "es": Language("es", "es_US", "Español"),
}
DEFAULT = "en"
# Each language's name in a sentence of the page, as in "(in Spanish)".
NAMES = {"en": _l("English"), "es": _l("Spanish")}
TRANSLATIONS = Path(__file__).parent / "translations"


def N_(text):
    """Marks words for translation (pybabel's keyword) that are translated later, where they
    are used: with gettext in a request, or with translate() outside one."""
    return text


@functools.cache
def _catalogue(code):
    return Translations.load(str(TRANSLATIONS), [LANGUAGES[code].locale])


def translate(code, text):
    """`text` in language `code`, outside a request (pages of Markdown are rendered once)."""
    return _catalogue(code).gettext(text)


def current() -> str:
    """The language of this request: its route's, or for an address no route matched (a 404),
    the address's own prefix."""
    lang = g.get("lang")
    if lang is None:
        path = request.path if request else ""
        prefixed = (code for code in LANGUAGES if path == f"/{code}" or path.startswith(f"/{code}/"))
        lang = next(prefixed, DEFAULT)
    return lang


def locale() -> str:
    return LANGUAGES[current()].locale


def add_rules(blueprint, paths, endpoint, view, **options):
    """One rule for each language's address ({"en": path, "es": path}); the language reaches
    pull_language, and url_for() picks the rule by it."""
    for lang, path in paths.items():
        blueprint.add_url_rule(path, endpoint, view, defaults={"lang": lang}, **options)


def has_language(endpoint) -> bool:
    return bool(endpoint) and current_app.url_map.is_endpoint_expecting(endpoint, "lang")


def is_page(endpoint) -> bool:
    """A page a link can lead to: one in each language that answers GET."""
    return has_language(endpoint) and any("GET" in rule.methods for rule in current_app.url_map.iter_rules(endpoint))


def pull_language(endpoint, values):
    # Each page's rules carry lang as a default (pages.py); the views themselves never see it.
    if values and "lang" in values:
        g.lang = values.pop("lang")


def add_language(endpoint, values):
    # url_for() on a Spanish page gives the Spanish address, unless told otherwise.
    if "lang" not in values and has_language(endpoint):
        values["lang"] = current()


def other_languages():
    """The link to each other language: this page in it, or its home page when this address is
    no page (an error page, or one only posted to)."""
    endpoint = request.endpoint if is_page(request.endpoint) else "pages.article"
    return [(language, url_for(endpoint, lang=code)) for code, language in LANGUAGES.items() if code != current()]


def template_context():
    return {
        "lang": current(),
        "og_locale": locale(),
        "locale_tag": locale().replace("_", "-"),  # BCP 47, for scripts and JSON-LD
        "language_names": NAMES,
        "other_languages": other_languages() if request else [],
    }


def content_language(response):
    # Not on a redirect: its little page is the framework's, in English.
    if response.mimetype == "text/html" and not 300 <= response.status_code < 400:
        response.headers.setdefault("Content-Language", current())
    return response


def init_app(app):
    Babel(app, locale_selector=locale, default_translation_directories=str(TRANSLATIONS))
    app.url_value_preprocessor(pull_language)
    app.url_defaults(add_language)
    app.context_processor(template_context)
    app.after_request(content_language)
