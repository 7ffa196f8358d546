"""What the report for a physical therapist says, as plain values read from the journal:
the PDF (pdf.py) only lays it out, and the tests check these numbers against the database
and against the text read back from the PDF.

Other apps' data is optional: experiment results and breaks appear only when their apps
are installed, and a failure there leaves its section saying so rather than failing the
whole report.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import mean
from typing import Any

from django.apps import apps
from django.utils import timezone

from unknot.core.clock import Clock, SystemClock
from unknot.core.kb import KnowledgeBase, default_kb
from unknot.core.trends import DayPoint, daily_series
from unknot.reports import monitoring
from unknot.web.charts import FunctionPoint
from unknot.web.journal import doses, plans, services
from unknot.web.journal.forms import place_name
from unknot.web.journal.models import Feel, Knot, Size, Strategy
from unknot.web.journal.views import LEVELS, TREND_WORDS
from unknot.web.reports.services import notes_of

log = logging.getLogger(__name__)
CHART_MAX_DAYS = 84  # the chart shows at most the last twelve weeks
RECENT_NOTES = 6
STRATEGIES = dict(Strategy.choices)


class ReportError(ValueError):
    """Nothing to report (no such knot, or no knots at all)."""


@dataclass(frozen=True)
class Tried:
    strategy: str  # its label: "Heat"
    tool: str  # the tool's name, or ""
    sessions: int
    minutes: int
    relief: float | None  # mean of (pain before - pain after) where both were given
    rated: int  # how many sessions had both


@dataclass(frozen=True)
class Psfs:
    activity: str
    first: tuple[date, int] | None
    latest: tuple[date, int] | None

    @property
    def change(self) -> int | None:
        if self.first is None or self.latest is None:
            return None
        return self.latest[1] - self.first[1]


@dataclass(frozen=True)
class KnotSection:
    number: int
    knot: Knot
    title: str  # "Right top of the shoulder"
    muscle: str  # "Upper trapezius" or ""
    facts: list[tuple[str, str]]  # (label, value) lines: started, size, feel, limits ...
    level_label: str
    level_headline: str
    advice: str
    reasons: list[str]
    red_flags: list[str]  # names of red-flag symptoms the person reported for this knot
    trend: str
    latest_pain: int | None
    points: list[DayPoint]
    function: list[FunctionPoint]
    session_days: list[date]
    psfs: list[Psfs]
    tried: list[Tried]
    plan_steps: list[str]
    plan_note: str
    notes: str


@dataclass(frozen=True)
class Bout:
    day: date
    activity: str
    during: int
    after: int
    morning: str
    light: str  # "Green", "Amber", "Red"


@dataclass(frozen=True)
class Report:
    made_at: datetime
    name: str
    birth_year: int | None
    conditions: list[str]
    span: monitoring.Window  # the last 30 days (adherence)
    knots: list[KnotSection]
    days_with_data: int
    sessions_30: int
    breaks: int | None  # breaks taken in the last 30 days; None: the breaks app is not here
    breaks_days: int  # days on which movement breaks were in use (0: not in use)
    bouts: list[Bout]
    experiments: list[dict[str, str]] | None  # None: the experiments app is not here
    questions: str
    checkin_notes: list[tuple[date, str, str]]  # (day, knot title, note), newest first
    sample: bool = False
    problems: list[str] = field(default_factory=list)


def build(owner: Any, clock: Clock | None = None, knot_id: int | None = None) -> Report:
    """Everything the report shows, for all the person's active knots or just one."""
    clock = clock or SystemClock()
    kb, today = default_kb(), clock.today()
    knots = _knots(owner, knot_id)
    profile = services.profile_of(owner)
    notes = notes_of(owner)
    span = monitoring.window(today)
    sections = [_section(i, k, profile, clock, kb) for i, k in enumerate(knots, 1)]
    problems: list[str] = []
    breaks = _breaks(owner, span, problems)
    return Report(
        made_at=clock.now(),
        name=notes.name,
        birth_year=profile.birth_year,
        conditions=[kb.conditions[c].name for c in profile.conditions if c in kb.conditions],
        span=span,
        knots=sections,
        days_with_data=len(monitoring.days_with_data(owner, span)),
        sessions_30=_sessions_in(owner, span),
        breaks=breaks[0] if breaks else None,
        breaks_days=breaks[1] if breaks else 0,
        bouts=_bouts(owner),
        experiments=_experiments(owner, knots if knot_id else None, problems),
        questions=notes.questions,
        checkin_notes=_checkin_notes(knots, kb),
        sample=any(k.is_sample for k in knots),
        problems=problems,
    )


def _knots(owner: Any, knot_id: int | None) -> list[Knot]:
    if knot_id is not None:
        knot = services.find_knot(owner, knot_id)
        if knot is None:
            raise ReportError(f"There is no knot {knot_id} in your journal.")
        return [knot]
    knots = list(Knot.objects.filter(owner=owner, is_archived=False).order_by("created_at", "pk"))
    if not knots:
        raise ReportError("There is nothing to report yet: start tracking a knot first.")
    return knots


