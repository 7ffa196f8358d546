"""Plain, frozen value types shared by every part of unknot.

They live in the core so that the CLI, the web app and the API all speak the
same vocabulary; nothing here knows about files, databases or HTTP.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import Any


class Level(IntEnum):
    """Care levels, ordered so that a larger value is more urgent."""

    SELF_CARE = 0
    SEE_PROFESSIONAL = 1
    URGENT = 2
    EMERGENCY = 3

    @property
    def slug(self) -> str:
        return self.name.lower()

    @classmethod
    def from_slug(cls, slug: str) -> Level:
        try:
            return cls[slug.upper()]
        except KeyError:
            raise ValueError(f"unknown care level {slug!r}") from None


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"
    CENTER = "center"


class Trend(StrEnum):
    BETTER = "better"
    SAME = "same"
    WORSE = "worse"


@dataclass(frozen=True, order=True)
class Location:
    """A region of the body with an optional side (None: side not known)."""

    region: str
    side: Side | None = None

    def to_json(self) -> dict[str, Any]:
        return {"region": self.region, "side": self.side.value if self.side else None}


@dataclass(frozen=True)
class Facts:
    """What is known about one knot: the contract's facts object.

    Symptoms and conditions are frozensets, so the order in which a person
    reports them can never change an answer.
    """

    locations: tuple[Location, ...] = ()
    pain: int | None = None
    days: int | None = None
    age: int | None = None
    symptoms: frozenset[str] = frozenset()
    conditions: frozenset[str] = frozenset()
    limits_daily_activities: bool | None = None
    trend: Trend | None = None
    recurring: bool | None = None

    @property
    def regions(self) -> frozenset[str]:
        return frozenset(loc.region for loc in self.locations)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"locations": [loc.to_json() for loc in self.locations]}
        for name in ("pain", "days", "age", "limits_daily_activities", "recurring"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        out["symptoms"] = sorted(self.symptoms)
        out["conditions"] = sorted(self.conditions)
        if self.trend is not None:
            out["trend"] = self.trend.value
        return out


@dataclass(frozen=True)
class Example:
    """A facts object a rule's author says must (or must not) fire the rule."""

    facts: dict[str, Any]
    expect_match: bool


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    level: Level
    is_red_flag: bool
    blocks_self_release: bool
    rationale: str
    advice: str
    sources: tuple[str, ...]
    when: Any  # a compiled condition (see rules.py)
    examples: tuple[Example, ...] = ()
    requires: frozenset[str] | None = None  # see rules.required_atoms


@dataclass(frozen=True)
class Precaution:
    id: str
    text: str
    when: Any | None  # None: always applies
    excluded_tools: frozenset[str] = frozenset()
    excluded_pressure: frozenset[str] = frozenset()
    excluded_regions_for_percussion: frozenset[str] = frozenset()
    blocks_self_release: bool = False
    blocks_heat_cold: bool = False
    sources: tuple[str, ...] = ()
    requires: frozenset[str] | None = None  # see rules.required_atoms


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    url: str
    kind: str
    accessed: str

    def cite(self) -> str:
        where = f" {self.url}" if self.url else ""
        return f"{self.title}. {self.publisher}.{where}"


@dataclass(frozen=True)
class Region:
    id: str
    name: str
    group: str
    view: str
    is_sided: bool
    aliases: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class Term:
    """A symptom or a condition: an id, a display name and lay phrasings."""

    id: str
    name: str
    aliases: tuple[str, ...]
    question: str
    is_red_flag: bool
    sources: tuple[str, ...] = ()
    # Word groups that, all found close together in one sentence, also mean
    # this finding ("pee" ... "cola" -> dark urine).
    near: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Tool:
    id: str
    name: str
    aliases: tuple[str, ...]
    is_percussive: bool
    is_deep: bool
    description: str


@dataclass(frozen=True)
class SelfRelease:
    tools: tuple[str, ...]
    position: str
    instructions: str
    pressure: str
    hold_s: int
    repetitions: int
    avoid: tuple[str, ...] = ()


@dataclass(frozen=True)
class Stretch:
    name: str
    instructions: str
    hold_s: int
    repetitions: int
    is_recommended: bool
    note: str = ""


