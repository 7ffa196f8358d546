"""The `unknot` command line: parse arguments, call the core, print.

Bad input ends with exit code 2 and one line on stderr, never a traceback.
"""

from __future__ import annotations

from unknot.cli.app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
