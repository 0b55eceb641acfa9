"""`make run`'s server: gunicorn with gunicorn.conf.py serves the article on loopback."""

import email
import email.policy
import re
import socket
import time
import urllib.request

from support import gunicorn, patient_submits, wait_for


def test_gunicorn_serves_the_article(tmp_path):
    with gunicorn(tmp_path) as (url, log):
        with urllib.request.urlopen(url + "/", timeout=5) as r:
            assert "<h1>How Does Gabapentin Help for Back Pain?</h1>" in r.read().decode()
    # The access log has one line per request, without query strings.
    assert '"GET /healthz" 200' in log[0] and '"GET /" 200' in log[0]
    assert (tmp_path / "instance" / "secret_key").exists()


def test_the_tests_server_keeps_answering_after_a_pipe_full_of_log(tmp_path):
    # The browser tests share one server for the session. Its log once went to a pipe nobody read
    # until the end; past 64 KiB (about 1,500 requests) its workers blocked writing, and a page
    # load timed out in CI.
    with gunicorn(tmp_path, workers=1) as (url, log):
        for _ in range(3000):  # about 32 bytes of log each
            with urllib.request.urlopen(url + "/", timeout=5) as r:
                assert r.status == 200
    assert len(log[0]) > 2**16 and log[0].count('"GET /" 200') >= 3000


def test_connections_that_send_nothing_do_not_hold_up_the_site(tmp_path):
    # Chrome opens a connection before it needs one and may send nothing on it; anyone can. With
    # gunicorn's sync worker, one such connection held the only worker until `timeout` killed it.
    with gunicorn(tmp_path, workers=1) as (url, log):
        silent = [socket.create_connection(("127.0.0.1", int(url.rsplit(":", 1)[1]))) for _ in range(3)]
        try:
            with urllib.request.urlopen(url + "/", timeout=10) as r:
                assert r.status == 200
        finally:
            for connection in silent:
                connection.close()
    assert "WORKER TIMEOUT" not in log[0]


def test_gunicorn_logs_each_request_queued_and_delivered_with_its_reference(tmp_path):
    # No mail server: the request is delivered as an .eml file, whose header names its reference.
    mail = tmp_path / "instance" / "mail"
    delivered = tmp_path / "instance" / "outbox" / "delivered.log"
    with gunicorn(tmp_path) as (url, log):
        assert patient_submits(url, 1) == 303
        assert wait_for(lambda: delivered.exists() and delivered.read_text().strip())
        time.sleep(0.5)  # the "delivered" line is logged just after delivered.log is written
    (eml,) = mail.glob("*.eml")
    with eml.open("rb") as f:
        reference = email.message_from_binary_file(f, policy=email.policy.default)["X-Consultation-Reference"]
    # In gunicorn's error-log format, beside gunicorn's own lines.
    assert re.search(rf"\[\d+\] \[INFO\] request {reference} queued$", log[0], re.M), log[0]
    assert re.search(rf"\[\d+\] \[INFO\] request {reference} delivered to {mail}$", log[0], re.M), log[0]
    assert re.search(r"\[\d+\] \[INFO\] Booting worker with pid", log[0])
    assert "Maria" not in log[0] and "Tuesday" not in log[0]


def test_two_sites_on_one_machine_share_no_control_socket(tmp_path):
    # gunicorn's default would be one socket for every instance of the user, ~/.gunicorn/gunicorn.ctl
    # (or $XDG_RUNTIME_DIR/gunicorn.ctl): a second site, or the test suite, would take it over and
    # remove it on stopping. gunicorn.conf.py turns the control socket off.
    home = tmp_path / "home"
    home.mkdir()
    environ = {"HOME": str(home), "XDG_RUNTIME_DIR": None}
    with gunicorn(tmp_path / "first", environ=environ) as (first, first_log):
        with gunicorn(tmp_path / "second", environ=environ) as (second, second_log):
            for url in (first, second):
                with urllib.request.urlopen(url + "/healthz", timeout=5) as r:
                    assert r.status == 200
            assert [p for p in tmp_path.rglob("*") if p.is_socket()] == []
            assert not (home / ".gunicorn").exists()
        with urllib.request.urlopen(first + "/healthz", timeout=5) as r:
            assert r.status == 200
    assert "control socket" not in (first_log[0] + second_log[0]).lower()
