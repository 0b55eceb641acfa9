"""The outbox: the durable queue of consultation requests waiting for the mail server.

What it promises:
- A message is durable once `add` returns: written, flushed to disk and renamed into place.
- It is delivered at least once: it leaves the queue only when the mail server has accepted it,
  or, after repeated refusals, moves to `failed/` where `/healthz` reports it until someone
  retries it (`flask outbox retry`).
- It is never sent twice, unless the server fails between accepting the message and saying so
  (or the sender dies at that moment). The message keeps one `Message-ID` across attempts, so a
  mail client can tell a repeat.
- One form is queued once, however many times it is posted (`add` with a `key`).

Layout under OUTBOX_DIR, Maildir-like so any mail tool can read it:
    tmp/       being written (then renamed, so a message is never seen half-written)
    new/       waiting to be sent; a file's mtime is the earliest time to try it
    sending/   claimed by one sender, which holds a lock (flock) on the file while it sends
    failed/    refused by the mail server too many times
    forms/     one file per form already queued, holding the request's reference
    delivered.log  one line per delivered message: time and reference, never the content
A message's name is `<queued ns>-<reference>-<random>.<attempts>[.<refusals>]`; any other name
(a `.DS_Store`, someone's notes) is not ours and is left alone.
Every file is 0600 and every folder 0700: they hold patients' names and messages.
"""

import fcntl
import logging
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

log = logging.getLogger("microsite.outbox")

FOLDERS = ("tmp", "new", "sending", "failed", "forms")
NAME = re.compile(
    r"(?P<stem>(?P<queued>\d+)-(?P<reference>[0-9A-Z]+)-[0-9a-f]+)"
    r"\.(?P<attempts>\d+)(?:\.(?P<refusals>\d+))?"
)
FORM_KEY = re.compile(r"[A-Za-z0-9_-]{1,64}")  # a file name, never a path
FORMS_KEPT_SECONDS = 7 * 24 * 3600  # a form posted again within a week is the same request
TMP_KEPT_SECONDS = 24 * 3600  # a file in tmp/ this old was left by a crash while writing
PROBE_BYTES = 16 * 1024  # more than a request takes: a disk with less room can't take one


@dataclass(frozen=True)
class Message:
    """A queued message: its file and what its name records."""

    path: Path
    reference: str
    queued: float
    attempts: int
    refusals: int

    @classmethod
    def at(cls, path):
        """The message at `path`, or None if the file is not one of ours."""
        match = NAME.fullmatch(path.name)
        if not match:
            return None
        return cls(
            path, match["reference"], int(match["queued"]) / 1e9, int(match["attempts"]), int(match["refusals"] or 0)
        )

    @property
    def stem(self):
        return NAME.fullmatch(self.path.name)["stem"]


@dataclass
class Claim:
    """A message in sending/, locked by this process until it is delivered or put back."""

    message: Message
    fd: int

    def read(self):
        return os.pread(self.fd, os.fstat(self.fd).st_size, 0)

    def close(self):
        os.close(self.fd)  # and with it the lock


