"""Reading preferences: the accessibility toolbar's settings, kept in one cookie.

The pages are accessible on their own; these are choices a reader can add. The server renders
the chosen classes on <html>, so a page never shows in the wrong style first. Without
JavaScript each toolbar button posts here and comes back (303) to the same place; with it,
static/js/site.js posts the same form with fetch and applies the answer at once. On the
consultation form the buttons post the form itself instead (see consultation/__init__.py), so
that what the patient typed comes back with the page.

The cookie holds display choices only: no identifier, nothing about the person. The endpoint
needs no CSRF token, so that every page stays the same for everyone with the same choices (and
can be cached): a forged post could do no more than change someone's text size.
"""

import functools
import re
from dataclasses import dataclass, replace

from flask import Blueprint, g, jsonify, redirect, request, url_for

from .languages import add_rules
from .wording import TOOLBAR_BUTTONS, TOOLBAR_SAYS

bp = Blueprint("preferences", __name__)

COOKIE = "reading"
COOKIE_MAX_AGE = 365 * 24 * 3600
TEXT_SIZES = (100, 125, 150, 175, 200)  # percent of the reader's own text size
SIZE_WORDS = {str(size) for size in TEXT_SIZES}
SCHEMES = ("high-contrast", "dark-contrast", "light-background", "grayscale")
TOGGLES = ("underline-links", "readable-font", "text-spacing", "stop-animations")

# Each toolbar button: its value in the form, and its accessible name (wording.py).
BUTTONS = list(TOOLBAR_BUTTONS.items())


@dataclass(frozen=True)
class Preferences:
    size: int = 100
    scheme: str | None = None
    toggles: frozenset = frozenset()

    @classmethod
    @functools.lru_cache(maxsize=256)  # every page view reads the cookie; readers share a few values
    def parse(cls, cookie):
        """Read the cookie leniently: anything unknown is ignored, never an error."""
        prefs = cls()
        for word in (cookie or "").split("."):
            if word in SIZE_WORDS:  # compared as text: "²" is a digit to Python, but no number
                prefs = replace(prefs, size=int(word))
            elif word in SCHEMES:
                prefs = replace(prefs, scheme=word)
            elif word in TOGGLES:
                prefs = replace(prefs, toggles=prefs.toggles | {word})
        return prefs

    def cookie(self):
        words = ([str(self.size)] if self.size != 100 else []) + ([self.scheme] if self.scheme else [])
        return ".".join(words + sorted(self.toggles))

    def classes(self):
        """The classes on <html>; the stylesheet does the rest."""
        words = ([f"text-{self.size}"] if self.size != 100 else []) + ([self.scheme] if self.scheme else [])
        return " ".join(words + sorted(self.toggles))

    def pressed(self, setting):
        return setting == self.scheme or setting in self.toggles

    def apply(self, setting):
        """The preferences after pressing a button, and what to tell a screen reader."""
        if setting in ("bigger", "smaller"):
            step = TEXT_SIZES.index(self.size) + (1 if setting == "bigger" else -1)
            if not 0 <= step < len(TEXT_SIZES):
                return self, TOOLBAR_SAYS["largest" if setting == "bigger" else "smallest"]
            return replace(self, size=TEXT_SIZES[step]), TOOLBAR_SAYS["size"].format(size=TEXT_SIZES[step])
        if setting in SCHEMES:  # one colour scheme at a time
            on = self.scheme != setting
            return replace(self, scheme=setting if on else None), _switched(setting, on)
        if setting in TOGGLES:
            on = setting not in self.toggles
            return replace(self, toggles=self.toggles ^ {setting}), _switched(setting, on)
        return Preferences(), TOOLBAR_SAYS["reset"]


def _switched(setting, on):
    return TOOLBAR_SAYS["on" if on else "off"].format(name=TOOLBAR_BUTTONS[setting])


def current():
    # A preference chosen in this very request (on the consultation form) wins over the cookie.
    return g.get("reading") or Preferences.parse(request.cookies.get(COOKIE))


def panel_open():
    return g.get("toolbar_open") or request.args.get("tools") == "open"


def show_tools(shown):
    """Open or close the toolbar for the page rendered next (the toggle, posted without JS)."""
    g.toolbar_open = shown


def press(setting):
    """Apply a toolbar button for this request: the page rendered next shows the result."""
    prefs, message = current().apply(setting)
    g.reading, g.toolbar_open = prefs, True
    return prefs, message


def remember(response, prefs):
    """Keep the preferences in the cookie, or drop the cookie when they are the defaults."""
    if prefs == Preferences():
        response.delete_cookie(COOKIE, samesite="Lax", secure=request.is_secure)
    else:
        response.set_cookie(
            COOKIE, prefs.cookie(), max_age=COOKIE_MAX_AGE, httponly=True, samesite="Lax", secure=request.is_secure
        )
    return response


def safe_return(target):
    """Back to a page of this site only: a path, never another site's address (else the home
    page, in the language of the page the button was on)."""
    if target and re.fullmatch(r"/(?![/\\])[^\s\\]*", target):
        return target
    return url_for("pages.article")


def update():
    prefs, message = press(request.form.get("setting", ""))
    if request.accept_mimetypes.best == "application/json":
        response = jsonify(
            classes=prefs.classes(),
            message=message,
            size=prefs.size,
            pressed={value: prefs.pressed(value) for value, _ in BUTTONS},
        )
    else:
        response = redirect(safe_return(request.form.get("return_to")), 303)
    return remember(response, prefs)


# In each language, so that what a screen reader is told comes in the page's language.
add_rules(bp, {"en": "/preferences", "es": "/es/preferencias"}, "update", update, methods=["POST"])


def template_context():
    prefs = current()
    return {"reading": prefs, "toolbar_buttons": BUTTONS, "toolbar_open": panel_open()}


def init_app(app):
    app.register_blueprint(bp)
    app.context_processor(template_context)


def page_variant():
    """Which version of a cached page a request gets: pages differ by reading preferences, and
    by whether the toolbar was opened without JavaScript (page_cache.py)."""
    return current(), panel_open()
