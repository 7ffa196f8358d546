"""The guided session player: a plan's steps, one at a time, with timers and a stop button.

A small state machine shared by `unknot session` and the web player, so both count
time the same way and tests drive it without sleeping. It never reads the time by
itself: every event asks the Clock once, and everything shown (seconds left, which
hold, breathe in or out) is worked out from the active time, so a paused session
simply stops accumulating it.

Phases: ready -> running <-> paused -> finished (the last step done) or stopped
(the person pressed stop, with a reason). Events that do not apply in the current
phase change nothing and return the current frame, so a double key press is harmless.
A timed step does not move on by itself when its time is up: the person may still be
holding or getting into position, so they say when they are done.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from unknot.core.clock import Clock, SystemClock
from unknot.core.planner import PlanStep

HOLD_KINDS = ("self_release", "stretch")  # steps whose repetitions are timed holds
MAX_LOGGED_MINUTES = 240  # the journal's upper bound for one session


class Phase(StrEnum):
    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    STOPPED = "stopped"


class PlayerError(ValueError):
    """A player that cannot be built (no steps) or a stop without a reason."""


@dataclass(frozen=True)
class StepTime:
    """How long one step ran (pauses not counted) and whether it was done or stopped."""

    index: int
    kind: str
    seconds: float
    done: bool


@dataclass(frozen=True)
class Frame:
    """What to show right now. Seconds are whole and count down the way a person reads
    a timer: 60 at the start of a minute's hold, 0 only when the time is really up."""

    phase: Phase
    index: int  # the current step, 0-based (the last one once the session is over)
    count: int
    step: PlanStep
    elapsed: int  # active seconds on this step
    seconds_left: int  # 0 for a step without a timer
    time_up: bool
    repetition: int  # the hold in progress, 1-based; 0 when the step has no timed holds
    repetitions: int
    breath: str | None  # "in" or "out" on a paced breathing step, else None
    breath_left: int
    total_seconds: int  # active seconds of the whole session
    paused_seconds: int
    stop_reason: str | None

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def timed(self) -> bool:
        return self.step.seconds > 0

    @property
    def is_over(self) -> bool:
        return self.phase in (Phase.FINISHED, Phase.STOPPED)


