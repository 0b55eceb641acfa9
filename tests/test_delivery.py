"""Delivery to the clinic inbox loses nothing: against a real SMTP server that is up, down or stalled."""

import email
import email.policy
import http.cookiejar
import logging
import os
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from microsite.outbox import Outbox
from support import (
    VALID_REQUEST,
    NoRedirect,
    app_mailing_to,
    gunicorn,
    make_app,
    patient_submits,
    submit,
    tokens_in,
    wait_for,
)


def references(inbox):
    return sorted(m["X-Consultation-Reference"] for m in inbox.messages())


def timed_submit(client, **changes):
    start = time.monotonic()
    response = submit(client, **changes)
    return response, time.monotonic() - start


def test_server_down_then_back_delivers_all_once_by_retrying(tmp_path, start_inbox):
    inbox = start_inbox(listening=False)  # the mail server is down
    app = app_mailing_to(inbox, tmp_path)
    client = app.test_client()
    for i in range(20):
        response, seconds = timed_submit(client, message=f"Request number {i}: a Monday please.")
        assert response.status_code == 303 and seconds < 5
    outbox = Outbox(app.config["OUTBOX_DIR"])
    assert outbox.status()["pending"] == 20
    inbox.start()
    # Once nothing is pending, nothing more can be sent: no need to wait for a duplicate.
    assert wait_for(lambda: outbox.status()["pending"] == 0, timeout=20), len(inbox.envelopes)
    assert len(inbox.envelopes) == 20 and len(set(references(inbox))) == 20
    bodies = {m.get_body(("plain",)).get_content() for m in inbox.messages()}
    assert all(any(f"Request number {i}:" in b for b in bodies) for i in range(20))
    assert outbox.status() == {"pending": 0, "delivered": 20, "failed": 0, "oldest_age": None}


def test_server_down_then_back_delivers_all_once_with_outbox_send(tmp_path, start_inbox):
    inbox = start_inbox(listening=False)
    app = app_mailing_to(inbox, tmp_path)
    client = app.test_client()
    for _ in range(20):
        assert submit(client).status_code == 303
    app.extensions["outbox_sender"].stop()  # only the command delivers from here
    runner = app.test_cli_runner()
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 1 and "20 pending" in result.output
    status = runner.invoke(args=["outbox", "status"])
    assert "pending: 20" in status.output and "delivered: 0" in status.output
    inbox.start()
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 0 and "0 pending" in result.output
    assert len(inbox.envelopes) == 20 and len(set(references(inbox))) == 20
    assert "pending: 0\ndelivered: 20\nfailed: 0" in runner.invoke(args=["outbox", "status"]).output


def test_a_stalled_server_does_not_slow_the_request(tmp_path, caplog):
    # A server that accepts the connection and never says a word.
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    app = make_app(tmp_path, MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_TIMEOUT=1, OUTBOX_RETRY_MIN_SECONDS=60)
    try:
        with caplog.at_level(logging.INFO, logger="microsite"):
            response, seconds = timed_submit(app.test_client())
            assert response.status_code == 303 and seconds < 1
            assert wait_for(lambda: "not delivered" in caplog.text, timeout=10)
        assert "TimeoutError" in caplog.text or "timed out" in caplog.text
        assert Outbox(app.config["OUTBOX_DIR"]).status()["pending"] == 1
    finally:
        app.extensions["outbox_sender"].stop()
        listener.close()


def test_logs_name_the_reference_and_outcome_never_the_message(mail_app, inbox, caplog):
    secret = "Please call me after four o'clock on Fridays"

    def site_log():
        return "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("microsite"))

    with caplog.at_level(logging.DEBUG, logger="microsite"):
        assert submit(mail_app.test_client(), message=secret, name="Zelda Quartermaine").status_code == 303
        assert wait_for(lambda: "delivered" in site_log())
    reference = inbox.messages()[0]["X-Consultation-Reference"]
    assert f"request {reference} queued" in site_log() and f"request {reference} delivered" in site_log()
    assert "four o'clock" not in site_log() and "Zelda" not in site_log() and "maria@" not in site_log()


