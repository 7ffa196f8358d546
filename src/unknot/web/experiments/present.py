"""What the experiment pages show, worked out in Python: today's to-do and its one-tap
buttons, the schedule's rows, the numbers in plain words, the chart, and how the
experiment was designed (the points CENT 2015 asks a report of an N-of-1 trial to make).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from unknot.core.experiment_baseline import Use
from unknot.core.experiment_verdict import number_text, percent_text, points_text
from unknot.core.experiments import MIN_BLOCKS, PlannedPeriod, State
from unknot.web.charts import Chart
from unknot.web.experiments.certainty import baseline_note, certainty_lines
from unknot.web.experiments.charts import Point, Series, outcome_chart
from unknot.web.experiments.services import Progress, Results
from unknot.web.journal.views_markup import MONTHS, WEEKDAYS, long_date

STATE_WORDS = {
    State.UPCOMING: "Coming up",
    State.DUE: "Due now",
    State.RECORDED: "Recorded",
    State.MISSED: "Missed",
    State.NOT_RUN: "Not run (stopped)",
}


def pain_buttons(name: str, what: str) -> SafeString:
    """Eleven one-tap buttons, 0 to 10: each one submits the form with its number."""
    return mark_safe(
        '<div class="pain-buttons">'
        + "".join(
            f'<button type="submit" name="{name}" value="{n}" class="pain-btn pain-{n}" '
            f'aria-label="{what} {n} out of 10">{n}</button>'
            for n in range(11)
        )
        + "</div>"
    )


def _when(progress: Progress, planned: PlannedPeriod) -> str:
    period = progress.period(planned)
    if period is None or period.planned_on is None:
        return f"session {planned.number}"
    day = period.planned_on
    if day == progress.today + timedelta(days=1):
        return "tomorrow"
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month]}"


def _row_when(progress: Progress, planned: PlannedPeriod) -> str:
    period = progress.period(planned)
    if period is None or period.planned_on is None:
        return f"Session {planned.number}"
    day = period.planned_on
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month]}"


def assignment_context(
    progress: Progress, next_url: str, errors: dict[str, list[str]], pause: str = ""
) -> dict[str, Any] | None:
    """Today's to-do: which option to use and, when an outcome is due, the one-tap question.
    With a reason to pause (see services.safety_pause), only that reason and the way out."""
    exp, design, plan = progress.experiment, progress.design, progress.plan
    if plan.use is None and plan.rate is None and plan.upcoming is None:
        return None
    if pause:
        return {
            "id": exp.pk,
            "pause": pause,
            "knot_url": reverse("journal:knot", args=[exp.knot_id]) if exp.knot_id else "",
            "use": None,
            "rate": None,
        }
    morning = design.outcome == "next_morning_pain"
    context: dict[str, Any] = {
        "id": exp.pk,
        "record_url": reverse("experiments:record", args=[exp.pk]),
        "missed_url": reverse("experiments:missed", args=[exp.pk]),
        "next": next_url,
        "errors": [m for messages in errors.values() for m in messages],
        "use": None,
        "rate": None,
    }
    if plan.use is not None:
        context["use"] = {
            "label": design.label(plan.use.option),
            "number": plan.use.number,
            "of": design.periods,
            "when": "Next session" if design.unit == "session" else "Today",
            "then": "Tomorrow morning, rate your pain here." if morning else "",
        }
    if plan.rate is not None:
        context["rate"] = _question(progress, plan.rate)
    if plan.use is None and plan.rate is None and plan.upcoming is not None:
        label = design.label(plan.upcoming.option).lower()
        context["done"] = f"All done for now. Next: {label}, {_when(progress, plan.upcoming)}."
    return context


def _question(progress: Progress, planned: PlannedPeriod) -> dict[str, Any]:
    design = progress.design
    label = design.label(planned.option)
    period = progress.period(planned)
    before = period.pain_before if period is not None else None
    if design.outcome == "next_morning_pain":
        question, hint, name = (
            "How is your pain this morning?",
            f"This rates yesterday's {label.lower()} (period {planned.number}).",
            "value",
        )
    elif before is None:
        question, hint, name = (
            "Before you start: how is your pain right now?",
            f"Then use {label.lower()} and rate it again afterwards.",
            "pain_before",
        )
    else:
        question, hint, name = (
            f"After {label.lower()}: how is your pain now?",
            f"Before, it was {before}.",
            "pain_after",
        )
    return {
        "number": planned.number,
        "question": question,
        "hint": hint,
        "buttons": pain_buttons(name, "Pain"),
        "can_miss": True,
    }


def period_rows(progress: Progress, hide_values: bool) -> list[dict[str, str]]:
    """The schedule as table rows; values stay hidden while the experiment runs."""
    rows = []
    for planned in progress.design.schedule():
        state = progress.states[planned.number]
        period = progress.period(planned)
        value = ""
        if period is not None and period.value is not None and not hide_values:
            value = number_text(period.value)
        rows.append(
            {
                "number": str(planned.number),
                "block": str(planned.block),
                "when": _row_when(progress, planned),
                "option": progress.design.label(planned.option),
                "state": STATE_WORDS[state],
                "state_slug": state.value,
                "value": value,
            }
        )
    return rows


def chart_of(results: Results) -> Chart:
    progress, design, analysis = results.progress, results.design, results.analysis
    points = tuple(
        Point(
            p.number,
            p.block,
            p.option,
            (progress.period(p).value if progress.period(p) else None),  # type: ignore[union-attr]
            progress.states[p.number] == State.MISSED,
        )
        for p in design.schedule()
    )
    measure = "Relief" if design.higher_is_better else "Next-morning pain"
    series = Series(
        design.a.label, design.b.label, measure, points, analysis.mean_a, analysis.mean_b
    )
    return outcome_chart(series)


def number_lines(results: Results) -> list[dict[str, str]]:
    """Each number with what it means, in plain words (term, value, meaning)."""
    a, design = results.analysis, results.design
    used = 2 * a.complete_blocks
    periods = {
        "term": "Periods used",
        "value": f"{used} of {design.periods}",
        "meaning": (
            f"{a.periods_recorded} recorded, {a.periods_missing} missed"
            + (f", {a.periods_not_run} not run" if a.periods_not_run else "")
            + ". A pair with a gap is left out: it has nothing to compare."
        ),
    }
    if a.mean is None or a.low is None or a.high is None or a.p_value is None:
        return [
            {
                "term": "Complete pairs",
                "value": f"{a.complete_blocks} of {design.blocks}",
                "meaning": f"At least {MIN_BLOCKS} are needed before anything can be compared.",
            },
            periods,
        ]
    lead = a.leader or "a"
    ahead, behind = design.label(lead), design.label("b" if lead == "a" else "a")
    low, high = (a.low, a.high) if lead == "a" else (-a.high, -a.low)
    per_pair = (
        f"in each pair, the relief with {ahead.lower()} minus the relief with {behind.lower()}"
        if design.higher_is_better
        else f"in each pair, the morning pain after {behind.lower()} minus after {ahead.lower()}"
    )
    count = round(a.p_value * a.flips)
    smallest_p = 2 / a.flips
    return [
        {
            "term": "Average difference",
            "value": f"{ahead} ahead by {points_text(abs(a.mean))}" if a.mean else "Level",
            "meaning": f"The average over {a.complete_blocks} complete pairs of the difference "
            f"{per_pair}.",
        },
        {
            "term": "95% interval",
            "value": f"{number_text(low)} to {number_text(high)} points",
            "meaning": "The true difference most likely lies in this range. If the range "
            "includes 0, it is still possible that there is no difference at all.",
        },
        {
            "term": "Chance the difference matters",
            "value": f"{percent_text(a.prob_leader or 0.0)}",
            "meaning": f"The chance that {ahead.lower()} is better for you by at least "
            f"{points_text(design.smallest_difference)}, the smallest difference you said matters. "
            + (
                "It comes from the spread of your pairs together with your baseline."
                if a.baseline_use == Use.POOLED
                else "It comes from the spread of your pairs, assuming nothing beforehand."
            ),
        },
        {
            "term": "Randomisation test",
            "value": f"p = {a.p_value:.2f}",
            "meaning": f"If both worked the same, a difference at least this big would turn up "
            f"in {count} of the {a.flips} ways the coin flips could have ordered your pairs. "
            f"Smaller means less likely to be chance; with {a.complete_blocks} pairs it cannot "
            f"go below {smallest_p:.2f}.",
        },
        periods,
    ]


def design_notes(results: Results) -> list[str]:
    """How the experiment was designed, in the order CENT 2015 asks a report to say it."""
    exp, design = results.experiment, results.design
    period = "one day" if design.unit == "day" else "one session"
    washout = (
        f", with {design.washout_days} rest day{'s' if design.washout_days != 1 else ''} "
        "between periods so that one option's effect could fade before the next"
        if design.washout_days
        else ""
    )
    outcome = (
        "relief in each session: your pain before minus your pain after (0 to 10)"
        if design.higher_is_better
        else "your pain the next morning (0 to 10)"
    )
    ended = ""
    if exp.stopped_on:
        verb = "stopped early on" if exp.status == "stopped" else "ended on"
        ended = f" and {verb} {long_date(exp.stopped_on)}"
    return [
        "This is a personal randomised trial (an N-of-1 trial), planned and reported along the "
        "lines of the CONSORT extension for N-of-1 trials (CENT 2015).",
        f"It started on {long_date(exp.started_on)}{ended}: {design.blocks} pairs of periods, "
        f"a period being {period}{washout}. In each pair you used "
        f"{design.a.label.lower()} once and {design.b.label.lower()} once.",
        "The order within each pair was a coin flip, drawn from the number "
        f"{design.seed} when the experiment was set up; that number always gives the same "
        "schedule, so it can be checked.",
        f"The outcome was chosen before the first period: {outcome}. The smallest difference "
        f"that matters was set at {points_text(design.smallest_difference)}.",
        "You knew which one you were using each time (there is no hiding it from yourself), "
        "so expectations can play a part; to keep them out of your ratings as far as "
        "possible, the comparison stayed hidden until the end.",
        "The analysis was fixed in advance: the average difference within complete pairs, "
        "with a 95% interval from Student's t, whose spread also draws on your baseline when "
        "there is one (unless the experiment turns out to vary much more than it); the chance "
        "of a difference that matters, from the same t distribution (a Bayesian estimate "
        + (
            "whose only prior knowledge is that baseline"
            if results.analysis.baseline
            else "that assumes nothing beforehand"
        )
        + "); and an exact randomisation test over every way the pairs could have been "
        "ordered, which uses the experiment alone.",
        baseline_note(results.analysis.baseline, design),
        "Missed periods are recorded as missed and never filled in with a guess; a pair with a "
        "missed period is left out of the comparison and counted in the report.",
        "What this cannot tell you: it shows what worked for you during this experiment, not "
        "why, and not for anyone else. Knots change, and so can the answer. It is not a "
        "diagnosis.",
    ]


def certainty(results: Results) -> list[str]:
    """ "How sure is this?": what the baseline contributed (see certainty.py)."""
    exp = results.experiment
    return certainty_lines(results.analysis, results.design, exp.knot_id is not None)
