"""Notifications through one seam, the Notifier protocol: the desktop's notification
service when there is one (desktop-notifier), the terminal otherwise.

`show` puts a break in front of the person with its choices (done, later, skip ...);
when one is picked, `answer(choice)` is called. Tests pass a fake Notifier.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import Any, Protocol

Choices = Sequence[tuple[str, str]]  # (value, button label)
Answer = Callable[[str], None]


class Notifier(Protocol):
    description: str

    async def show(self, title: str, body: str, choices: Choices, answer: Answer) -> None: ...

    async def withdraw(self) -> None: ...


class TerminalNotifier:
    """Prints the break; the choices are typed at the prompt (see loop.py)."""

    description = "the terminal"

    def __init__(self, write: Callable[[str], None] = print) -> None:
        self.write = write

    async def show(self, title: str, body: str, choices: Choices, answer: Answer) -> None:
        self.write(f"\n== {title} ==\n{body}")

    async def withdraw(self) -> None:
        return None


class DesktopNotifier:
    """The desktop's notification service, with one button per choice."""

    description = "desktop notifications"

    def __init__(self) -> None:
        from desktop_notifier import DesktopNotifier as Backend

        self.backend = Backend(app_name="unknot")
        self.shown: str | None = None

    async def show(self, title: str, body: str, choices: Choices, answer: Answer) -> None:
        from desktop_notifier import Button, Urgency

        buttons = [
            Button(title=label, on_pressed=_pressed(answer, value)) for value, label in choices
        ]
        self.shown = await self.backend.send(
            title=title, message=body, buttons=buttons, urgency=Urgency.Normal, timeout=-1
        )

    async def withdraw(self) -> None:
        shown, self.shown = self.shown, None
        if shown is None:
            return
        with contextlib.suppress(KeyError):  # already gone: a button was pressed, or closed
            await self.backend.clear(shown)


def _pressed(answer: Answer, value: str) -> Callable[[], Any]:
    return lambda: answer(value)


async def pick_notifier(bus: Any | None, say: Callable[[str], None]) -> Notifier:
    """Desktop notifications if the desktop offers them; otherwise the terminal, said once."""
    from unknot.breaks_desktop.dbus import has_notifications

    if bus is not None and await has_notifications(bus):
        return DesktopNotifier()
    where = "no desktop session bus" if bus is None else "no notification service on the bus"
    say(f"No desktop notifications here ({where}): breaks will show in this terminal.")
    return TerminalNotifier()