def test_without_a_mail_server_requests_are_written_as_eml_files(app, client):
    assert submit(client).status_code == 303
    folder = os.path.join(app.instance_path, "mail")
    assert wait_for(lambda: os.path.isdir(folder) and any(f.endswith(".eml") for f in os.listdir(folder)))
    (name,) = [f for f in os.listdir(folder) if f.endswith(".eml")]
    with open(os.path.join(folder, name), "rb") as f:
        message = email.message_from_binary_file(f, policy=email.policy.default)
    assert message["Reply-To"] == "Maria Lopez <maria@example.com>"
    assert Outbox(app.config["OUTBOX_DIR"]).status()["pending"] == 0


def test_fifty_concurrent_requests_to_several_workers(tmp_path, inbox):
    with gunicorn(
        tmp_path,
        workers=3,
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=inbox.port,
        RATELIMIT_ENABLED="false",
        OUTBOX_RETRY_MIN_SECONDS="0.2",
    ) as (url, log):
        with ThreadPoolExecutor(max_workers=50) as pool:
            codes = list(pool.map(lambda i: patient_submits(url, i), range(50)))
        assert codes == [303] * 50
        box = Outbox(tmp_path / "instance" / "outbox")
        assert wait_for(lambda: box.status()["pending"] == 0, timeout=30), len(inbox.envelopes)
    bodies = [m.get_body(("plain",)).get_content() for m in inbox.messages()]
    assert len(bodies) == 50 and len(set(references(inbox))) == 50
    assert sorted(int(re.search(r"Concurrent request (\d+),", b).group(1)) for b in bodies) == list(range(50))


def test_one_form_posted_three_times_at_once_sends_one_email(tmp_path, inbox):
    with gunicorn(tmp_path, workers=3, MAIL_SERVER="127.0.0.1", MAIL_PORT=inbox.port, RATELIMIT_ENABLED="false") as (
        url,
        log,
    ):
        # One patient's browser (one session, one form) sending the form three times at once.
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect)
        html = opener.open(url + "/consultation", timeout=30).read().decode()
        data = urllib.parse.urlencode({**VALID_REQUEST, **tokens_in(html)}).encode()

        def post(_):
            try:
                opener.open(url + "/consultation", data=data, timeout=30)
            except urllib.error.HTTPError as answer:
                return answer.code

        with ThreadPoolExecutor(max_workers=3) as pool:
            assert list(pool.map(post, range(3))) == [303] * 3
        box = Outbox(tmp_path / "instance" / "outbox")
        assert wait_for(lambda: box.status()["pending"] == 0)  # all queued before the answers: none can follow
    assert len(inbox.envelopes) == 1


def test_a_server_slow_to_answer_the_message_gets_it_once(tmp_path, start_inbox):
    # The server stores the message, then answers the final "." after longer than MAIL_TIMEOUT.
    inbox = start_inbox(delay=2)
    app = app_mailing_to(inbox, tmp_path, MAIL_TIMEOUT=1)
    assert submit(app.test_client()).status_code == 303
    box = app.extensions["outbox"]
    assert wait_for(lambda: box.status()["delivered"] == 1)
    assert box.status()["pending"] == 0 and inbox.attempts == 1 and len(inbox.envelopes) == 1


def test_a_message_refused_for_good_is_set_aside_reported_and_retried(tmp_path, caplog, start_inbox):
    inbox = start_inbox(reply="550 5.7.1 Message rejected as spam")
    app = app_mailing_to(
        inbox, tmp_path, OUTBOX_MAX_REFUSALS=3, OUTBOX_RETRY_MIN_SECONDS=0.05, OUTBOX_RETRY_MAX_SECONDS=0.1
    )
    box = app.extensions["outbox"]
    runner = app.test_cli_runner()
    with caplog.at_level(logging.INFO, logger="microsite"):
        assert submit(app.test_client()).status_code == 303
        assert wait_for(lambda: box.status()["failed"] == 1)
    (message,) = box.failed()
    assert inbox.attempts == 3 and box.status()["pending"] == 0
    assert f"request {message.reference} refused 3 times" in caplog.text and "550 5.7.1" in caplog.text
    health = app.test_client().get("/healthz").get_data(as_text=True)
    assert health.startswith("warning: the mail server refused 1 request(s)") and "outbox failed: 1" in health
    listing = runner.invoke(args=["outbox", "failed"]).output
    assert message.reference in listing and "tried 3 times" in listing

    inbox.reply = "250 OK"  # the clinic fixed the relay's filter
    assert runner.invoke(args=["outbox", "retry", message.reference]).output.startswith("1 queued again")
    assert runner.invoke(args=["outbox", "send"]).exit_code == 0
    assert len(inbox.envelopes) == 1 and box.status()["failed"] == 0
    assert app.test_client().get("/healthz").get_data(as_text=True).startswith("ok\n")


