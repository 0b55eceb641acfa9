"""Configuration: defaults, then FLASK_* environment, then the mapping; the instance secret key."""

import stat

from microsite import create_app


def test_secret_key_is_created_once_with_private_mode(tmp_path):
    first = create_app({"INSTANCE_PATH": str(tmp_path)})
    key_file = tmp_path / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(first.config["SECRET_KEY"]) >= 64
    second = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert second.config["SECRET_KEY"] == first.config["SECRET_KEY"]


def test_environment_then_mapping(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_CLINIC_INBOX", "desk@clinic.example.org")
    monkeypatch.setenv("FLASK_MAIL_PORT", "2525")
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert app.config["CLINIC_INBOX"] == "desk@clinic.example.org"
    assert app.config["MAIL_PORT"] == 2525  # from_prefixed_env reads JSON values
    app = create_app({"INSTANCE_PATH": str(tmp_path), "CLINIC_INBOX": "other@clinic.example.org"})
    assert app.config["CLINIC_INBOX"] == "other@clinic.example.org"


def test_run_time_files_live_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_INSTANCE_PATH", str(tmp_path / "var"))
    app = create_app()
    assert app.instance_path == str(tmp_path / "var")
    assert app.config["OUTBOX_DIR"] == str(tmp_path / "var" / "outbox")
    assert (tmp_path / "var" / "secret_key").exists()
    # The rate limits' counters, shared by every worker: a SQLite file unless a storage is named.
    assert app.config["RATELIMIT_STORAGE_URI"] == f"sqlite://{tmp_path / 'var' / 'ratelimits.sqlite'}"
    assert (tmp_path / "var" / "ratelimits.sqlite").exists()
    app = create_app({"RATELIMIT_STORAGE_URI": "memory://"})
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"


def test_the_clinics_facts_come_from_configuration(tmp_path):
    from support import make_app, submit

    app = make_app(
        tmp_path,
        CLINIC_CITY="Asheville, North Carolina",
        CLINIC_AWARD=None,
        CLINIC_PHONE="(828) 555-0142",
        CLINIC_TIME_ZONE="America/Chicago",
    )
    app.extensions["outbox_sender"].stop()
    client = app.test_client()
    html = client.get("/").get_data(as_text=True)
    footer = html.split("<footer")[1]
    assert "Asheville, North Carolina." in footer and "Charlotte" not in footer
    assert "Top Doctor" not in html and 'href="tel:+18285550142"' in html
    assert submit(client).status_code == 303
    (message,) = app.extensions["outbox"].pending()
    assert b"CST" in message.path.read_bytes() or b"CDT" in message.path.read_bytes()