def _section(number: int, knot: Knot, profile: Any, clock: Clock, kb: KnowledgeBase) -> KnotSection:
    status = services.knot_status(knot, clock, profile)
    level = LEVELS[status.triage.level]
    kp = plans.knot_plan(knot, status, profile, clock.today(), kb)
    points, function, session_days = _series(knot, clock.today())
    return KnotSection(
        number=number,
        knot=knot,
        title=place_name(kb, knot.region, knot.side),
        muscle=kb.muscles[knot.muscle].name if knot.muscle in kb.muscles else "",
        facts=_facts(knot, kb),
        level_label=level.label,
        level_headline=level.headline,
        advice=status.triage.advice,
        reasons=[r.text for r in status.triage.reasons],
        red_flags=[kb.symptoms[s].name for s in knot.symptoms if _is_red_flag(kb, s)],
        trend=f"{TREND_WORDS[status.verdict.trend]}. {status.verdict.summary}",
        latest_pain=status.latest_pain,
        points=points,
        function=function,
        session_days=session_days,
        psfs=_psfs(knot),
        tried=_tried(knot, kb),
        plan_steps=[_step_line(i) for i in kp.items],
        plan_note=_plan_note(kp),
        notes=knot.notes,
    )


def _is_red_flag(kb: KnowledgeBase, symptom: str) -> bool:
    found = kb.symptoms.get(symptom)
    return bool(found is not None and found.is_red_flag)


def _facts(knot: Knot, kb: KnowledgeBase) -> list[tuple[str, str]]:
    facts = [("Started", _long(knot.started_on))]
    if knot.size:
        facts.append(("Size", Size(knot.size).label.lower()))
    feel = [Feel(f).label.lower() for f in knot.feel if f in Feel.values]
    if feel:
        facts.append(("Feels", ", ".join(feel)))
    others = [kb.symptoms[s].name.lower() for s in knot.symptoms if s in kb.symptoms]
    if others:
        facts.append(("Noticed", ", ".join(others)))
    if knot.limits:
        facts.append(("Limits", knot.limits))
    if knot.recurring:
        facts.append(("History", "it has come back before"))
    return facts


def _series(knot: Knot, today: date) -> tuple[list[DayPoint], list[FunctionPoint], list[date]]:
    first = knot.checkins.order_by("at").values_list("at", flat=True).first()
    start = min(knot.started_on, timezone.localtime(first).date() if first else today)
    start = max(start, today - timedelta(days=CHART_MAX_DAYS - 1))
    points = daily_series(services.readings(knot, since=start), start, today)
    since = services.day_start(start)
    by_day: dict[date, list[int]] = defaultdict(list)
    for at, score in knot.checkins.filter(at__gte=since).values_list("at", "scores__score"):
        if score is not None:
            by_day[timezone.localtime(at).date()].append(score)
    function = [FunctionPoint(d, round(mean(s), 2)) for d, s in sorted(by_day.items())]
    days = sorted(
        {
            timezone.localtime(at).date()
            for at in knot.sessions.filter(at__gte=since).values_list("at", flat=True)
        }
    )
    return points, function, days


def _psfs(knot: Knot) -> list[Psfs]:
    rows = []
    for activity in knot.activities.order_by("position", "pk"):
        scores = list(
            activity.scores.order_by("checkin__at", "pk").values_list("checkin__at", "score")
        )
        pairs = [(timezone.localtime(at).date(), s) for at, s in scores]
        rows.append(Psfs(activity.name, pairs[0] if pairs else None, pairs[-1] if pairs else None))
    return rows


def _tried(knot: Knot, kb: KnowledgeBase) -> list[Tried]:
    groups: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for row in knot.sessions.values("strategy", "tool", "minutes", "pain_before", "pain_after"):
        groups[(row["strategy"], row["tool"])].append(row)
    tried = []
    for (strategy, tool), rows in groups.items():
        reliefs = [
            r["pain_before"] - r["pain_after"]
            for r in rows
            if r["pain_before"] is not None and r["pain_after"] is not None
        ]
        tried.append(
            Tried(
                strategy=STRATEGIES.get(strategy, strategy),
                tool=kb.tools[tool].name if tool in kb.tools else tool,
                sessions=len(rows),
                minutes=sum(r["minutes"] for r in rows),
                relief=round(mean(reliefs), 1) if reliefs else None,
                rated=len(reliefs),
            )
        )
    return sorted(tried, key=lambda t: (-t.sessions, t.strategy, t.tool))


def _step_line(item: plans.PlanItem) -> str:
    step = item.step
    line = f"{step.title}: {plans.duration(step.seconds)}" if step.seconds else step.title
    if item.swapped_from:
        line += f" (chosen instead of {item.swapped_from[0].lower()}{item.swapped_from[1:]})"
    return line


