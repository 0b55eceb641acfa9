import pytest

from microsite import create_app

# Every page a visitor can reach, and one that does not exist.
PAGES = ["/", "/consultation", "/accessibility", "/privacy", "/sitemap"]
ERROR_PAGES = ["/no-such-page"]


@pytest.fixture
def app(tmp_path):
    # Each test gets its own instance folder, so nothing is written into the source tree.
    return create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "instance")})


@pytest.fixture
def client(app):
    return app.test_client()
