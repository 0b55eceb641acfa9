"""Delivery: from the outbox to the clinic's mail server, by a background sender in each
process, and by the `flask outbox` commands.

Each due message is tried once a round; the round stops at the first sign that the server can't
be reached, and waits out a back-off that doubles up to OUTBOX_RETRY_MAX_SECONDS. A message the
server refuses outright (a 5xx answer) OUTBOX_MAX_REFUSALS times is set aside in failed/.
"""

import collections
import email.parser
import email.utils
import ipaddress
import logging
import os
import smtplib
import ssl
import threading
import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from .outbox import Outbox, outbox

log = logging.getLogger("microsite.outbox")

IDLE_WAKE_SECONDS = 60  # look again even when nothing is due: another process may have added mail
# RFC 5321 4.5.3.2.6: the server may take 10 minutes to answer the final "." while it stores the
# message. Giving up sooner and trying again would deliver the message twice.
DATA_END_TIMEOUT = 600

# Refusals of one message; any other failure means the server can't be reached or talked to.
MESSAGE_REFUSED = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


class _PatientData:
    """smtplib's DATA with the RFC's timeout for the reply; every other step keeps MAIL_TIMEOUT."""

    def data(self, msg):
        self.sock.settimeout(DATA_END_TIMEOUT)
        try:
            return super().data(msg)
        finally:
            if self.sock:
                self.sock.settimeout(self.timeout)


class _SMTP(_PatientData, smtplib.SMTP):
    pass


class _SMTP_SSL(_PatientData, smtplib.SMTP_SSL):
    pass


def tls_context(config):
    """Verify the relay's certificate and name, against the system's CAs or MAIL_CA_FILE's.
    Python's smtplib checks neither unless given a context."""
    return ssl.create_default_context(cafile=config["MAIL_CA_FILE"])


class SmtpTransport:
    def __init__(self, config, mail):
        timeout = config["MAIL_TIMEOUT"]
        if mail.use_ssl:
            self.host = _SMTP_SSL(mail.server, mail.port, timeout=timeout, context=tls_context(config))
        else:
            self.host = _SMTP(mail.server, mail.port, timeout=timeout)
        try:
            if mail.use_tls and not mail.use_ssl:
                self.host.starttls(context=tls_context(config))
            if mail.username and mail.password:
                self.host.login(mail.username, mail.password)
        except BaseException:
            self.host.close()
            raise
        self.name = mail.server

    def send(self, raw):
        # The envelope from the message's own headers; parsing only those is cheap.
        headers = email.parser.BytesHeaderParser().parsebytes(raw)
        recipients = [address for _, address in email.utils.getaddresses(headers.get_all("To", []))]
        self.host.sendmail(email.utils.parseaddr(headers["From"])[1], recipients, raw)

    def close(self):
        try:
            self.host.quit()
        except (OSError, smtplib.SMTPException):
            self.host.close()


class EmlTransport:
    """The embedded default: each message as a file anyone can open in a mail program."""

    def __init__(self, instance_path):
        self.folder = self.name = Path(instance_path) / "mail"
        self.folder.mkdir(mode=0o700, exist_ok=True)

    def send(self, raw):
        headers = email.parser.BytesHeaderParser().parsebytes(raw)
        name = f"{int(time.time())}-{headers['X-Consultation-Reference']}.eml"
        tmp = self.folder / f".{name}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # a patient's message
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
        os.rename(tmp, self.folder / name)

    def close(self):
        pass


def _open_transport():
    config = current_app.config
    if config["MAIL_SERVER"]:
        return SmtpTransport(config, current_app.extensions["mail"])
    return EmlTransport(current_app.instance_path)


Drained = collections.namedtuple("Drained", "left retry_in")


