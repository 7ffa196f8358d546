"""The session player: timers, pause, next, stop, and what it reports afterwards.

Time is a clock the tests move by hand, so a minute's hold takes no time at all.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from unknot.core.clock import FixedClock
from unknot.core.planner import PlanStep
from unknot.core.player import MonotonicClock, Phase, Player, PlayerError

START = datetime(2026, 11, 28, 8, 30, tzinfo=UTC)


class MovingClock(FixedClock):
    def advance(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)


def step(kind: str = "self_release", seconds: int = 60, **changes: object) -> PlanStep:
    fields: dict[str, object] = {
        "kind": kind,
        "title": f"A {kind} step",
        "tool": None,
        "region": None,
        "seconds": seconds,
        "repetitions": 1,
        "instructions": "Do it gently.",
        "why": "Because it helps.",
        "source": "A source",
        "source_id": "a_source",
    }
    fields.update(changes)
    return PlanStep(**fields)  # type: ignore[arg-type]


@pytest.fixture
def clock() -> MovingClock:
    return MovingClock(START)


def test_a_timer_counts_down_with_the_clock(clock):
    player = Player([step(seconds=60)], clock)
    frame = player.start()
    assert frame.phase is Phase.RUNNING
    assert (frame.seconds_left, frame.time_up) == (60, False)
    clock.advance(0.4)
    assert player.tick().seconds_left == 60  # a timer shows 60 until a whole second has gone
    clock.advance(19.6)
    assert player.tick().seconds_left == 40
    clock.advance(40)
    frame = player.tick()
    assert (frame.seconds_left, frame.time_up, frame.elapsed) == (0, True, 60)


def test_a_step_does_not_move_on_by_itself_when_its_time_is_up(clock):
    player = Player([step(seconds=30), step("stretch", 30)], clock)
    player.start()
    clock.advance(500)
    frame = player.tick()
    assert frame.index == 0 and frame.time_up and frame.seconds_left == 0


def test_pause_freezes_the_timer_and_the_session_time(clock):
    player = Player([step(seconds=60)], clock)
    player.start()
    clock.advance(10)
    assert player.pause().phase is Phase.PAUSED
    clock.advance(100)
    frame = player.tick()
    assert (frame.seconds_left, frame.total_seconds, frame.paused_seconds) == (50, 10, 100)
    assert player.resume().phase is Phase.RUNNING
    clock.advance(5)
    frame = player.tick()
    assert (frame.seconds_left, frame.total_seconds, frame.paused_seconds) == (45, 15, 100)


def test_toggle_pause_alternates_and_repeated_presses_change_nothing(clock):
    player = Player([step()], clock)
    player.start()
    assert player.toggle_pause().phase is Phase.PAUSED
    assert player.pause().phase is Phase.PAUSED
    assert player.toggle_pause().phase is Phase.RUNNING
    assert player.resume().phase is Phase.RUNNING


def test_next_moves_on_and_the_last_next_finishes(clock):
    steps = [step(seconds=60), step("heat", 180), step("hydration", 0)]
    player = Player(steps, clock)
    player.start()
    clock.advance(65)
    frame = player.next()
    assert (frame.index, frame.number, frame.seconds_left, frame.elapsed) == (1, 2, 180, 0)
    clock.advance(120)
    frame = player.next()
    assert frame.index == 2 and not frame.timed and frame.seconds_left == 0
    clock.advance(15)
    frame = player.next()
    assert frame.phase is Phase.FINISHED and frame.is_over
    assert frame.total_seconds == 200
    assert player.steps_done() == 3
    assert [round(t.seconds) for t in player.times] == [65, 120, 15]
    assert player.ended_at == START + timedelta(seconds=200)


def test_next_while_paused_starts_the_next_step_running(clock):
    player = Player([step(seconds=60), step("stretch", 30)], clock)
    player.start()
    clock.advance(20)
    player.pause()
    clock.advance(40)
    frame = player.next()
    assert (frame.phase, frame.index, frame.seconds_left, frame.paused_seconds) == (
        Phase.RUNNING,
        1,
        30,
        40,
    )
    assert round(player.times[0].seconds) == 20


def test_stop_records_the_reason_and_freezes_everything(clock):
    player = Player([step(seconds=60), step("heat", 180)], clock)
    player.start()
    clock.advance(70)
    player.next()
    clock.advance(30)
    frame = player.stop("numbness")
    assert (frame.phase, frame.stop_reason, frame.index) == (Phase.STOPPED, "numbness", 1)
    assert [t.done for t in player.times] == [True, False]
    clock.advance(1000)
    assert player.next().phase is Phase.STOPPED
    assert player.resume().phase is Phase.STOPPED
    frame = player.tick()
    assert (frame.total_seconds, frame.elapsed, frame.seconds_left) == (100, 30, 150)
    assert player.steps_done() == 1


def test_stop_while_paused_counts_the_pause_but_not_as_care(clock):
    player = Player([step(seconds=60)], clock)
    player.start()
    clock.advance(15)
    player.pause()
    clock.advance(45)
    frame = player.stop("hurts_more")
    assert (frame.total_seconds, frame.paused_seconds) == (15, 45)


def test_a_stop_needs_a_reason(clock):
    player = Player([step()], clock)
    player.start()
    with pytest.raises(PlayerError):
        player.stop("  ")
    assert player.phase is Phase.RUNNING


def test_a_player_needs_steps(clock):
    with pytest.raises(PlayerError):
        Player([], clock)


def test_events_before_start_change_nothing(clock):
    player = Player([step()], clock)
    clock.advance(30)
    assert player.next().phase is Phase.READY
    assert player.pause().phase is Phase.READY
    assert player.tick().seconds_left == 60
    assert player.start().seconds_left == 60


def test_stopping_before_the_start_is_allowed_and_takes_no_time(clock):
    player = Player([step()], clock)
    frame = player.stop("other")
    assert frame.phase is Phase.STOPPED and frame.total_seconds == 0
    assert player.minutes() == 1


def test_timed_holds_are_counted_one_by_one(clock):
    player = Player([step(seconds=180, repetitions=3)], clock)
    player.start()
    assert (player.tick().repetition, player.tick().repetitions) == (1, 3)
    clock.advance(60)
    assert player.tick().repetition == 2
    clock.advance(119)
    assert player.tick().repetition == 3
    clock.advance(100)
    assert player.tick().repetition == 3


def test_movement_repetitions_are_not_timed_holds(clock):
    player = Player([step("movement", 30, repetitions=5)], clock)
    assert player.start().repetitions == 0


def test_a_paced_breathing_step_says_breathe_in_or_out(clock):
    player = Player([step("relaxation", 60, pacer=(4, 6))], clock)
    frame = player.start()
    assert (frame.breath, frame.breath_left) == ("in", 4)
    clock.advance(3)
    assert (player.tick().breath, player.tick().breath_left) == ("in", 1)
    clock.advance(1)
    assert (player.tick().breath, player.tick().breath_left) == ("out", 6)
    clock.advance(6)
    assert player.tick().breath == "in"


@pytest.mark.parametrize(
    ("seconds", "minutes"), [(0, 1), (30, 1), (60, 1), (61, 2), (300, 5), (99999, 240)]
)
def test_minutes_for_the_journal_round_up_within_its_bounds(clock, seconds, minutes):
    player = Player([step(seconds=60)], clock)
    player.start()
    clock.advance(seconds)
    player.next()
    assert player.minutes() == minutes


def test_the_main_step_is_the_first_timed_step_reached(clock):
    steps = [step("hydration", 0), step(seconds=60, tool="massage_ball"), step("heat", 180)]
    player = Player(steps, clock)
    player.start()
    assert player.main_step().kind == "hydration"  # nothing timed reached yet
    player.next()
    clock.advance(10)
    player.next()
    clock.advance(180)
    player.next()
    assert player.main_step().kind == "self_release"  # even though the warmth took longer


def test_the_main_step_of_a_session_stopped_early_is_among_the_steps_reached(clock):
    player = Player([step("movement", 30), step(seconds=60)], clock)
    player.start()
    player.stop("tingling")
    assert player.main_step().kind == "movement"


def test_the_monotonic_clock_starts_at_the_wall_time_and_moves_forward():
    clock = MonotonicClock(FixedClock(START))
    first = clock.now()
    assert START <= first < START + timedelta(seconds=5)
    assert clock.now() >= first
    assert clock.today() == START.date()
