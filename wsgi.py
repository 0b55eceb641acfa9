"""WSGI entry point: gunicorn serves wsgi:app, and `flask --app wsgi ...` runs commands."""

from microsite import create_app

app = create_app()
