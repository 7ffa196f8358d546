# ruff: noqa: F821, F722  (D-Bus signatures are written as string annotations)
"""A stand-in desktop notification service for tests, on a private D-Bus session bus.

Run under `dbus-run-session`: it owns org.freedesktop.Notifications, writes each Notify
call as one JSON line to LOG, and presses the button given by --press (its label, e.g.
"Done") a moment later by sending ActionInvoked, as a person would. No X server needed.
"""

import asyncio
import json
import sys

from dbus_fast.aio import MessageBus
from dbus_fast.service import ServiceInterface, dbus_method, dbus_signal


class Notifications(ServiceInterface):
    def __init__(self, log: str, press: str) -> None:
        super().__init__("org.freedesktop.Notifications")
        self.log, self.press, self.last = log, press, 0

    @dbus_method()
    def GetCapabilities(self) -> "as":
        return ["body", "actions"]

    @dbus_method()
    def GetServerInformation(self) -> "ssss":
        return ["stub", "unknot-tests", "1", "1.2"]

    @dbus_method()
    def Notify(
        self,
        app_name: "s",
        replaces_id: "u",
        app_icon: "s",
        summary: "s",
        body: "s",
        actions: "as",
        hints: "a{sv}",
        expire_timeout: "i",
    ) -> "u":
        self.last += 1
        record = {"app": app_name, "summary": summary, "body": body, "actions": actions}
        with open(self.log, "a", encoding="utf-8") as out:
            out.write(json.dumps(record) + "\n")
        pairs = dict(zip(actions[1::2], actions[::2], strict=False))  # label -> action key
        if self.press in pairs:
            key, number = pairs[self.press], self.last
            asyncio.get_running_loop().call_later(0.3, self.ActionInvoked, number, key)
        return self.last

    @dbus_method()
    def CloseNotification(self, number: "u") -> None:
        self.NotificationClosed(number, 3)

    @dbus_signal()
    def ActionInvoked(self, number: "u", key: "s") -> "us":
        return [number, key]

    @dbus_signal()
    def NotificationClosed(self, number: "u", reason: "u") -> "uu":
        return [number, reason]


async def main(log: str, press: str) -> None:
    bus = await MessageBus().connect()
    bus.export("/org/freedesktop/Notifications", Notifications(log, press))
    await bus.request_name("org.freedesktop.Notifications")
    with open(log + ".ready", "w", encoding="utf-8") as ready:
        ready.write("ready\n")
    await bus.wait_for_disconnect()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else ""))
