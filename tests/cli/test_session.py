"""`unknot session`: a whole guided session driven by line commands, on a clock the test moves.

`wait N` lets N seconds pass; here it moves the clock instead of sleeping. The command
is tested through a tiny app of its own until app.py registers it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from typer.testing import CliRunner

from unknot.cli import session as session_module
from unknot.cli.app import app
from unknot.cli.session import STOP_REASONS
from unknot.core.clock import FixedClock
from unknot.core.kb import default_kb

NOW = datetime(2026, 11, 28, 8, 30, tzinfo=UTC)
QUICK = ["session", "--muscle", "upper_trapezius", "--tools", "ball", "--minutes", "5"]
# The plan for QUICK: pressure 1 min, warmth 3 min, shoulder rolls 30 s, stretch 30 s,
# then two reminders without a timer.
WHOLE_SESSION = "6\nwait 60\nnext\nwait 30\npause\nwait 20\nresume\nwait 150\nnext\n\n\n\nnext\n3\n"

APP = app


class MovingClock(FixedClock):
    def advance(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch) -> MovingClock:
    moving = MovingClock(NOW)
    monkeypatch.setattr(session_module, "make_clock", lambda: moving)
    monkeypatch.setattr(session_module, "wait", lambda clock, seconds: clock.advance(seconds))
    return moving


def run(*args: str, lines: str = ""):
    return CliRunner().invoke(APP, list(args), input=lines)


def said(result) -> str:
    """The output as one line of words, without the panels' side borders."""
    return " ".join(result.stdout.replace("│", " ").split())


def test_a_quick_session_plays_every_step_and_sums_up(clock):
    result = run(*QUICK, lines=WHOLE_SESSION)
    assert result.exit_code == 0, result.output
    text = said(result)
    assert "Guided session for the upper trapezius: 6 steps" in text
    assert "Step 1 of 6 · Pressure" in text and "1:00 left" in text
    assert "Paused, 2:30 left." in text
    assert "Step 6 of 6 · Habit" in text
    assert "Session complete. 6 of 6 steps, 4 min of care (paused 20 s, not counted)." in text
    assert "Pain 6 before, 3 after: 3 points lower." in text
    assert "Nothing was logged" in text


def test_the_stop_warning_is_said_before_the_first_step(clock):
    text = said(run(*QUICK, lines=WHOLE_SESSION))
    warning = text.index("Stop at any time if it hurts more, or if numbness or tingling appears")
    assert warning < text.index("Step 1 of 6")


def test_the_timer_shows_holds_and_time_up(clock):
    result = run(*QUICK, lines="4\nwait 59\nwait 1\nnext\nwait 10\nstop hurts more\n")
    assert result.exit_code == 0, result.output
    text = said(result)
    assert "0:01 left." in text
    assert "Time is up: type next when you are done." in text


def test_stopping_for_numbness_runs_triage_again_with_it(clock):
    result = run(*QUICK, lines="5\nwait 45\nnext\nwait 30\nstop\n2\n")
    assert result.exit_code == 0, result.output
    text = said(result)
    assert "What happened? 1. It hurts more 2. Numbness" in text
    assert "Session stopped at step 2 of 6, after 1 min 15 s: numbness appeared." in text
    assert "See a professional" in text
    assert "Numbness or tingling" in text
    assert "symptoms: numbness" in text
    assert "Session complete" not in text
    assert "Nothing was logged" in text


def test_stopping_because_it_hurts_more_counts_as_getting_worse(clock):
    result = run(*QUICK, lines="5\nwait 10\nstop hurts more\n")
    assert result.exit_code == 0, result.output
    text = said(result)
    assert "it started to hurt more" in text
    assert "Pain that is getting worse" in text


def test_stopping_for_something_else_reads_the_persons_words(clock):
    result = run(*QUICK, lines="5\nwait 10\nstop\nother\nmy fingers went all pins and needles\n")
    assert result.exit_code == 0, result.output
    text = said(result)
    assert "In a few words, what happened?" in text
    assert "something else came up" in text
    assert "Numbness or tingling" in text


