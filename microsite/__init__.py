"""Pain clinic microsite: the gabapentin article, reading preferences and consultation requests."""

import logging

from flask import Flask
from flask_babel import force_locale, get_translations

from . import (
    assets,
    consultation,
    content,
    delivery,
    errors,
    health,
    languages,
    page_cache,
    pages,
    preferences,
    security,
    settings,
    wellknown,
)
from .extensions import init_limiter, mail
from .screening.lexicon import load_lexicons
from .screening.model import load_model


def create_app(config=None):
    app = Flask(
        __name__,
        instance_path=settings.instance_path(config),
        template_folder=str(settings.PROJECT_ROOT / "templates"),
        static_folder=str(settings.PROJECT_ROOT / "static"),
    )
    settings.configure(app, config)
    security.init_app(app)
    languages.init_app(app)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    mail.init_app(app)
    init_limiter(app, consultation.bp)
    delivery.init_app(app)
    assets.init_app(app)
    page_cache.init_app(app, variant=preferences.page_variant)
    preferences.init_app(app)
    app.context_processor(pages.site_context)
    for module in (pages, consultation, wellknown, health, errors):
        app.register_blueprint(module.bp)
    _log_embedded_defaults(app)
    return app


def warm_up(app):
    """Compile every template, read every page and catalogue and load the screening's lexicons
    and model once, before gunicorn forks its workers, so that no patient's request waits for it
    and the workers share the result."""
    load_lexicons()
    load_model()
    for language in languages.LANGUAGES.values():
        with app.test_request_context(), force_locale(language.locale):
            get_translations()
    for name in app.jinja_env.list_templates():
        app.jinja_env.get_template(name)
    for lang, name in content.names():
        content.load(name, lang)


def _log_embedded_defaults(app):
    log = logging.getLogger("microsite")
    if not app.config["MAIL_SERVER"]:
        log.warning(
            "No MAIL_SERVER set: consultation requests are written as .eml files under %s/mail", app.instance_path
        )
    if app.config["CLINIC_INBOX"].endswith(".example"):
        log.warning("CLINIC_INBOX is the placeholder %s: set FLASK_CLINIC_INBOX", app.config["CLINIC_INBOX"])
