"""The outbox keeps its written promise: durable, private, one message per form, never sent again
because of its own bookkeeping, and not upset by files that are not its own."""

import os
import stat
import subprocess
import threading
import time
from contextlib import contextmanager

import pytest

from microsite.outbox import Outbox
from support import Inbox, make_app, submit, wait_for

RAW = (
    b"From: website@clinic.example.org\r\nTo: desk@clinic.example.org\r\nX-Consultation-Reference: ABCDEF\r\n\r\nhi\r\n"
)


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_back_off_doubles_up_to_the_maximum(tmp_path):
    from microsite.delivery import drain

    app = make_app(
        tmp_path,
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=Inbox().port,  # nothing listens there
        OUTBOX_RETRY_MIN_SECONDS=30,
        OUTBOX_RETRY_MAX_SECONDS=300,
    )
    app.extensions["outbox_sender"].stop()
    box = app.extensions["outbox"]
    box.add(RAW, "ABCDEF")
    delays = []
    with app.app_context():
        for _ in range(6):
            assert drain(force=True).left == 1
            (message,) = box.pending(due_only=False)
            delays.append(round(message.path.stat().st_mtime - time.time()))
            assert box.pending() == []  # not due before its back-off
    assert delays == [30, 60, 120, 240, 300, 300] and message.attempts == 6 and message.refusals == 0


def test_a_claim_whose_sender_stopped_is_queued_again(tmp_path):
    box = Outbox(tmp_path / "outbox")
    box.add(RAW, "ABCDEF")
    claim = box.claim(box.pending()[0])
    claim.close()  # the sender's process ended, and its lock with it
    box.recover_lost_claims()
    assert [m.reference for m in box.pending()] == ["ABCDEF"]


def test_a_claim_still_being_sent_is_left_alone_however_long_it_takes(tmp_path):
    # A server may take 10 minutes to answer: a sender still waiting holds its lock.
    box = Outbox(tmp_path / "outbox")
    box.add(RAW, "ABCDEF")
    claim = box.claim(box.pending()[0])
    Outbox(tmp_path / "outbox").recover_lost_claims()  # as another process would
    assert box.pending(due_only=False) == [] and claim.message.path.exists()
    claim.close()


def test_a_message_put_back_is_never_due_early(tmp_path):
    box = Outbox(tmp_path / "outbox")
    box.add(RAW, "ABCDEF")
    claim = box.claim(box.pending()[0])
    seen = []
    # Another sender watching new/ the whole time must never see the message due.
    watching = True

    def watch():
        while watching:
            seen.extend(box.pending())

    watcher = threading.Thread(target=watch)
    watcher.start()
    for _ in range(200):
        box.release(claim, delay=60)
        (message,) = box.pending(due_only=False)
        claim = box.claim(message)
    watching = False
    watcher.join()
    claim.close()
    assert seen == []


def test_files_that_are_not_messages_are_left_alone(mail_app, inbox):
    box = mail_app.extensions["outbox"]
    strays = [
        box.path / "new" / ".DS_Store",
        box.path / "new" / "notes.txt",
        box.path / "sending" / "Thumbs.db",
        box.path / "failed" / "readme",
    ]
    for stray in strays:
        stray.write_text("not a message")
    client = mail_app.test_client()
    assert client.get("/healthz").get_data(as_text=True).startswith("ok\noutbox pending: 0\n")
    result = mail_app.test_cli_runner().invoke(args=["outbox", "status"])
    assert result.exit_code == 0 and "pending: 0" in result.output
    assert submit(client).status_code == 303
    assert wait_for(lambda: box.status()["delivered"] == 1)
    assert len(inbox.envelopes) == 1 and all(stray.read_text() == "not a message" for stray in strays)
    assert mail_app.test_cli_runner().invoke(args=["outbox", "send"]).exit_code == 0


def test_patient_data_is_readable_by_its_owner_only(tmp_path, inbox):
    instance = tmp_path / "instance"
    instance.mkdir(mode=0o755)
    os.chmod(instance, 0o755)  # as an older version, or an operator, left it
    app = make_app(tmp_path)
    app.extensions["outbox_sender"].stop()
    assert submit(app.test_client()).status_code == 303
    box = app.extensions["outbox"]
    (message,) = box.pending()
    assert mode(instance) == 0o700 and mode(instance / "secret_key") == 0o600
    assert {mode(folder) for folder in box.path.iterdir()} == {0o700} and mode(box.path) == 0o700
    assert mode(message.path) == 0o600
    assert list((box.path / "forms").iterdir()) and {mode(p) for p in (box.path / "forms").iterdir()} == {0o600}
    with app.app_context():
        from microsite.delivery import drain

        drain()  # no mail server: written as an .eml file
    (eml,) = (instance / "mail").iterdir()
    assert mode(instance / "mail") == 0o700 and mode(eml) == 0o600
    assert mode(box.path / "delivered.log") == 0o600


