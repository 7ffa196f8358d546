"""`unknot serve`: migrate, then serve the app with gunicorn (not Django's dev server)."""

from __future__ import annotations

import ipaddress
import os
import socket
from typing import Any

LOOPBACK_NAMES = {"localhost"}


class ServeError(ValueError):
    """Why the server will not start, in one line."""


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_host(host: str, has_accounts: bool) -> None:
    # Without accounts anyone who can reach the port could read the journal.
    if not is_loopback(host) and not has_accounts:
        raise ServeError(
            f"refusing to listen on {host}: local mode has no login, so it only listens on "
            "this computer (127.0.0.1). Use UNKNOT_MODE=clinic for accounts."
        )


def check_port_free(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host.strip("[]"), port))
        except OSError:
            raise ServeError(
                f"port {port} on {host} is already in use; try --port {port + 1}"
            ) from None


def prepare() -> Any:
    """Configure Django and bring the database up to date; returns the settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unknot.web.settings")
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    return settings


def serve(host: str, port: int, workers: int = 1, threads: int = 4) -> None:
    settings = prepare()
    check_host(host, settings.CONFIG.has_accounts)
    check_port_free(host, port)
    from gunicorn.app.base import BaseApplication

    from unknot.web.wsgi import application

    shown = f"[{host}]" if ":" in host else host

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            options = {
                "bind": f"{shown}:{port}",
                "workers": workers,
                "threads": threads,
                "worker_class": "gthread",
                "accesslog": None,
                "errorlog": "-",
                "loglevel": "warning",
                "graceful_timeout": 5,
                "when_ready": lambda _server: print(
                    f"unknot is running at http://{shown}:{port}  (data: "
                    f"{settings.CONFIG.data_dir}; press Ctrl+C to stop)",
                    flush=True,
                ),
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    Server().run()
