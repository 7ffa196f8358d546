"""The plan builder: a knot, a person and their triage -> a short, safe routine.

A plan is drawn from the knowledge base: self-release and the stretch come from
the muscle's own record, everything else (heat, cold, movement, relaxation,
hydration, habits) from kb/strategies/. Safety is applied, not just printed:
the precautions that hold for the person's facts remove tools, firm pressure,
self-release or heat and cold, and every removal is reported in `withheld`
with its reason. A triage level above self-care gives no steps at all, only
what to do next.

Time is fitted in two passes: first each step at its shortest useful length,
in priority order (pressure first, then heat or cold, movement, the stretch,
relaxation; hydration and habits are reminders that take no time), dropping
what does not fit; then the spare time brings steps up to their preferred
length in the same order, heat or cold last because it helps at any length.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from unknot.core.kb import KnowledgeBase
from unknot.core.model import (
    Facts,
    Level,
    Location,
    Muscle,
    Precaution,
    Strategy,
    TriageResult,
)
from unknot.core.schema import FACTORS, PRESSURES
from unknot.core.triage import evaluate

STEP_KINDS = (
    "self_release",
    "heat",
    "cold",
    "movement",
    "stretch",
    "relaxation",
    "hydration",
    "habit",
)
HEAT_COLD = ("heat", "cold")
DEFAULT_MINUTES = 10
MAX_MINUTES = 60
# Short names for step kinds, shared by every shell that shows a plan.
KIND_LABELS = {
    "self_release": "Pressure",
    "heat": "Warmth",
    "cold": "Cold",
    "movement": "Movement",
    "stretch": "Stretch",
    "relaxation": "Relax",
    "hydration": "Recover",
    "habit": "Habit",
}
PRESSURE_WORDS = {
    "light": "light",
    "light_to_moderate": "light to moderate",
    "moderate": "moderate",
}
_TOOL_FOR = {"heat": "heat_pack", "cold": "cold_pack"}
_NOT_SELF_CARE = {
    Level.SEE_PROFESSIONAL: (
        "What you describe is best looked at by a physical therapist or doctor before you "
        "start a self-care routine."
    ),
    Level.URGENT: (
        "What you describe needs a doctor today; a self-care routine would only delay that."
    ),
    Level.EMERGENCY: "What you describe needs help now, not a self-care routine.",
}


class PlanError(ValueError):
    """A profile or target the planner cannot use; the message is one line for a person."""


# --- the person -------------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """What the planner knows about the person, beyond the triage facts.

    `tools` are the tools they own (their hands always count); `causes` maps a
    contributing factor (schema.FACTORS) to its questionnaire score, 0-100.
    """

    conditions: frozenset[str] = frozenset()
    tools: frozenset[str] = frozenset()
    heat_cold: str | None = None  # "heat" | "cold" | None: not known, suggest an experiment
    minutes: int = DEFAULT_MINUTES
    causes: Mapping[str, int] = field(default_factory=dict, hash=False)
    age: int | None = None

    def top_cause(self) -> str | None:
        """The factor with the highest score above 0 (ties: the questionnaire's order)."""
        best = max(FACTORS, key=lambda f: self.causes.get(f, 0))
        return best if self.causes.get(best, 0) > 0 else None


def check_profile(profile: Profile, kb: KnowledgeBase) -> None:
    """Raise PlanError naming the first thing in the profile that cannot be used."""
    for cid in sorted(profile.conditions):
        if cid not in kb.conditions:
            raise PlanError(f"unknown condition {cid!r}")
    for tid in sorted(profile.tools):
        if tid not in kb.tools:
            raise PlanError(f"unknown tool {tid!r}")
    if profile.heat_cold not in (None, *HEAT_COLD):
        raise PlanError("heat_cold must be 'heat', 'cold' or left out")
    if not 1 <= profile.minutes <= MAX_MINUTES:
        raise PlanError(f"minutes must be from 1 to {MAX_MINUTES}")
    for factor, score in profile.causes.items():
        if factor not in FACTORS:
            raise PlanError(f"unknown contributing factor {factor!r}")
        if not 0 <= score <= 100:
            raise PlanError(f"the score for {factor} must be from 0 to 100")
    if profile.age is not None and not 0 <= profile.age <= 130:
        raise PlanError("age must be from 0 to 130")


# --- safety, shared with screening.first_steps -----------------------------------------


@dataclass(frozen=True)
class SafetyLimits:
    """What the precautions that hold for one person's facts take away, and which one did."""

    applied: tuple[Precaution, ...]
    excluded_tools: Mapping[str, Precaution]
    excluded_pressure: Mapping[str, Precaution]
    no_percussion: Mapping[str, Precaution]  # region -> precaution
    blocks_self_release: tuple[Precaution, ...]
    blocks_heat_cold: tuple[Precaution, ...]


def applicable_precautions(facts: Facts, kb: KnowledgeBase) -> tuple[Precaution, ...]:
    """The knowledge base's precautions that hold for these facts, in their order."""
    return tuple(p for p in kb.precautions if p.when is None or p.when.holds(facts))


def safety_limits(facts: Facts, kb: KnowledgeBase) -> SafetyLimits:
    applied = applicable_precautions(facts, kb)
    tools: dict[str, Precaution] = {}
    pressure: dict[str, Precaution] = {}
    regions: dict[str, Precaution] = {}
    for p in applied:
        for tid in sorted(p.excluded_tools):
            tools.setdefault(tid, p)
        for level in sorted(p.excluded_pressure):
            pressure.setdefault(level, p)
        for rid in sorted(p.excluded_regions_for_percussion):
            regions.setdefault(rid, p)
    return SafetyLimits(
        applied,
        tools,
        pressure,
        regions,
        tuple(p for p in applied if p.blocks_self_release),
        tuple(p for p in applied if p.blocks_heat_cold),
    )


@dataclass(frozen=True)
class ReleaseOptions:
    """Self-release for one muscle under one person's limits."""

    tools: tuple[str, ...]  # allowed, from the muscle's list, best first
    pressure: str | None  # the firmest pressure still allowed; None: no pressure at all
    capped_by: Precaution | None  # the precaution that lowered the pressure, if one did
    removed: tuple[tuple[str, str], ...]  # (tool id, the reason in plain words)


def allowed_pressure(wanted: str, limits: SafetyLimits) -> tuple[str | None, Precaution | None]:
    """The firmest pressure up to `wanted` that the precautions allow, and what capped it.

    "light to moderate" is partly moderate, so excluding moderate excludes it too.
    """
    excluded = limits.excluded_pressure

    def ok(level: str) -> bool:
        return level not in excluded and not (
            level == "light_to_moderate" and "moderate" in excluded
        )

    for level in reversed(PRESSURES[: PRESSURES.index(wanted) + 1]):
        if ok(level):
            cap = None if level == wanted else _capping(wanted, excluded)
            return level, cap
    return None, _capping(wanted, excluded)


def _capping(wanted: str, excluded: Mapping[str, Precaution]) -> Precaution | None:
    for level in (wanted, "moderate", "light_to_moderate", "light"):
        if level in excluded:
            return excluded[level]
    return None


def release_options(
    muscle: Muscle, limits: SafetyLimits, kb: KnowledgeBase, also: Iterable[str] = ()
) -> ReleaseOptions:
    """The muscle's tools that stay allowed, the pressure, and every tool taken away and why.

    `also` names more tools to check (the ones a person owns), so a plan can say
    why, for example, their massage gun is not used on a neck muscle.
    """
    release = muscle.self_release
    pressure, capped_by = allowed_pressure(release.pressure, limits)
    # Deep tools need more than a light touch: when only light pressure is left for
    # anyone with these facts, they go too, whatever this muscle would ask for.
    ceiling, ceiling_cap = allowed_pressure(PRESSURES[-1], limits)
    light_only = ceiling_cap if ceiling in (None, "light") else None
    allowed: list[str] = []
    removed: list[tuple[str, str]] = []
    for tid in dict.fromkeys([*release.tools, *also]):
        reason = _tool_block(tid, muscle, light_only, limits, kb)
        if reason:
            removed.append((tid, reason))
        elif tid in release.tools:
            allowed.append(tid)
    return ReleaseOptions(tuple(allowed), pressure, capped_by, tuple(removed))


def _tool_block(
    tid: str,
    muscle: Muscle,
    light_only: Precaution | None,
    limits: SafetyLimits,
    kb: KnowledgeBase,
) -> str:
    tool = kb.tools[tid]
    if tid in limits.excluded_tools:
        return limits.excluded_tools[tid].text
    if tool.is_percussive:
        for rid in muscle.regions:
            if rid in limits.no_percussion:
                return limits.no_percussion[rid].text
    if tool.is_deep and light_only is not None:
        return light_only.text  # it presses deeply, and only a light touch is left
    return ""


# --- the plan ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanStep:
    kind: str  # one of STEP_KINDS
    title: str
    tool: str | None  # a knowledge-base tool id, or None
    region: str | None  # the region id it is done on, or None
    seconds: int  # 0 for a reminder
    repetitions: int
    instructions: str
    why: str
    source: str  # the citation, as in triage reasons
    source_id: str
    pressure: str | None = None  # self-release only
    pacer: tuple[int, int] | None = None  # relaxation: (breathe in, breathe out) seconds
    strategy: str | None = None  # the kb/strategies id, or None for the muscle's own steps

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "tool": self.tool,
            "region": self.region,
            "seconds": self.seconds,
            "repetitions": self.repetitions,
            "instructions": self.instructions,
            "why": self.why,
            "source": self.source,
            "source_id": self.source_id,
            "pressure": self.pressure,
            "pacer": (
                {"inhale_s": self.pacer[0], "exhale_s": self.pacer[1]} if self.pacer else None
            ),
        }


