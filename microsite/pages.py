"""The content pages: the article, accessibility, privacy and the HTML site map."""
from flask import Blueprint, current_app, render_template, url_for

from . import content
from .page_cache import cached
from .settings import phone_href

bp = Blueprint("pages", __name__)

# Every public page, in the order the site map and the XML sitemap list them.
SITE_MAP = [
    ("pages.article", "How does gabapentin help for back pain?"),
    ("consultation.form", "Schedule a consultation"),
    ("pages.accessibility", "Accessibility"),
    ("pages.privacy", "Privacy"),
    ("pages.sitemap", "Site map"),
]

NAVIGATION = [
    ("pages.article", "Gabapentin"),
    ("pages.accessibility", "Accessibility"),
    ("pages.sitemap", "Site map"),
]


def site_context():
    config = current_app.config
    return {
        "clinic_name": config["CLINIC_NAME"],
        "clinic_phone": config["CLINIC_PHONE"],
        "clinic_phone_href": phone_href(config),
        "clinic_city": config["CLINIC_CITY"],
        "clinic_award": config["CLINIC_AWARD"],
        "navigation": NAVIGATION,
    }


def absolute_url(endpoint, **values):
    base = current_app.config["SITE_URL"]
    if base:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


@bp.get("/")
@cached
def article():
    page = content.load("article")
    canonical = absolute_url("pages.article")
    return render_template("pages/article.html", page=page, canonical=canonical,
                           json_ld=article_json_ld(page, canonical))


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
        "publisher": {"@type": "MedicalClinic", "name": current_app.config["CLINIC_NAME"],
                      "telephone": current_app.config["CLINIC_PHONE"]},
        "citation": [{"@type": "CreativeWork", "name": ref["title"], "url": ref["url"]} for ref in page.references],
    }
    if page.review:
        data["lastReviewed"] = page.review.last_reviewed.isoformat()
        data["reviewedBy"] = {"@type": "Person", "name": page.review.reviewed_by,
                              "description": page.review.reviewer_credentials}
    return data


@bp.get("/accessibility")
@cached
def accessibility():
    return render_template("pages/page.html", page=content.load("accessibility"))


@bp.get("/privacy")
@cached
def privacy():
    return render_template("pages/page.html", page=content.load("privacy"))


@bp.get("/sitemap")
@cached
def sitemap():
    return render_template("pages/sitemap.html", entries=SITE_MAP)
