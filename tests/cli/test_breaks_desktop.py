"""`unknot breaks`: the resting loop with a fake Notifier at the protocol seam and time
under the test's control; the store answering through the breaks services; camera and
microphone detection on a made-up /proc; and the real command on a private D-Bus with a
stub notification service (and with a real daemon, dunst under Xvfb, where one runs).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest

from system_tools import needs_tools
from unknot.breaks_desktop import devices
from unknot.breaks_desktop.loop import BreakLoop, Deps
from unknot.breaks_desktop.store import InProcessStore, snapshot_json
from unknot.core.clock import FixedClock
from unknot.core.kb import default_kb
from unknot.core.schedule import (
    BreakConfig,
    BreakKind,
    BreakState,
    Outcome,
    Taken,
    next_break,
    record,
)

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
HERE = Path(__file__).resolve().parent
PYTHON = sys.executable


class Clock(FixedClock):
    """A clock the fake sleep moves forward."""


class FakeNotifier:
    description = "fake"

    def __init__(self, answers: list[str]) -> None:
        self.answers, self.shown = list(answers), []

    async def show(self, title, body, choices, answer):
        self.shown.append({"title": title, "body": body, "choices": [v for v, _ in choices]})
        if self.answers:
            answer(self.answers.pop(0))

    async def withdraw(self):
        return None


class MemoryStore:
    """The store's requests answered from memory with the core (no database): the seam
    the loop talks through, so what it records can be read back."""

    def __init__(self, clock, config=None) -> None:
        self.clock, self.config, self.state = clock, config or BreakConfig(), BreakState()
        self.recorded, self.closed = [], 0

    async def ask(self, request):
        if request["cmd"] == "prepare":
            found = next_break(self.config, self.state, self.clock.now(), default_kb())
            return {"ok": True, "break": _break(found)}
        if request["cmd"] == "record":
            event = request["event"]
            self.recorded.append(event)
            taken = Taken(
                datetime.fromisoformat(event["at"]),
                BreakKind(event["kind"]),
                Outcome(event["outcome"]),
                tuple(event.get("movements", ())),
                event.get("seconds", 0),
            )
            self.state = record(self.state, taken)
        return {"ok": True, "snapshot": snapshot_json(self.config, self.state)}

    async def close(self):
        self.closed += 1


def _break(found):
    from unknot.breaks_desktop.store import break_json

    return break_json(found)


def make_loop(answers, *, config=None, busy=None, idle=None, lines=None, timeout=None):
    clock = Clock(MONDAY)

    async def sleep(seconds):
        clock.at += timedelta(seconds=seconds)

    store = MemoryStore(clock, config)
    notifier = FakeNotifier(answers)
    said = []
    deps = Deps(store, notifier, clock, sleep=sleep, say=said.append, lines=lines)
    if busy:
        deps.busy = busy
    if idle:
        deps.idle = idle
    if timeout is not None:
        deps.answer_timeout = timeout
    return BreakLoop(deps), store, notifier, clock, said


async def steps(loop, count):
    await loop.start()
    return [await loop.step() for _ in range(count)]


def run_apart(coro):
    """asyncio.run in a thread of its own. In a whole-suite run the browser tests come
    first, and Playwright's sync API leaves an event loop running in the main thread,
    where asyncio.run refuses to start."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def test_the_loop_sleeps_until_the_break_is_due_then_shows_and_records_it():
    loop, store, notifier, _, _ = make_loop(["done", "done"])
    outcomes = run_apart(steps(loop, 20))
    assert outcomes.count("done") == 2
    first, second = store.recorded
    assert first["at"] == "2026-03-02T09:30:00+00:00" and first["outcome"] == "done"
    assert datetime.fromisoformat(second["at"]) >= MONDAY + timedelta(hours=1)
    assert notifier.shown[0]["choices"] == ["done", "postponed", "skipped"]
    assert store.closed >= 3  # the helper is ended after each use


def test_no_busy_polling_at_rest_a_working_day_takes_few_wake_ups():
    loop, store, _, clock, _ = make_loop(["done"] * 20)
    run_apart(steps(loop, 60))
    hours = (clock.now() - MONDAY).total_seconds() / 3600
    assert 60 / hours <= 16  # a wake-up per five minutes at most, plus the breaks
    assert len(store.recorded) >= 6


def test_later_brings_the_break_back_after_the_postpone_and_then_no_more_later():
    config = BreakConfig(max_postpones=1)
    loop, store, notifier, _, _ = make_loop(["postponed", "done"], config=config)
    loop.deps.store.config = config
    run_apart(steps(loop, 12))
    assert [e["outcome"] for e in store.recorded][:2] == ["postponed", "done"]
    assert notifier.shown[1]["choices"] == ["done", "skipped"]
    gap = datetime.fromisoformat(store.recorded[1]["at"]) - datetime.fromisoformat(
        store.recorded[0]["at"]
    )
    assert gap == timedelta(minutes=5)