def drain(force=False):
    """Try each due message once (every pending one if force), stopping at once if the mail
    server can't be reached. Returns how many are left pending, and when the server is
    worth trying again if it could not be reached (else None)."""
    box = outbox()
    box.recover_lost_claims()
    box.tidy()
    transport = None
    try:
        for message in box.pending(due_only=not force):
            claim = box.claim(message)
            if claim is None:
                continue  # another sender was first
            try:
                if transport is None:
                    transport = _open_transport()
                transport.send(claim.read())
            except (OSError, smtplib.SMTPException) as error:
                delay = _not_delivered(box, claim, error)
                if not isinstance(error, MESSAGE_REFUSED):
                    return Drained(len(box.pending(due_only=False)), delay)
                continue
            box.delivered(claim)
            log.info("request %s delivered to %s", claim.message.reference, transport.name)
    finally:
        if transport is not None:
            transport.close()
    return Drained(len(box.pending(due_only=False)), None)


def _not_delivered(box, claim, error):
    """Put the message back with its back-off, or aside if the server keeps refusing it."""
    config = current_app.config
    message = claim.message
    refused = _refused_for_good(error)
    if refused and message.refusals + 1 >= config["OUTBOX_MAX_REFUSALS"]:
        box.fail(claim)
        log.error(
            "request %s refused %d times, set aside in failed/ (flask outbox retry): %s",
            message.reference,
            message.refusals + 1,
            _reason(error),
        )
        return None
    delay = min(config["OUTBOX_RETRY_MIN_SECONDS"] * 2**message.attempts, config["OUTBOX_RETRY_MAX_SECONDS"])
    attempts, _ = box.release(claim, delay, refused=refused)
    log.warning(
        "request %s not delivered (attempt %d): %s; next try in %gs", message.reference, attempts, _reason(error), delay
    )
    return delay


def _refused_for_good(error):
    """A 5xx answer about this message: trying again unchanged will most likely fail again."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return bool(error.recipients) and all(code >= 500 for code, _ in error.recipients.values())
    return isinstance(error, MESSAGE_REFUSED) and error.smtp_code >= 500


def _reason(error):
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"server answered {code} {text.decode(errors='replace')}" for code, text in error.recipients.values()
        )
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
        due = outbox().next_due()
        return IDLE_WAKE_SECONDS if due is None else max(0.05, min(due - time.time(), IDLE_WAKE_SECONDS))


def init_app(app):
    app.extensions["outbox"] = Outbox(app.config["OUTBOX_DIR"])  # a bad path fails at start-up
    sender = app.extensions["outbox_sender"] = Sender(app)
    app.before_request(sender.ensure_running)
    app.cli.add_command(cli)
    _warn_if_unencrypted(app.config)


def _warn_if_unencrypted(config):
    server = config["MAIL_SERVER"]
    if server and not (config["MAIL_USE_TLS"] or config["MAIL_USE_SSL"]) and not _on_loopback(server):
        log.warning(
            "MAIL_SERVER %s is on another machine and neither MAIL_USE_TLS nor MAIL_USE_SSL "
            "is set: patients' requests would cross the network unencrypted",
            server,
        )


def _on_loopback(host):
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


cli = AppGroup("outbox", help="The queue of consultation requests waiting for the mail server.")


@cli.command("send")
def send_command():
    """Try every pending message once. Exit 0 when none is left pending, 1 otherwise."""
    left = drain(force=True).left
    click.echo(f"{left} pending")
    raise SystemExit(0 if left == 0 else 1)


@cli.command("status")
def status_command():
    """How many messages are pending, delivered and set aside as refused."""
    status = outbox().status()
    oldest = "" if status["oldest_age"] is None else f" (oldest {status['oldest_age']:.0f}s)"
    click.echo(f"pending: {status['pending']}{oldest}\ndelivered: {status['delivered']}\nfailed: {status['failed']}")


@cli.command("failed")
def failed_command():
    """List the messages the mail server refused, set aside in failed/."""
    failed = outbox().failed()
    if not failed:
        click.echo("no refused requests")
    for message in failed:
        queued = time.strftime("%Y-%m-%d %H:%M", time.localtime(message.queued))
        click.echo(f"{message.reference}  queued {queued}  tried {message.attempts} times")


@cli.command("retry")
@click.argument("references", nargs=-1)
def retry_command(references):
    """Queue refused messages again: those with these references, or all of them."""
    retried = outbox().retry(set(references) if references else None)
    # The site's senders look within IDLE_WAKE_SECONDS; `flask outbox send` sends them now.
    click.echo(f"{len(retried)} queued again" + (f": {' '.join(retried)}" if retried else ""))
