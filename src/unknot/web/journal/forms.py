"""What the pages' forms send, parsed into what the services take, and back again.

The pages are plain HTML forms, so they work without JavaScript. Each parser
keeps what the person typed as text (a page with an error shows all of it
again) and collects plain messages per field. What may be *stored* is decided
by services.py alone; the parsers here only read the check form (which stores
nothing) and the few things the services do not know about, such as the pain
typed on a new knot for its first check-in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from unknot.core.kb import KnowledgeBase
from unknot.core.language import understand
from unknot.core.model import Facts, Location, Side, Trend
from unknot.web.journal.models import Feel, Size, Strategy
from unknot.web.journal.services import MAX_ACTIVITIES, KnotInput

# Groups in the order a person scans a body: head to toe, front before back.
REGION_GROUPS = (
    ("head", "Head"),
    ("face", "Face and jaw"),
    ("neck", "Neck"),
    ("shoulder", "Shoulder"),
    ("upper_back", "Upper back"),
    ("chest", "Chest and ribs"),
    ("upper_arm", "Upper arm"),
    ("elbow", "Elbow"),
    ("forearm", "Forearm"),
    ("hand", "Wrist and hand"),
    ("abdomen", "Belly"),
    ("low_back", "Lower back"),
    ("hip", "Hip and buttock"),
    ("thigh", "Thigh"),
    ("knee", "Knee"),
    ("lower_leg", "Lower leg"),
    ("ankle", "Ankle"),
    ("foot", "Foot"),
)
SIDES = (
    ("", "Not sure"),
    ("left", "Left"),
    ("right", "Right"),
    ("both", "Both sides"),
    ("center", "In the middle"),
)
TRENDS = (("better", "Getting better"), ("same", "About the same"), ("worse", "Getting worse"))
MAX_TEXT = 2000
LOCATION_MISSING = "Pick at least one place on the map or describe it in words."


@dataclass
class FormState:
    """What the person typed (as text) and what is wrong with it, field by field."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def merge(self, errors: Mapping[str, list[str]]) -> None:
        for name, messages in errors.items():
            for message in messages:
                self.add(name, message)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def summary(self) -> list[tuple[str, str]]:
        """(field, message) pairs for the error summary at the top of a form."""
        return [(name, message) for name, messages in self.errors.items() for message in messages]


# --- places --------------------------------------------------------------------------------


def place_name(kb: KnowledgeBase, region: str, side: str | None) -> str:
    """'Left calf', 'Calf (both sides)', 'Top of the head': how a person says it."""
    name = kb.regions[region].name if region in kb.regions else region
    if side in ("left", "right"):
        return f"{side.capitalize()} {name[0].lower()}{name[1:]}"
    if side == "both":
        return f"{name} (both sides)"
    return name


@dataclass(frozen=True)
class PlaceOption:
    value: str  # "calf:left": what the form sends and the body map's data attributes say
    label: str  # "Left" (the row says "Calf")
    full: str  # "Left calf", for screen readers and the summary


@dataclass(frozen=True)
class PlaceRow:
    region: str
    name: str
    options: tuple[PlaceOption, ...]


def place_rows(kb: KnowledgeBase) -> list[tuple[str, list[PlaceRow]]]:
    """The region checklist: groups of rows, one row per region, a box per side."""
    out = []
    for group, title in REGION_GROUPS:
        rows = []
        for region in sorted(
            (r for r in kb.regions.values() if r.group == group), key=lambda r: r.name
        ):
            if region.is_sided:
                options = tuple(
                    PlaceOption(
                        f"{region.id}:{side}", side.capitalize(), place_name(kb, region.id, side)
                    )
                    for side in ("left", "right")
                )
            else:
                options = (PlaceOption(f"{region.id}:center", "Yes", region.name),)
            rows.append(PlaceRow(region.id, region.name, options))
        if rows:
            out.append((title, rows))
    return out


def region_choices(kb: KnowledgeBase) -> list[tuple[str, list[tuple[str, str]]]]:
    """Regions grouped for a <select> with <optgroup>s."""
    return [
        (
            title,
            [
                (r.id, r.name)
                for r in sorted(kb.regions.values(), key=lambda r: r.name)
                if r.group == group
            ],
        )
        for group, title in REGION_GROUPS
    ]


