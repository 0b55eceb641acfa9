"""Time from POST /consultation to its 303, under concurrent patients, with the mail server up,
slow (5 s a message) and down. The request must not wait for the mail server in any case.

Run from the repository root, with the dev requirements installed:
    .venv/bin/python benchmarks/consultation_latency.py [--clients 20] [--requests 400]
It starts gunicorn (gunicorn.conf.py, as `make run`) and an SMTP server (aiosmtpd, in a process
of its own so it doesn't compete with the clients for the GIL) on loopback, and stops both.
For scale it also times GET /healthz in the same harness. Target: p99 under 50 ms in all cases.
"""

import argparse
import asyncio
import http.cookiejar
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ProcessPoolExecutor

from aiosmtpd.controller import Controller

from servers import free_port, gunicorn, running, tokens_in

FORM = {
    "name": "Maria Lopez",
    "email": "maria@example.com",
    "phone": "704 555 0123",
    "contact_method": "phone",
    "patient_status": "new",
    "consent": "y",
    "message": "Could I have an appointment on a Tuesday morning? Thursdays work too.",
}


class Inbox:
    def __init__(self, delay):
        self.delay = delay

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(self.delay)
        return "250 OK"


def serve_smtp(port, delay):
    controller = Controller(Inbox(delay), hostname="127.0.0.1", port=port)
    controller.start()
    threading.Event().wait()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def prober(url, count):
    """The harness's own floor: the cheapest request the site answers."""
    times = []
    for _ in range(count):
        start = time.perf_counter()
        urllib.request.urlopen(url + "/healthz", timeout=30).read()
        times.append(time.perf_counter() - start)
    return times, []


def patient(url, count):
    """One patient's browser, in a process of its own: fetch the form, fill it in, send it."""
    times, errors = [], []
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect)
    for _ in range(count):
        html = opener.open(url + "/consultation", timeout=30).read().decode()
        data = {**FORM, **tokens_in(html)}
        body = urllib.parse.urlencode(data).encode()
        start = time.perf_counter()
        try:
            opener.open(url + "/consultation", data=body, timeout=30)
            status = 200
        except urllib.error.HTTPError as answer:
            status = answer.code
        elapsed = time.perf_counter() - start
        if status == 303:
            times.append(elapsed)
        else:
            errors.append(status)
    return times, errors


def run(case, clients, total, client=patient):
    smtp_port = free_port()
    smtp = None
    if case != "down":
        smtp = subprocess.Popen(
            [sys.executable, __file__, "--serve-smtp", str(smtp_port), "--smtp-delay", "5" if case == "slow" else "0"]
        )
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        "PORT": str(port),
        "FLASK_MAIL_SERVER": "127.0.0.1",
        "FLASK_MAIL_PORT": str(smtp_port),
        "FLASK_RATELIMIT_ENABLED": "false",
        "FLASK_CLINIC_INBOX": "desk@clinic.example.org",
    }
    times, errors = [], []
    try:
        with (
            tempfile.TemporaryDirectory() as instance,
            running(gunicorn(), url + "/healthz", env={**env, "FLASK_INSTANCE_PATH": instance}),
        ):
            # Processes, not threads: one client process's GIL would queue the others' timings.
            with ProcessPoolExecutor(max_workers=clients) as pool:
                for client_times, client_errors in pool.map(client, [url] * clients, [total // clients] * clients):
                    times += client_times
                    errors += client_errors
    finally:
        if smtp:
            smtp.terminate()
            smtp.wait(timeout=30)
    times.sort()
    p50 = statistics.median(times) * 1000
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))] * 1000
    what = "POST to 303" if client is patient else "GET /healthz"
    print(
        f"SMTP {case:5s}: {len(times)} requests, {len(errors)} errors, "
        f"{what} p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {times[-1] * 1000:.1f} ms"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=400, help="in all, per case")
    parser.add_argument("--serve-smtp", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--smtp-delay", type=float, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_smtp:
        return serve_smtp(args.serve_smtp, args.smtp_delay)
    print(f"{args.clients} concurrent clients, {os.cpu_count()} cores, gunicorn.conf.py defaults")
    run("up", args.clients, args.requests, client=prober)
    for case in ("up", "slow", "down"):
        run(case, args.clients, args.requests)


if __name__ == "__main__":
    main()
