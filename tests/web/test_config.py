"""Strict configuration and the server's start-up rules."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from unknot.web import config
from unknot.web.server import ServeError, check_host, is_loopback


@pytest.mark.parametrize(
    ("raw", "value"), [("true", True), ("0", False), ("Yes", True), ("off", False)]
)
def test_booleans_are_read_strictly(monkeypatch, raw, value):
    monkeypatch.setenv("UNKNOT_DEBUG", raw)
    assert config.env_bool("UNKNOT_DEBUG") is value


def test_a_bad_boolean_names_the_variable(monkeypatch):
    monkeypatch.setenv("UNKNOT_DEBUG", "perhaps")
    with pytest.raises(config.ConfigError, match="UNKNOT_DEBUG='perhaps' is not a boolean"):
        config.env_bool("UNKNOT_DEBUG")


def test_a_bad_mode_names_the_choices(monkeypatch):
    monkeypatch.setenv("UNKNOT_MODE", "hospital")
    with pytest.raises(config.ConfigError, match="not one of: local, clinic"):
        config.load()


def test_sqlite_in_wal_mode_is_the_default(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    db = config.database(tmp_path)
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]
    # Kept between requests (opening one costs about 2 ms), checked before reuse.
    assert db["CONN_MAX_AGE"] > 0 and db["CONN_HEALTH_CHECKS"] is True


def test_database_url_switches_to_postgres(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://ann:pw@127.0.0.1:5433/knots")
    db = config.database(tmp_path)
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["PORT"]) == ("knots", 5433)


def test_an_unknown_database_scheme_is_refused(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "mysql://x@y/z")
    with pytest.raises(config.ConfigError, match="must start with sqlite:// or postgres://"):
        config.database(tmp_path)


def test_the_secret_key_is_created_once_and_kept_private(tmp_path, monkeypatch):
    monkeypatch.delenv("UNKNOT_SECRET_KEY", raising=False)
    first = config.secret_key(tmp_path)
    assert first == config.secret_key(tmp_path)
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_addresses_are_recognised(host):
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.4", "example.org", "::"])
def test_local_mode_refuses_to_listen_beyond_this_computer(host):
    assert not is_loopback(host)
    with pytest.raises(ServeError, match="refusing to listen"):
        check_host(host, has_accounts=False)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unknot_serve_migrates_and_serves_on_loopback(tmp_path):
    port = free_port()
    env = {**os.environ, "UNKNOT_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "unknot", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        body = None
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as resp:
                    body = resp.read().decode()
                    csp = resp.headers["Content-Security-Policy"]
                break
            except OSError:
                time.sleep(0.2)
        assert body is not None, "the server did not answer within 30 s"
        assert "unknot" in body.lower()
        assert "default-src 'self'" in csp
        assert (tmp_path / "unknot.sqlite3").exists()
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=15)
    assert f"unknot is running at http://127.0.0.1:{port}" in out


def test_unknot_serve_refuses_a_public_address_with_one_line(tmp_path):
    env = {**os.environ, "UNKNOT_DATA_DIR": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-m", "unknot", "serve", "--host", "0.0.0.0"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().startswith("unknot: error: refusing to listen on 0.0.0.0")
