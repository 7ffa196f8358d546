"""The recovery and stress log and the prevention settings: the operations shared by the
pages, the JSON API and the command line.

Like the journal's services, every write validates first and raises
services.InvalidInput with plain messages per field, and stores nothing half-way. A day
can be written on that day and the day after (a log filled in the next morning is the
common case); older days are history.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from unknot.core.clock import Clock, SystemClock
from unknot.web.journal.services import InvalidInput, _Errors, _pain
from unknot.web.plain_sql import ModelReader
from unknot.web.prevention.models import PreventionSettings, RecoveryEntry, WaterUnit

GLASS_ML = 250
EDITABLE_DAYS = 2  # today and yesterday
FIELDS = (
    "sleep_hours",
    "sleep_quality",
    "water",
    "stress",
    "exercise_minutes",
    "exercise_kind",
)
SLEEP_QUALITY = {1: "Very poor", 2: "Poor", 3: "Fair", 4: "Good", 5: "Very good"}
_INPUT = {"water_ml": "water"}  # the column -> the field it is typed into
WATER_LIMITS = {WaterUnit.GLASSES: Decimal(40), WaterUnit.LITRES: Decimal(10)}


_SETTINGS = ModelReader(PreventionSettings)  # Today's early warnings read it: plain SQL


def settings_of(owner: Any) -> PreventionSettings:
    found = _SETTINGS.read('"owner_id" = %s', [owner.pk])
    if found:
        return found[0]
    made, _ = PreventionSettings.objects.get_or_create(owner=owner)
    return made


def update_settings(owner: Any, changes: Mapping[str, Any]) -> PreventionSettings:
    """Change how often check-ins ask (every_days, per_day) and the water unit."""
    errors = _Errors()
    cleaned: dict[str, Any] = {}
    limits = {"every_days": (1, 14), "per_day": (1, 5)}
    for name, value in changes.items():
        if name in limits:
            low, high = limits[name]
            number = _number(errors, name, value, Decimal(low), Decimal(high), whole=True)
            if number is not None:
                cleaned[name] = int(number)
            elif name not in errors.found:
                errors.add(name, f"Choose a whole number from {low} to {high}.")
        elif name == "water_unit":
            if value not in WaterUnit.values:
                errors.add(name, "Choose glasses or litres.")
            else:
                cleaned[name] = value
        else:
            errors.add(name, "This is not a prevention setting.")
    errors.raise_if_any()
    found = settings_of(owner)
    for name, value in cleaned.items():
        setattr(found, name, value)
    found.save()
    return found


# --- the daily entry ------------------------------------------------------------------------


def editable_days(today: date) -> tuple[date, ...]:
    return tuple(today - timedelta(days=n) for n in range(EDITABLE_DAYS))


def parse_day(value: Any, today: date) -> date:
    """'today', 'yesterday' or an ISO date among the days that can still be written."""
    errors = _Errors()
    day: date | None = None
    if value in (None, "", "today"):
        day = today
    elif value == "yesterday":
        day = today - timedelta(days=1)
    elif isinstance(value, date):
        day = value
    elif isinstance(value, str):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            errors.add("day", "Use today, yesterday or a date like 2026-11-28.")
    else:
        errors.add("day", "Use today, yesterday or a date like 2026-11-28.")
    if day is not None and day not in editable_days(today):
        errors.add("day", "The log can be filled in for today and yesterday only.")
    errors.raise_if_any()
    assert day is not None
    return day


def save_entry(
    owner: Any,
    values: Mapping[str, Any],
    *,
    day: Any = None,
    partial: bool = False,
    water_unit: str | None = None,
    clock: Clock | None = None,
) -> RecoveryEntry:
    """Write the day's entry. Every field left empty is "not logged"; with `partial`, the
    fields not given keep what they had (the command line logs one thing at a time).
    Water is read in `water_unit` (the person's setting when not given)."""
    today = (clock or SystemClock()).today()
    unit = water_unit or settings_of(owner).water_unit
    errors = _Errors()
    for name in values:
        if name not in FIELDS:
            errors.add(name, "This is not part of the daily log.")
    try:
        when = parse_day(day, today)
    except InvalidInput as exc:
        errors.found.update(exc.errors)
        when = today
    cleaned = _clean(errors, values, unit)
    errors.raise_if_any()
    if partial:
        cleaned = {k: v for k, v in cleaned.items() if _INPUT.get(k, k) in values}
    if not any(v not in (None, "") for v in cleaned.values()):
        raise InvalidInput({"log": ["Fill in at least one thing to log."]})
    with transaction.atomic():
        entry, _ = RecoveryEntry.objects.select_for_update().get_or_create(owner=owner, day=when)
        for name, value in cleaned.items():
            setattr(entry, name, value)
        entry.save()
    return entry


def _clean(errors: _Errors, values: Mapping[str, Any], unit: str) -> dict[str, Any]:
    water = _number(errors, "water", values.get("water"), Decimal(0), WATER_LIMITS[unit])
    minutes = _number(
        errors, "exercise_minutes", values.get("exercise_minutes"), Decimal(0), Decimal(600), True
    )
    quality = _number(
        errors, "sleep_quality", values.get("sleep_quality"), Decimal(1), Decimal(5), True
    )
    kind = values.get("exercise_kind") or ""
    if not isinstance(kind, str):
        errors.add("exercise_kind", "This should be text.")
        kind = ""
    elif len(kind.strip()) > 60:
        errors.add("exercise_kind", "Please keep this under 60 characters.")
    return {
        "sleep_hours": _number(
            errors, "sleep_hours", values.get("sleep_hours"), Decimal(0), Decimal(24)
        ),
        "sleep_quality": int(quality) if quality is not None else None,
        "water_ml": to_ml(water, unit) if water is not None else None,
        "stress": _pain_or_none(errors, values.get("stress")),
        "exercise_minutes": int(minutes) if minutes is not None else None,
        "exercise_kind": " ".join(kind.split()),
    }


def _pain_or_none(errors: _Errors, value: Any) -> int | None:
    before = len(errors.found.get("stress", []))
    found = _pain(errors, "stress", value, required=False)
    if len(errors.found.get("stress", [])) > before:
        errors.found["stress"] = ["Rate stress from 0 (none) to 10 (the most you can imagine)."]
    return found


def _number(
    errors: _Errors, field: str, value: Any, low: Decimal, high: Decimal, whole: bool = False
) -> Decimal | None:
    """A number from low to high (a comma works as the decimal mark), one decimal place at
    most; None when left empty."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, (int, float, Decimal)):
        number = Decimal(str(value))
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip().replace(",", "."))
        except InvalidOperation:
            number = None
    else:
        number = None
    what = "a whole number" if whole else "a number"
    if number is None or not number.is_finite():
        errors.add(field, f"Use {what} from {low} to {high}.")
        return None
    if not low <= number <= high or (whole and number != number.to_integral_value()):
        errors.add(field, f"Use {what} from {low} to {high}.")
        return None
    return number.quantize(Decimal("0.1"))


def to_ml(amount: Decimal, unit: str) -> int:
    return int(amount * (GLASS_ML if unit == WaterUnit.GLASSES else 1000))


def from_ml(ml: int, unit: str) -> float:
    """Millilitres in the person's unit: glasses to the half glass, litres to 0.1."""
    if unit == WaterUnit.GLASSES:
        return round(ml / GLASS_ML * 2) / 2
    return round(ml / 1000, 1)


def entry_for(owner: Any, day: date) -> RecoveryEntry | None:
    return RecoveryEntry.objects.filter(owner=owner, day=day).first()


def entries(owner: Any, limit: int = 60, before: date | None = None) -> list[RecoveryEntry]:
    rows = RecoveryEntry.objects.filter(owner=owner)
    if before is not None:
        rows = rows.filter(day__lt=before)
    return list(rows.order_by("-day")[:limit])


@dataclass(frozen=True)
class EntryView:
    """An entry as people and programs read it (water in the person's unit)."""

    day: date
    sleep_hours: float | None
    sleep_quality: int | None
    water: float | None
    water_unit: str
    stress: int | None
    exercise_minutes: int | None
    exercise_kind: str

    def to_json(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "sleep_hours": self.sleep_hours,
            "sleep_quality": self.sleep_quality,
            "water": self.water,
            "water_unit": self.water_unit,
            "stress": self.stress,
            "exercise_minutes": self.exercise_minutes,
            "exercise_kind": self.exercise_kind,
        }


def view(entry: RecoveryEntry, unit: str) -> EntryView:
    return EntryView(
        entry.day,
        float(entry.sleep_hours) if entry.sleep_hours is not None else None,
        entry.sleep_quality,
        from_ml(entry.water_ml, unit) if entry.water_ml is not None else None,
        unit,
        entry.stress,
        entry.exercise_minutes,
        entry.exercise_kind,
    )


def describe(entry: EntryView) -> str:
    """'Slept 7 h (good), water 6 glasses, stress 4/10, 30 min walk' ('' when empty)."""
    parts = []
    if entry.sleep_hours is not None:
        quality = SLEEP_QUALITY.get(entry.sleep_quality or 0, "")
        parts.append(
            f"slept {entry.sleep_hours:g} h" + (f" ({quality.lower()})" if quality else "")
        )
    elif entry.sleep_quality is not None:
        parts.append(f"sleep {SLEEP_QUALITY[entry.sleep_quality].lower()}")
    if entry.water is not None:
        word = "glasses" if entry.water_unit == WaterUnit.GLASSES else "l"
        parts.append(f"water {entry.water:g} {word}")
    if entry.stress is not None:
        parts.append(f"stress {entry.stress}/10")
    if entry.exercise_minutes:
        kind = f" {entry.exercise_kind.lower()}" if entry.exercise_kind else " exercise"
        parts.append(f"{entry.exercise_minutes} min{kind}")
    elif entry.exercise_kind:
        parts.append(entry.exercise_kind.lower())
    line = ", ".join(parts)
    return line[:1].upper() + line[1:]
