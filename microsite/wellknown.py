"""Files that browsers and crawlers ask for at fixed addresses at the root of the site."""

from flask import Blueprint, Response, current_app, render_template, send_from_directory

from . import content
from .languages import LANGUAGES
from .pages import SENT_PATHS, SITE, absolute_url

bp = Blueprint("wellknown", __name__)


@bp.get("/robots.txt")
def robots():
    private = "".join(f"Disallow: {path}\n" for path in SENT_PATHS.values())
    body = f"User-agent: *\n{private}Sitemap: {absolute_url('wellknown.sitemap_xml')}\n"
    return Response(body, mimetype="text/plain")


@bp.get("/sitemap.xml")
def sitemap_xml():
    urls = []
    for lang in LANGUAGES:
        for page in SITE:
            lastmod = content.load(page.content, lang).last_reviewed if page.content else None
            alternates = [(code, absolute_url(page.endpoint, lang=code)) for code in LANGUAGES]
            urls.append((absolute_url(page.endpoint, lang=lang), lastmod, alternates))
    return Response(render_template("sitemap.xml", urls=urls), mimetype="application/xml")


@bp.get("/favicon.ico")
def favicon():
    return send_from_directory(current_app.static_folder, "icons/favicon.ico", max_age=86400)


@bp.get("/apple-touch-icon-precomposed.png")  # older iPhones ask for this name
@bp.get("/apple-touch-icon.png")
def touch_icon():
    return send_from_directory(current_app.static_folder, "icons/apple-touch-icon.png", max_age=86400)