class Player:
    """Plays `steps` against `clock`; drive it with start, tick, pause, resume, next, stop."""

    def __init__(self, steps: Sequence[PlanStep], clock: Clock) -> None:
        if not steps:
            raise PlayerError("a session needs at least one step")
        self.steps = tuple(steps)
        self.clock = clock
        self.phase = Phase.READY
        self.index = 0
        self.stop_reason: str | None = None
        self.started_at: datetime | None = None
        self.ended_at: datetime | None = None
        self.times: list[StepTime] = []
        self._banked = 0.0  # active seconds up to `_since`
        self._since: datetime | None = None  # set while running
        self._paused = 0.0
        self._paused_since: datetime | None = None
        self._step_start = 0.0  # the active time at which the current step began

    # -- events ---------------------------------------------------------------------------

    def start(self) -> Frame:
        now = self.clock.now()
        if self.phase is Phase.READY:
            self.phase = Phase.RUNNING
            self.started_at = self._since = now
        return self._frame(now)

    def tick(self) -> Frame:
        """The frame for the current time; time passing changes nothing else."""
        return self._frame(self.clock.now())

    def pause(self) -> Frame:
        now = self.clock.now()
        if self.phase is Phase.RUNNING:
            self._bank(now)
            self.phase = Phase.PAUSED
            self._paused_since = now
        return self._frame(now)

    def resume(self) -> Frame:
        now = self.clock.now()
        if self.phase is Phase.PAUSED:
            self._unpause(now)
        return self._frame(now)

    def toggle_pause(self) -> Frame:
        return self.resume() if self.phase is Phase.PAUSED else self.pause()

    def next(self) -> Frame:
        """The current step is done: move to the next one (running), or finish after the last."""
        now = self.clock.now()
        if self.phase not in (Phase.RUNNING, Phase.PAUSED):
            return self._frame(now)
        self._end_step(now, done=True)
        if self.index == len(self.steps) - 1:
            self._end(now, Phase.FINISHED)
        else:
            self.index += 1
            self._step_start = self._active(now)
            if self.phase is Phase.PAUSED:
                self._unpause(now)
        return self._frame(now)

    def stop(self, reason: str) -> Frame:
        """End the session early because of `reason` (e.g. "numbness"); the step is not done."""
        if not reason.strip():
            raise PlayerError("a stop needs a reason")
        now = self.clock.now()
        if self.phase in (Phase.READY, Phase.RUNNING, Phase.PAUSED):
            self._end_step(now, done=False)
            self.stop_reason = reason
            self._end(now, Phase.STOPPED)
        return self._frame(now)

    # -- what happened ---------------------------------------------------------------------

    def step_elapsed(self) -> float:
        """Active seconds on the current step, to the microsecond (for waking up on time)."""
        return self._active(self.clock.now()) - self._step_start

    @property
    def total_seconds(self) -> float:
        return self._active(self.clock.now())

    def minutes(self) -> int:
        """The session's length for the journal: whole minutes, rounded up, 1 to 240."""
        return min(MAX_LOGGED_MINUTES, max(1, math.ceil(round(self.total_seconds, 3) / 60)))

    def main_step(self) -> PlanStep:
        """What the session is logged as: the first timed step the person reached (a plan
        puts its most important step first, pressure on the knot when allowed), or the first
        step when none had a timer. The web player logs sessions by the same rule."""
        reached = self.steps[: self.index + 1]
        return next((s for s in reached if s.seconds > 0), reached[0])

    def steps_done(self) -> int:
        return sum(1 for t in self.times if t.done)

    # -- inner workings ----------------------------------------------------------------------

    def _active(self, now: datetime) -> float:
        if self._since is None:
            return self._banked
        return self._banked + max(0.0, (now - self._since).total_seconds())

    def _bank(self, now: datetime) -> None:
        self._banked = self._active(now)
        self._since = None

    def _unpause(self, now: datetime) -> None:
        if self._paused_since is not None:
            self._paused += max(0.0, (now - self._paused_since).total_seconds())
        self._paused_since = None
        self.phase = Phase.RUNNING
        self._since = now

    def _end_step(self, now: datetime, done: bool) -> None:
        step = self.steps[self.index]
        spent = self._active(now) - self._step_start
        self.times.append(StepTime(self.index, step.kind, spent, done))

    def _end(self, now: datetime, phase: Phase) -> None:
        if self.phase is Phase.PAUSED:
            self._unpause(now)  # count the pause, then freeze everything
        self._bank(now)
        self.phase = phase
        self.ended_at = now

    def _frame(self, now: datetime) -> Frame:
        step = self.steps[self.index]
        if self.phase in (Phase.FINISHED, Phase.STOPPED):
            elapsed = self.times[-1].seconds if self.times else 0.0
        else:
            elapsed = self._active(now) - self._step_start
        paused = self._paused
        if self._paused_since is not None:
            paused += max(0.0, (now - self._paused_since).total_seconds())
        repetition, repetitions = _hold(step, elapsed)
        breath, breath_left = _breath(step, elapsed)
        return Frame(
            phase=self.phase,
            index=self.index,
            count=len(self.steps),
            step=step,
            elapsed=int(elapsed),
            seconds_left=_ceil(step.seconds - elapsed) if step.seconds else 0,
            time_up=step.seconds > 0 and elapsed >= step.seconds,
            repetition=repetition,
            repetitions=repetitions,
            breath=breath,
            breath_left=breath_left,
            total_seconds=int(round(self._active(now), 3)),
            paused_seconds=int(round(paused, 3)),
            stop_reason=self.stop_reason,
        )


def _ceil(seconds: float) -> int:
    # Rounded to the millisecond first: 59.9999997 s left after float sums is still 60.
    return max(0, math.ceil(round(seconds, 3)))


def _hold(step: PlanStep, elapsed: float) -> tuple[int, int]:
    """Which timed hold is in progress (1-based) on a step of several holds."""
    if step.kind not in HOLD_KINDS or step.repetitions < 2 or step.seconds <= 0:
        return 0, 0
    each = step.seconds / step.repetitions
    return min(step.repetitions, int(round(elapsed, 3) // each) + 1), step.repetitions


def _breath(step: PlanStep, elapsed: float) -> tuple[str | None, int]:
    """Breathe "in" or "out", and the seconds left of it, on a paced breathing step."""
    if step.pacer is None or step.seconds <= 0:
        return None, 0
    inhale, exhale = step.pacer
    at = round(elapsed, 3) % (inhale + exhale)
    if at < inhale:
        return "in", _ceil(inhale - at)
    return "out", _ceil(inhale + exhale - at)


class MonotonicClock:
    """The wall-clock time at the start, moved on by a steady timer: a countdown must not
    jump when the computer's clock is set while someone is holding a stretch."""

    def __init__(self, start: Clock | None = None) -> None:
        self._origin = (start or SystemClock()).now()
        self._at = time.monotonic()

    def now(self) -> datetime:
        return self._origin + timedelta(seconds=time.monotonic() - self._at)

    def today(self) -> date:
        return self.now().date()
