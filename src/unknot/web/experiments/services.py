"""Personal experiments: the operations shared by the pages, the JSON API and the CLI.

Like the journal's services, every write validates first and raises
journal.services.InvalidInput with plain messages per field, and stores nothing half-way.
The design, the schedule, the analysis and the verdict are core.experiments' and
core.experiment_verdict's; this module stores periods and reads them back. Creating an
experiment, and the safety checks that may pause one, live in creation.py (re-exported
here, so callers have one module to call).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from unknot.core.clock import Clock, SystemClock
from unknot.core.experiment_verdict import Kind, Verdict, verdict
from unknot.core.experiments import (
    Analysis,
    Design,
    Option,
    PlannedPeriod,
    Record,
    State,
    Today,
    analyse,
    due_day,
    is_over,
    last_day,
    states,
    today_plan,
)
from unknot.core.kb import KnowledgeBase, default_kb
from unknot.web.experiments.baseline import baseline_of
from unknot.web.experiments.certainty import spread_basis
from unknot.web.experiments.creation import (  # noqa: F401 (re-exported)
    Setup,
    _signed_whole,
    _whole,
    create_experiment,
    safety_facts,
    safety_pause,
)
from unknot.web.experiments.models import Experiment, Period, Status
from unknot.web.journal import services as journal
from unknot.web.journal.models import Knot
from unknot.web.journal.services import InvalidInput, _Errors

MAX_ID = 2**63 - 1


# --- reading --------------------------------------------------------------------------------


def design_of(exp: Experiment) -> Design:
    return Design(
        a=Option(exp.option_a, exp.option_a_label),
        b=Option(exp.option_b, exp.option_b_label),
        outcome=exp.outcome,
        blocks=exp.blocks,
        unit=exp.unit,
        washout_days=exp.washout_days,
        seed=exp.seed,
        smallest_difference=exp.smallest_difference,
    )


def find_experiment(owner: Any, pk: int) -> Experiment | None:
    """The owner's experiment `pk`, or None: another person's does not exist for them."""
    if not 0 < pk <= MAX_ID or owner.pk is None:
        return None
    return Experiment.objects.filter(pk=pk, owner=owner).select_related("knot").first()


def experiments_of(owner: Any, knot: Knot | None = None) -> list[Experiment]:
    found = Experiment.objects.filter(owner=owner).select_related("knot")
    return list(found.filter(knot=knot) if knot is not None else found)


@dataclass(frozen=True)
class Progress:
    """Where an experiment stands today: every period's state and today's to-do."""

    experiment: Experiment
    design: Design
    today: date
    periods: tuple[Period, ...]
    states: dict[int, State]
    plan: Today

    @property
    def is_over(self) -> bool:
        return is_over(self.states)

    def count(self, state: State) -> int:
        return sum(1 for s in self.states.values() if s == state)

    def values(self) -> dict[int, float]:
        return {p.number: p.value for p in self.periods if p.value is not None}

    def period(self, planned: PlannedPeriod | None) -> Period | None:
        return next((p for p in self.periods if planned and p.number == planned.number), None)


def progress(exp: Experiment, clock: Clock | None = None) -> Progress:
    today = (clock or SystemClock()).today()
    design = design_of(exp)
    periods = tuple(exp.periods.all())
    records = {p.number: Record(p.value, p.is_missed) for p in periods}
    stopped = exp.stopped_on if exp.status == Status.STOPPED else None
    found = states(design, exp.started_on, today, records, stopped)
    return Progress(
        exp, design, today, periods, found, today_plan(design, exp.started_on, today, found)
    )


def refresh(
    exp: Experiment, clock: Clock | None = None, kb: KnowledgeBase | None = None
) -> Progress:
    """The experiment's progress; a running one whose periods are all done or passed is
    marked finished, and a winner becomes the plan's default (once)."""
    now = progress(exp, clock)
    if exp.status == Status.RUNNING and now.is_over:
        end = last_day(now.design, exp.started_on)
        _end(exp, Status.FINISHED, min(now.today, end) if end else now.today, clock, kb)
    return now


