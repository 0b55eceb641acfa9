"""The content pages, and SITE: the registry of every page, which the views, the navigation,
both site maps and the tests read. A new page of Markdown is its file in microsite/content/ and
one row in SITE."""

from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, current_app, render_template, url_for

from . import content
from .page_cache import cached
from .settings import phone_href

bp = Blueprint("pages", __name__)


@dataclass(frozen=True)
class SitePage:
    """A row of the site's registry (SITE, at the end of this file)."""

    path: str
    endpoint: str
    title: str  # its name in the site maps
    nav: str | None = None  # its name in the main navigation, if it is there
    content: str | None = None  # its Markdown file in microsite/content/, which also dates it in sitemap.xml
    view: Callable | None = None  # None for a Markdown page: it is shown with pages/page.html


def site_context():
    config = current_app.config
    return {
        "clinic_name": config["CLINIC_NAME"],
        "clinic_phone": config["CLINIC_PHONE"],
        "clinic_phone_href": phone_href(config),
        "clinic_city": config["CLINIC_CITY"],
        "clinic_award": config["CLINIC_AWARD"],
        "navigation": [(page.endpoint, page.nav) for page in SITE if page.nav],
    }


def absolute_url(endpoint, **values):
    base = current_app.config["SITE_URL"]
    if base:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def article():
    page = content.load("article")
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
        "inLanguage": "en-US",
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
        return render_template("pages/page.html", page=content.load(name))

    return view


# Every public page, in the order the site maps list them.
SITE = [
    SitePage(
        "/",
        "pages.article",
        "How does gabapentin help for back pain?",
        nav="Gabapentin",
        content="article",
        view=article,
    ),
    SitePage("/consultation", "consultation.form", "Schedule a consultation"),  # consultation's own view
    SitePage("/accessibility", "pages.accessibility", "Accessibility", nav="Accessibility", content="accessibility"),
    SitePage("/privacy", "pages.privacy", "Privacy", content="privacy"),
    SitePage("/sitemap", "pages.sitemap", "Site map", nav="Site map", view=sitemap),
]

for _page in SITE:
    _blueprint, _, _name = _page.endpoint.partition(".")
    if _blueprint == bp.name:
        bp.add_url_rule(_page.path, _name, cached(_page.view or markdown_page(_page.content)), methods=["GET"])
