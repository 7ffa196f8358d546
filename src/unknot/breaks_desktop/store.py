"""Where `unknot breaks` reads its settings and records outcomes: unknot.web.breaks.services.

Loading Django and the knowledge base costs tens of megabytes that the program would
then carry all day for a few seconds of use per break. So the resting loop talks to
a short-lived helper process instead (SubprocessStore: `python -m
unknot.breaks_desktop.store`, JSON lines on stdin and stdout), started when a break is
due and ended right after. InProcessStore answers the same requests inside the current
process: the helper uses it, and so do `--once`, `--status` and the tests.

Requests: {"cmd": "snapshot"} -> {"snapshot": {config, state}}; {"cmd": "prepare"} ->
{"break": {...} | null}; {"cmd": "record", "event": {...}} -> {"snapshot": ...};
{"cmd": "status"} -> {"status": {...}}. Every answer has "ok"; a refused one "error".
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from datetime import datetime
from typing import Any, Protocol

from unknot.core.clock import Clock, SystemClock
from unknot.core.schedule import (
    BreakConfig,
    BreakKind,
    BreakState,
    Feeling,
    NextBreak,
    Outcome,
    Taken,
)


class Store(Protocol):
    async def ask(self, request: dict[str, Any]) -> dict[str, Any]: ...

    async def close(self) -> None: ...


# --- the snapshot the resting loop keeps time with ----------------------------------------


def snapshot_json(config: BreakConfig, state: BreakState) -> dict[str, Any]:
    history = [
        [t.at.isoformat(), t.kind.value, t.outcome.value, list(t.movements), t.seconds]
        for t in state.history
    ]
    return {
        "config": config.to_json(),
        "history": history,
        "feedback": {k: v.value for k, v in state.feedback.items()},
    }


def snapshot_from(data: dict[str, Any]) -> tuple[BreakConfig, BreakState]:
    history = tuple(
        Taken(datetime.fromisoformat(at), BreakKind(kind), Outcome(outcome), tuple(ids), seconds)
        for at, kind, outcome, ids, seconds in data["history"]
    )
    feedback = {k: Feeling(v) for k, v in data["feedback"].items()}
    return BreakConfig.from_json(data["config"]), BreakState(history, feedback)


# --- answering requests with Django (in this process) ---------------------------------------


class InProcessStore:
    def __init__(self, clock: Clock | None = None) -> None:
        self.clock = clock or SystemClock()

    @staticmethod
    def _setup(migrate: bool) -> None:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unknot.web.settings")
        import django
        from django.apps import apps

        if not apps.ready:
            django.setup()
        if migrate:  # asked for once, when `unknot breaks` starts
            from django.core.management import call_command

            call_command("migrate", interactive=False, verbosity=0)

    async def ask(self, request: dict[str, Any]) -> dict[str, Any]:
        # Django refuses database calls from a running event loop: a worker thread it is.
        return await asyncio.to_thread(self.handle, request)

    async def close(self) -> None:
        return None

    def handle(self, request: dict[str, Any]) -> dict[str, Any]:
        self._setup(bool(request.get("migrate")))
        from unknot.web.breaks import services
        from unknot.web.journal.services import local_user

        owner = local_user()
        cmd = request.get("cmd")
        try:
            if cmd == "snapshot":
                return {"ok": True, "snapshot": self._snapshot(owner)}
            if cmd == "prepare":
                found = services.next_break_for(owner, self.clock)
                return {"ok": True, "break": break_json(found) if found else None}
            if cmd == "record":
                event = request.get("event", {})
                at = event.get("at")
                data = services.OutcomeInput(
                    event.get("kind"),
                    event.get("outcome"),
                    event.get("movements", []),
                    event.get("seconds"),
                    event.get("felt", ""),
                    datetime.fromisoformat(at) if at else None,
                )
                services.record_outcome(owner, data, self.clock)
                return {"ok": True, "snapshot": self._snapshot(owner)}
            if cmd == "status":
                return {"ok": True, "status": self._status(owner)}
        except services.InvalidInput as exc:
            return {"ok": False, "error": str(exc), "fields": exc.errors}
        return {"ok": False, "error": f"unknown request {cmd!r}"}

    def _snapshot(self, owner: Any) -> dict[str, Any]:
        from unknot.web.breaks import services

        now = self.clock.now()
        config = services.config_of(services.settings_of(owner))
        return snapshot_json(config, services.state_of(owner, now))

    def _status(self, owner: Any) -> dict[str, Any]:
        from unknot.web.breaks import services

        found = services.next_break_for(owner, self.clock)
        return {
            "enabled": services.settings_of(owner).is_enabled,
            "next": break_json(found) if found else None,
            "today": services.today_summary(owner, self.clock).to_json(),
        }


def break_json(found: NextBreak) -> dict[str, Any]:
    from unknot.web.breaks.words import PLAIN_PAUSE, TITLES

    return {
        **found.to_json(),
        "title": TITLES[found.kind],
        "plain": PLAIN_PAUSE,
        "details": [
            {
                "id": m.id,
                "name": m.name,
                "seconds": m.seconds,
                "steps": list(m.steps),
                "cautions": list(m.cautions),
            }
            for m in found.movements
        ],
    }


# --- asking a helper process ------------------------------------------------------------------


class SubprocessStore:
    """Starts the helper on the first request; close() ends it (and its memory)."""

    def __init__(self) -> None:
        self.proc: asyncio.subprocess.Process | None = None

    async def ask(self, request: dict[str, Any]) -> dict[str, Any]:
        if self.proc is None:
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "unknot.breaks_desktop.store",
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
            )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(request).encode() + b"\n")
        await self.proc.stdin.drain()
        line = await self.proc.stdout.readline()
        if not line:
            await self.close()
            return {"ok": False, "error": "the helper process stopped; see the message above"}
        answer: dict[str, Any] = json.loads(line)
        return answer

    async def close(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return
        if proc.stdin is not None:
            proc.stdin.close()
        await proc.wait()


def main() -> None:
    """The helper: answer one JSON request per line until stdin closes."""
    store = InProcessStore()
    for line in sys.stdin:
        if line.strip():
            answer = store.handle(json.loads(line))
            sys.stdout.write(json.dumps(answer) + "\n")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
