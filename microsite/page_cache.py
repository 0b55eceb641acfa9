"""Pages that are the same for every visitor are rendered once and kept, per app.

A page may still differ by the visitor's reading preferences: `variant` (given by whatever
decides them) names the version a request gets, and each version is rendered once. Pages are
kept encoded (UTF-8 bytes), so that a request does not encode the whole page again.
"""

import functools

from flask import current_app, request

MAX_VERSIONS = 512  # bounds memory even if a client invents Host headers


class PageCache:
    def __init__(self, variant=lambda: None):
        self.pages = {}
        self.variant = variant

    def get(self, render):
        # The host is part of the key: canonical links are absolute when SITE_URL is unset. The
        # rule, not the endpoint: a page has one rule for each language.
        key = (request.url_rule.rule, request.scheme, request.host, self.variant())
        page = self.pages.get(key)
        if page is None:
            if len(self.pages) >= MAX_VERSIONS:
                self.pages.clear()
            page = self.pages[key] = render().encode()
        return page


def cached(view):
    @functools.wraps(view)
    def serve(**values):
        return current_app.extensions["page_cache"].get(lambda: view(**values))

    return serve


def init_app(app, variant):
    app.extensions["page_cache"] = PageCache(variant)