def _end(
    exp: Experiment, status: str, day: date, clock: Clock | None, kb: KnowledgeBase | None
) -> None:
    """Finish or stop the experiment; if the verdict names a winner, it becomes the default
    in the person's plan (see winners.py), and what changed is kept to tell them."""
    from unknot.web.experiments.winners import apply_winner

    with transaction.atomic():
        exp.status, exp.stopped_on = status, day
        ended = progress(exp, clock)
        result = analyse(ended.design, ended.values(), ended.states, baseline_of(exp))
        said = verdict(ended.design, result, is_over=True, stopped_early=status == Status.STOPPED)
        if said.kind == Kind.WINNER and said.winner:
            exp.plan_note = apply_winner(exp, said.winner, kb or default_kb(), clock)
        exp.save(update_fields=["status", "stopped_on", "plan_note"])


@dataclass(frozen=True)
class Results:
    progress: Progress
    analysis: Analysis
    verdict: Verdict

    @property
    def experiment(self) -> Experiment:
        return self.progress.experiment

    @property
    def design(self) -> Design:
        return self.progress.design


def results(exp: Experiment, clock: Clock | None = None) -> Results:
    """The analysis and the verdict; the comparison shows only once the experiment is over."""
    now = refresh(exp, clock)
    over = exp.status != Status.RUNNING
    analysis = analyse(now.design, now.values(), now.states, baseline_of(exp))
    said = verdict(now.design, analysis, is_over=over, stopped_early=exp.status == Status.STOPPED)
    return Results(now, analysis, said)


# --- recording ------------------------------------------------------------------------------


def record_outcome(
    exp: Experiment,
    *,
    value: Any = None,
    pain_before: Any = None,
    pain_after: Any = None,
    period: Any = None,
    clock: Clock | None = None,
) -> Period:
    """Store the outcome of the period due now (or of `period`, if it is due).

    Relief in a session is pain before minus pain after: give both, or the relief itself as
    `value`. Next-morning pain is `value`, 0 to 10. Whole numbers only: that is how pain is
    rated.
    """
    clock = clock or SystemClock()
    now = refresh(exp, clock)
    target = _due_period(now, period)
    errors = _Errors()
    outcome, before, after = _outcome(errors, now.design, target, value, pain_before, pain_after)
    errors.raise_if_any()
    target.value, target.pain_before, target.pain_after = outcome, before, after
    target.is_missed = False
    target.recorded_at = clock.now() if outcome is not None else None
    target.save(update_fields=["value", "pain_before", "pain_after", "is_missed", "recorded_at"])
    refresh(exp, clock)
    return target


def mark_missed(exp: Experiment, *, period: Any = None, clock: Clock | None = None) -> Period:
    """Record that the period due now (or `period`) was missed: it never gets a value."""
    clock = clock or SystemClock()
    target = _due_period(refresh(exp, clock), period)
    target.value = target.pain_before = target.pain_after = None
    target.is_missed, target.recorded_at = True, clock.now()
    target.save(update_fields=["value", "pain_before", "pain_after", "is_missed", "recorded_at"])
    refresh(exp, clock)
    return target


def stop_experiment(exp: Experiment, clock: Clock | None = None) -> Experiment:
    """Stop early: the periods not run are reported as such; what was recorded is analysed."""
    now = refresh(exp, clock)
    if exp.status != Status.RUNNING:
        raise InvalidInput({"status": ["This experiment has already ended."]})
    _end(exp, Status.STOPPED, now.today, clock, None)
    return exp


def _due_period(now: Progress, wanted: Any) -> Period:
    if now.experiment.status != Status.RUNNING:
        raise InvalidInput({"period": ["This experiment has ended: nothing more to record."]})
    if wanted in (None, ""):
        target = now.period(now.plan.rate)
        if target is None:
            raise InvalidInput({"period": [_nothing_due(now)]})
        return target
    number = _whole(_Errors(), "period", wanted, "", 1)
    target = next((p for p in now.periods if p.number == number), None)
    if target is None:
        raise InvalidInput({"period": [f"There is no period {wanted} in this experiment."]})
    state = now.states[target.number]
    last = due_day(now.design, now.design.schedule()[target.number - 1], now.experiment.started_on)
    if state == State.DUE or (state == State.RECORDED and last is not None and last >= now.today):
        return target
    if state == State.UPCOMING:
        when = f" (on {target.planned_on.isoformat()})" if target.planned_on else ""
        raise InvalidInput({"period": [f"Period {number} is not due yet{when}."]})
    raise InvalidInput(
        {"period": [f"Period {number} has passed; it stays as it was, never filled in later."]}
    )


def _nothing_due(now: Progress) -> str:
    if now.plan.use is not None:
        return "Nothing to record yet: rate your pain tomorrow morning."
    return "Nothing is due today."


