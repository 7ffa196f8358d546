"""`unknot experiment ...`: start one for a knot, follow it day by day (time moved with
time_machine), miss a period, read the verdict; and one-line errors with exit code 2."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from typer.testing import CliRunner

from unknot.cli.app import app
from unknot.web.experiments.models import Experiment, Period
from unknot.web.journal import services
from unknot.web.journal.services import KnotInput

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def traveller():
    with time_machine.travel(START, tick=False) as moving:
        yield moving


@pytest.fixture
def knot():
    knot = services.create_knot(
        services.local_user(),
        KnotInput(region="neck_side", side="right", muscle="levator_scapulae"),
    )
    services.add_checkin(knot, pain=4)
    return knot


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def said(result) -> str:
    return " ".join(result.stdout.replace("│", " ").split())


def test_a_whole_experiment_from_the_terminal(knot, traveller):
    result = run("experiment", "new", "--knot", str(knot.pk), "--compare", "heat,cold",
                 "--seed", "2026")  # fmt: skip
    assert result.exit_code == 0, result.output
    exp = Experiment.objects.get()
    assert f"Experiment {exp.pk} started: Warmth or cold? 6 pairs of days (seed 2026)" in said(
        result
    )
    for period in exp.periods.order_by("number"):
        traveller.move_to(START + timedelta(days=period.number - 1))
        today = said(run("experiment", "today"))
        label = "Warmth" if period.option == "a" else "Cold"
        assert f"Today: {label} (period {period.number} of 12)" in today
        if period.number == 5:
            assert run("experiment", "record", str(exp.pk), "--missed").exit_code == 0
            continue
        relief = "4" if period.option == "a" else "1"
        recorded = run("experiment", "record", str(exp.pk), "--value", relief)
        assert recorded.exit_code == 0, recorded.output
    assert "That was the last period" in recorded.stdout
    shown = said(run("experiment", "show", str(exp.pk)))
    assert "Warmth helped you more" in shown
    assert "1 period was missed" in shown
    assert "Average difference" in shown and "Randomisation test" in shown
    assert "How sure is this?" in shown and "comes from your 5 pairs alone" in shown
    assert Period.objects.get(experiment=exp, number=5).value is None
    listed = run("experiment", "list").stdout
    assert f"{exp.pk}\tWarmth or cold?\tfinished\t11 of 12 periods" in listed


def test_after_recording_today_says_what_comes_next(knot):
    run("experiment", "new", "--knot", str(knot.pk), "--seed", "2026")
    exp = Experiment.objects.get()
    run("experiment", "record", str(exp.pk), "--value", "2")
    second = exp.periods.get(number=2)
    label = "Warmth" if second.option == "a" else "Cold"
    assert f"All done for now. Next: {label} (period 2)." in said(run("experiment", "today"))


def test_stopping_early_shows_what_the_pairs_so_far_say(knot):
    run("experiment", "new", "--knot", str(knot.pk))
    exp = Experiment.objects.get()
    result = run("experiment", "stop", str(exp.pk))
    assert result.exit_code == 0, result.output
    text = said(result)
    assert "Not enough data yet" in text and "6 more periods" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["new", "--compare", "heat"], "--compare takes two things"),
        (["new", "--compare", "heat,lava"], "option-b: Unknown thing to compare: 'lava'"),
        (["new", "--knot", "99"], "there is no knot 99"),
        (["new", "--blocks", "40"], "blocks: Use a whole number of pairs, 3 to 12."),
        (["record", "1"], "give either --value N or --missed"),
        (["record", "abc", "--value", "2"], "give the experiment's number"),
        (["record", "7", "--value", "2"], "there is no experiment 7"),
        (["show", "7"], "there is no experiment 7"),
    ],
)
def test_bad_input_exits_2_with_one_line(args, message):
    result = run("experiment", *args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("unknot: error: ")
    assert message in lines[0]


def test_recording_twice_on_one_day_is_refused_in_one_line(knot):
    run("experiment", "new", "--knot", str(knot.pk))
    exp = Experiment.objects.get()
    run("experiment", "record", str(exp.pk), "--value", "2")
    result = run("experiment", "record", str(exp.pk), "--value", "3")
    assert result.exit_code == 2
    assert result.stderr.strip() == "unknot: error: period: Nothing is due today."
