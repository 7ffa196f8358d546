"""Creating an experiment: the person's choices checked, the design made, the whole
schedule stored; and the safety checks that decide whether an experiment may start, or
should pause.

When it starts, the experiment's baseline is measured from the knot's journal and stored
with it (baseline.py): how much the pain moved from day to day before, never after.

Safety first: an experiment for a knot starts only while self-care suits the knot, and an
option the person's precautions rule out (warmth and cold with reduced sensation, say)
cannot be chosen. Every write validates first and raises journal.services.InvalidInput
with plain messages per field, and stores nothing half-way.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction

from unknot.core import experiment_options
from unknot.core.clock import Clock, SystemClock
from unknot.core.experiments import (
    DEFAULT_BLOCKS,
    DEFAULT_SMALLEST_DIFFERENCE,
    MAX_BLOCKS,
    MAX_WASHOUT_DAYS,
    MIN_BLOCKS,
    OUTCOMES,
    UNITS,
    Design,
    DesignError,
    Option,
)
from unknot.core.facts import closest
from unknot.core.kb import KnowledgeBase, default_kb
from unknot.core.model import Facts, Level
from unknot.web.experiments.baseline import measure, stored_fields
from unknot.web.experiments.models import Experiment, Period, Status
from unknot.web.journal import services as journal
from unknot.web.journal.models import Knot
from unknot.web.journal.services import InvalidInput, _Errors

PAIRS = f"Use a whole number of pairs, {MIN_BLOCKS} to {MAX_BLOCKS}."
REST = f"Use a whole number of rest days, 0 to {MAX_WASHOUT_DAYS}."


@dataclass
class Setup:
    """What the person chose; every field is checked by create_experiment."""

    option_a: Any = "heat"
    option_b: Any = "cold"
    outcome: Any = "session_relief"
    blocks: Any = DEFAULT_BLOCKS
    unit: Any = "day"
    washout_days: Any = 0
    smallest_difference: Any = DEFAULT_SMALLEST_DIFFERENCE
    seed: Any = None


def create_experiment(
    owner: Any,
    setup: Setup,
    knot: Knot | None = None,
    clock: Clock | None = None,
    kb: KnowledgeBase | None = None,
) -> Experiment:
    """Design, check and store a new experiment with its whole schedule; it starts today."""
    kb, clock = kb or default_kb(), clock or SystemClock()
    errors = _Errors()
    a = _option(errors, "option_a", setup.option_a, kb)
    b = _option(errors, "option_b", setup.option_b, kb)
    if a and b and a.id == b.id:
        errors.add("option_b", "Choose two different things to compare.")
    numbers = {
        "blocks": _whole(errors, "blocks", setup.blocks, PAIRS, MIN_BLOCKS, MAX_BLOCKS),
        "washout_days": _whole(
            errors, "washout_days", setup.washout_days, REST, 0, MAX_WASHOUT_DAYS
        ),
        "seed": _seed(errors, setup.seed),
    }
    if setup.outcome not in OUTCOMES:
        errors.add("outcome", "Choose relief in a session or pain the next morning.")
    if setup.unit not in UNITS:
        errors.add("unit", "A period is a day or a session.")
    smallest = _number(errors, "smallest_difference", setup.smallest_difference)
    chosen = [(field, o) for field, o in (("option_a", a), ("option_b", b)) if o is not None]
    _check_safety(errors, owner, knot, chosen, kb, clock)
    errors.raise_if_any()
    assert a is not None and b is not None
    try:
        design = Design(
            a,
            b,
            outcome=str(setup.outcome),
            blocks=numbers["blocks"],
            unit=str(setup.unit),
            washout_days=numbers["washout_days"],
            seed=numbers["seed"],
            smallest_difference=smallest,
        )
    except DesignError as exc:
        raise InvalidInput({_field_of(str(exc)): [_sentence(str(exc))]}) from None
    return _store(owner, knot, design, clock.today())


def _store(owner: Any, knot: Knot | None, design: Design, start: date) -> Experiment:
    with transaction.atomic():
        if Experiment.objects.filter(owner=owner, knot=knot, status=Status.RUNNING).exists():
            where = "This knot" if knot is not None else "You"
            verb = "has" if knot is not None else "have"
            message = (
                f"{where} already {verb} an experiment running: finish or stop it first, so "
                "that the two do not mix."
            )
            raise InvalidInput({"knot": [message]})
        exp = Experiment.objects.create(
            owner=owner,
            knot=knot,
            option_a=design.a.id,
            option_a_label=design.a.label,
            option_b=design.b.id,
            option_b_label=design.b.label,
            outcome=design.outcome,
            blocks=design.blocks,
            unit=design.unit,
            washout_days=design.washout_days,
            seed=design.seed,
            smallest_difference=design.smallest_difference,
            started_on=start,
            **stored_fields(measure(knot, design, start)),
        )
        Period.objects.bulk_create(
            Period(
                experiment=exp,
                number=p.number,
                block=p.block,
                position=p.position,
                option=p.option,
                planned_on=start + timedelta(days=p.day_offset)
                if p.day_offset is not None
                else None,
            )
            for p in design.schedule()
        )
    return exp


_FIELDS = {
    "outcome": "outcome",
    "next-morning": "outcome",
    "period": "unit",
    "washout": "washout_days",
    "blocks": "blocks",
    "smallest difference": "smallest_difference",
    "two different": "option_b",
}


def _field_of(message: str) -> str:
    return next((f for words, f in _FIELDS.items() if words in message), "design")


def _sentence(text: str) -> str:
    return f"{text[:1].upper()}{text[1:]}."


def _option(errors: _Errors, field: str, value: Any, kb: KnowledgeBase) -> Option | None:
    if not isinstance(value, str) or not value.strip():
        which = "first" if field == "option_a" else "second"
        errors.add(field, f"Choose the {which} thing to compare.")
        return None
    try:
        return experiment_options.option(value.strip(), kb)
    except DesignError:
        near = closest(value, [c.id for c in experiment_options.choices(kb)])
        hint = f" Did you mean {', '.join(near)}?" if near else ""
        errors.add(field, f"Unknown thing to compare: {value!r}.{hint}")
        return None


def _whole(
    errors: _Errors, field: str, value: Any, message: str, low: int = 0, high: int = 2**63 - 1
) -> int:
    number = _signed_whole(value)
    if number is None or not low <= number <= high:
        errors.add(field, message)
        return low
    return number


def _number(errors: _Errors, field: str, value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = float("nan")
    if isinstance(value, bool) or not 0.5 <= number <= 5:
        errors.add(field, "Use a number of points from 0.5 to 5, such as 1.")
        return DEFAULT_SMALLEST_DIFFERENCE
    return round(number * 2) / 2  # whole and half points: ratings are whole numbers


def _seed(errors: _Errors, value: Any) -> int:
    if value in (None, ""):
        return secrets.randbelow(2**31)  # the random draw itself; stored, so it can be replayed
    return _whole(errors, "seed", value, "The seed is a whole number from 0.")


def safety_facts(
    owner: Any, knot: Knot | None, clock: Clock, kb: KnowledgeBase
) -> tuple[Facts | None, str]:
    """The facts the options' safety is checked against, or (None, why) when the knot needs
    a professional's look before any self-care experiment."""
    if knot is None:
        profile = journal.profile_of(owner)
        return Facts(conditions=frozenset(c for c in profile.conditions if c in kb.conditions)), ""
    status = journal.knot_status(knot, clock)
    if status.triage.level > Level.SELF_CARE:
        return None, (
            "This knot needs a professional's look before any self-care experiment: "
            f"{status.triage.advice}"
        )
    return status.triage.facts, ""


