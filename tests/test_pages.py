"""Every page answers with a complete page in the site's layout, a unique title and description."""

import re

import pytest

from htmlpage import Page
from support import ERROR_PAGES, PAGES, form_path, language_of

AWARD = {
    "en": "Join us in congratulating Dr. Manvar on winning Top Doctor 2023 of Charlotte!",
    "es": "¡Felicitamos al Dr. Manvar por ser elegido Top Doctor 2023 de Charlotte!",
}
NOT_FOUND = {"en": "Page not found", "es": "No encontramos la página"}


@pytest.mark.parametrize("path", PAGES)
def test_page_is_complete(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert html.startswith("<!doctype html>") and html.rstrip().endswith("</html>")
    page = Page(html)
    assert page.title.strip() and page.meta("description")
    # The layout every page shares: award banner, tap-to-call, consultation link, back to top.
    assert AWARD[language_of(path)] in page.text
    assert any(href.startswith("tel:+1") for href in page.links)
    assert "#top" in page.links and "top" in page.ids
    if path != form_path(path):
        assert form_path(path) in page.links


def test_titles_and_descriptions_are_unique(client):
    pages = [Page(client.get(path).get_data(as_text=True)) for path in PAGES]
    titles = [p.title for p in pages]
    descriptions = [p.meta("description") for p in pages]
    assert len(set(titles)) == len(titles), titles
    assert len(set(descriptions)) == len(descriptions), descriptions


@pytest.mark.parametrize("path", ERROR_PAGES)
def test_missing_page_is_404_in_site_layout(client, path):
    response = client.get(path)
    assert response.status_code == 404
    page = Page(response.get_data(as_text=True))
    assert page.headings[0] == (1, NOT_FOUND[language_of(path)])
    assert ("/es/mapa-del-sitio" if language_of(path) == "es" else "/sitemap") in page.links and "main" in page.ids


def test_server_error_is_500_in_site_layout_without_details(tmp_path):
    from microsite import create_app

    app = create_app({"INSTANCE_PATH": str(tmp_path)})

    @app.get("/broken")
    def broken():
        raise RuntimeError("secret detail /srv/app/path.py")

    response = app.test_client().get("/broken")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Sorry, there is a problem with the website" in html
    assert "secret detail" not in html and "Traceback" not in html


def test_article_head_for_search_engines_and_sharing(client):
    import json
    import re

    html = client.get("/").get_data(as_text=True)
    page = Page(html)
    assert any(
        tag == "link" and a.get("rel") == "canonical" and a["href"] == "http://localhost/" for tag, a in page.elements
    )
    for prop in ("og:title", "og:description", "og:url", "og:type"):
        assert page.meta(prop), prop
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "MedicalWebPage"
    # No review is claimed until one is recorded (test_article.py covers a recorded one).
    assert "lastReviewed" not in data and "reviewedBy" not in data
    assert data["citation"] and all(c["name"] and c["url"].startswith("https://") for c in data["citation"])


def test_canonical_uses_site_url_when_set(tmp_path):
    from microsite import create_app

    app = create_app({"INSTANCE_PATH": str(tmp_path), "SITE_URL": "https://clinic.example/"})
    html = app.test_client().get("/").get_data(as_text=True)
    assert '<link rel="canonical" href="https://clinic.example/">' in html


def test_sitemap_xml_lists_every_page(client):
    import xml.etree.ElementTree as ET

    from microsite.pages import SITE

    response = client.get("/sitemap.xml")
    assert response.mimetype == "application/xml"
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = ET.fromstring(response.data).findall("s:url", ns)
    assert [url.find("s:loc", ns).text for url in urls] == ["http://localhost" + path for path in PAGES]
    # Each names the page in every language, itself included (Google's hreflang in sitemaps).
    for url, page in zip(urls, SITE + SITE):
        alternates = url.findall("{http://www.w3.org/1999/xhtml}link")
        assert [(a.get("hreflang"), a.get("href")) for a in alternates] == [
            ("en", "http://localhost" + page.paths["en"]),
            ("es", "http://localhost" + page.paths["es"]),
        ]


def test_robots_points_to_sitemap(client):
    response = client.get("/robots.txt")
    assert response.mimetype == "text/plain"
    assert "Sitemap: http://localhost/sitemap.xml" in response.get_data(as_text=True)


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == (
        "ok\noutbox pending: 0\noutbox oldest: 0s\noutbox delivered: 0\noutbox failed: 0\n"
    )


def test_healthz_warns_when_the_outbox_is_not_draining(app, client):
    import os
    import time

    from microsite.outbox import Outbox

    app.extensions["outbox_sender"].stop()
    box = Outbox(app.config["OUTBOX_DIR"])
    box.add(b"From: a@b.example\r\nTo: c@d.example\r\n\r\nhi\r\n", "OLD123")
    (path,) = (box.path / "new").iterdir()
    two_hours_ago = time.time_ns() - 7200 * 10**9
    os.rename(path, path.with_name(f"{two_hours_ago}-OLD123-00000000.3"))  # queued two hours ago
    body = client.get("/healthz").get_data(as_text=True)
    assert body.startswith("warning: the outbox is not draining\noutbox pending: 1\noutbox oldest: 72")


@pytest.mark.parametrize(
    "path, kind",
    [
        ("/favicon.ico", "image/vnd.microsoft.icon"),
        ("/apple-touch-icon.png", "image/png"),
        ("/apple-touch-icon-precomposed.png", "image/png"),
    ],
)
def test_icons_are_shipped(client, path, kind):
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype in (kind, "image/x-icon")


def test_cached_pages_keep_each_visitors_preferences_and_host(client):
    plain = client.get("/").get_data(as_text=True)
    client.set_cookie("reading", "150.dark-contrast")
    styled = client.get("/").get_data(as_text=True)
    client.delete_cookie("reading")
    assert '<html lang="en">' in plain and '<html lang="en" class="text-150 dark-contrast">' in styled
    assert client.get("/").get_data(as_text=True) == plain
    other_host = client.get("/", base_url="http://clinic.example").get_data(as_text=True)
    assert '<link rel="canonical" href="http://clinic.example/">' in other_host


def test_every_page_of_the_registry_is_where_it_says_and_in_both_site_maps(app, client):
    from microsite.pages import SITE

    with app.test_request_context():
        from flask import url_for

        for lang in ("en", "es"):
            assert [url_for(page.endpoint, lang=lang) for page in SITE] == [page.paths[lang] for page in SITE]
    xml = client.get("/sitemap.xml").get_data(as_text=True)
    for lang, sitemap_path in (("en", "/sitemap"), ("es", "/es/mapa-del-sitio")):
        sitemap = client.get(sitemap_path).get_data(as_text=True)
        with app.test_request_context(sitemap_path):
            for page in SITE:
                assert f'<a href="{page.paths[lang]}">{page.title}</a>' in sitemap
                assert f"<loc>http://localhost{page.paths[lang]}</loc>" in xml
        privacy = client.get(SITE[3].paths[lang]).get_data(as_text=True)
        navigation = privacy.split('class="wrap site-nav"')[1].split("</ul>")[0]
        with app.test_request_context(sitemap_path):
            assert [str(page.nav) for page in SITE if page.nav] == re.findall(r">([^<]+)</a>", navigation)
