"""Files that browsers and crawlers ask for at fixed addresses at the root of the site."""

from flask import Blueprint, Response, current_app, render_template, send_from_directory

from . import content
from .pages import SITE, absolute_url

bp = Blueprint("wellknown", __name__)


@bp.get("/robots.txt")
def robots():
    body = f"User-agent: *\nDisallow: /consultation/sent\nSitemap: {absolute_url('wellknown.sitemap_xml')}\n"
    return Response(body, mimetype="text/plain")


@bp.get("/sitemap.xml")
def sitemap_xml():
    urls = []
    for page in SITE:
        lastmod = content.load(page.content).last_reviewed if page.content else None
        urls.append((absolute_url(page.endpoint), lastmod))
    return Response(render_template("sitemap.xml", urls=urls), mimetype="application/xml")


@bp.get("/favicon.ico")
def favicon():
    return send_from_directory(current_app.static_folder, "icons/favicon.ico", max_age=86400)


@bp.get("/apple-touch-icon-precomposed.png")  # older iPhones ask for this name
@bp.get("/apple-touch-icon.png")
def touch_icon():
    return send_from_directory(current_app.static_folder, "icons/apple-touch-icon.png", max_age=86400)
