"""The session bus, asked directly: desktop-notifier fails silently without one, so
unknot finds out for itself whether a notification service (and an idle monitor) is
there before relying on it (see docs in stack-notes, section 8)."""

from __future__ import annotations

import os
from typing import Any

NOTIFICATIONS = "org.freedesktop.Notifications"
BUS = ("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus")


async def connect() -> Any | None:
    """A connection to the session bus, or None when there is none."""
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return None
    from dbus_fast.aio import MessageBus

    try:
        return await MessageBus().connect()
    except Exception:  # no bus, refused, wrong address: all mean "no desktop bus"
        return None


async def call(
    bus: Any,
    target: tuple[str, str, str],
    member: str,
    signature: str = "",
    body: list[Any] | None = None,
) -> Any | None:
    """The first value of a method's reply, or None if it failed."""
    from dbus_fast import Message, MessageType

    destination, path, interface = target
    try:
        reply = await bus.call(
            Message(
                destination=destination,
                path=path,
                interface=interface,
                member=member,
                signature=signature,
                body=body or [],
            )
        )
    except Exception:
        return None
    if reply is None or reply.message_type != MessageType.METHOD_RETURN:
        return None
    return reply.body[0] if reply.body else True


async def has_notifications(bus: Any) -> bool:
    """A notification service is running, or can be started (and does start)."""
    if await call(bus, BUS, "NameHasOwner", "s", [NOTIFICATIONS]):
        return True
    return await call(bus, BUS, "StartServiceByName", "su", [NOTIFICATIONS, 0]) is not None
