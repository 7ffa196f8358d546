"""Declarative condition trees: the small, total language triage rules are written in.

A rule's `when` is data (a TOML table). `compile_condition` checks it once, at
load time, against the knowledge base's ids and turns it into a tree of tiny
node objects; evaluating a node can only read facts and combine booleans, so
there is no `eval`, no loop that can run away and no way for a rule file to
do anything but answer yes or no.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from unknot.core.model import Facts, Side, Trend


class Condition(Protocol):
    def holds(self, facts: Facts) -> bool: ...


class ConditionError(ValueError):
    """A problem in a condition tree; `path` says where (e.g. `when.all[1].symptom`)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


@dataclass(frozen=True)
class Vocabulary:
    """The ids a condition may name; unknown ids are load-time errors."""

    regions: frozenset[str]
    symptoms: frozenset[str]
    conditions: frozenset[str]


@dataclass(frozen=True)
class All:
    parts: tuple[Condition, ...]

    def holds(self, facts: Facts) -> bool:
        return all(p.holds(facts) for p in self.parts)


@dataclass(frozen=True)
class Any_:
    parts: tuple[Condition, ...]

    def holds(self, facts: Facts) -> bool:
        return any(p.holds(facts) for p in self.parts)


@dataclass(frozen=True)
class Not:
    part: Condition

    def holds(self, facts: Facts) -> bool:
        return not self.part.holds(facts)


@dataclass(frozen=True)
class AtLeast:
    n: int
    parts: tuple[Condition, ...]

    def holds(self, facts: Facts) -> bool:
        return sum(1 for p in self.parts if p.holds(facts)) >= self.n


@dataclass(frozen=True)
class HasAnySymptom:
    ids: frozenset[str]

    def holds(self, facts: Facts) -> bool:
        return not self.ids.isdisjoint(facts.symptoms)


@dataclass(frozen=True)
class HasAllSymptoms:
    ids: frozenset[str]

    def holds(self, facts: Facts) -> bool:
        return self.ids <= facts.symptoms


@dataclass(frozen=True)
class HasAnyCondition:
    ids: frozenset[str]

    def holds(self, facts: Facts) -> bool:
        return not self.ids.isdisjoint(facts.conditions)


@dataclass(frozen=True)
class InLocation:
    regions: frozenset[str]
    sides: frozenset[Side] | None  # None: any side

    def holds(self, facts: Facts) -> bool:
        for loc in facts.locations:
            if loc.region not in self.regions:
                continue
            # An unknown side could be the dangerous one: count it (when unsure, escalate).
            if self.sides is None or loc.side is None or loc.side in self.sides:
                return True
        return False


_OPS: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
    "!=": operator.ne,
}
_NUMERIC_FACTS = ("pain", "days", "age", "region_count")


@dataclass(frozen=True)
class Compare:
    fact: str
    op: str
    value: int

    def holds(self, facts: Facts) -> bool:
        if self.fact == "region_count":
            actual: int | None = len(facts.regions)
        else:
            actual = getattr(facts, self.fact)
        return actual is not None and _OPS[self.op](actual, self.value)


_IS_CHECKS: dict[str, Callable[[Facts], bool]] = {
    "trend_better": lambda f: f.trend is Trend.BETTER,
    "trend_same": lambda f: f.trend is Trend.SAME,
    "trend_worse": lambda f: f.trend is Trend.WORSE,
    "limits_daily_activities": lambda f: f.limits_daily_activities is True,
    "recurring": lambda f: f.recurring is True,
}


@dataclass(frozen=True)
class Is:
    name: str

    def holds(self, facts: Facts) -> bool:
        return _IS_CHECKS[self.name](facts)


# Nodes whose truth can flip from true to false when a symptom, condition or
# region is *added*; they may not sit under `not`, so triage stays monotone.
_MONOTONE_ONLY = (HasAnySymptom, HasAllSymptoms, HasAnyCondition, InLocation, AtLeast, All, Any_)


def compile_condition(tree: Any, vocab: Vocabulary, path: str = "when") -> Condition:
    """Check a condition tree and compile it; raise ConditionError on the first problem."""
    if not isinstance(tree, Mapping) or len(tree) != 1:
        raise ConditionError(path, "a condition is a table with exactly one key")
    ((key, arg),) = tree.items()
    here = f"{path}.{key}"
    builder = _BUILDERS.get(key)
    if builder is None:
        raise ConditionError(here, f"unknown condition {key!r}; known: {', '.join(_BUILDERS)}")
    return builder(arg, vocab, here)


def _parts(arg: Any, vocab: Vocabulary, path: str) -> tuple[Condition, ...]:
    if not isinstance(arg, list) or not arg:
        raise ConditionError(path, "expected a non-empty list of conditions")
    return tuple(compile_condition(a, vocab, f"{path}[{i}]") for i, a in enumerate(arg))


def _ids(arg: Any, known: frozenset[str], kind: str, path: str) -> frozenset[str]:
    items = [arg] if isinstance(arg, str) else arg
    if not isinstance(items, list) or not items or not all(isinstance(i, str) for i in items):
        raise ConditionError(path, f"expected a {kind} id or a non-empty list of them")
    for item in items:
        if item not in known:
            raise ConditionError(path, f"unknown {kind} {item!r}")
    return frozenset(items)


def _not(arg: Any, vocab: Vocabulary, path: str) -> Condition:
    inner = compile_condition(arg, vocab, path)
    if _mentions_monotone(inner):
        raise ConditionError(
            path,
            "`not` may only hold compare/is facts: negating symptoms, conditions or regions "
            "would let an added finding lower the level",
        )
    return Not(inner)


