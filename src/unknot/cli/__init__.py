"""The `unknot` command line: parse arguments, call the core, print.

Bad input ends with exit code 2 and one line on stderr, never a traceback.
"""

from __future__ import annotations

import sys

from unknot.cli.app import app


def main() -> None:
    from unknot.cli.errors import InputError
    from unknot.core.facts import FactsError

    try:
        app(standalone_mode=True)
    except (InputError, FactsError) as exc:
        print(f"unknot: error: {exc}", file=sys.stderr)
        sys.exit(2)


__all__ = ["app", "main"]
