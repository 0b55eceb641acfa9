"""Rate-limit counters in a SQLite file: the embedded default storage for Flask-Limiter.

`memory://` keeps a separate count in each gunicorn worker, so a limit of 5 lets through 5 per
worker. A file in the instance folder is shared by every worker, and kept across a restart, with
nothing to install: the standard library's sqlite3 is enough. Several servers share Redis instead.

Importing this module registers the scheme with `limits`, as `sqlite:///absolute/path`. It serves
the fixed-window strategy (Flask-Limiter's default): one counter per key, which ends with its window.
"""

import os
import sqlite3
import threading
import time
import urllib.parse

from limits.errors import ConfigurationError
from limits.storage import Storage

SCHEMA = """
CREATE TABLE IF NOT EXISTS counters (key TEXT PRIMARY KEY, count INTEGER NOT NULL, expires_at REAL NOT NULL);
-- Expired counters are found through this index, so deleting them costs next to nothing.
CREATE INDEX IF NOT EXISTS counters_by_expiry ON counters (expires_at);
"""
BUSY_TIMEOUT = 5  # seconds a worker waits for another one's write; each write takes well under a millisecond

# Connections a parent process opened before forking. SQLite must not use them in the child, and
# closing them there could disturb the parent's locks, so they are kept here and never touched.
_inherited = []


def uri_for(path):
    return "sqlite://" + urllib.parse.quote(os.path.abspath(path))


class SQLiteStorage(Storage):
    STORAGE_SCHEME = ["sqlite"]

    # The clock, a method so that tests can move time instead of waiting for it.
    now = staticmethod(time.time)

    def __init__(self, uri, wrap_exceptions=False, **options):
        parsed = urllib.parse.urlparse(uri)
        self.path = urllib.parse.unquote(parsed.path)
        if parsed.netloc or not os.path.isabs(self.path):
            raise ConfigurationError(f"{uri}: write sqlite:///absolute/path/to/file, with three slashes")
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self._local = threading.local()
        self._create()

    def _create(self):
        # Created here, in gunicorn's master before it forks, so workers never race to set it up;
        # counters whose window ended while the site was stopped go now (they hold addresses).
        # Mode 0600: the keys hold client addresses. SQLite gives its -wal and -shm files the same mode.
        os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
        db = self._open()
        try:
            db.executescript(SCHEMA)
            db.execute("DELETE FROM counters WHERE expires_at <= ?", (self.now(),))
        finally:
            db.close()

    def _open(self):
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, isolation_level=None)  # we say when to BEGIN
        # WAL: readers never wait for the writer. The mode stays with the file, so it is only set once.
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.execute("PRAGMA journal_mode=WAL")
        # With WAL, a crash of the process loses nothing; a power cut might lose the last counts.
        db.execute("PRAGMA synchronous=NORMAL")
        return db

    def _db(self):
        """This process's connection (and thread's: sqlite3 connections stay in their thread).
        Opened on first use and again after a fork: gunicorn forks its workers from a loaded app."""
        local = self._local
        if getattr(local, "pid", None) != os.getpid():
            if getattr(local, "db", None) is not None:
                _inherited.append(local.db)
            local.db, local.pid = self._open(), os.getpid()
        return local.db

    @property
    def base_exceptions(self):
        return sqlite3.Error

    def incr(self, key, expiry, amount=1):
        now = self.now()
        db = self._db()
        with db:  # one transaction: committed, or rolled back on error
            # IMMEDIATE takes the write lock first, so two workers can't both read the old count.
            db.execute("BEGIN IMMEDIATE")
            # A counter whose window has ended goes, so the one below starts a new window.
            db.execute("DELETE FROM counters WHERE expires_at <= ?", (now,))
            [(count,)] = db.execute(
                "INSERT INTO counters VALUES (?, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET count = count + excluded.count RETURNING count",
                (key, amount, now + expiry),
            ).fetchall()
        return count

    def get(self, key):
        row = (
            self._db()
            .execute("SELECT count FROM counters WHERE key = ? AND expires_at > ?", (key, self.now()))
            .fetchone()
        )
        return row[0] if row else 0

    def get_expiry(self, key):
        now = self.now()
        row = (
            self._db()
            .execute("SELECT expires_at FROM counters WHERE key = ? AND expires_at > ?", (key, now))
            .fetchone()
        )
        return row[0] if row else now

    def check(self):
        try:
            self._db().execute("SELECT 1 FROM counters LIMIT 1").fetchall()
        except sqlite3.Error:
            return False
        return True

    def reset(self):
        return self._db().execute("DELETE FROM counters").rowcount

    def clear(self, key):
        self._db().execute("DELETE FROM counters WHERE key = ?", (key,))