def test_a_stop_that_leaves_self_care_open_still_says_to_rest(clock):
    result = run(*QUICK, lines="5\nwait 10\nstop sharp\n")
    assert result.exit_code == 0, result.output
    text = said(result)
    assert "sharp pain appeared" in text and "symptoms: sharp pain" in text
    assert "Self-care looks safe" in text  # sharp pain alone is no red flag...
    assert "Rest the area for today. Next time go lighter and shorter" in text  # ...still, rest


def test_above_self_care_there_is_no_session_only_what_to_do(clock):
    result = run(
        "session", "--muscle", "upper_trapezius", "--conditions", "cancer_history", lines=""
    )
    text = said(result)
    assert result.exit_code == 0, result.output
    assert "See a professional first: no self-care plan yet." in text
    assert "There is no guided session while this is so" in text
    assert "Step 1" not in text


def test_every_stop_reason_that_is_a_symptom_exists_in_the_knowledge_base():
    kb = default_kb()
    for reason in STOP_REASONS:
        assert reason in kb.symptoms or reason in ("hurts_more", "other")


@pytest.mark.parametrize(
    ("args", "lines", "message"),
    [
        (["session"], "", "give either --knot ID"),
        (["session", "--knot", "1", "--muscle", "traps"], "", "give either --knot ID"),
        (["session", "--muscle", "nosuchmuscle"], "", "no muscle called 'nosuchmuscle'"),
        (["session", "-m", "traps", "--minutes", "0"], "", "--minutes must be from 1 to 60"),
        (["session", "-m", "traps", "--tools", "spoon"], "", "unknown tool 'spoon'"),
        (["session", "-m", "traps", "--prefer", "warm"], "", "--prefer must be heat or cold"),
        (["session", "--knot", "abc"], "", "--knot takes the number of a knot"),
        (QUICK, "11\n", "pain is a whole number from 0 to 10, not '11'"),
        (QUICK, "five\n", "not 'five'"),
        (QUICK, "5\njump\n", "unknown command 'jump'"),
        (QUICK, "5\nwait soon\n", "wait takes a number of seconds"),
        (QUICK, "5\nstop\n9\n", "unknown reason '9'"),
        (QUICK, "5\nnext\n", "the input ended before the session was over"),
        (QUICK, "", "the input ended before the pain rating"),
    ],
)
def test_bad_input_exits_2_with_one_line(clock, args, lines, message):
    result = run(*args, lines=lines)
    assert result.exit_code == 2, result.output
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1 and errors[0].startswith("unknot: error: ")
    assert message in errors[0]
    assert "Traceback" not in result.output


# --- with the journal -------------------------------------------------------------------------


@pytest.fixture
def shoulder_knot(clock):
    from unknot.web.journal import services

    owner = services.local_user()
    data = services.KnotInput(
        region="shoulder_top",
        side="right",
        muscle="upper_trapezius",
        symptoms=["tender_spot"],
        started_on=NOW.date() - timedelta(days=4),
    )
    return services.create_knot(owner, data, clock=clock)


@pytest.mark.django_db
def test_a_journal_session_is_logged_once_with_pain_before_and_after(clock, shoulder_knot):
    from unknot.web.journal.models import Session

    result = run("session", "--knot", str(shoulder_knot.pk), "--tools", "ball", "--minutes", "5",
                 lines=WHOLE_SESSION)  # fmt: skip
    assert result.exit_code == 0, result.output
    text = said(result)
    assert f"Guided session for knot {shoulder_knot.pk} (right top of the shoulder" in text
    assert f"Logged in your journal for knot {shoulder_knot.pk}" in text
    logged = Session.objects.get()
    assert logged.knot == shoulder_knot
    assert (logged.pain_before, logged.pain_after, logged.minutes) == (6, 3, 4)
    assert logged.strategy == "self_release"  # the first timed step: pressure on the knot
    assert logged.tool == "massage_ball"
    assert logged.at == NOW
    assert "all 6 steps" in logged.notes