def _plan_note(kp: plans.KnotPlan) -> str:
    if not kp.is_allowed:
        return "No self-care plan: the safety check says to see a professional first."
    dropped = [i.step.title for i in kp.dropped]
    if dropped:
        return f"Left out by the person: {', '.join(dropped)}."
    return ""


def _sessions_in(owner: Any, span: monitoring.Window) -> int:
    since = services.day_start(span.start)
    from unknot.web.journal.models import Session

    return Session.objects.filter(knot__owner=owner, at__gte=since).count()


def _bouts(owner: Any) -> list[Bout]:
    bouts = []
    for summary in doses.activities(owner):
        found = doses.activity_report(owner, summary.key, summary.last_day)
        if found is None:
            continue
        for judged in found.judged[:8]:
            e = judged.exposure
            morning = doses.MORNING_WORDS.get(e.next_morning, e.next_morning or "not given")
            light = judged.dose.light.value.capitalize()
            bouts.append(Bout(e.day, e.name, e.pain_during, e.pain_after, morning, light))
    return sorted(bouts, key=lambda b: b.day, reverse=True)[:12]


def _breaks(owner: Any, span: monitoring.Window, problems: list[str]) -> tuple[int, int] | None:
    """(breaks taken, days breaks were in use) in the span; None without the breaks app.
    breaks_per_day has a key only for days breaks were in use: no key is no data, not 0."""
    if not apps.is_installed("unknot.web.breaks"):
        return None
    try:
        from unknot.web.breaks import services as breaks  # type: ignore[import-not-found]

        per_day = breaks.breaks_per_day(owner, span.start, span.end)
        return int(sum(per_day.values())), len(per_day)
    except Exception:  # another app's failure must not cost the person their report
        log.exception("breaks_per_day failed")
        problems.append("Movement breaks could not be read.")
        return None


EXPERIMENT_FIELDS = ("status", "verdict")


def _experiments(
    owner: Any, knots: list[Knot] | None, problems: list[str]
) -> list[dict[str, str]] | None:
    if not apps.is_installed("unknot.web.experiments"):
        return None
    try:
        from unknot.web.experiments import services as experiments  # type: ignore[import-not-found]

        found = []
        for knot in knots or [None]:
            found += [_experiment(s) for s in experiments.summaries(owner, knot=knot)]
        return found
    except Exception:
        log.exception("experiment summaries failed")
        problems.append("Experiment results could not be read.")
        return []


def _experiment(summary: Any) -> dict[str, str]:
    """The few things the report says of an experiment, read tolerantly from its summary
    (unknot.web.experiments.services.ExperimentSummary): whatever is missing is left out."""

    def text(*names: str) -> str:
        for name in names:
            value = getattr(summary, name, None)
            if value not in (None, ""):
                return str(value)
        return ""

    labels = [text("option_a_label"), text("option_b_label")]
    title = text("title") or " versus ".join(x for x in labels if x) or "Experiment"
    verdict = " ".join(x for x in (text("verdict_headline"), text("verdict")) if x)
    return {
        "title": title,
        "status": text("status"),
        "periods": _periods(summary),
        "numbers": _numbers(summary),
        "verdict": verdict,
    }


def _numbers(summary: Any) -> str:
    difference = getattr(summary, "mean_difference", None)
    if not isinstance(difference, (int, float)):
        return ""
    parts = [f"mean difference {difference:+.1f} points"]
    interval = getattr(summary, "interval", None)
    if isinstance(interval, (tuple, list)) and len(interval) == 2:
        parts[0] += f" (95% interval {interval[0]:+.1f} to {interval[1]:+.1f})"
    probability = getattr(summary, "probability", None)
    if isinstance(probability, (int, float)):
        parts.append(f"probability of a difference that matters {probability:.0%}")
    p_value = getattr(summary, "p_value", None)
    if isinstance(p_value, (int, float)):
        parts.append(f"randomisation p = {p_value:.3f}")
    return "; ".join(parts).capitalize()


def _periods(summary: Any) -> str:
    recorded = getattr(summary, "periods_recorded", None)
    planned = getattr(summary, "periods_planned", None)
    missing = getattr(summary, "periods_missing", None)
    if recorded is None or planned is None:
        return ""
    text = f"{recorded} of {planned} periods recorded"
    return f"{text}, {missing} missed" if missing else text


def _checkin_notes(knots: list[Knot], kb: KnowledgeBase) -> list[tuple[date, str, str]]:
    found = []
    for knot in knots:
        title = place_name(kb, knot.region, knot.side)
        rows = knot.checkins.exclude(notes="").order_by("-at")[:RECENT_NOTES]
        found += [(timezone.localtime(r.at).date(), title, r.notes) for r in rows]
    return sorted(found, key=lambda n: n[0], reverse=True)[:RECENT_NOTES]


def _long(day: date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"
