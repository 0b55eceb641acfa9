"""Several servers share one rate limit through Redis (RATELIMIT_STORAGE_URI), as the README says."""

import shutil
import subprocess

import pytest

from support import free_port, make_app, submit, wait_for


@pytest.fixture
def redis_url(tmp_path):
    server_binary = shutil.which("redis-server")
    if not server_binary:
        pytest.fail("redis-server is missing: make test installs it (apt-get install redis-server)")
    port = free_port()
    server = subprocess.Popen(
        [
            server_binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(port=port)
    assert wait_for(lambda: _pings(client), timeout=10)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(timeout=10)


def _pings(client):
    import redis

    try:
        return client.ping()
    except redis.ConnectionError:
        return False


def test_two_servers_share_the_limit(tmp_path, redis_url):
    servers = [
        make_app(tmp_path / name, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=redis_url) for name in ("one", "two")
    ]
    try:
        first, second = (app.test_client() for app in servers)
        for i in range(5):  # the same patient, bounced between servers by the load balancer
            assert submit(first if i % 2 else second).status_code == 303
        assert submit(first).status_code == 429
        assert submit(second).status_code == 429
    finally:
        for app in servers:
            app.extensions["outbox_sender"].stop()