@dataclass(frozen=True)
class Withheld:
    what: str
    why: str

    def to_json(self) -> dict[str, Any]:
        return {"what": self.what, "why": self.why}


@dataclass(frozen=True)
class Plan:
    level: Level
    steps: tuple[PlanStep, ...]
    withheld: tuple[Withheld, ...]
    notes: tuple[str, ...]
    muscle: str | None
    region: str | None
    minutes: int
    advice: str = ""

    @property
    def total_seconds(self) -> int:
        return sum(step.seconds for step in self.steps)

    def to_json(self) -> dict[str, Any]:
        return {
            "steps": [step.to_json() for step in self.steps],
            "withheld": [w.to_json() for w in self.withheld],
            "level": self.level.slug,
            "total_seconds": self.total_seconds,
            "minutes": self.minutes,
            "muscle": self.muscle,
            "region": self.region,
            "advice": self.advice,
            "notes": list(self.notes),
        }


def build_plan(target: str, profile: Profile, triage: TriageResult, kb: KnowledgeBase) -> Plan:
    """A plan for the knot at `target` (a muscle id, or a region id when the muscle is unknown).

    Raises PlanError for an unknown target or an unusable profile. The triage is
    evaluated again when the profile adds facts it did not have (conditions, age,
    the knot's own region), so the plan always follows the more cautious answer.
    """
    check_profile(profile, kb)
    muscle, region, notes = _resolve(target, kb)
    facts = _person_facts(triage.facts, profile, region)
    if facts != triage.facts:
        triage = evaluate(facts, kb, triage.notes)
    if triage.level > Level.SELF_CARE:
        return Plan(
            triage.level,
            (),
            (Withheld("A self-care plan", _what_next(triage)),),
            (),
            muscle.id if muscle else None,
            region,
            profile.minutes,
            triage.advice,
        )
    limits = safety_limits(facts, kb)
    builder = _Builder(kb, profile, muscle, region, limits, triage)
    builder.notes.extend(notes)
    return builder.build()


