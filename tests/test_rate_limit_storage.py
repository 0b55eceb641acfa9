"""Rate limits hold across gunicorn's workers and restarts on the embedded default, a SQLite file
in the instance folder (microsite/ratelimit_storage.py), with nothing to install."""

import contextlib
import logging
import multiprocessing
import os
import sqlite3
import stat
import threading
import urllib.request

import pytest
from limits.errors import ConfigurationError
from limits.storage import storage_from_string
from test_delivery import patient_submits

from microsite.extensions import limiter, warn_if_counted_per_worker
from microsite.ratelimit_storage import SQLiteStorage, uri_for
from support import gunicorn, make_app


@contextlib.contextmanager
def other_visitors_reading(url, visitors=2):
    """Other visitors reading the article meanwhile (pages are never limited). Left alone, the
    worker that answered last tends to take the next connection too, and one worker would count
    everything; with these, the patient's posts land on whichever worker is free."""
    stop = threading.Event()

    def read():
        while not stop.is_set():
            with urllib.request.urlopen(url + "/", timeout=10) as response:
                response.read()

    threads = [threading.Thread(target=read) for _ in range(visitors)]
    for thread in threads:
        thread.start()
    try:
        yield
    finally:
        stop.set()
        for thread in threads:
            thread.join()


def test_limits_hold_across_workers_and_a_restart_on_the_default_storage(tmp_path):
    # One patient (one address) sending ten requests in turn, each answered by whichever of the
    # three workers takes it: the limit on requests sent is 5 an hour for all of them together.
    with gunicorn(tmp_path, workers=3, RATELIMIT_ENABLED="true") as (url, log):
        with other_visitors_reading(url):
            codes = [patient_submits(url, i) for i in range(10)]
    assert codes == [303] * 5 + [429] * 5, str(codes)
    with gunicorn(tmp_path, workers=2, RATELIMIT_ENABLED="true") as (url, log):
        assert patient_submits(url, 10) == 429  # a restart forgets nothing
    assert "counts alone" not in log[0]


@pytest.fixture
def storage(tmp_path):
    return storage_from_string(uri_for(tmp_path / "limits.sqlite"))


def test_the_scheme_is_registered_and_the_app_uses_it_by_default(tmp_path, storage):
    assert isinstance(storage, SQLiteStorage) and storage.check()
    app = make_app(tmp_path, RATELIMIT_ENABLED=True)
    try:
        path = tmp_path / "instance" / "ratelimits.sqlite"
        assert app.config["RATELIMIT_STORAGE_URI"] == f"sqlite://{path}"
        assert limiter.storage.path == str(path)
    finally:
        app.extensions["outbox_sender"].stop()


def test_only_an_absolute_path_is_accepted(tmp_path):
    with pytest.raises(ConfigurationError, match="three slashes"):
        storage_from_string("sqlite://instance/ratelimits.sqlite")  # the host would be "instance"
    spaced = storage_from_string(uri_for(tmp_path / "a folder" / ".." / "limits 100%.sqlite"))
    assert spaced.path == str(tmp_path / "limits 100%.sqlite")


def test_counts_are_shared_by_connections_and_kept_by_a_new_one(storage):
    other = SQLiteStorage(f"sqlite://{storage.path}")
    assert storage.incr("k", 60) == 1 and other.incr("k", 60) == 2
    assert other.get("k") == storage.get("k") == 2
    assert SQLiteStorage(f"sqlite://{storage.path}").get("k") == 2  # as after a restart
    other.clear("k")
    assert storage.get("k") == 0


def _increment(storage, times, parents_connection):
    for _ in range(times):
        storage.incr("shared", 60)
    # SQLite's rule: a connection must not be used across a fork; the child opened its own.
    assert storage._db() is not parents_connection


def test_processes_forked_after_use_count_together_and_lose_nothing(storage):
    storage.incr("shared", 60)  # the parent has its connection open before forking, as gunicorn's master may
    fork = multiprocessing.get_context("fork")
    workers = [fork.Process(target=_increment, args=(storage, 50, storage._db())) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    assert [worker.exitcode for worker in workers] == [0] * 4
    assert storage.get("shared") == 1 + 4 * 50  # each increment in one transaction: none lost


def test_a_counter_ends_with_its_window_and_expired_rows_go(storage):
    clock = [1000.0]
    storage.now = lambda: clock[0]  # the clock moves instead of the test waiting
    assert storage.incr("k", 60) == 1
    clock[0] = 1059.5
    assert storage.incr("k", 60) == 2 and storage.get("k") == 2
    assert storage.get_expiry("k") == 1060  # the window began with the first hit
    clock[0] = 1060
    assert storage.get("k") == 0 and storage.get_expiry("k") == 1060
    storage.incr("other", 60)
    with sqlite3.connect(storage.path) as db:  # the ended counter is deleted by the next increment
        assert db.execute("SELECT key FROM counters").fetchall() == [("other",)]
    assert storage.incr("k", 60) == 1 and storage.get_expiry("k") == 1120
    assert storage.reset() == 2 and storage.get("other") == 0


def test_the_file_is_private(storage):
    storage.incr("LIMITER/127.0.0.1/consultation", 60)  # the keys hold client addresses
    files = [storage.path + suffix for suffix in ("", "-wal", "-shm")]
    assert [stat.S_IMODE(os.stat(f).st_mode) for f in files] == [0o600] * 3


def test_a_warning_when_several_workers_would_count_alone(tmp_path, caplog):
    app = make_app(tmp_path, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")
    default = make_app(tmp_path / "default", RATELIMIT_ENABLED=True)
    try:
        with caplog.at_level(logging.WARNING, logger="microsite"):
            warn_if_counted_per_worker(app, 1)
            warn_if_counted_per_worker(default, 5)
            assert "counts alone" not in caplog.text
            warn_if_counted_per_worker(app, 5)
        assert "each of the 5 workers counts alone" in caplog.text
    finally:
        for each in (app, default):
            each.extensions["outbox_sender"].stop()
