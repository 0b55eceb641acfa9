"""Delivery to the clinic inbox loses nothing: against a real SMTP server that is up, down or stalled."""
import email
import email.policy
import logging
import os
import re
import socket
import time
from concurrent.futures import ThreadPoolExecutor

from conftest import VALID_REQUEST, Inbox, gunicorn, make_app, patient_submits, submit, wait_for
from microsite.outbox import Outbox


def references(inbox):
    return sorted(m["X-Consultation-Reference"] for m in inbox.messages())


def timed_submit(client, **changes):
    start = time.monotonic()
    response = submit(client, **changes)
    return response, time.monotonic() - start


def down_server_app(tmp_path):
    inbox = Inbox()  # a port where nothing listens yet
    app = make_app(tmp_path, MAIL_SERVER="127.0.0.1", MAIL_PORT=inbox.port, MAIL_TIMEOUT=2,
                   OUTBOX_RETRY_MIN_SECONDS=0.2, OUTBOX_RETRY_MAX_SECONDS=1)
    return app, inbox


def test_server_down_then_back_delivers_all_once_by_retrying(tmp_path):
    app, inbox = down_server_app(tmp_path)
    client = app.test_client()
    try:
        for i in range(20):
            response, seconds = timed_submit(client, message=f"Request number {i}: a Monday please.")
            assert response.status_code == 303 and seconds < 5
        outbox = Outbox(app.config["OUTBOX_DIR"])
        assert outbox.status()["pending"] == 20
        inbox.start()
        assert wait_for(lambda: len(inbox.envelopes) == 20, timeout=20), len(inbox.envelopes)
        time.sleep(1.5)  # room for any duplicate to show up
        assert len(inbox.envelopes) == 20 and len(set(references(inbox))) == 20
        bodies = {m.get_body(("plain",)).get_content() for m in inbox.messages()}
        assert all(any(f"Request number {i}:" in b for b in bodies) for i in range(20))
        assert outbox.status() == {"pending": 0, "delivered": 20, "oldest_age": None}
    finally:
        app.extensions["outbox_sender"].stop()
        inbox.stop()


def test_server_down_then_back_delivers_all_once_with_outbox_send(tmp_path):
    app, inbox = down_server_app(tmp_path)
    client = app.test_client()
    try:
        for i in range(20):
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
        assert "pending: 0\ndelivered: 20" in runner.invoke(args=["outbox", "status"]).output
    finally:
        inbox.stop()


def test_a_stalled_server_does_not_slow_the_request(tmp_path, caplog):
    # A server that accepts the connection and never says a word.
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    app = make_app(tmp_path, MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_TIMEOUT=1,
                   OUTBOX_RETRY_MIN_SECONDS=60)
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


def test_back_off_doubles_up_to_the_maximum(tmp_path):
    box = Outbox(tmp_path / "outbox")
    path = box.add(b"From: a@b.example\r\nTo: c@d.example\r\n\r\nhi\r\n", "ABCDEF")
    delays = []
    for _ in range(6):
        claimed = box.claim(path)
        attempts, delay = box.release(claimed, 30, 300)
        delays.append(delay)
        path = box.pending(due_only=False)[0]
        assert path.stat().st_mtime > time.time() + delay - 5  # not due before its back-off
        assert box.pending() == []
    assert delays == [30, 60, 120, 240, 300, 300] and attempts == 6


def test_a_claim_left_by_a_stopped_sender_is_recovered(mail_app, inbox):
    box = Outbox(mail_app.config["OUTBOX_DIR"])
    with mail_app.test_request_context():
        from microsite.consultation.message import compose
        raw = compose({**VALID_REQUEST, "phone": "+1 704-555-0123"}, "RCVRD1")
    claimed = box.claim(box.add(raw, "RCVRD1"))
    old = time.time() - 3600
    os.utime(claimed, (old, old))  # as if a worker died in the middle of sending an hour ago
    mail_app.extensions["outbox_sender"].wake()
    assert wait_for(lambda: references(inbox) == ["RCVRD1"])


def test_fifty_concurrent_requests_to_several_workers(tmp_path, inbox):
    with gunicorn(tmp_path, workers=3, MAIL_SERVER="127.0.0.1", MAIL_PORT=inbox.port,
                  RATELIMIT_ENABLED="false", OUTBOX_RETRY_MIN_SECONDS="0.2") as (url, log):
        with ThreadPoolExecutor(max_workers=50) as pool:
            codes = list(pool.map(lambda i: patient_submits(url, i), range(50)))
        assert codes == [303] * 50
        assert wait_for(lambda: len(inbox.envelopes) >= 50, timeout=30), len(inbox.envelopes)
        time.sleep(1.5)
    bodies = [m.get_body(("plain",)).get_content() for m in inbox.messages()]
    assert len(bodies) == 50 and len(set(references(inbox))) == 50
    assert sorted(int(re.search(r"Concurrent request (\d+),", b).group(1)) for b in bodies) == list(range(50))