def _resolve(target: str, kb: KnowledgeBase) -> tuple[Muscle | None, str, list[str]]:
    if target in kb.muscles:
        muscle = kb.muscles[target]
        return muscle, muscle.regions[0], []
    if target not in kb.regions:
        raise PlanError(f"unknown muscle or region {target!r}")
    sits_here = [m for m in kb.muscles.values() if target in m.regions]
    if not sits_here:
        return (
            None,
            target,
            [
                "No muscle in the knowledge base usually holds a knot here, so this plan has "
                "no pressure or stretch steps. `unknot where` can suggest which muscle may be "
                "involved."
            ],
        )
    muscle = min(sits_here, key=lambda m: (m.regions.index(target), m.id))
    return (
        muscle,
        target,
        [
            f"Knots here often sit in the {muscle.name.lower()}, so this plan is built for it. "
            "If the tender spot feels different, `unknot where` lists other muscles that may be "
            "involved."
        ],
    )


def _person_facts(facts: Facts, profile: Profile, region: str) -> Facts:
    return replace(
        facts,
        locations=facts.locations or (Location(region),),
        conditions=facts.conditions | profile.conditions,
        age=facts.age if facts.age is not None else profile.age,
    )


def _what_next(triage: TriageResult) -> str:
    titles = "; ".join(dict.fromkeys(r.title for r in triage.reasons if r.title))
    why = f" Why: {titles}." if titles else ""
    return f"{_NOT_SELF_CARE[triage.level]}{why} What to do next: {triage.advice}"