def test_a_break_waits_while_the_camera_is_in_use():
    in_call = {"on": True}
    loop, store, notifier, _, said = make_loop(
        ["done"], busy=lambda: "the camera is in use" if in_call["on"] else None
    )

    async def scenario():
        await loop.start()
        while await loop.step() != "busy":
            pass
        assert notifier.shown == [] and "the camera is in use" in said[-1]
        in_call["on"] = False
        return [await loop.step() for _ in range(3)]

    assert "done" in run_apart(scenario())
    assert datetime.fromisoformat(store.recorded[0]["at"]) > MONDAY + timedelta(minutes=30)


def test_time_away_counts_as_a_natural_break_and_pushes_the_next_one():
    away = {"s": 0.0}

    class Idle:
        description = "fake idle"

        async def idle_s(self):
            return away["s"]

    loop, store, notifier, clock, _ = make_loop(["done"], idle=Idle())

    async def scenario():
        await loop.start()
        await loop.step()  # 09:00: active
        clock.at = MONDAY + timedelta(minutes=25)
        away["s"] = 600  # away since 09:15
        await loop.step()
        clock.at = MONDAY + timedelta(minutes=40)
        away["s"] = 5  # back at 09:40
        await loop.step()

    run_apart(scenario())
    natural = store.recorded[0]
    assert natural["outcome"] == "natural" and natural["at"] == "2026-03-02T09:15:00+00:00"
    assert notifier.shown == []  # nothing popped up while nobody was there


def test_unanswered_notifications_are_recorded_as_such_and_do_not_nag():
    loop, store, _, _, _ = make_loop([], timeout=lambda seconds: 0.01)
    run_apart(steps(loop, 8))
    outcomes = [e["outcome"] for e in store.recorded]
    assert outcomes and set(outcomes) == {"unanswered"}
    moments = [datetime.fromisoformat(e["at"]) for e in store.recorded]
    assert all(b - a >= timedelta(minutes=10) for a, b in pairwise(moments))


def test_typing_h_in_the_terminal_says_the_movement_hurt():
    lines: asyncio.Queue[str] = asyncio.Queue()

    async def scenario():
        loop, store, _, _, said = make_loop([], lines=lines)
        lines.put_nowait("typed before the break: ignored\n")
        await loop.start()

        async def type_later():
            await asyncio.sleep(0.05)
            lines.put_nowait("h\n")

        typing = asyncio.ensure_future(type_later())
        while await loop.step() == "waiting":
            pass
        await typing
        return store, said

    store, said = run_apart(scenario())
    assert store.recorded[0]["outcome"] == "done" and store.recorded[0]["felt"] == "hurt"
    assert any(line.startswith("Type d (done)") for line in said)


# --- the store, through the breaks services ------------------------------------------------------


@pytest.mark.django_db
def test_the_store_prepares_and_records_through_the_breaks_services():
    from unknot.web.breaks.models import BreakEvent, MovementFeedback

    store = InProcessStore(FixedClock(MONDAY + timedelta(minutes=30)))
    snapshot = store.handle({"cmd": "snapshot"})["snapshot"]
    assert snapshot["config"]["micro_every_min"] == 30 and snapshot["history"] == []
    brk = store.handle({"cmd": "prepare"})["break"]
    assert brk["title"] == "Time for a short break" and brk["details"][0]["steps"]
    event = {
        "kind": brk["kind"],
        "outcome": "done",
        "movements": brk["movements"],
        "seconds": brk["seconds"],
        "felt": "disliked",
        "at": brk["at"],
    }
    after = store.handle({"cmd": "record", "event": event})
    assert len(after["snapshot"]["history"]) == 1
    assert BreakEvent.objects.get().outcome == "done"
    assert set(MovementFeedback.objects.values_list("movement", flat=True)) == set(brk["movements"])
    refused = store.handle({"cmd": "record", "event": {**event, "outcome": "maybe"}})
    assert refused["ok"] is False and "outcome" in refused["fields"]


# --- camera and microphone -----------------------------------------------------------------------


def test_a_process_holding_a_video_device_means_the_camera_is_in_use(tmp_path):
    fd = tmp_path / "4242" / "fd"
    fd.mkdir(parents=True)
    (fd / "3").symlink_to("/dev/null")
    assert devices.busy_reason(tmp_path) is None
    (fd / "7").symlink_to("/dev/video0")
    assert devices.busy_reason(tmp_path) == "the camera is in use"


def test_a_running_capture_stream_means_the_microphone_is_in_use(tmp_path):
    status = tmp_path / "asound" / "card0" / "pcm0c" / "sub0" / "status"
    status.parent.mkdir(parents=True)
    status.write_text("closed\n")
    assert devices.busy_reason(tmp_path) is None
    status.write_text("state: RUNNING\nowner_pid   : 99\n")
    assert devices.busy_reason(tmp_path) == "the microphone is in use"


# --- the real command ----------------------------------------------------------------------------


