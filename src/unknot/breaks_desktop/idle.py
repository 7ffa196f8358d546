"""How long the person has been away from keyboard and mouse, where the desktop says.

Tried in order: GNOME's Mutter idle monitor and the freedesktop ScreenSaver interface
(KDE and others) over D-Bus, then `xprintidle` on X11. Without any of them idle time is
unknown (None) and natural breaks are not detected; the loop says so once.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from typing import Any, Protocol

from unknot.breaks_desktop.dbus import call

MUTTER = (
    "org.gnome.Mutter.IdleMonitor",
    "/org/gnome/Mutter/IdleMonitor/Core",
    "org.gnome.Mutter.IdleMonitor",
)
SCREENSAVER = (
    "org.freedesktop.ScreenSaver",
    "/org/freedesktop/ScreenSaver",
    "org.freedesktop.ScreenSaver",
)


class IdleSource(Protocol):
    description: str

    async def idle_s(self) -> float | None: ...


class NoIdle:
    description = "none"

    async def idle_s(self) -> float | None:
        return None


class DBusIdle:
    def __init__(self, bus: Any, target: tuple[str, str, str], member: str, per_s: float) -> None:
        self.bus, self.target, self.member, self.per_s = bus, target, member, per_s
        self.description = target[0]

    async def idle_s(self) -> float | None:
        value = await call(self.bus, self.target, self.member)
        return None if value is None or value is True else float(value) / self.per_s


class XPrintIdle:
    description = "xprintidle"

    def __init__(self, path: str) -> None:
        self.path = path

    async def idle_s(self) -> float | None:
        proc = await asyncio.create_subprocess_exec(
            self.path, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL
        )
        out, _ = await proc.communicate()
        text = out.decode().strip()
        return int(text) / 1000 if proc.returncode == 0 and text.isdigit() else None


async def detect_idle(bus: Any | None) -> IdleSource:
    candidates: list[IdleSource] = []
    if bus is not None:
        candidates += [
            DBusIdle(bus, MUTTER, "GetIdletime", 1000),  # milliseconds
            DBusIdle(bus, SCREENSAVER, "GetSessionIdleTime", 1),  # seconds
        ]
    found = shutil.which("xprintidle")
    if found and os.environ.get("DISPLAY"):
        candidates.append(XPrintIdle(found))
    for source in candidates:
        if await source.idle_s() is not None:
            return source
    return NoIdle()