@dataclass
class _Draft:
    """A step while time is being fitted; `unit` is how its length grows or shrinks."""

    priority: int
    step: PlanStep
    preferred: int
    shortest: int
    unit: int
    elastic: bool = False  # grows last: heat or cold help at any length
    seconds: int = 0
    repetitions_at_preferred: int = 1


class _Builder:
    def __init__(
        self,
        kb: KnowledgeBase,
        profile: Profile,
        muscle: Muscle | None,
        region: str,
        limits: SafetyLimits,
        triage: TriageResult,
    ) -> None:
        self.kb = kb
        self.profile = profile
        self.muscle = muscle
        self.region = region
        self.limits = limits
        self.triage = triage
        self.withheld: list[Withheld] = []
        self.notes: list[str] = []

    def build(self) -> Plan:
        reminders = self._reminders()
        drafts = [
            d
            for d in (
                self._self_release(),
                self._heat_or_cold(),
                self._movement(),
                self._stretch(),
                self._relaxation(),
            )
            if d is not None
        ]
        budget = self.profile.minutes * 60 - sum(r.seconds for r in reminders)
        steps = [self._finish(d) for d in self._fit(drafts, budget)]
        steps.extend(reminders)
        self.notes.extend(self._person_notes())
        return Plan(
            self.triage.level,
            tuple(steps),
            tuple(self.withheld),
            tuple(dict.fromkeys(self.notes)),
            self.muscle.id if self.muscle else None,
            self.region,
            self.profile.minutes,
            self.triage.advice,
        )

    # -- the steps ----------------------------------------------------------------------

    def _self_release(self) -> _Draft | None:
        muscle = self.muscle
        if muscle is None:
            return None
        blockers = [p.text for p in self.limits.blocks_self_release]
        if not self.triage.self_care_allowed:
            blockers.extend(
                r.text for r in self.triage.reasons if self.kb.rule(r.rule).blocks_self_release
            )
            blockers = blockers or ["Your answers call for a professional's advice first."]
        if blockers:
            self.withheld.append(
                Withheld("Self-release with pressure or tools", " ".join(dict.fromkeys(blockers)))
            )
            return None
        release = muscle.self_release
        owned = self.profile.tools
        options = release_options(muscle, self.limits, self.kb, sorted(owned))
        # One entry per reason: "Light to moderate pressure, massage ball and hook massager".
        by_reason: dict[str, list[str]] = {}
        if options.capped_by is not None:
            by_reason[options.capped_by.text] = [f"{PRESSURE_WORDS[release.pressure]} pressure"]
        for tid, reason in options.removed:
            by_reason.setdefault(reason, []).append(self.kb.tools[tid].name.lower())
        for reason, things in by_reason.items():
            self.withheld.append(Withheld(_and(things).capitalize(), reason))
        if options.pressure is None:
            self.withheld.append(
                Withheld("Self-release with pressure", "Not even a light touch is safe here.")
            )
            return None
        usable = [t for t in options.tools if t in owned or t == "hands"]
        tool = usable[0] if usable else "hands"
        removed = {tid for tid, _ in options.removed}
        unsuited = sorted(
            t
            for t in owned - removed - set(release.tools) - {"hands"}
            if t not in _TOOL_FOR.values()
        )
        if unsuited and tool == "hands":
            names = _and([self.kb.tools[t].name.lower() for t in unsuited])
            self.notes.append(
                f"Your {names} {'is' if len(unsuited) == 1 else 'are'} not among the tools "
                "that suit this muscle, so today's plan uses your hands."
            )
        step = PlanStep(
            kind="self_release",
            title=f"Gentle pressure on the knot ({self.kb.tools[tool].name.lower()})",
            tool=tool,
            region=muscle.regions[0],
            seconds=0,
            repetitions=release.repetitions,
            instructions=self._release_text(muscle, tool, options),
            why=(
                "Steady, gentle pressure on the knot itself is what usually helps a knot most: "
                "held still while you breathe, the tender spot can ease. More pressure is not "
                "better; a mild ache that fades is the aim."
            ),
            source=self.kb.source_text(muscle.sources[0]),
            source_id=muscle.sources[0],
            pressure=options.pressure,
        )
        return _Draft(
            priority=0,
            step=step,
            preferred=release.hold_s * release.repetitions,
            shortest=release.hold_s,
            unit=release.hold_s,
            repetitions_at_preferred=release.repetitions,
        )

    def _release_text(self, muscle: Muscle, tool: str, options: ReleaseOptions) -> str:
        release = muscle.self_release
        first = release.tools[0]
        t = self.kb.tools[tool]
        parts = []
        if tool not in release.tools:
            # A stand-in the muscle's author did not write steps for (the hands, when
            # nothing listed is allowed or owned): find the spot, press, hold.
            parts += [
                f"Find the knot with your fingers: {muscle.trigger_point}",
                t.description,
                "Press slowly into the tender spot and hold still while you breathe.",
            ]
        else:
            if tool != first:
                parts.append(
                    f"These steps are written for a {self.kb.tools[first].name.lower()}; "
                    f"use your {t.name.lower()} on the same spot instead. {t.description}"
                )
            parts += [release.position, release.instructions]
        pressure = options.pressure or "light"
        parts.append(
            f"Keep the pressure {PRESSURE_WORDS[pressure]}: a tender, 'good' ache that eases "
            "while you hold, never sharp or stabbing pain. Start lighter than you think."
        )
        if options.capped_by is not None:
            parts.append("Today, whatever the steps above say, keep to a light touch only.")
        parts.extend(release.avoid)
        parts.append(
            f"Hold each time for about {release.hold_s} seconds, then ease off and breathe."
        )
        return " ".join(p.strip() for p in parts if p.strip())

    def _heat_or_cold(self) -> _Draft | None:
        if self.limits.blocks_heat_cold:
            why = " ".join(dict.fromkeys(p.text for p in self.limits.blocks_heat_cold))
            self.withheld.append(Withheld("Heat and cold packs", why))
            return None
        kind = self.profile.heat_cold or "heat"
        strategy = self._first(kind)
        if strategy is None:
            return None
        why = strategy.why
        if self.profile.heat_cold is None:
            why += (
                " You have not said whether warmth or cold suits you better, so start with "
                "warmth today, try cold on another day, and keep whichever helps more."
            )
        tool = _TOOL_FOR[kind] if _TOOL_FOR[kind] in self.kb.tools else None
        step = self._strategy_step(strategy, tool=tool, region=self.region, why=why)
        top = min(strategy.seconds, strategy.max_minutes * 60)
        return _Draft(1, step, top, min(strategy.min_seconds, top), 60, elastic=True)

    def _movement(self) -> _Draft | None:
        wanted = self.muscle.regions if self.muscle else (self.region,)
        best: tuple[int, int, str] | None = None
        for s in self._of_kind("movement"):
            hits = [i for i, r in enumerate(wanted) if r in s.regions]
            if hits:
                key = (hits[0], -len(hits), s.id)
                best = key if best is None or key < best else best
        if best is None:
            self.notes.append("No gentle movement in the knowledge base suits this area yet.")
            return None
        strategy = self.kb.strategies[best[2]]
        region = wanted[best[0]]
        step = self._strategy_step(strategy, region=region)
        return _Draft(
            2,
            step,
            strategy.seconds,
            strategy.min_seconds,
            10,
            repetitions_at_preferred=strategy.repetitions,
        )

    def _stretch(self) -> _Draft | None:
        muscle = self.muscle
        if muscle is None:
            return None
        stretch = muscle.stretch
        if not stretch.is_recommended:
            self.notes.append(
                f"No stretch for the {muscle.name.lower()} today: for this muscle, gentle "
                "pressure on the knot usually helps more, and stretching it is awkward."
            )
            return None
        instructions = f"{stretch.instructions} {stretch.note}".strip()
        step = PlanStep(
            kind="stretch",
            title=stretch.name,
            tool=None,
            region=muscle.regions[0],
            seconds=0,
            repetitions=stretch.repetitions,
            instructions=f"{instructions} Hold each time for about {stretch.hold_s} seconds.",
            why=(
                "A gentle stretch helps the muscle lengthen once the knot has eased. It is one "
                "piece of the plan, never forced: pressure usually helps a knot more than "
                "stretching, so a mild pull is plenty."
            ),
            source=self.kb.source_text(muscle.sources[0]),
            source_id=muscle.sources[0],
        )
        return _Draft(
            3,
            step,
            stretch.hold_s * stretch.repetitions,
            stretch.hold_s,
            stretch.hold_s,
            repetitions_at_preferred=stretch.repetitions,
        )

    def _relaxation(self) -> _Draft | None:
        choices = sorted(self._of_kind("relaxation"), key=lambda s: (s.seconds, s.id))
        if not choices:
            return None
        s = choices[0]
        pace = s.inhale_s + s.exhale_s
        step = self._strategy_step(s)
        return _Draft(
            4,
            step,
            s.seconds,
            s.min_seconds,
            pace or 30,
            repetitions_at_preferred=max(1, s.seconds // pace) if pace else 1,
        )

    def _extra_relaxation(self, spare: int, used: set[str]) -> _Draft | None:
        for s in sorted(self._of_kind("relaxation"), key=lambda s: (s.seconds, s.id)):
            if s.id in used or s.min_seconds > spare:
                continue
            pace = s.inhale_s + s.exhale_s
            unit = pace or 30
            seconds = min(s.seconds, spare) // unit * unit
            draft = _Draft(5, self._strategy_step(s), s.seconds, s.min_seconds, unit)
            draft.seconds = max(seconds, s.min_seconds)
            draft.repetitions_at_preferred = max(1, s.seconds // pace) if pace else 1
            return draft
        return None

    def _reminders(self) -> list[PlanStep]:
        steps = [self._strategy_step(s) for s in self._of_kind("hydration")[:1]]
        cause = self.profile.top_cause()
        habit = next((s for s in self._of_kind("habit") if s.cause == cause), None)
        if habit is not None:
            factor = cause.replace("_", " ") if cause else ""
            steps.append(
                self._strategy_step(
                    habit,
                    why=f"{habit.why} Your answers point to {factor} as the main thing feeding "
                    "this knot.",
                )
            )
        elif self.muscle is not None and self.muscle.aggravating:
            muscle = self.muscle
            triggers = "; ".join(a.rstrip(".") for a in muscle.aggravating[:3])
            steps.append(
                PlanStep(
                    kind="habit",
                    title="Notice what sets it off",
                    tool=None,
                    region=None,
                    seconds=0,
                    repetitions=1,
                    instructions=(
                        f"Common triggers for the {muscle.name.lower()} are: {triggers}. "
                        "Notice which are part of your day and change what you can. The causes "
                        "questionnaire can point to the habit that matters most for you."
                    ),
                    why="A knot tends to come back while whatever set it off stays the same.",
                    source=self.kb.source_text(muscle.sources[0]),
                    source_id=muscle.sources[0],
                )
            )
        return steps

    # -- time -----------------------------------------------------------------------------

    def _fit(self, drafts: list[_Draft], budget: int) -> list[_Draft]:
        kept: list[_Draft] = []
        for d in sorted(drafts, key=lambda d: d.priority):
            if sum(k.shortest for k in kept) + d.shortest <= budget:
                d.seconds = d.shortest
                kept.append(d)
            else:
                self.notes.append(
                    f"Not enough time today for '{d.step.title}' (it needs about "
                    f"{_minutes(d.shortest)}); add it when you have a little longer."
                )
        spare = budget - sum(d.seconds for d in kept)
        for d in sorted(kept, key=lambda d: (d.elastic, d.priority)):
            unit = 30 if d.elastic else d.unit  # heat or cold: any half minute will do
            grow = max(0, min(d.preferred - d.seconds, spare)) // unit * unit
            d.seconds += grow
            spare -= grow
        extra = self._extra_relaxation(spare, {d.step.strategy or "" for d in kept})
        if extra is not None:
            kept.append(extra)
        return sorted(kept, key=lambda d: d.priority)

    def _finish(self, d: _Draft) -> PlanStep:
        reps = d.repetitions_at_preferred
        if d.preferred > 0 and d.seconds < d.preferred:
            reps = max(1, round(reps * d.seconds / d.preferred))
        step = d.step
        instructions = step.instructions
        if step.kind in HEAT_COLD:
            strategy = self.kb.strategies[step.strategy or step.kind]
            instructions = (
                f"{instructions} Keep it on for about {_minutes(d.seconds)} today, "
                f"{strategy.max_minutes} minutes at the most."
            )
        elif step.kind == "movement":
            instructions = f"{instructions} About {reps} times, slowly."
        elif step.kind == "relaxation" and step.pacer:
            instructions = f"{instructions} About {reps} breaths."
        elif step.kind in ("self_release", "stretch"):
            instructions = f"{instructions} Do this {reps} {'time' if reps == 1 else 'times'}."
        return replace(step, seconds=d.seconds, repetitions=reps, instructions=instructions)

    # -- helpers ----------------------------------------------------------------------------

    def _of_kind(self, kind: str) -> list[Strategy]:
        return [s for s in self.kb.strategies.values() if s.kind == kind]

    def _first(self, kind: str) -> Strategy | None:
        found = self._of_kind(kind)
        return found[0] if found else None

    def _strategy_step(
        self,
        s: Strategy,
        *,
        tool: str | None = None,
        region: str | None = None,
        why: str | None = None,
    ) -> PlanStep:
        instructions = s.instructions
        if s.kind in HEAT_COLD:
            instructions = f"{instructions} {s.temperature} {s.skin_check}"
        return PlanStep(
            kind=s.kind,
            title=s.title,
            tool=tool,
            region=region,
            seconds=s.seconds if s.kind in ("hydration", "habit") else 0,
            repetitions=s.repetitions,
            instructions=instructions,
            why=why or s.why,
            source=self.kb.source_text(s.sources[0]),
            source_id=s.sources[0],
            pacer=(s.inhale_s, s.exhale_s) if s.inhale_s and s.exhale_s else None,
            strategy=s.id,
        )

    def _person_notes(self) -> list[str]:
        """Precautions that hold because of who this person is, then when to stop.

        A precaution already given as the reason for something withheld is not repeated.
        """
        said = " ".join(w.why for w in self.withheld)
        personal = [p for p in self.limits.applied if p.when is not None]
        stop = [p for p in self.limits.applied if p.id == "stop_if_worse"]
        return [p.text for p in [*personal, *stop] if p.text not in said]


def _minutes(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} seconds"
    whole, rest = divmod(seconds, 60)
    if rest == 0:
        return f"{whole} minute{'s' if whole != 1 else ''}"
    return f"{seconds / 60:.1f} minutes"


def _and(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