def muscle_choices(kb: KnowledgeBase) -> list[tuple[str, str]]:
    return sorted(((m.id, m.name) for m in kb.muscles.values()), key=lambda m: m[1])


def parse_location(value: str, kb: KnowledgeBase) -> Location | None:
    """'calf:left' -> Location; None for anything the map could not have sent."""
    region, _, side = value.partition(":")
    if region not in kb.regions or side not in ("", *(s.value for s in Side)):
        return None
    if side == "center" and kb.regions[region].is_sided:
        side = ""
    return Location(region, Side(side) if side else None)


def merge_locations(*groups: Iterable[Location]) -> tuple[Location, ...]:
    """All places, once each; a place without a side yields to the same place with one."""
    every = list(dict.fromkeys(loc for group in groups for loc in group))
    sided = {loc.region for loc in every if loc.side is not None}
    return tuple(loc for loc in every if loc.side is not None or loc.region not in sided)


# --- the check form (GET; stores nothing) --------------------------------------------------


@dataclass(frozen=True)
class CheckAnswers:
    facts: Facts
    notes: tuple[str, ...]  # what the language layer wants the person to see
    has_text: bool


def _number(form: FormState, name: str, raw: str, low: int, high: int, message: str) -> int | None:
    if raw == "":
        return None
    try:
        value = int(raw)
    except ValueError:
        form.add(name, message)
        return None
    if not low <= value <= high:
        form.add(name, message)
        return None
    return value


def _known(
    form: FormState, name: str, values: list[str], known: Mapping[str, Any], what: str
) -> frozenset[str]:
    bad = [v for v in values if v not in known]
    if bad:
        form.add(name, f"Unknown {what}: {', '.join(bad)}.")
    return frozenset(v for v in values if v in known)


def check_values(data: Any) -> dict[str, Any]:
    """The check form's fields as typed (a QueryDict or any mapping of lists)."""

    def one(name: str) -> str:
        return str(data.get(name, "")).strip()

    return {
        "loc": data.getlist("loc"),
        "text": str(data.get("text", "")),
        "pain": one("pain"),
        "days": one("days"),
        "age": one("age"),
        "trend": one("trend"),
        "limits": bool(data.get("limits")),
        "recurring": bool(data.get("recurring")),
        "symptoms": data.getlist("symptoms"),
        "conditions": data.getlist("conditions"),
    }


PAIN_RANGE = "Pain is rated from 0 (no pain) to 10 (worst imaginable)."
DAYS_RANGE = "Use a whole number of days, like 3 (0 if it started today)."
AGE_RANGE = "Use your age in whole years, like 42."


def parse_check(data: Any, kb: KnowledgeBase, today: date) -> tuple[FormState, CheckAnswers]:
    """Read the check form. Answers are returned even with errors: triage still runs on them."""
    form = FormState(check_values(data))
    typed = _typed_facts(form, kb)
    text = form.values["text"].strip()
    if len(text) > MAX_TEXT:
        form.add("text", f"Please keep this under {MAX_TEXT} characters (it is {len(text)}).")
        text = ""
    if not text:
        return form, CheckAnswers(typed, (), False)
    understood = understand(text, kb, today)
    return form, CheckAnswers(_merge(typed, understood.facts), understood.notes, True)


def _typed_facts(form: FormState, kb: KnowledgeBase) -> Facts:
    """The ticked and typed answers; anything unreadable is left out and named in `form`."""
    values = form.values
    locations = []
    for raw in values["loc"]:
        loc = parse_location(raw, kb)
        if loc is None:
            form.add("loc", f"Unknown place: {raw}.")
        else:
            locations.append(loc)
    if values["trend"] and values["trend"] not in dict(TRENDS):
        form.add("trend", "Choose better, about the same or worse.")
    return Facts(
        locations=tuple(locations),
        pain=_number(form, "pain", values["pain"], 0, 10, PAIN_RANGE),
        days=_number(form, "days", values["days"], 0, 36500, DAYS_RANGE),
        age=_number(form, "age", values["age"], 0, 130, AGE_RANGE),
        symptoms=_known(form, "symptoms", values["symptoms"], kb.symptoms, "symptom"),
        conditions=_known(form, "conditions", values["conditions"], kb.conditions, "condition"),
        limits_daily_activities=values["limits"] or None,
        trend=Trend(values["trend"]) if values["trend"] in dict(TRENDS) else None,
        recurring=values["recurring"] or None,
    )


