"""gunicorn settings for `make run` and for production; each can be overridden on the command line."""

import logging
import multiprocessing
import os

# Loopback only: in production a reverse proxy (nginx, Caddy) terminates TLS in front.
bind = f"127.0.0.1:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# Threads (gunicorn's gthread worker), so that a connection that sends nothing waits in the
# worker's poller instead of holding a whole worker. Chrome opens such a connection after a
# response, to have one ready; a sync worker blocks reading it until `timeout` kills the worker,
# and with as many silent connections as workers the site answered nobody for 30 s (a real
# browser test timed out so). With threads, the same request was answered in 0.01 s. The cost,
# when clients keep every core busy: a request may wait behind others in its worker, and the
# 99th percentile of a POST was about twice sync's (README, "Measured").
threads = 4
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
# No control socket. gunicorn's default is one path per user ($XDG_RUNTIME_DIR/gunicorn.ctl or
# ~/.gunicorn/gunicorn.ctl) shared by every instance on the machine, so starting or stopping one
# site removes another's; under systemd's ProtectSystem=strict the home folder is read-only.
# Nothing here uses gunicornc: systemctl and signals (HUP reloads, TERM stops) do its work, and
# a socket in the instance folder could pass the 108-byte limit of a Unix socket's path.
control_socket_disable = True


class ToGunicornErrorLog(logging.Handler):
    """Hands each record to gunicorn's error log, so it is written where that log goes
    (stderr, --error-logfile or syslog), in its format, and only at --log-level or above."""

    def emit(self, record):
        error_log = logging.getLogger("gunicorn.error")
        if error_log.isEnabledFor(record.levelno):
            error_log.handle(record)


# The site's own loggers ("microsite.*": a request queued, delivered or not) go to gunicorn's
# error log; without this, Python drops their INFO lines. gunicorn applies this after setting up
# its own logs and before loading the app, over its defaults one top-level key at a time
# (glogging.CONFIG_DEFAULTS.update): "loggers" and "handlers" here replace its defaults whole, so
# "root" is given too, as its default root would send every library's INFO to stdout through a
# handler no longer defined. gunicorn's own loggers keep the handlers gunicorn gave them.
logconfig_dict = {
    "root": {"level": "WARNING", "handlers": []},
    "loggers": {"microsite": {"level": "DEBUG", "handlers": ["gunicorn_error"], "propagate": False}},
    "handlers": {"gunicorn_error": {"()": ToGunicornErrorLog}},
}


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
