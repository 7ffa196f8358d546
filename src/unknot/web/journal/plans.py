"""A knot's relief plan, the profile it is fitted to, the person's changes to it, and the
guided sessions that follow it: the operations shared by the pages and the JSON API.

The plan is never stored. It is built again by core.planner on every read, from the
knot, its current triage and the person's profile, so a change to any of them (a new
tool, less time, a warning sign found at a check-in) shows at once. What is stored is
the person's own say: a step left out or swapped for another (PlanChoice), keyed by a
stable step key, and applied to each plan as it is built.

Like services.py, every write validates first and raises services.InvalidInput with
plain messages per field, and stores nothing half-way.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import connection, transaction

from unknot.core import planner
from unknot.core.clock import Clock, SystemClock
from unknot.core.kb import KnowledgeBase, default_kb
from unknot.core.language import understand
from unknot.core.model import Level, Strategy, Trend
from unknot.core.planner import Plan, PlanStep
from unknot.web.journal import services
from unknot.web.journal.models import Knot, PlanChoice, Profile, Session
from unknot.web.journal.profiles import planner_profile
from unknot.web.journal.services import InvalidInput, _Errors

# A step of these kinds can be swapped for another strategy of the kinds listed.
SWAPS = {
    "heat": ("cold",),
    "cold": ("heat",),
    "movement": ("movement",),
    "relaxation": ("relaxation",),
    "habit": ("habit",),
}
_TOOL_FOR = {"heat": "heat_pack", "cold": "cold_pack"}


class UnknownStep(LookupError):
    """A step key that the knot's current plan does not have (a 404 for the API)."""


# --- the plan and the person's changes to it -----------------------------------------------


@dataclass(frozen=True)
class PlanItem:
    """A step as the person sees it: `choice_key` is the key the person's choice is kept
    under (the planner's own step, when this one replaced it)."""

    key: str
    step: PlanStep
    choice_key: str
    swapped_from: str = ""  # the title of the planner's step this one replaced
    alternatives: tuple[tuple[str, str], ...] = ()  # (step key, title) it may be swapped for

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            **self.step.to_json(),
            "choice_key": self.choice_key,
            "swapped_from": self.swapped_from or None,
            "alternatives": [{"key": k, "title": t} for k, t in self.alternatives],
        }


@dataclass(frozen=True)
class KnotPlan:
    """The planner's plan for a knot with the person's choices applied."""

    plan: Plan
    items: tuple[PlanItem, ...]
    dropped: tuple[PlanItem, ...] = ()

    @property
    def is_allowed(self) -> bool:
        """Self-care is allowed, so there is a plan (even if every step was left out)."""
        return self.plan.level == Level.SELF_CARE

    @property
    def total_seconds(self) -> int:
        return sum(item.step.seconds for item in self.items)

    @property
    def timed(self) -> tuple[PlanItem, ...]:
        return tuple(item for item in self.items if item.step.seconds)

    def find(self, choice_key: str) -> PlanItem | None:
        return next((i for i in (*self.items, *self.dropped) if i.choice_key == choice_key), None)

    def to_json(self) -> dict[str, Any]:
        plan = self.plan.to_json()
        return {
            "level": plan["level"],
            "is_allowed": self.is_allowed,
            "advice": plan["advice"],
            "steps": [item.to_json() for item in self.items],
            "dropped": [{"key": i.choice_key, "title": i.step.title} for i in self.dropped],
            "withheld": plan["withheld"],
            "notes": plan["notes"],
            "minutes": plan["minutes"],
            "total_seconds": self.total_seconds,
            "muscle": plan["muscle"],
            "region": plan["region"],
        }


def step_key(step: PlanStep, plan: Plan) -> str:
    """A step's stable name: its kind and the knowledge-base record it comes from (a
    strategy, or the muscle for its own pressure, stretch and trigger steps)."""
    return f"{step.kind}:{step.strategy or plan.muscle or plan.region}"


def _strategy_key(strategy: Strategy) -> str:
    return f"{strategy.kind}:{strategy.id}"


