"""The outbox: a request is on disk before the patient is told it was sent, and leaves the disk
only when the mail server has accepted it.

Layout under OUTBOX_DIR, Maildir-like so any mail tool can read it:
    tmp/      being written (then renamed, so a message is never seen half-written)
    new/      waiting to be sent; a file's mtime is the earliest time to try it
    sending/  claimed by one sender (claimed by rename: only one process wins)
    delivered.log  one line per delivered message: time and reference, never the content
A file's name ends in the number of attempts so far, which sets the back-off.
"""
import collections
import email.parser
import email.utils
import logging
import os
import secrets
import smtplib
import threading
import time
from pathlib import Path

import click
import flask_mail
from flask import current_app
from flask.cli import AppGroup

log = logging.getLogger("microsite.outbox")

STALE_CLAIM_SECONDS = 300  # far longer than a send can take with MAIL_TIMEOUT set
IDLE_WAKE_SECONDS = 60  # look again even when nothing is due: another process may have added mail


class Outbox:
    def __init__(self, path):
        self.path = Path(path)
        for sub in ("tmp", "new", "sending"):
            (self.path / sub).mkdir(parents=True, exist_ok=True)

    def add(self, raw: bytes, reference: str) -> Path:
        name = f"{time.time_ns()}-{reference}-{secrets.token_hex(4)}.0"
        tmp = self.path / "tmp" / name
        with open(tmp, "wb") as f:
            f.write(raw)
            f.flush()
            os.fsync(f.fileno())
        final = self.path / "new" / name
        os.rename(tmp, final)
        _fsync_dir(final.parent)
        return final

    def pending(self, due_only=True):
        now = time.time()
        files = sorted((self.path / "new").iterdir())
        return [f for f in files if not due_only or _mtime(f, default=now + 1) <= now]

    def claim(self, path: Path):
        """Move a pending message to sending/; None if another process was first."""
        try:
            os.utime(path)  # the claim's age, for recovering claims of a crashed process
            target = self.path / "sending" / path.name
            os.rename(path, target)
            return target
        except FileNotFoundError:
            return None

    def delivered(self, claimed: Path):
        line = f"{time.strftime('%Y-%m-%dT%H:%M:%S%z')} {reference_of(claimed)}\n"
        with open(self.path / "delivered.log", "a", encoding="utf-8") as f:
            f.write(line)
        claimed.unlink()

    def release(self, claimed: Path, retry_min, retry_max):
        """Put a message back after a failed attempt, not to be tried again before its back-off."""
        stem, attempts = claimed.name.rsplit(".", 1)
        attempts = int(attempts) + 1
        delay = min(retry_min * 2 ** (attempts - 1), retry_max)
        target = self.path / "new" / f"{stem}.{attempts}"
        os.rename(claimed, target)
        os.utime(target, (time.time() + delay,) * 2)
        return attempts, delay

    def recover_stale_claims(self):
        limit = time.time() - STALE_CLAIM_SECONDS
        for claimed in (self.path / "sending").iterdir():
            if _mtime(claimed, default=time.time()) < limit:
                try:
                    os.rename(claimed, self.path / "new" / claimed.name)
                    log.warning("message %s was claimed by a sender that stopped; queued again",
                                reference_of(claimed))
                except FileNotFoundError:
                    pass

    def status(self):
        # By name without the attempt count: a message moving between new/ and sending/
        # while we look must count once.
        files = self.pending(due_only=False) + list((self.path / "sending").iterdir())
        pending = {p.name.rsplit(".", 1)[0] for p in files}
        oldest = min((int(name.split("-", 1)[0]) / 1e9 for name in pending), default=None)
        try:
            with open(self.path / "delivered.log", encoding="utf-8") as f:
                delivered = sum(1 for _ in f)
        except FileNotFoundError:
            delivered = 0
        return {"pending": len(pending), "delivered": delivered,
                "oldest_age": None if oldest is None else time.time() - oldest}


def reference_of(path: Path):
    return path.name.split("-")[1]


def _mtime(path, default):
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return default


