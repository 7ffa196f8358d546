"""The resting loop of `unknot breaks`: keep time, sleep, and show a break when it is due.

It keeps the schedule's configuration and state (a snapshot from the store) and asks the
core (`next_due`) when the next break is due: a pure function, so deciding costs almost
nothing and needs neither Django nor the knowledge base. It sleeps until then (at most a
few minutes at a time, so a suspended laptop or a clock change is noticed, and once a
minute when the desktop reports idle time, to see natural breaks). When a break is due it
waits while the camera or microphone is in use, asks the store for the movement, shows it
and records the answer.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

from unknot.breaks_desktop.idle import IdleSource, NoIdle
from unknot.breaks_desktop.notify import Notifier
from unknot.breaks_desktop.store import Store, snapshot_from
from unknot.core.clock import Clock
from unknot.core.schedule import (
    BreakConfig,
    BreakKind,
    BreakState,
    Outcome,
    Taken,
    came_back,
    next_due,
    record,
    went_idle,
)

LONGEST_SLEEP_S = 300  # wake at least this often: suspend and clock changes
BUSY_RETRY_S = 60  # camera or microphone in use: look again after this long
ANSWER_GRACE_S = 300  # how long past its length a break waits for an answer
KEYS = {
    "d": ("done", ""),
    "l": ("postponed", ""),
    "s": ("skipped", ""),
    "h": ("done", "hurt"),
    "n": ("done", "disliked"),
}
PROMPT = "Type d (done), l (later), s (skip), h (it hurt) or n (not for me), then Enter: "


@dataclass
class Deps:
    """Everything the loop touches outside itself, so tests can pass fakes."""

    store: Store
    notifier: Notifier
    clock: Clock
    idle: IdleSource = field(default_factory=NoIdle)
    busy: Callable[[], str | None] = lambda: None
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    say: Callable[[str], None] = print
    lines: asyncio.Queue[str] | None = None  # typed lines; None: notification-only mode
    answer_timeout: Callable[[int], float] = lambda seconds: seconds + ANSWER_GRACE_S


class BreakLoop:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps
        self.config = BreakConfig(is_enabled=False)
        self.state = BreakState()
        self.said: set[str] = set()

    def say_once(self, key: str, message: str) -> None:
        if key not in self.said:
            self.said.add(key)
            self.deps.say(message)

    async def start(self) -> None:
        await self._refresh({"cmd": "snapshot", "migrate": True})

    async def _refresh(self, request: dict[str, Any]) -> bool:
        answer = await self.deps.store.ask(request)
        await self.deps.store.close()
        if answer.get("ok"):
            self.config, state = snapshot_from(answer["snapshot"])
            self.state = replace(state, idle_since=self.state.idle_since)
            return True
        self.deps.say(f"Could not reach the journal: {answer.get('error', 'unknown error')}")
        return False

    async def run(self) -> None:
        await self.start()
        while True:
            await self.step()

    async def step(self, *, is_once: bool = False) -> str:
        """One decision: wait, show a break, or say why not. Returns what happened."""
        await self._watch_idle()
        now = self.deps.clock.now()
        due = next_due(self.config, self.state, now)
        if due is None:
            self.say_once(
                "none", "No break is planned: breaks are off or no working hours lie ahead."
            )
            if not is_once:
                await self.deps.sleep(LONGEST_SLEEP_S)
            return "none"
        wait = (due.at - now).total_seconds()
        if wait > 1:
            if is_once:
                self.deps.say(f"Next break at {due.at:%H:%M} on {due.at:%A %d %B}.")
                return "waiting"
            await self.deps.sleep(min(wait, LONGEST_SLEEP_S, self._idle_poll()))
            return "waiting"
        reason = self.deps.busy()
        if reason:
            self.deps.say(f"A break is due, but {reason}: it waits until you are done.")
            if not is_once:
                await self.deps.sleep(BUSY_RETRY_S)
            return "busy"
        return await self._take_break()

    def _idle_poll(self) -> float:
        return float("inf") if isinstance(self.deps.idle, NoIdle) else self.config.idle_threshold_s

    async def _watch_idle(self) -> None:
        """Away longer than a break: a natural break; it is recorded on coming back."""
        idle = await self.deps.idle.idle_s()
        if idle is None:
            return
        now = self.deps.clock.now()
        since = now - timedelta(seconds=idle)
        if idle >= self.config.idle_threshold_s:
            self.state = went_idle(self.state, since)
        elif self.state.idle_since is not None:
            before = len(self.state.history)
            self.state = came_back(self.config, self.state, since)
            if len(self.state.history) > before:
                natural = self.state.history[-1]
                event = {
                    "kind": natural.kind.value,
                    "outcome": "natural",
                    "seconds": natural.seconds,
                    "at": natural.at.isoformat(),
                }
                await self._refresh({"cmd": "record", "event": event})

    async def _take_break(self) -> str:
        answer = await self.deps.store.ask({"cmd": "prepare"})
        brk = answer.get("break") if answer.get("ok") else None
        if brk is None:
            await self.deps.store.close()
            await self._refresh({"cmd": "snapshot"})  # settings changed meanwhile
            return "changed"
        started = self.deps.clock.now()
        outcome, felt = await self._show(brk)
        event = {
            "kind": brk["kind"],
            "outcome": outcome,
            "movements": brk["movements"],
            "seconds": brk["seconds"],
            "felt": felt,
            "at": started.isoformat(),
        }
        if not await self._refresh({"cmd": "record", "event": event}):
            # Not stored (the journal was unreachable): keep time as if it had been, so
            # the same break does not come straight back.
            taken = Taken(started, BreakKind(brk["kind"]), Outcome(outcome), (), brk["seconds"])
            self.state = record(self.state, taken)
        return outcome

    async def _show(self, brk: dict[str, Any]) -> tuple[str, str]:
        choices = [("done", "Done"), ("skipped", "Skip")]
        if brk["can_postpone"]:
            choices.insert(1, ("postponed", "Later"))
        picked: asyncio.Future[str] = asyncio.get_running_loop().create_future()

        def answer(value: str) -> None:
            if not picked.done():
                picked.set_result(value)

        await self.deps.notifier.show(brk["title"], describe(brk), choices, answer)
        waiters = [asyncio.ensure_future(picked)]
        if self.deps.lines is not None:
            waiters.append(asyncio.ensure_future(self._typed(brk["can_postpone"])))
        timeout = self.deps.answer_timeout(brk["seconds"])
        done, pending = await asyncio.wait(
            waiters, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
        )
        for task in pending:
            task.cancel()
        await self.deps.notifier.withdraw()
        if not done:
            return "unanswered", ""
        result = done.pop().result()
        return KEYS[result[:1]] if result[:1] in KEYS and len(result) == 1 else (result, "")

    async def _typed(self, can_postpone: bool) -> str:
        queue = self.deps.lines
        assert queue is not None
        while not queue.empty():  # lines typed before the break are not answers to it
            queue.get_nowait()
        self.deps.say(PROMPT)
        while True:
            key = (await queue.get()).strip().lower()[:1]
            if key in KEYS and (key != "l" or can_postpone):
                return key
            self.deps.say(PROMPT if can_postpone else PROMPT.replace("l (later), ", ""))


def describe(brk: dict[str, Any]) -> str:
    """The break in plain text: for a notification's body and the terminal."""
    if not brk["details"]:
        return brk["plain"]
    parts = []
    for move in brk["details"]:
        steps = " ".join(move["steps"])
        parts.append(f"{move['name']} (about {move['seconds']} s): {steps}")
    parts.append(brk["details"][0]["cautions"][0])
    return "\n".join(parts)