def _mentions_monotone(node: Condition) -> bool:
    if isinstance(node, (All, Any_, AtLeast)):
        return any(_mentions_monotone(p) for p in node.parts)
    if isinstance(node, Not):
        return _mentions_monotone(node.part)
    return isinstance(node, _MONOTONE_ONLY)


def _at_least(arg: Any, vocab: Vocabulary, path: str) -> Condition:
    if not isinstance(arg, Mapping) or set(arg) != {"n", "of"}:
        raise ConditionError(path, "expected { n = <count>, of = [conditions] }")
    n = arg["n"]
    parts = _parts(arg["of"], vocab, f"{path}.of")
    if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= len(parts):
        raise ConditionError(f"{path}.n", f"must be a whole number from 1 to {len(parts)}")
    return AtLeast(n, parts)


def _location(arg: Any, vocab: Vocabulary, path: str) -> Condition:
    if not isinstance(arg, Mapping) or "regions" not in arg or set(arg) - {"regions", "sides"}:
        raise ConditionError(path, "expected { regions = [...], sides = [...] }")
    regions = _ids(arg["regions"], vocab.regions, "region", f"{path}.regions")
    sides_arg = arg.get("sides")
    if sides_arg is None:
        return InLocation(regions, None)
    if not isinstance(sides_arg, list) or not sides_arg:
        raise ConditionError(f"{path}.sides", "expected a non-empty list of sides")
    try:
        sides = frozenset(Side(s) for s in sides_arg)
    except ValueError:
        raise ConditionError(f"{path}.sides", "sides are left, right, both or center") from None
    return InLocation(regions, sides)


def _compare(arg: Any, vocab: Vocabulary, path: str) -> Condition:
    if not isinstance(arg, Mapping) or set(arg) != {"fact", "op", "value"}:
        raise ConditionError(path, "expected { fact = ..., op = ..., value = ... }")
    if arg["fact"] not in _NUMERIC_FACTS:
        raise ConditionError(f"{path}.fact", f"must be one of {', '.join(_NUMERIC_FACTS)}")
    if arg["op"] not in _OPS:
        raise ConditionError(f"{path}.op", f"must be one of {' '.join(_OPS)}")
    value = arg["value"]
    if not isinstance(value, int) or isinstance(value, bool):
        raise ConditionError(f"{path}.value", "must be a whole number")
    return Compare(arg["fact"], arg["op"], value)


def _is(arg: Any, vocab: Vocabulary, path: str) -> Condition:
    if arg not in _IS_CHECKS:
        raise ConditionError(path, f"must be one of {', '.join(_IS_CHECKS)}")
    return Is(arg)


_BUILDERS: dict[str, Callable[[Any, Vocabulary, str], Condition]] = {
    "all": lambda a, v, p: All(_parts(a, v, p)),
    "any": lambda a, v, p: Any_(_parts(a, v, p)),
    "not": _not,
    "at_least": _at_least,
    "symptom": lambda a, v, p: HasAnySymptom(_ids(a, v.symptoms, "symptom", p)),
    "any_symptom": lambda a, v, p: HasAnySymptom(_ids(a, v.symptoms, "symptom", p)),
    "all_symptoms": lambda a, v, p: HasAllSymptoms(_ids(a, v.symptoms, "symptom", p)),
    "condition": lambda a, v, p: HasAnyCondition(_ids(a, v.conditions, "condition", p)),
    "any_condition": lambda a, v, p: HasAnyCondition(_ids(a, v.conditions, "condition", p)),
    "region_in": lambda a, v, p: InLocation(_ids(a, v.regions, "region", p), None),
    "location": _location,
    "compare": _compare,
    "is": _is,
}


def mentioned_ids(node: Condition) -> Iterable[str]:
    """Every symptom, condition and region id a compiled tree names (for docs and tests)."""
    if isinstance(node, (All, Any_, AtLeast)):
        for part in node.parts:
            yield from mentioned_ids(part)
    elif isinstance(node, Not):
        yield from mentioned_ids(node.part)
    elif isinstance(node, (HasAnySymptom, HasAllSymptoms, HasAnyCondition)):
        yield from sorted(node.ids)
    elif isinstance(node, InLocation):
        yield from sorted(node.regions)


def required_atoms(node: Condition) -> frozenset[str] | None:
    """Findings of which at least one must be present for `node` to hold, if there are such.

    Atoms are "s:<symptom>", "c:<condition>" and "r:<region>". Triage uses this
    to skip, with one set operation, the many rules that cannot fire for a
    given person; None means the node can hold without any finding.
    """
    if isinstance(node, (HasAnySymptom, HasAllSymptoms)):
        return frozenset(f"s:{i}" for i in node.ids)
    if isinstance(node, HasAnyCondition):
        return frozenset(f"c:{i}" for i in node.ids)
    if isinstance(node, InLocation):
        return frozenset(f"r:{i}" for i in node.regions)
    if isinstance(node, (Any_, AtLeast)):
        parts = [required_atoms(p) for p in node.parts]
        if any(p is None for p in parts):
            return None
        return frozenset().union(*(p for p in parts if p is not None))
    if isinstance(node, All):
        known = [a for a in (required_atoms(p) for p in node.parts) if a is not None]
        return min(known, key=len) if known else None
    return None


def atoms_of(facts: Facts) -> frozenset[str]:
    return frozenset(
        [
            *(f"s:{s}" for s in facts.symptoms),
            *(f"c:{c}" for c in facts.conditions),
            *(f"r:{loc.region}" for loc in facts.locations),
        ]
    )
