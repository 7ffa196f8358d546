"""Starting the break program: wire the seams to what this desktop offers, then run.

`unknot breaks` parses its options and, for the long run, replaces itself with
`python -m unknot.breaks_desktop` (see __main__.py): the command line's libraries
(Typer coerces options with pydantic) would otherwise stay in memory all day.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from typing import Any

from unknot.breaks_desktop import dbus, devices
from unknot.breaks_desktop.idle import IdleSource, NoIdle, detect_idle
from unknot.breaks_desktop.loop import BreakLoop, Deps
from unknot.breaks_desktop.notify import Notifier, pick_notifier
from unknot.breaks_desktop.store import InProcessStore, Store, SubprocessStore
from unknot.core.clock import SystemClock

Say = Callable[[str], None]


async def desktop(say: Say) -> tuple[Notifier, IdleSource]:
    """The notifier and the idle source this desktop offers (what is missing is said once)."""
    bus = await dbus.connect()
    notifier = await pick_notifier(bus, say)
    idle = await detect_idle(bus)
    if isinstance(idle, NoIdle):
        say("This desktop does not report idle time: time away will not count as a break.")
    if not devices.can_detect():
        say("Camera and microphone use cannot be seen here: breaks will not wait for calls.")
    return notifier, idle


async def run(*, once: bool, notify_only: bool, say: Say = print) -> str:
    """Run the loop (or one decision, with `once`); returns the last outcome."""
    notifier, idle = await desktop(say)
    lines = None if notify_only or once or not sys.stdin.isatty() else await stdin_lines()
    store: Store = InProcessStore() if once else SubprocessStore()
    deps = Deps(store, notifier, SystemClock(), idle, devices.busy_reason, say=say, lines=lines)
    loop = BreakLoop(deps)
    await loop.start()
    if once:
        outcome = await loop.step(is_once=True)
        if outcome not in ("waiting", "none", "busy"):
            say(f"Recorded: {outcome}.")
        return outcome
    say("unknot breaks is running. Stop it with Ctrl+C.")
    while True:
        await loop.step()


_READERS: set[Any] = set()  # keeps the stdin reader task alive


async def stdin_lines() -> asyncio.Queue[str]:
    """Lines typed in the terminal, as they come (one reader for the whole run)."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    reader = asyncio.StreamReader()
    loop = asyncio.get_running_loop()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)

    async def pump() -> None:
        while line := await reader.readline():
            await queue.put(line.decode(errors="replace"))

    _READERS.add(loop.create_task(pump()))
    return queue
