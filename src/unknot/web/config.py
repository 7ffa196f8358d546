"""Configuration from the environment, strictly: a bad value stops start-up with a
message that names the variable, instead of being silently replaced by a default.

UNKNOT_DATA_DIR   where the database and the secret key live (default: the user data dir)
DATABASE_URL      sqlite:///path or postgres://user:pass@host:port/name (default: SQLite)
UNKNOT_MODE       local (one person, no login) or clinic (accounts)
UNKNOT_DEBUG      true/false
UNKNOT_SECRET_KEY overrides the key kept in the data dir
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

MODES = ("local", "clinic")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class ConfigError(ValueError):
    """A bad setting; the message says which variable and what is allowed."""


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(f"{name}={raw!r} is not a boolean; use true or false")


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    value = os.environ.get(name, default).strip().lower()
    if value not in choices:
        raise ConfigError(f"{name}={value!r} is not one of: {', '.join(choices)}")
    return value


def data_dir() -> Path:
    raw = os.environ.get("UNKNOT_DATA_DIR")
    if raw:
        path = Path(raw).expanduser()
    elif os.environ.get("PYTEST_VERSION"):
        # A test run never touches the person's real journal.
        import tempfile

        path = Path(tempfile.mkdtemp(prefix="unknot-test-"))
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir("unknot", appauthor=False))
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot create the data directory {path}: {exc.strerror}") from None
    return path


def secret_key(folder: Path) -> str:
    """A per-installation key, created once and kept beside the database."""
    given = os.environ.get("UNKNOT_SECRET_KEY")
    if given:
        return given
    path = folder / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def database(folder: Path) -> dict[str, object]:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(folder / "unknot.sqlite3"),
            # WAL lets the pages read while a check-in is being written; IMMEDIATE
            # avoids "database is locked" when two requests write at once.
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            # Each server thread keeps its connection between requests: opening one
            # (with Django's SQL functions and the pragmas above) cost about 2 ms, more
            # than a third of a page. A connection that went bad is checked and replaced.
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
        }
    import dj_database_url

    if not url.startswith(("sqlite:", "postgres:", "postgresql:", "pgsql:")):
        raise ConfigError(
            f"DATABASE_URL must start with sqlite:// or postgres:// (got {url.split(':')[0]!r})"
        )
    try:
        return dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
    except ValueError as exc:
        raise ConfigError(f"DATABASE_URL is not valid: {exc}") from None


@dataclass(frozen=True)
class Settings:
    mode: str
    debug: bool
    data_dir: Path

    @property
    def has_accounts(self) -> bool:
        return self.mode == "clinic"


def load() -> Settings:
    return Settings(env_choice("UNKNOT_MODE", MODES, "local"), env_bool("UNKNOT_DEBUG"), data_dir())