def unknot_env(tmp_path: Path) -> dict[str, str]:
    # Its own SQLite journal in tmp_path (never the database the other tests use), and no
    # desktop of the machine running the tests.
    drop = ("DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "DATABASE_URL")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    return {**env, "UNKNOT_DATA_DIR": str(tmp_path / "data")}


def unknot(tmp_path, *args, bus_wrapper=(), timeout=60):
    command = [*bus_wrapper, PYTHON, "-m", "unknot", "breaks", *args]
    return subprocess.run(
        command, env=unknot_env(tmp_path), capture_output=True, text=True, timeout=timeout
    )


def every_day_all_day(tmp_path):
    """Working hours round the clock, every day: a break is due whenever the test runs."""
    script = (
        "from unknot.web.server import prepare; prepare()\n"
        "from unknot.web.breaks import services\n"
        "from unknot.web.journal.services import local_user\n"
        "services.save_settings(local_user(), {'hours': [[['00:00', '23:59']]] * 7,"
        " 'micro_every_min': 10})\n"
    )
    subprocess.run([PYTHON, "-c", script], env=unknot_env(tmp_path), check=True, timeout=60)


def test_status_and_once_work_without_any_desktop(tmp_path):
    status = unknot(tmp_path, "--status", "--format", "json")
    assert status.returncode == 0, status.stderr
    found = json.loads(status.stdout)
    assert found["notifications"] == "the terminal" and found["idle"] == "none"
    assert any("No desktop notifications here" in note for note in found["notes"])
    both = unknot(tmp_path, "--once", "--status")
    assert both.returncode == 2 and "at most one" in both.stderr


needs_dbus = needs_tools("dbus-run-session")


@needs_dbus
def test_a_due_break_goes_to_the_desktop_and_the_pressed_button_is_recorded(tmp_path):
    every_day_all_day(tmp_path)
    log = tmp_path / "notify.log"
    stub = f"{PYTHON} {HERE / 'notification_stub.py'} {log} Done"
    wait = f"for i in $(seq 50); do [ -f {log}.ready ] && break; sleep 0.1; done"
    run = f"{PYTHON} -m unknot breaks --once"
    result = subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", f"{stub} & {wait}; {run}"],
        env=unknot_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert result.returncode == 0, result.stderr
    assert "Recorded: done." in result.stdout
    sent = [json.loads(line) for line in log.read_text().splitlines()]
    assert sent[0]["app"] == "unknot" and sent[0]["summary"].startswith("Time for")
    assert "Done" in sent[0]["actions"] and "Later" in sent[0]["actions"]
    status = json.loads(unknot(tmp_path, "--status", "--format", "json").stdout)
    assert status["today"]["counts"] == {"done": 1}


@needs_dbus
def test_a_bus_without_a_notification_service_falls_back_to_the_terminal_once(tmp_path):
    result = subprocess.run(
        ["dbus-run-session", "--", PYTHON, "-m", "unknot", "breaks", "--status"],
        env={**unknot_env(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("No desktop notifications here") == 1


@needs_tools("dunst", "xvfb-run", "dbus-run-session")
def test_a_real_notification_daemon_shows_the_break(tmp_path):
    show = (
        "import asyncio\n"
        "from unknot.breaks_desktop import dbus\n"
        "from unknot.breaks_desktop.notify import pick_notifier\n"
        "async def main():\n"
        "    notifier = await pick_notifier(await dbus.connect(), print)\n"
        "    print(notifier.description)\n"
        "    await notifier.show('Time for a short break', 'Chin tucks', [('done', 'Done')],"
        " print)\n"
        "    await asyncio.sleep(0.5)\n"
        "asyncio.run(main())\n"
    )
    script = tmp_path / "show.py"
    script.write_text(show)
    inner = f"dunst & sleep 1; {PYTHON} {script}; sleep 0.3; dunstctl count displayed; kill %1"
    result = subprocess.run(
        ["xvfb-run", "-a", "dbus-run-session", "--", "sh", "-c", inner],
        env=unknot_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=90,
    )
    lines = result.stdout.split()
    assert "desktop notifications" in result.stdout, result.stdout + result.stderr
    assert lines[-1] == "1", result.stdout + result.stderr


def test_the_resting_program_is_started_without_the_command_lines_libraries(tmp_path):
    probe = (
        "import sys, runpy\n"
        "sys.argv = ['x']\n"
        "import unknot.breaks_desktop.__main__ as m\n"
        "heavy = [n for n in ('django', 'typer', 'pydantic', 'ssl') if sys.modules.get(n)]\n"
        "print(heavy)\n"
    )
    result = subprocess.run([PYTHON, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_when_the_journal_cannot_be_reached_the_same_break_does_not_come_straight_back():
    loop, store, notifier, clock, said = make_loop(["done", "done"])

    async def refuse(request):
        if request["cmd"] == "record":
            return {"ok": False, "error": "database is locked"}
        return await MemoryStore.ask(store, request)

    store.ask = refuse

    async def scenario():
        await loop.start()
        while await loop.step() != "done":
            pass
        shown_at = clock.now()
        assert await loop.step() == "waiting"
        assert clock.now() - shown_at >= timedelta(minutes=5)  # it slept: nothing was due

    run_apart(scenario())
    assert len(notifier.shown) == 1
    assert any("database is locked" in line for line in said)