def test_one_form_is_queued_once_when_posted_at_the_same_moment(tmp_path):
    box = Outbox(tmp_path / "outbox")
    start = threading.Barrier(8)
    results = []

    def post(i):
        start.wait()
        results.append(box.add(RAW, f"REF00{i}", key="the-form-id-0123456789"))

    threads = [threading.Thread(target=post, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    (first,) = [reference for reference, new in results if new]
    assert sorted(results) == sorted([(first, True)] + [(first, False)] * 7)
    assert [m.reference for m in box.pending()] == [first]
    assert os.listdir(box.path / "tmp") == []


def test_a_form_id_is_a_file_name_never_a_path(tmp_path):
    box = Outbox(tmp_path / "outbox")
    with pytest.raises(ValueError):
        box.add(RAW, "ABCDEF", key="../../etc/passwd")


# A full disk: a real file system with no room left --------------------------------------------


@contextmanager
def small_disk(folder, size="1m"):
    """A tmpfs of `size` mounted at `folder` (root only: mounting needs it)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system to fill needs root")
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "--lazy", str(folder)], check=True)


def fill(folder):
    """Write until the disk is full; return the filler, to delete to make room again."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)
    return filler


def test_a_full_disk_keeps_what_was_typed_and_fails_healthz(tmp_path, inbox):
    with small_disk(tmp_path / "disk") as disk:
        app = make_app(
            tmp_path,
            OUTBOX_DIR=str(disk / "outbox"),
            MAIL_SERVER="127.0.0.1",
            MAIL_PORT=inbox.port,
            CLINIC_PHONE="(704) 555-0199",
        )
        client = app.test_client()
        try:
            assert client.get("/healthz").status_code == 200
            filler = fill(disk)
            response = submit(client, message="Is there parking near the entrance for a wheelchair van?")
            html = response.get_data(as_text=True)
            assert response.status_code == 503
            assert "a problem with our website stopped us from sending your request" in html
            assert "(704) 555-0199" in html and "wheelchair van?</textarea>" in html and 'value="Maria Lopez"' in html
            health = client.get("/healthz")
            assert health.status_code == 503 and health.get_data(as_text=True).startswith("down:")
            assert os.listdir(disk / "outbox" / "tmp") == [] and os.listdir(disk / "outbox" / "forms") == []

            filler.unlink()  # room again: the same form goes through
            assert submit(client).status_code == 303 and client.get("/healthz").status_code == 200
            assert wait_for(lambda: len(inbox.envelopes) == 1)
        finally:
            app.extensions["outbox_sender"].stop()


def test_a_full_disk_never_sends_a_delivered_message_again(tmp_path, inbox):
    with small_disk(tmp_path / "disk") as disk:
        app = make_app(tmp_path, OUTBOX_DIR=str(disk / "outbox"), MAIL_SERVER="127.0.0.1", MAIL_PORT=inbox.port)
        app.extensions["outbox_sender"].stop()
        try:
            assert submit(app.test_client()).status_code == 303
            fill(disk)  # delivered.log can't grow now
            runner = app.test_cli_runner()
            assert runner.invoke(args=["outbox", "send"]).exit_code == 0
            box = app.extensions["outbox"]
            assert len(inbox.envelopes) == 1 and box.status()["pending"] == 0
            # A sender starting later finds nothing to send, and no claim to recover.
            assert os.listdir(box.path / "sending") == []
            assert runner.invoke(args=["outbox", "send"]).exit_code == 0
            assert len(inbox.envelopes) == 1
        finally:
            app.extensions["outbox_sender"].stop()


def test_healthz_fails_when_the_outbox_is_read_only(tmp_path):
    with small_disk(tmp_path / "disk") as disk:
        app = make_app(tmp_path, OUTBOX_DIR=str(disk / "outbox"))
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        try:
            response = app.test_client().get("/healthz")
            assert response.status_code == 503 and "Read-only file system" in response.get_data(as_text=True)
        finally:
            app.extensions["outbox_sender"].stop()
            subprocess.run(["mount", "-o", "remount,rw", str(disk)], check=True)


def test_the_confirmation_shows_the_first_reference_for_a_form_sent_twice(app):
    app.extensions["outbox_sender"].stop()
    client = app.test_client()
    from support import form_tokens

    tokens = form_tokens(client)
    other_tab = app.test_client()  # the same form posted again, by a session that never saw the first answer
    other_tab.set_cookie("session", client.get_cookie("session").value)
    assert submit(client, tokens=tokens).status_code == 303
    first = client.get("/consultation/sent").get_data(as_text=True)
    assert submit(other_tab, tokens=tokens).status_code == 303
    assert other_tab.get("/consultation/sent").get_data(as_text=True) == first
    assert app.extensions["outbox"].status()["pending"] == 1
