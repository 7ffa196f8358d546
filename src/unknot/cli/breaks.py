"""`unknot breaks`: movement breaks on the desktop (see unknot/breaks_desktop/).

Argument parsing only. The long run replaces this process with the lean
`python -m unknot.breaks_desktop` (no Typer, pydantic or Django at rest); `--once` and
`--status` run here and load Django in this process, since they end straight away.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Annotated, Any

import typer

from unknot.cli.app import Format, _fail


def breaks(
    once: Annotated[
        bool,
        typer.Option("--once", help="Decide once: show a break if one is due now, else say when."),
    ] = False,
    status: Annotated[
        bool,
        typer.Option("--status", help="Show the next break, today's breaks and what is detected."),
    ] = False,
    notify_only: Annotated[
        bool,
        typer.Option("--notify-only", help="Only notifications: ask nothing in the terminal."),
    ] = False,
    fmt: Annotated[Format, typer.Option("--format", help="For --status: text or json.")] = (
        Format.text
    ),
) -> None:
    """Movement breaks on the desktop: notifications in your working hours, aimed at your knots."""
    if once and status:
        _fail("give at most one of --once and --status")
    if not (once or status):
        argv = [sys.executable, "-m", "unknot.breaks_desktop"]
        os.execv(sys.executable, argv + (["--notify-only"] if notify_only else []))
    import asyncio

    from unknot.breaks_desktop.main import run

    if status:
        asyncio.run(_status(fmt))
    else:
        asyncio.run(run(once=True, notify_only=notify_only, say=typer.echo))


async def _status(fmt: Format) -> None:
    from unknot.breaks_desktop import devices
    from unknot.breaks_desktop.main import desktop
    from unknot.breaks_desktop.store import InProcessStore

    notes: list[str] = []
    notifier, idle = await desktop(notes.append)
    answer = await InProcessStore().ask({"cmd": "status", "migrate": True})
    found = {
        **answer["status"],
        "notifications": notifier.description,
        "idle": idle.description,
        "busy": devices.busy_reason(),
        "notes": notes,
    }
    if fmt is Format.json:
        typer.echo(json.dumps(found, ensure_ascii=False))
        return
    _print_status(found)


def _print_status(found: dict[str, Any]) -> None:
    nxt = found["next"]
    if not found["enabled"]:
        typer.echo("Breaks are off. Turn them on at /breaks/ in the web app.")
    elif nxt is None:
        typer.echo("No break is planned: no working hours lie ahead.")
    else:
        names = ", ".join(d["name"] for d in nxt["details"]) or "a plain pause"
        typer.echo(f"Next break: {nxt['at'][:16].replace('T', ' ')}, {names} ({nxt['seconds']} s).")
    counts = found["today"]["counts"]
    typer.echo(f"Today: {counts.get('done', 0)} done, {counts.get('skipped', 0)} skipped.")
    typer.echo(f"Notifications: {found['notifications']}. Idle time: {found['idle']}.")
    if found["busy"]:
        typer.echo(f"Breaks wait for now: {found['busy']}.")
    for note in found["notes"]:
        typer.echo(note)