@pytest.mark.django_db
def test_a_stopped_journal_session_records_why_and_triage_runs_again(clock, shoulder_knot):
    from unknot.web.journal.models import Session

    result = run("session", "--knot", str(shoulder_knot.pk), "--tools", "ball",
                 lines="4\nwait 50\nstop\n3\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    text = said(result)
    assert "See a professional" in text
    assert "symptoms: tender spot, tingling" in text  # the knot's own, and what was noticed
    logged = Session.objects.get()
    assert (logged.pain_before, logged.pain_after, logged.minutes) == (4, None, 1)
    assert logged.strategy == "self_release" and logged.tool == "massage_ball"
    assert logged.stop_reason == "tingling"
    assert "Stopped at step 1" in logged.notes and "tingling appeared" in logged.notes
    shoulder_knot.refresh_from_db()
    assert "tingling" in shoulder_knot.symptoms  # kept: the web and Today see it too


@pytest.mark.django_db
def test_it_hurting_more_in_the_terminal_means_the_same_as_on_the_web(clock, shoulder_knot):
    from unknot.web.journal import services

    result = run("session", "--knot", str(shoulder_knot.pk), "--tools", "ball",
                 lines="4\nwait 20\nstop hurts more\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Pain that is getting worse" in said(result)
    shoulder_knot.refresh_from_db()
    assert shoulder_knot.worse_reported_on == NOW.date()
    status = services.knot_status(shoulder_knot, clock=clock)
    assert status.triage.level.slug == "see_professional"


@pytest.mark.django_db
def test_a_journal_session_plays_the_plan_with_the_persons_own_changes(clock, shoulder_knot):
    from unknot.web.journal import plans, services

    owner = shoulder_knot.owner
    profile = services.profile_of(owner)
    profile.tools = ["massage_ball"]
    profile.save()
    status = services.knot_status(shoulder_knot, clock=clock, profile=profile)
    kp = plans.knot_plan(shoulder_knot, status, profile, clock.today())
    left_out = kp.items[-1]
    plans.set_choice(kp, shoulder_knot, left_out.choice_key, "drop")
    result = run("session", "--knot", str(shoulder_knot.pk), "--tools", "ball", lines="")
    text = said(result)
    assert f"{len(kp.items) - 1} steps" in text
    assert f"{len(kp.items) - 1}. {left_out.step.title}" not in text
    assert f"Left out by you: {left_out.step.title}" in text


@pytest.mark.django_db
def test_a_knot_that_needs_a_professional_gets_no_session(clock):
    from unknot.web.journal import services
    from unknot.web.journal.models import Session

    owner = services.local_user()
    knot = services.create_knot(
        owner,
        services.KnotInput(region="shoulder_top", muscle="upper_trapezius", symptoms=["numbness"]),
        clock=clock,
    )
    result = run("session", "--knot", str(knot.pk), lines="")
    assert result.exit_code == 0, result.output
    text = said(result)
    assert "See a professional" in text and "There is no guided session" in text
    assert not Session.objects.exists()


@pytest.mark.django_db
def test_an_unknown_knot_exits_2_and_logs_nothing(clock):
    from unknot.web.journal.models import Session

    result = run("session", "--knot", "999", lines="5\n")
    assert result.exit_code == 2, result.output
    assert "there is no knot 999 in your journal" in result.stderr
    assert not Session.objects.exists()


@pytest.mark.django_db
def test_bad_input_midway_logs_nothing(clock, shoulder_knot):
    from unknot.web.journal.models import Session

    result = run("session", "--knot", str(shoulder_knot.pk), lines="5\nwait 30\n")
    assert result.exit_code == 2, result.output
    assert not Session.objects.exists()
