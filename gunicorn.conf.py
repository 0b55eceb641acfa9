"""gunicorn settings for `make run` and for production; each can be overridden on the command line."""
import multiprocessing
import os

# Loopback only: in production a reverse proxy (nginx, Caddy) terminates TLS in front.
bind = f"127.0.0.1:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# Build the app once before forking: the instance secret key is created once and the
# rendered content is shared by every worker.
preload_app = True
timeout = 30
graceful_timeout = 30
keepalive = 5
# One line per request, with the path but never the query string or the body.
accesslog = "-"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
# The app alone decides which X-Forwarded-* headers to believe (TRUSTED_PROXIES).
forwarded_allow_ips = ""


def when_ready(server):
    # Runs in the master after the app is loaded and before the workers fork.
    from microsite import warm_up
    from microsite.extensions import warn_if_counted_per_worker

    warm_up(server.app.wsgi())
    warn_if_counted_per_worker(server.app.wsgi(), server.num_workers)


def post_worker_init(worker):
    # Start each worker's outbox sender now, so mail left from before a restart goes out
    # without waiting for the first visitor.
    worker.wsgi.extensions["outbox_sender"].ensure_running()