def safety_pause(
    exp: Experiment, clock: Clock | None = None, kb: KnowledgeBase | None = None
) -> str:
    """Why a running experiment should pause today ("" if it need not): the knot now needs a
    professional's look, or a precaution now rules one of the options out. Safety is
    checked every day, not only at the start."""
    kb, clock = kb or default_kb(), clock or SystemClock()
    facts, why = safety_facts(exp.owner, exp.knot, clock, kb)
    if facts is None:
        return f"Pause this experiment. {why}"
    for option_id, label in (
        (exp.option_a, exp.option_a_label),
        (exp.option_b, exp.option_b_label),
    ):
        reason = experiment_options.ruled_out(option_id, facts, kb)
        if reason:
            return f"Pause this experiment: {label.lower()} is no longer safe for you. {reason}"
    return ""


def _check_safety(
    errors: _Errors,
    owner: Any,
    knot: Knot | None,
    options: list[tuple[str, Option]],
    kb: KnowledgeBase,
    clock: Clock,
) -> None:
    facts, why = safety_facts(owner, knot, clock, kb)
    if facts is None:
        errors.add("knot", why)
        return
    for field, opt in options:
        reason = experiment_options.ruled_out(opt.id, facts, kb)
        if reason:
            errors.add(field, f"{opt.label} is not safe for you here: {reason}")


def _signed_whole(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None
