"""`python -m unknot.breaks_desktop [--notify-only]`: the resting break program.

Started by `unknot breaks` (which parses and checks the options); kept free of the
command line's libraries so that it stays small.
"""

import sys

# This process opens no TLS connection (D-Bus is a local socket, the store a pipe), and
# asyncio's optional import of ssl would keep 4 MiB of OpenSSL in memory all day.
sys.modules.setdefault("ssl", None)  # type: ignore[arg-type]

import asyncio  # noqa: E402

from unknot.breaks_desktop.main import run  # noqa: E402


def main() -> None:
    try:
        asyncio.run(run(once=False, notify_only="--notify-only" in sys.argv[1:]))
    except KeyboardInterrupt:
        print("\nBreaks stopped. See you tomorrow.")


if __name__ == "__main__":
    main()