def knot_plan(
    knot: Knot,
    status: services.KnotStatus,
    profile: Profile,
    today: date,
    kb: KnowledgeBase | None = None,
    choices: Iterable[Choice | PlanChoice] | None = None,
) -> KnotPlan:
    """The knot's plan, built now from its triage and the profile, with the choices
    applied (read from the database when not given)."""
    kb = kb or default_kb()
    target = knot.muscle if knot.muscle in kb.muscles else knot.region
    plan = planner.build_plan(target, planner_profile(profile, today, kb), status.triage, kb)
    if choices is None:
        choices = read_choices(knot) if plan.steps else ()
    return apply_choices(plan, {c.step_key: c for c in choices}, kb)


@dataclass(frozen=True)
class Choice:
    """A PlanChoice as plain values (what apply_choices reads of one)."""

    step_key: str
    action: str
    replacement: str


_CHOICES_SQL = (
    f'SELECT "step_key", "action", "replacement" FROM {PlanChoice._meta.db_table}'
    ' WHERE "knot_id" = %s'
)


def read_choices(knot: Knot) -> list[Choice]:
    """The knot's choices in plain SQL: the knot page reads them on every view, and the
    ORM's query building costs more than the query (see services.journal_slice)."""
    with connection.cursor() as cursor:
        cursor.execute(_CHOICES_SQL, [knot.pk])
        return [Choice(*row) for row in cursor.fetchall()]


def apply_choices(
    plan: Plan, choices: Mapping[str, Choice | PlanChoice], kb: KnowledgeBase
) -> KnotPlan:
    """Leave out and swap steps as the person chose. A choice for a step the plan no
    longer has, or a swap for something no longer on offer, is kept but not applied."""
    keys = [step_key(step, plan) for step in plan.steps]
    taken = set(keys)
    areas = set(_areas(plan, kb))
    items: list[PlanItem] = []
    dropped: list[PlanItem] = []
    for step, key in zip(plan.steps, keys, strict=True):
        options = _alternatives(step, areas, kb, taken)
        offered = tuple((_strategy_key(s), s.title) for s in options)
        item = PlanItem(key, step, key, alternatives=offered)
        choice = choices.get(key)
        if choice is not None and choice.action == PlanChoice.Action.DROP:
            dropped.append(item)
            continue
        wanted = choice.replacement if choice is not None else None
        chosen = next((s for s in options if _strategy_key(s) == wanted), None)
        if chosen is not None and wanted is not None:
            taken.add(wanted)
            others = tuple(o for o in offered if o[0] != wanted)
            new = _replacement(chosen, step, plan, kb)
            item = PlanItem(wanted, new, key, step.title, others)
        items.append(item)
    return KnotPlan(plan, tuple(items), tuple(dropped))


def _alternatives(
    step: PlanStep, areas: set[str], kb: KnowledgeBase, taken: set[str]
) -> list[Strategy]:
    """Strategies the step may be swapped for: the same kind of help (warmth for cold),
    suited to the knot's `areas`, and not already in the plan. Pressure, the stretch and
    reminders can only be left out: nothing else does their job."""
    return [
        s
        for s, key, regions in _swaps(kb).get(step.kind, ())
        if key not in taken and (s.kind != "movement" or areas & regions)
    ]


_SWAP_TABLES: dict[int, tuple[KnowledgeBase, dict[str, list[tuple[Strategy, str, set[str]]]]]] = {}


def _swaps(kb: KnowledgeBase) -> dict[str, list[tuple[Strategy, str, set[str]]]]:
    """For each kind of step in SWAPS, the strategies it may be swapped for (in the knowledge
    base's order) with their step keys and regions: the knot page asks on every view, and
    the answer depends on the knowledge base alone, so it is worked out once for each."""
    found = _SWAP_TABLES.get(id(kb))
    if found is None or found[0] is not kb:
        table = {
            kind: [
                (s, _strategy_key(s), set(s.regions))
                for s in kb.strategies.values()
                if s.kind in kinds
            ]
            for kind, kinds in SWAPS.items()
        }
        if len(_SWAP_TABLES) > 8:  # tests build knowledge bases of their own
            _SWAP_TABLES.clear()
        found = _SWAP_TABLES[id(kb)] = (kb, table)
    return found[1]


def _areas(plan: Plan, kb: KnowledgeBase) -> tuple[str, ...]:
    if plan.muscle and plan.muscle in kb.muscles:
        return kb.muscles[plan.muscle].regions
    return (plan.region,) if plan.region else ()