class Outbox:
    def __init__(self, path):
        self.path = Path(path)
        for sub in FOLDERS:
            folder = self.path / sub
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        for folder in (self.path, *(self.path / sub for sub in FOLDERS)):
            os.chmod(folder, 0o700)

    # Adding --------------------------------------------------------------------------------

    def add(self, raw: bytes, reference: str, key: str | None = None) -> tuple[str, bool]:
        """Queue a message durably. With a key (the form's id), a second add of the same key
        queues nothing. Returns the reference the key was queued with, and whether it is new.
        Raises OSError (a full or read-only disk) with nothing left half-done."""
        if key is not None and not FORM_KEY.fullmatch(key):
            raise ValueError(f"not a form id: {key!r}")
        name = f"{time.time_ns()}-{reference}-{secrets.token_hex(4)}.0"
        tmp = self.path / "tmp" / name
        try:
            _write_new(tmp, raw)
            if key is not None:
                earlier = self._claim_form(key, reference)
                if earlier:
                    tmp.unlink()
                    return earlier, False
            os.rename(tmp, self.path / "new" / name)
            _fsync_dir(self.path / "new")
        except OSError:
            _remove(tmp)  # gone already if it was the write that failed
            if key is not None:
                self._forget_form(key, reference)
            raise
        return reference, True

    def _claim_form(self, key, reference):
        """Record that this form is being queued; the reference it was queued with if it was."""
        claim = self.path / "forms" / key
        tmp = self.path / "tmp" / f"form-{key}-{secrets.token_hex(4)}"
        # Not flushed: after a power cut the worst is one form sent twice, not a request lost.
        _write_new(tmp, reference.encode(), durable=False)
        try:
            os.link(tmp, claim)  # atomic, and never half-written: only one post of a form wins
        except FileExistsError:
            return claim.read_text()
        finally:
            tmp.unlink()
        return None

    def _forget_form(self, key, reference):
        claim = self.path / "forms" / key
        try:
            if claim.read_text() == reference:
                claim.unlink()
        except OSError:
            pass

    def tidy(self):
        """Forget forms queued over a week ago, and files a crash left half-written."""
        now = time.time()
        for folder, kept in (("forms", FORMS_KEPT_SECONDS), ("tmp", TMP_KEPT_SECONDS)):
            for path in (self.path / folder).iterdir():
                if _mtime(path, default=now) < now - kept:
                    _remove(path)

    def probe(self):
        """Write, flush and remove a file the size of a request: raises OSError if the outbox
        can't take one (a full disk, a read-only mount, a folder we may not write)."""
        tmp = self.path / "tmp" / f"probe-{os.getpid()}-{secrets.token_hex(4)}"
        _write_new(tmp, secrets.token_bytes(PROBE_BYTES))  # random: zeros might be compressed away
        tmp.unlink()

    # Sending -------------------------------------------------------------------------------

    def pending(self, due_only=True):
        now = time.time()
        messages = self._messages("new")
        return [m for m in messages if not due_only or _mtime(m.path, default=now + 1) <= now]

    def next_due(self):
        """When the next pending message may be tried (a time), or None if none is pending."""
        times = [_mtime(m.path, default=None) for m in self._messages("new")]
        return min((t for t in times if t is not None), default=None)

    def claim(self, message: Message) -> Claim | None:
        """Lock a pending message and move it to sending/; None if another sender was first.
        The lock is taken before the move, so a message in sending/ is always locked while
        its sender lives, however long the server takes."""
        try:
            fd = os.open(message.path, os.O_RDONLY)
        except FileNotFoundError:
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            target = self.path / "sending" / message.path.name
            os.rename(message.path, target)
        except (BlockingIOError, FileNotFoundError):
            os.close(fd)
            return None
        return Claim(Message.at(target), fd)

    def delivered(self, claim: Claim):
        """The server accepted it: take it off the queue first (removing a file needs no disk
        space), so that no later failure can make it look undelivered; then count it."""
        try:
            claim.message.path.unlink()
            _fsync_dir(claim.message.path.parent)
        finally:
            claim.close()
        line = f"{time.strftime('%Y-%m-%dT%H:%M:%S%z')} {claim.message.reference}\n"
        try:
            fd = os.open(self.path / "delivered.log", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            with os.fdopen(fd, "a", encoding="utf-8") as f:
                f.write(line)
        except OSError as error:
            log.error("request %s delivered, but not counted in delivered.log: %s", claim.message.reference, error)

    def release(self, claim: Claim, delay: float, refused=False):
        """Put a message back after a failed attempt, not to be tried again for `delay` seconds.
        Its retry time is set before it is visible, so no other sender can try it early."""
        message = claim.message
        attempts, refusals = message.attempts + 1, message.refusals + refused
        try:
            os.utime(message.path, (time.time() + delay,) * 2)
            os.rename(message.path, self.path / "new" / f"{message.stem}.{attempts}.{refusals}")
        finally:
            claim.close()
        return attempts, refusals

    def fail(self, claim: Claim):
        """Set a message the server keeps refusing aside, for someone to look at and retry."""
        message = claim.message
        try:
            os.rename(
                message.path, self.path / "failed" / f"{message.stem}.{message.attempts + 1}.{message.refusals + 1}"
            )
        finally:
            claim.close()

    def failed(self):
        return self._messages("failed")

    def retry(self, references=None):
        """Queue failed messages again (those with these references, or all), due now."""
        retried = []
        for message in self.failed():
            if references is None or message.reference in references:
                os.utime(message.path)  # due now
                os.rename(message.path, self.path / "new" / f"{message.stem}.{message.attempts}")
                retried.append(message.reference)
        return retried

    def recover_lost_claims(self):
        """Put back messages whose sender stopped (its lock went with it) while sending them."""
        for message in self._messages("sending"):
            try:
                fd = os.open(message.path, os.O_RDONLY)
            except FileNotFoundError:
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # its sender is still at work
            else:
                _rename_if_there(message.path, self.path / "new" / message.path.name)
                log.warning("request %s was claimed by a sender that stopped; queued again", message.reference)
            finally:
                os.close(fd)

    # Looking -------------------------------------------------------------------------------

    def status(self):
        # By name without the counts: a message moving between new/ and sending/ while we
        # look must count once.
        waiting = {m.stem: m for m in self.pending(due_only=False) + self._messages("sending")}
        oldest = min((m.queued for m in waiting.values()), default=None)
        try:
            with open(self.path / "delivered.log", encoding="utf-8") as f:
                delivered = sum(1 for _ in f)
        except FileNotFoundError:
            delivered = 0
        return {
            "pending": len(waiting),
            "delivered": delivered,
            "failed": len(self.failed()),
            "oldest_age": None if oldest is None else time.time() - oldest,
        }

    def _messages(self, folder):
        found = (Message.at(path) for path in sorted((self.path / folder).iterdir()))
        return [m for m in found if m is not None]


def outbox() -> Outbox:
    return current_app.extensions["outbox"]


def _write_new(path, data, durable=True):
    """Write a new 0600 file, flushed to disk if durable; on failure (a full disk) leave nothing."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            if durable:
                os.fsync(f.fileno())
    except OSError:
        _remove(path)
        raise


def _mtime(path, default):
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return default


def _remove(path):
    try:
        path.unlink()
    except FileNotFoundError:
        pass


def _rename_if_there(source, target):
    try:
        os.rename(source, target)
    except FileNotFoundError:
        pass


def _fsync_dir(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