def test_a_temporary_refusal_is_retried_not_set_aside(tmp_path, caplog, start_inbox):
    inbox = start_inbox(reply="451 4.3.0 Try again later")
    app = app_mailing_to(
        inbox, tmp_path, OUTBOX_MAX_REFUSALS=2, OUTBOX_RETRY_MIN_SECONDS=0.05, OUTBOX_RETRY_MAX_SECONDS=0.1
    )
    with caplog.at_level(logging.INFO, logger="microsite"):
        assert submit(app.test_client()).status_code == 303
        assert wait_for(lambda: inbox.attempts >= 4)
    status = app.extensions["outbox"].status()
    assert status["failed"] == 0 and status["pending"] == 1
    inbox.reply = "250 OK"
    assert wait_for(lambda: len(inbox.envelopes) == 1)


# TLS to the relay ----------------------------------------------------------------------------


def certificate(folder, name="IP:127.0.0.1"):
    """A self-signed certificate for `name` (a subjectAltName), made by openssl."""
    import subprocess

    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "2",
            "-subj",
            "/CN=test relay",
            "-addext",
            f"subjectAltName={name}",
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def tls_options(cert, key, implicit=False):
    """aiosmtpd's options for a server that offers STARTTLS (and requires it), or speaks TLS at once."""
    import ssl

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return {"ssl_context": context} if implicit else {"tls_context": context, "require_starttls": True}


@pytest.mark.parametrize("implicit", [False, True], ids=["STARTTLS", "SSL"])
@pytest.mark.parametrize(
    "name, trusted, delivered",
    [
        ("IP:127.0.0.1", False, False),  # a certificate nobody vouches for: anyone could be in the middle
        ("IP:127.0.0.1", True, True),
        ("DNS:mail.other.example", True, False),  # vouched for, but for another server
    ],
)
def test_the_relay_must_prove_who_it_is(tmp_path, caplog, start_inbox, implicit, name, trusted, delivered):
    cert, key = certificate(tmp_path, name)
    inbox = start_inbox(**tls_options(cert, key, implicit))
    tls = {"MAIL_USE_SSL": True} if implicit else {"MAIL_USE_TLS": True}
    app = app_mailing_to(
        inbox, tmp_path, MAIL_CA_FILE=str(cert) if trusted else None, OUTBOX_RETRY_MIN_SECONDS=60, **tls
    )
    with caplog.at_level(logging.INFO, logger="microsite"):
        assert submit(app.test_client()).status_code == 303
        assert wait_for(lambda: "delivered to" in caplog.text or "not delivered" in caplog.text)
    assert bool(inbox.envelopes) == delivered
    if not delivered:
        assert "CERTIFICATE_VERIFY_FAILED" in caplog.text


@pytest.mark.parametrize(
    "server, tls, warned",
    [
        ("smtp.example.com", {}, True),
        ("smtp.example.com", {"MAIL_USE_TLS": True}, False),
        ("smtp.example.com", {"MAIL_USE_SSL": True, "MAIL_PORT": 465}, False),
        ("127.0.0.1", {}, False),  # a relay on this machine: nothing crosses the network
        ("localhost", {}, False),
    ],
)
def test_warns_at_start_up_when_mail_would_cross_the_network_unencrypted(tmp_path, caplog, server, tls, warned):
    with caplog.at_level(logging.WARNING, logger="microsite"):
        make_app(tmp_path, MAIL_SERVER=server, **tls)
    assert ("would cross the network unencrypted" in caplog.text) == warned