def _replacement(s: Strategy, old: PlanStep, plan: Plan, kb: KnowledgeBase) -> PlanStep:
    """The step for strategy `s` in place of `old`, about as long as `old` was."""
    seconds = 0
    if s.kind not in ("hydration", "habit"):
        seconds = max(s.min_seconds, min(old.seconds or s.seconds, s.seconds))
    instructions, reps = s.instructions, s.repetitions
    pace = s.inhale_s + s.exhale_s
    if s.kind in _TOOL_FOR:
        instructions = (
            f"{instructions} {s.temperature} {s.skin_check} Keep it on for about "
            f"{duration(seconds)} today, {s.max_minutes} minutes at the most."
        )
    elif s.kind == "movement":
        reps = max(1, round(s.repetitions * seconds / s.seconds)) if s.seconds else reps
        instructions = f"{instructions} About {reps} times, slowly."
    elif s.kind == "relaxation" and pace:
        reps = max(1, seconds // pace)
        instructions = f"{instructions} About {reps} breaths."
    areas = [r for r in _areas(plan, kb) if r in s.regions]
    return PlanStep(
        kind=s.kind,
        title=s.title,
        tool=_TOOL_FOR[s.kind] if s.kind in _TOOL_FOR and _TOOL_FOR[s.kind] in kb.tools else None,
        region=areas[0] if areas else (old.region if s.kind in _TOOL_FOR else None),
        seconds=seconds,
        repetitions=reps,
        instructions=" ".join(instructions.split()),
        why=s.why,
        source=kb.source_text(s.sources[0]),
        source_id=s.sources[0],
        pacer=(s.inhale_s, s.exhale_s) if s.inhale_s and s.exhale_s else None,
        strategy=s.id,
    )


def set_choice(kp: KnotPlan, knot: Knot, key: str, action: Any, replacement: Any = "") -> None:
    """Remember that the step `key` of the knot's plan `kp` is left out or swapped.

    Raises UnknownStep when the plan has no such step, InvalidInput for a bad action or
    a replacement that is not on offer for this step.
    """
    item = kp.find(key)
    if item is None or not kp.is_allowed:
        raise UnknownStep(f"This knot's plan has no step {key!r}.")
    errors = _Errors()
    if action not in PlanChoice.Action.values:
        errors.add("action", "Choose 'drop' (leave the step out) or 'swap'.")
    offered = {k for k, _ in item.alternatives}
    if action == PlanChoice.Action.SWAP and replacement not in offered:
        names = ", ".join(sorted(offered))
        errors.add(
            "replacement",
            f"Choose one of: {names}." if names else "This step can only be left out.",
        )
    errors.raise_if_any()
    PlanChoice.objects.update_or_create(
        knot=knot,
        step_key=key,
        defaults={
            "action": action,
            "replacement": replacement if action == PlanChoice.Action.SWAP else "",
        },
    )


def clear_choice(knot: Knot, key: str) -> bool:
    """Forget the choice for step `key`: the planner's step comes back. True if there was one."""
    deleted, _ = PlanChoice.objects.filter(knot=knot, step_key=key).delete()
    return bool(deleted)


def duration(seconds: int) -> str:
    """'45 seconds', '3 minutes', '2.5 minutes'."""
    if seconds < 60:
        return f"{seconds} seconds"
    whole, rest = divmod(seconds, 60)
    if rest == 0:
        return f"{whole} minute{'s' if whole != 1 else ''}"
    return f"{seconds / 60:.1f} minutes"


# --- guided sessions ----------------------------------------------------------------------

STOP_REASONS = {
    # reason -> (the symptom it adds to the knot, how the session's note says it). "It hurts
    # more" adds no symptom: it marks the knot as getting worse (Knot.worse_reported_on), as
    # the guidance says to stop and seek advice when pain worsens. "other" is the terminal's
    # "something else", understood from the person's own words.
    "hurts_more": ("", "it hurt more"),
    "numbness": ("numbness", "numbness appeared"),
    "tingling": ("tingling", "tingling appeared"),
    "sharp_pain": ("sharp_pain", "sharp pain appeared"),
    "other": ("", "something else happened"),
}


def _findings(reason: str, words: str, today: date) -> tuple[set[str], bool]:
    """The symptoms a stop adds to the knot, and whether it counts as getting worse."""
    symptom = STOP_REASONS[reason][0]
    if reason == "hurts_more":
        return set(), True
    if reason != "other":
        return {symptom}, False
    if not words.strip():
        return set(), False
    heard = understand(words, default_kb(), today).facts
    return set(heard.symptoms), heard.trend == Trend.WORSE


@dataclass(frozen=True)
class SessionSummary:
    strategy: str
    tool: str
    minutes: int


def summarise(kp: KnotPlan, done: int) -> SessionSummary:
    """What a session of the plan's first `done` steps is logged as: the main step's kind
    (the first timed one: the plan puts pressure first), its tool, and their minutes."""
    steps = [item.step for item in kp.items[: max(done, 1)]]
    main = next((s for s in steps if s.seconds), steps[0] if steps else None)
    seconds = sum(s.seconds for s in steps)
    return SessionSummary(
        main.kind if main else "relaxation",
        (main.tool or "") if main else "",
        max(1, math.ceil(seconds / 60)),
    )


def finish_session(
    knot: Knot,
    kp: KnotPlan,
    *,
    done: int,
    pain_before: Any,
    pain_after: Any,
    notes: Any = "",
    clock: Clock | None = None,
) -> Session:
    """Log a guided session of the plan's first `done` steps, with the pain before and after
    it (both required: they are how the person sees whether the plan helps)."""
    errors = _Errors()
    services._pain(errors, "pain_before", pain_before)
    services._pain(errors, "pain_after", pain_after)
    errors.raise_if_any()
    done = min(max(done, 1), len(kp.items))
    summary = summarise(kp, done)
    total = len(kp.items)
    said = f"Guided session: {done} of {total} steps."
    if isinstance(notes, str) and notes.strip():
        said = f"{said} {notes.strip()}"
    return services.add_session(
        knot,
        strategy=summary.strategy,
        tool=summary.tool,
        minutes=summary.minutes,
        pain_before=pain_before,
        pain_after=pain_after,
        notes=said,
        clock=clock,
    )


def stop_session(
    knot: Knot,
    kp: KnotPlan,
    *,
    reason: Any,
    step: int,
    pain_before: Any = None,
    words: str = "",
    at: datetime | None = None,
    minutes: int | None = None,
    clock: Clock | None = None,
) -> Session | None:
    """Stop a guided session for safety: add what happened to the knot (a symptom, or "getting
    worse" for two weeks) so its triage is run again with it, and log the session with the
    reason, in one transaction.

    Nothing typed may block a safety stop: a pain rating that does not parse is left out.
    `minutes` is the time really spent when the caller timed it (the terminal player);
    otherwise the planned time of the steps reached. When the plan has no steps (the stop
    was pressed twice, and the first press already ended self-care), only the finding is
    added and no second session is logged.
    """
    if reason not in STOP_REASONS:
        raise InvalidInput({"reason": ["Say what happened: it hurt more, numbness or tingling."]})
    today = (clock or SystemClock()).today()
    symptoms, worse = _findings(reason, words, today)
    total = max(len(kp.items), 1)
    step = min(max(step, 1), total)
    before = services._pain(_Errors(), "pain_before", pain_before, required=False)
    summary = summarise(kp, step)
    said = STOP_REASONS[reason][1]
    if words.strip():
        said = f"{said} ({words.strip()[:200]})"
    with transaction.atomic():
        _mark(knot, symptoms, today if worse else None)
        if not kp.items:
            return None
        session = services.add_session(
            knot,
            strategy=summary.strategy,
            tool=summary.tool,
            minutes=max(1, minutes) if minutes else summary.minutes,
            pain_before=before,
            notes=f"Stopped at step {step} of {total}: {said}.",
            at=at,
            clock=clock,
        )
        session.stop_reason = reason
        session.save(update_fields=["stop_reason"])
        return session


def _mark(knot: Knot, symptoms: set[str], worse_on: date | None) -> None:
    new = [s for s in sorted(symptoms) if s not in knot.symptoms]
    if not new and worse_on is None:
        return
    knot.symptoms = [*knot.symptoms, *new]
    if worse_on is not None:
        knot.worse_reported_on = worse_on
    knot.save(update_fields=["symptoms", "worse_reported_on", "updated_at"])