@dataclass(frozen=True)
class Muscle:
    id: str
    name: str
    aliases: tuple[str, ...]
    group: str
    summary: str
    trigger_point: str
    regions: tuple[str, ...]
    referral_primary: tuple[str, ...]
    referral_spillover: tuple[str, ...]
    aggravating: tuple[str, ...]
    signs: tuple[str, ...]
    cautions: tuple[str, ...]
    sources: tuple[str, ...]
    evidence: str
    reviewed: str
    self_release: SelfRelease
    stretch: Stretch


@dataclass(frozen=True)
class Strategy:
    """A relief strategy from kb/strategies/: heat, cold, movement, relaxation, hydration, habit.

    `seconds` is the preferred length, `min_seconds` the shortest that is still
    worth doing when time is short (0 for reminders). Kind-specific fields keep
    their empty defaults on the kinds that do not use them.
    """

    id: str
    kind: str
    title: str
    instructions: str
    seconds: int
    why: str
    sources: tuple[str, ...]
    min_seconds: int = 0
    repetitions: int = 1
    temperature: str = ""  # heat and cold
    max_minutes: int = 0  # heat and cold
    skin_check: str = ""  # heat and cold
    regions: tuple[str, ...] = ()  # movement: the region ids it suits
    cause: str = ""  # habit: the contributing factor it answers
    inhale_s: int = 0  # relaxation: the visual pacer's rhythm
    exhale_s: int = 0


# What a break movement may need (kb/movements/ `equipment`); the schema checks records
# against it and the break settings say which of these are at hand.
EQUIPMENT = ("chair", "wall", "desk", "door_frame", "towel", "water_glass")


@dataclass(frozen=True)
class Movement:
    """A short movement for a break (kb/movements/): what to do, for how long, and for whom.

    `break_kind` says which kind of break it fills (a movement, a sit-stand change, a
    glass of water or a posture reset); `illustration` is the SVG markup itself, read
    and checked by the loader, so every shell shows the same drawing.
    """

    id: str
    name: str
    break_kind: str
    seconds: int
    position: str
    equipment: tuple[str, ...]
    muscles: tuple[str, ...]
    regions: tuple[str, ...]
    steps: tuple[str, ...]
    cautions: tuple[str, ...]
    avoid_with: tuple[str, ...]
    illustration: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Reason:
    rule: str
    text: str
    source: str
    level: Level
    is_red_flag: bool
    title: str = ""
    advice: str = ""


@dataclass(frozen=True)
class TriageResult:
    level: Level
    reasons: tuple[Reason, ...]
    advice: str
    self_care_allowed: bool
    precautions: tuple[str, ...]
    facts: Facts
    notes: tuple[str, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return {
            "level": self.level.slug,
            "reasons": [
                {
                    "rule": r.rule,
                    "text": r.text,
                    "source": r.source,
                    "level": r.level.slug,
                    "title": r.title,
                }
                for r in self.reasons
            ],
            "advice": self.advice,
            "self_care_allowed": self.self_care_allowed,
            "precautions": list(self.precautions),
            "facts": self.facts.to_json(),
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class Candidate:
    muscle: str
    name: str
    score: float
    why: str

    def to_json(self) -> dict[str, Any]:
        return {"muscle": self.muscle, "name": self.name, "score": self.score, "why": self.why}


@dataclass(frozen=True)
class Answer:
    """One answer to a causes question; `value` runs from 0 (not at all) to 3 (very much)."""

    label: str
    value: int


@dataclass(frozen=True)
class Question:
    """A plain causes-questionnaire question whose answers score one contributing factor."""

    id: str
    factor: str
    text: str
    answers: tuple[Answer, ...]
    sources: tuple[str, ...] = ()

    @property
    def max_value(self) -> int:
        return max(a.value for a in self.answers)

    def answer(self, value: int) -> Answer | None:
        return next((a for a in self.answers if a.value == value), None)


@dataclass(frozen=True)
class Factor:
    """One of the six contributing factors of muscle knots, with what to change about it."""

    id: str
    name: str
    summary: str
    what_to_change: tuple[str, ...]
    sources: tuple[str, ...] = ()