def _outcome(
    errors: _Errors, design: Design, target: Period, value: Any, before: Any, after: Any
) -> tuple[float | None, int | None, int | None]:
    """(outcome, pain before, pain after). A pain before on its own is kept until the pain
    after comes (two taps, either side of the session); the outcome waits for both."""
    if design.outcome == "next_morning_pain":
        pain = journal._pain(errors, "value", value)
        return (float(pain) if pain is not None else None), None, None
    has_before, has_after = before not in (None, ""), after not in (None, "")
    if not (has_before or has_after):
        return _relief(errors, value), None, None
    b = journal._pain(errors, "pain_before", before) if has_before else target.pain_before
    a = journal._pain(errors, "pain_after", after) if has_after else None
    if has_after and b is None and not has_before:
        errors.add("pain_before", "Rate your pain before the session first.")
    return (float(b - a) if a is not None and b is not None else None), b, a


def _relief(errors: _Errors, value: Any) -> float | None:
    if value in (None, ""):
        errors.add("pain_before", "Rate your pain before and after the session, 0 to 10.")
        return None
    number = _signed_whole(value)
    if number is None or not -10 <= number <= 10:
        errors.add("value", "Relief is pain before minus pain after: a whole number, -10 to 10.")
        return None
    return float(number)


# --- across experiments ----------------------------------------------------------------------


@dataclass(frozen=True)
class Assignment:
    """A running experiment's to-do for today (Today's panel, `unknot experiment today`)."""

    progress: Progress
    use: PlannedPeriod | None
    rate: PlannedPeriod | None
    upcoming: PlannedPeriod | None = None

    @property
    def experiment(self) -> Experiment:
        return self.progress.experiment

    def label(self, planned: PlannedPeriod | None) -> str:
        return self.progress.design.label(planned.option) if planned else ""


def today_assignments(owner: Any, clock: Clock | None = None) -> list[Assignment]:
    found = []
    for exp in Experiment.objects.filter(owner=owner, status=Status.RUNNING).select_related("knot"):
        now = refresh(exp, clock)
        if exp.status == Status.RUNNING:
            found.append(Assignment(now, now.plan.use, now.plan.rate, now.plan.upcoming))
    return found


@dataclass(frozen=True)
class ExperimentSummary:
    """One experiment as the report for a professional shows it. The comparison (mean
    difference in points in favour of option A, its 95% interval, the probability that the
    option ahead is better by at least the smallest difference that matters, and the
    randomisation p-value) is None while it runs or when there were too few complete pairs."""

    id: int
    title: str
    knot_id: int | None
    option_a_label: str
    option_b_label: str
    outcome: str
    status: str
    started: date
    stopped: date | None
    periods_planned: int
    periods_recorded: int
    periods_missing: int
    mean_difference: float | None
    interval: tuple[float, float] | None
    probability: float | None
    p_value: float | None
    verdict: str
    verdict_headline: str
    winner_label: str | None
    spread_basis: str = ""  # where the interval's spread came from (the baseline or not)


def summaries(owner: Any, knot: Knot | None = None) -> list[ExperimentSummary]:
    return [summary(exp) for exp in experiments_of(owner, knot)]


def summary(exp: Experiment, clock: Clock | None = None) -> ExperimentSummary:
    r = results(exp, clock)
    a, said = r.analysis, r.verdict
    shown = a if exp.status != Status.RUNNING else None
    return ExperimentSummary(
        id=exp.pk,
        title=title(exp),
        knot_id=exp.knot_id,
        option_a_label=exp.option_a_label,
        option_b_label=exp.option_b_label,
        outcome=exp.outcome,
        status=exp.status,
        started=exp.started_on,
        stopped=exp.stopped_on,
        periods_planned=a.periods_planned,
        periods_recorded=a.periods_recorded,
        periods_missing=a.periods_missing,
        mean_difference=shown.mean if shown else None,
        interval=_interval(shown),
        probability=shown.prob_leader if shown else None,
        p_value=shown.p_value if shown else None,
        verdict=said.text,
        verdict_headline=said.headline,
        winner_label=r.design.label(said.winner) if said.winner else None,
        spread_basis=spread_basis(shown) if shown else "",
    )


def _interval(shown: Analysis | None) -> tuple[float, float] | None:
    if shown is None or shown.low is None or shown.high is None:
        return None
    return (shown.low, shown.high)


def title(exp: Experiment) -> str:
    return f"{exp.option_a_label} or {exp.option_b_label.lower()}?"
