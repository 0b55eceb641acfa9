"""The Flask extensions, created once here and bound to the app in create_app."""
from flask import request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_mail import Mail

mail = Mail()
# Limits are declared where they apply (the consultation POST); pages are never limited.
limiter = Limiter(get_remote_address)


@limiter.request_filter
def _only_posts_are_limited():
    # Skips Flask-Limiter's bookkeeping on the page views, which it would otherwise do each time.
    return request.method != "POST"