def _fsync_dir(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def outbox():
    return current_app.extensions["outbox"]


# Delivery -----------------------------------------------------------------------------------

# Refusals of one message; any other failure means the server can't be reached or talked to.
MESSAGE_REFUSED = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


class _TimedConnection(flask_mail.Connection):
    """Flask-Mail's connection with a timeout: without one a stalled server hangs a sender."""

    def configure_host(self):
        m = self.mail
        smtp = smtplib.SMTP_SSL if m.use_ssl else smtplib.SMTP
        host = smtp(m.server, m.port, timeout=current_app.config["MAIL_TIMEOUT"])
        if m.use_tls:
            host.starttls()
        if m.username and m.password:
            host.login(m.username, m.password)
        return host


class _SmtpTransport:
    def __init__(self):
        self.host = _TimedConnection(current_app.extensions["mail"]).configure_host()

    def send(self, raw, name):
        # The envelope from the message's own headers; parsing only those is cheap.
        headers = email.parser.BytesHeaderParser().parsebytes(raw)
        recipients = [address for _, address in email.utils.getaddresses(headers.get_all("To"))]
        self.host.sendmail(email.utils.parseaddr(headers["From"])[1], recipients, raw)

    def close(self):
        try:
            self.host.quit()
        except (OSError, smtplib.SMTPException):
            pass


class _EmlTransport:
    """The embedded default: each message as a file anyone can open in a mail program."""

    def __init__(self):
        self.folder = Path(current_app.instance_path) / "mail"
        self.folder.mkdir(exist_ok=True)

    def send(self, raw, name):
        tmp = self.folder / f".{name}.tmp"
        tmp.write_bytes(raw)
        os.rename(tmp, self.folder / f"{name.rsplit('.', 1)[0]}.eml")

    def close(self):
        pass


Drained = collections.namedtuple("Drained", "left retry_in")


def drain(force=False):
    """Try each due message once (every pending one if force), stopping at once if the mail
    server can't be reached. Returns how many are left pending, and when the server is
    worth trying again if it could not be reached (else None)."""
    box = outbox()
    box.recover_stale_claims()
    config = current_app.config
    transport = None
    try:
        for path in box.pending(due_only=not force):
            claimed = box.claim(path)
            if claimed is None:
                continue
            reference = reference_of(claimed)
            try:
                if transport is None:
                    transport = _SmtpTransport() if config["MAIL_SERVER"] else _EmlTransport()
                transport.send(claimed.read_bytes(), claimed.name)
            except (OSError, smtplib.SMTPException) as error:
                attempts, delay = box.release(claimed, config["OUTBOX_RETRY_MIN_SECONDS"],
                                              config["OUTBOX_RETRY_MAX_SECONDS"])
                log.warning("request %s not delivered (attempt %d): %s; next try in %ds",
                            reference, attempts, _reason(error), delay)
                if not isinstance(error, MESSAGE_REFUSED):
                    return Drained(len(box.pending(due_only=False)), delay)
                continue
            box.delivered(claimed)
            log.info("request %s delivered to %s", reference, config["MAIL_SERVER"] or transport.folder)
    finally:
        if transport is not None:
            transport.close()
    return Drained(len(box.pending(due_only=False)), None)


def _reason(error):
    if isinstance(error, smtplib.SMTPResponseException):
        return f"server answered {error.smtp_code} {error.smtp_error.decode(errors='replace')}"
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


class Sender:
    """A background thread per process that delivers promptly after each new request and
    retries with back-off, so the patient's request never waits on the mail server."""

    def __init__(self, app):
        self.app = app
        self.pid = None
        self.wakeup = threading.Event()
        self.stopping = False

    def ensure_running(self):
        # gunicorn forks workers after the app is built, and threads don't survive a fork.
        if self.pid != os.getpid():
            self.pid = os.getpid()
            threading.Thread(target=self._run, name="outbox-sender", daemon=True).start()

    def wake(self):
        self.ensure_running()
        self.wakeup.set()

    def stop(self):
        self.stopping = True
        self.wakeup.set()

    def _run(self):
        resume_at = 0.0
        while not self.stopping:
            if time.time() < resume_at:
                # The server could not be reached: new requests wait out its back-off too,
                # rather than each knocking on a closed door.
                self.wakeup.wait(resume_at - time.time())
                self.wakeup.clear()
                continue
            with self.app.app_context():
                try:
                    result = drain()
                    wait = result.retry_in or self._until_next_due()
                    resume_at = time.time() + result.retry_in if result.retry_in else 0.0
                except Exception:  # the sender must outlive any one bad message or disk hiccup
                    log.exception("outbox sender failed; trying again shortly")
                    wait = self.app.config["OUTBOX_RETRY_MIN_SECONDS"]
            self.wakeup.wait(wait)
            self.wakeup.clear()

    def _until_next_due(self):
        due = [_mtime(p, default=0) for p in outbox().pending(due_only=False)]
        return max(0.05, min([d - time.time() for d in due] + [IDLE_WAKE_SECONDS]))


def init_app(app):
    app.extensions["outbox"] = Outbox(app.config["OUTBOX_DIR"])  # a bad path fails at start-up
    sender = app.extensions["outbox_sender"] = Sender(app)
    app.before_request(sender.ensure_running)
    app.cli.add_command(cli)


cli = AppGroup("outbox", help="The queue of consultation requests waiting for the mail server.")


@cli.command("send")
def send_command():
    """Try every pending message once. Exit 0 when none is left pending, 1 otherwise."""
    left = drain(force=True).left
    click.echo(f"{left} pending")
    raise SystemExit(0 if left == 0 else 1)


@cli.command("status")
def status_command():
    """How many messages are pending and how many were delivered."""
    status = outbox().status()
    oldest = "" if status["oldest_age"] is None else f" (oldest {status['oldest_age']:.0f}s)"
    click.echo(f"pending: {status['pending']}{oldest}\ndelivered: {status['delivered']}")
