"""The content pages, and SITE: the registry of every page, which the views, the navigation,
both site maps and the tests read. A new page of Markdown is its file in each language's folder
of microsite/content/ and one row in SITE."""

from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, current_app, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from . import content, languages
from .page_cache import cached
from .settings import phone_href

bp = Blueprint("pages", __name__)


@dataclass(frozen=True)
class SitePage:
    """A row of the site's registry (SITE, at the end of this file)."""

    paths: dict  # its address in each language of languages.LANGUAGES
    endpoint: str
    title: str  # its name in the site maps
    nav: str | None = None  # its name in the main navigation, if it is there
    content: str | None = None  # its Markdown file in microsite/content/<lang>/, which also dates it in sitemap.xml
    view: Callable | None = None  # None for a Markdown page: it is shown with pages/page.html


def site_context():
    config = current_app.config
    href = phone_href(config)
    return {
        "clinic_name": config["CLINIC_NAME"],
        "clinic_phone": config["CLINIC_PHONE"],
        "clinic_phone_href": href,
        # For a sentence around the number: _("Call %(phone)s.", phone=clinic_phone_link).
        "clinic_phone_link": Markup('<a href="{}">{}</a>').format(href, config["CLINIC_PHONE"]),
        "clinic_city": translated(config["CLINIC_CITY"]),
        "clinic_award": translated(config["CLINIC_AWARD"]),
        "navigation": [(page.endpoint, page.nav) for page in SITE if page.nav],
        "alternates": alternates(),
    }


def translated(setting):
    """A setting in the page's language when the catalogue has it (its default does: N_ in
    settings.py), else as the deployer wrote it."""
    return gettext(setting) if setting else setting


def alternates():
    """This page's address in each language, for <link rel="alternate" hreflang>: every page
    but a visitor's own confirmation (which no search engine should list)."""
    endpoint = request.endpoint
    if not languages.is_page(endpoint) or endpoint == "consultation.sent":
        return []
    return [(code, absolute_url(endpoint, lang=code)) for code in languages.LANGUAGES]


def absolute_url(endpoint, **values):
    base = current_app.config["SITE_URL"]
    if base:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def article():
    page = content.load("article", languages.current())
    canonical = absolute_url("pages.article")
    return render_template(
        "pages/article.html", page=page, canonical=canonical, json_ld=article_json_ld(page, canonical)
    )


def article_json_ld(page, canonical):
    """schema.org data for search engines. It claims a review only when one is recorded."""
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": page.title,
        "description": page.description,
        "url": canonical,
        "inLanguage": languages.locale().replace("_", "-"),  # BCP 47
        "audience": {"@type": "PeopleAudience", "audienceType": "Patient"},
        "about": {"@type": "Drug", "name": "Gabapentin"},
        "publisher": {
            "@type": "MedicalClinic",
            "name": current_app.config["CLINIC_NAME"],
            "telephone": current_app.config["CLINIC_PHONE"],
        },
        "citation": [{"@type": "CreativeWork", "name": ref["title"], "url": ref["url"]} for ref in page.references],
    }
    if page.review:
        data["lastReviewed"] = page.review.last_reviewed.isoformat()
        data["reviewedBy"] = {
            "@type": "Person",
            "name": page.review.reviewed_by,
            "description": page.review.reviewer_credentials,
        }
    return data


def sitemap():
    return render_template("pages/sitemap.html", entries=[(page.endpoint, page.title) for page in SITE])


def markdown_page(name):
    def view():
        return render_template("pages/page.html", page=content.load(name, languages.current()))

    return view


# Every public page, in the order the site maps list them.
SITE = [
    SitePage(
        {"en": "/", "es": "/es/"},
        "pages.article",
        _l("How does gabapentin help for back pain?"),
        nav=_l("Gabapentin"),
        content="article",
        view=article,
    ),
    # The form's own views are in consultation/, at these addresses.
    SitePage({"en": "/consultation", "es": "/es/consulta"}, "consultation.form", _l("Schedule a consultation")),
    SitePage(
        {"en": "/accessibility", "es": "/es/accesibilidad"},
        "pages.accessibility",
        _l("Accessibility"),
        nav=_l("Accessibility"),
        content="accessibility",
    ),
    SitePage({"en": "/privacy", "es": "/es/privacidad"}, "pages.privacy", _l("Privacy"), content="privacy"),
    # Not in the main navigation, which keeps to one row on a phone in both languages: the
    # toolbar and the footer link to it.
    SitePage({"en": "/sitemap", "es": "/es/mapa-del-sitio"}, "pages.sitemap", _l("Site map"), view=sitemap),
]
SENT_PATHS = {"en": "/consultation/sent", "es": "/es/consulta/enviada"}


for _page in SITE:
    _blueprint, _, _name = _page.endpoint.partition(".")
    if _blueprint == bp.name:
        languages.add_rules(bp, _page.paths, _name, cached(_page.view or markdown_page(_page.content)), methods=["GET"])
