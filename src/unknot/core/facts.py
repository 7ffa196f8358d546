"""Turn the contract's JSON facts object into `Facts`, strictly.

Unknown ids are errors that name the closest known ids: a typo silently
dropped could hide the one symptom that matters.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from unknot.core.model import Facts, Location, Side, Trend

if TYPE_CHECKING:
    from unknot.core.kb import KnowledgeBase

_KEYS = frozenset(
    {
        "locations",
        "pain",
        "days",
        "age",
        "symptoms",
        "conditions",
        "limits_daily_activities",
        "trend",
        "recurring",
    }
)


_SIDES = {side.value: side for side in Side}
_TRENDS = {trend.value: trend for trend in Trend}


class FactsError(ValueError):
    """Bad input in a facts object; the message is one line meant for a person."""


def closest(item: str, known: Iterable[str], n: int = 3) -> list[str]:
    return difflib.get_close_matches(item, list(known), n=n, cutoff=0.5)


def _unknown(kind: str, item: object, known: Iterable[str]) -> FactsError:
    near = closest(str(item), known)
    hint = f"; closest known: {', '.join(near)}" if near else ""
    return FactsError(f"unknown {kind} id {item!r}{hint}")


def parse_facts(obj: Any, kb: KnowledgeBase) -> Facts:
    if not isinstance(obj, Mapping):
        raise FactsError("a facts object must be a JSON object")
    extra = set(obj) - _KEYS
    if extra:
        name = sorted(extra)[0]
        near = closest(name, _KEYS)
        hint = f"; did you mean {near[0]}?" if near else ""
        raise FactsError(f"unknown field {name!r}{hint}")
    if "locations" not in obj:
        raise FactsError("'locations' is required (a list of regions, e.g. [\"calf\"])")
    return Facts(
        locations=_locations(obj["locations"], kb),
        pain=_int(obj, "pain", 0, 10),
        days=_int(obj, "days", 0, 36500),
        age=_int(obj, "age", 0, 130),
        symptoms=_ids(obj, "symptoms", kb.symptoms),
        conditions=_ids(obj, "conditions", kb.conditions),
        limits_daily_activities=_bool(obj, "limits_daily_activities"),
        trend=_trend(obj.get("trend")),
        recurring=_bool(obj, "recurring"),
    )


def _locations(raw: Any, kb: KnowledgeBase) -> tuple[Location, ...]:
    if not isinstance(raw, list):
        raise FactsError("'locations' must be a list")
    out = set()
    for item in raw:
        if isinstance(item, str):
            region, side = item, None
        elif isinstance(item, Mapping) and "region" in item and set(item) <= {"region", "side"}:
            region, side = item["region"], item.get("side")
        else:
            raise FactsError('each location is a region id or {"region": ..., "side": ...}')
        if region not in kb.regions:
            raise _unknown("region", region, kb.regions)
        if side is not None and side not in _SIDES:
            raise FactsError(f"unknown side {side!r}; use left, right, both or center")
        out.add(Location(region, _SIDES[side] if side is not None else None))
    if len(out) == 1:
        return tuple(out)
    return tuple(sorted(out, key=lambda loc: (loc.region, loc.side or "")))


def _int(obj: Mapping[str, Any], key: str, low: int, high: int) -> int | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool):
        raise FactsError(f"'{key}' must be a whole number from {low} to {high}")
    if not low <= value <= high:
        raise FactsError(f"'{key}' is {value}; it must be from {low} to {high}")
    return value


def _bool(obj: Mapping[str, Any], key: str) -> bool | None:
    value = obj.get(key)
    if value is None or isinstance(value, bool):
        return value
    raise FactsError(f"'{key}' must be true or false")


def _ids(obj: Mapping[str, Any], key: str, known: Mapping[str, Any]) -> frozenset[str]:
    raw = obj.get(key, [])
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise FactsError(f"'{key}' must be a list of ids")
    for item in raw:
        if item not in known:
            raise _unknown(key.rstrip("s"), item, known)
    return frozenset(raw)


def _trend(value: Any) -> Trend | None:
    if value is None:
        return None
    if not isinstance(value, str) or value not in _TRENDS:
        raise FactsError(f"unknown trend {value!r}; use better, same or worse")
    return _TRENDS[value]
