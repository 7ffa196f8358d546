"""`unknot log`, `unknot insights` and `unknot workstation`: they write and read the same
journal as the web app; bad input exits with code 2 and one line."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from typer.testing import CliRunner

from unknot.cli.app import app
from unknot.core.clock import FixedClock

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 16, 8, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def run(*args: str, lines: str = ""):
    return CliRunner().invoke(app, list(args), input=lines)


def said(result) -> str:
    return " ".join(result.stdout.split())


def test_log_saves_sleep_stress_and_water_for_today():
    from unknot.web.prevention.models import RecoveryEntry

    result = run("log", "--sleep", "7", "--stress", "4", "--water", "6")
    assert result.exit_code == 0, result.output
    assert said(result) == "Saved today: Slept 7 h, water 6 glasses, stress 4/10."
    entry = RecoveryEntry.objects.get()
    assert (entry.day, float(entry.sleep_hours), entry.stress, entry.water_ml) == (
        NOW.date(), 7.0, 4, 1500,
    )  # fmt: skip


def test_log_adds_to_the_day_and_takes_litres_and_yesterday():
    from unknot.web.prevention.models import RecoveryEntry

    run("log", "--sleep", "6.5", "--yesterday")
    result = run("log", "--water", "1.5l", "--exercise", "20", "--kind", "yoga", "--yesterday",
                 "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["day"] == "2026-03-15" and out["sleep_hours"] == 6.5 and out["water"] == 6
    assert (out["exercise_minutes"], out["exercise_kind"]) == (20, "yoga")
    assert RecoveryEntry.objects.count() == 1


def test_log_without_options_shows_the_last_week():
    run("log", "--stress", "3")
    result = run("log")
    assert result.exit_code == 0
    assert said(result) == "2026-03-16 Stress 3/10"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--stress", "11"], "stress: Rate stress from 0 (none) to 10"),
        (["--sleep", "lots"], "--sleep: Use a number from 0 to 24."),
        (["--water", "a bucket"], "--water 'a bucket': give glasses like 6, or litres like 1.5l"),
        (["--quality", "9"], "sleep_quality: Use a whole number from 1 to 5."),
    ],
)
def test_bad_input_exits_2_with_one_line_and_stores_nothing(args, message):
    from unknot.web.prevention.models import RecoveryEntry

    result = run("log", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith("unknot: error: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not RecoveryEntry.objects.exists()


def test_insights_say_when_there_are_not_enough_days_and_give_the_caveat():
    result = run("insights")
    assert result.exit_code == 0, result.output
    text = said(result)
    assert "Stress: Not enough days yet: 0 of the 14 days it takes" in text
    assert "Association, not proof" in text and "personal experiment" in text


def test_insights_with_two_weeks_of_days():
    from unknot.web.journal import services
    from unknot.web.prevention import recovery

    me = services.local_user()
    knot = services.create_knot(me, services.KnotInput(region="neck_side", side="left"),
                                clock=FixedClock(NOW - timedelta(days=20)))  # fmt: skip
    for i in range(15):
        day = NOW - timedelta(days=16 - i)
        stress = 8 if i % 2 else 2
        recovery.save_entry(me, {"stress": stress}, clock=FixedClock(day))
        services.add_checkin(knot, pain=stress - 1, clock=FixedClock(day + timedelta(days=1)))
    result = run("insights", "--format", "json")
    stress = next(i for i in json.loads(result.stdout)["items"] if i["habit"] == "stress")
    assert stress["days"] == 15 and stress["is_enough"] and stress["r"] == pytest.approx(1)
    assert "a strong link, more stress going with more pain" in said(run("insights"))


# Answers by number for the nine questions; an empty line skips one.
FIRST = "2\n1\n2\n2\n1\n1\n4\n3\n3\n"
SECOND = "1\n1\n1\n1\n1\n1\n2\n1\n\n"


def test_the_workstation_check_in_the_terminal_scores_and_says_what_to_change():
    from unknot.web.prevention.models import WorkstationCheck

    result = run("workstation", lines=FIRST)
    assert result.exit_code == 0, result.output
    text = said(result)
    assert "1/9 Chair height" in text and "9/9 Sitting and standing" in text
    check = WorkstationCheck.objects.get()
    assert check.answers["chair_height"] == "below" and check.answers["laptop"] == "hours_flat"
    assert f"Score: {check.score}%" in text
    assert "What to change" in text and "Raise the seat" in text


def test_redoing_the_check_in_the_terminal_shows_what_changed(frozen):
    run("workstation", lines=FIRST)
    frozen.move_to(NOW + timedelta(days=3))
    result = run("workstation", lines=SECOND)
    assert result.exit_code == 0, result.output
    text = said(result)
    assert "Since your check on 2026-03-16" in text
    assert "better: Chair height: Lower than the desk: I reach up to type -> About level" in text
    assert "dropped: Sitting and standing: I sit most of the day -> skipped" in text
    assert "Score: 100%" in text


def test_a_wrong_number_is_asked_again():
    result = run("workstation", lines="7\n" + FIRST)
    assert result.exit_code == 0, result.output
    assert "Please select one of the available options" in result.stdout