def _merge(typed: Facts, read: Facts) -> Facts:
    """The ticked answers win where both say something; sets are joined."""

    def pick(a: Any, b: Any) -> Any:
        return a if a is not None else b

    return replace(
        typed,
        locations=merge_locations(typed.locations, read.locations),
        pain=pick(typed.pain, read.pain),
        days=pick(typed.days, read.days),
        age=pick(typed.age, read.age),
        trend=pick(typed.trend, read.trend),
        symptoms=typed.symptoms | read.symptoms,
        conditions=typed.conditions | read.conditions,
        limits_daily_activities=pick(typed.limits_daily_activities, read.limits_daily_activities),
        recurring=pick(typed.recurring, read.recurring),
    )


# --- knots --------------------------------------------------------------------------------

KNOT_TEXT_FIELDS = ("region", "side", "muscle", "size", "limits", "started_on", "notes", "pain")


def knot_values(data: Any) -> dict[str, Any]:
    """A knot form as typed: text fields, ticked lists and the five activity boxes."""
    values: dict[str, Any] = {name: str(data.get(name, "")) for name in KNOT_TEXT_FIELDS}
    values["feel"] = data.getlist("feel")
    values["symptoms"] = data.getlist("symptoms")
    values["limits_daily_activities"] = bool(data.get("limits_daily_activities"))
    values["recurring"] = bool(data.get("recurring"))
    values["activities"] = _five(data.getlist("activities"))
    return values


def _five(names: list[str]) -> list[str]:
    names = [str(n) for n in names]
    return names + [""] * (MAX_ACTIVITIES - len(names)) if len(names) < MAX_ACTIVITIES else names


def knot_values_of(knot: Any) -> dict[str, Any]:
    """An existing knot, as its edit form shows it."""
    return {
        "region": knot.region,
        "side": knot.side,
        "muscle": knot.muscle,
        "size": knot.size,
        "limits": knot.limits,
        "started_on": knot.started_on.isoformat(),
        "notes": knot.notes,
        "pain": "",
        "feel": list(knot.feel),
        "symptoms": list(knot.symptoms),
        "limits_daily_activities": knot.limits_daily_activities,
        "recurring": knot.recurring,
        "activities": _five([a.name for a in knot.activities.all()]),
    }


def knot_values_prefilled(data: Any, kb: KnowledgeBase, today: date) -> dict[str, Any]:
    """A new knot's form, filled from the check result's "Track this knot" link."""
    values = knot_values(data)
    values["symptoms"] = [s for s in values["symptoms"] if s in kb.symptoms]
    days = data.get("days", "")
    if days.isdigit() and int(days) <= 36500 and not values["started_on"]:
        values["started_on"] = (today - timedelta(days=int(days))).isoformat()
    values["started_on"] = values["started_on"] or today.isoformat()
    return values


def knot_input(values: Mapping[str, Any]) -> KnotInput:
    return KnotInput(
        region=values["region"],
        side=values["side"],
        muscle=values["muscle"],
        size=values["size"],
        feel=list(values["feel"]),
        symptoms=list(values["symptoms"]),
        limits=values["limits"],
        limits_daily_activities=values["limits_daily_activities"],
        recurring=values["recurring"],
        started_on=values["started_on"],
        notes=values["notes"],
        activities=[a for a in values["activities"] if a.strip()],
    )


def first_pain(form: FormState) -> int | None:
    """The optional 'pain right now' of a new knot, checked before anything is stored."""
    return _number(form, "pain", form.values.get("pain", "").strip(), 0, 10, PAIN_RANGE)


SIZE_CHOICES = Size.choices
FEEL_CHOICES = Feel.choices
STRATEGY_CHOICES = Strategy.choices


# --- check-ins and sessions --------------------------------------------------------------


def checkin_values(data: Any) -> dict[str, Any]:
    scores = {
        key.removeprefix("score_"): str(value)
        for key, value in data.items()
        if key.startswith("score_")
    }
    return {
        "pain": str(data.get("pain", "")),
        "notes": str(data.get("notes", "")),
        "scores": scores,
    }


def session_values(data: Any) -> dict[str, Any]:
    names = ("strategy", "tool", "minutes", "pain_before", "pain_after", "notes")
    return {name: str(data.get(name, "")) for name in names}
