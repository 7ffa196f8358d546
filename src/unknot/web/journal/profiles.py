"""The person's profile (what a plan is fitted to) and the causes questionnaire: the
operations shared by the pages and the JSON API, like services.py.

Every write validates first and raises services.InvalidInput with plain messages per
field; nothing is stored half-way.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from unknot.core import causes as core_causes
from unknot.core import planner
from unknot.core.clock import Clock, SystemClock
from unknot.core.kb import KnowledgeBase, default_kb
from unknot.web.journal import services
from unknot.web.journal.models import HeatCold, Profile
from unknot.web.journal.services import _Errors, _list_of

ALWAYS_OWNED = "hands"  # everyone has hands: never a box to tick
OLDEST_AGE = 120


# --- the profile --------------------------------------------------------------------------


def update_profile(
    owner: Any,
    changes: Mapping[str, Any],
    clock: Clock | None = None,
    kb: KnowledgeBase | None = None,
) -> Profile:
    """Change the fields named in `changes` (tools, heat_cold, minutes, conditions,
    birth_year); the others keep their values. All are checked before any is stored."""
    kb = kb or default_kb()
    today = (clock or SystemClock()).today()
    errors = _Errors()
    cleaned: dict[str, Any] = {}
    for name, value in changes.items():
        check = _PROFILE_CHECKS.get(name)
        if check is None:
            errors.add(name, "This field is not part of the profile.")
        else:
            cleaned[name] = check(errors, value, kb, today)
    errors.raise_if_any()
    profile = services.profile_of(owner)
    for name, value in cleaned.items():
        setattr(profile, name, value)
    profile.save()
    return profile


def _tools(errors: _Errors, value: Any, kb: KnowledgeBase, today: date) -> list[str]:
    tools = _list_of(errors, "tools", value, kb.tools, "tool")
    return [t for t in tools if t != ALWAYS_OWNED]


def _heat_cold(errors: _Errors, value: Any, kb: KnowledgeBase, today: date) -> str:
    if value in (None, ""):
        return ""
    if value not in HeatCold.values:
        errors.add("heat_cold", "Choose warmth, cold, or 'not sure yet'.")
        return ""
    return str(value)


def _minutes(errors: _Errors, value: Any, kb: KnowledgeBase, today: date) -> int:
    number = _whole(value)
    if number is None or not 1 <= number <= planner.MAX_MINUTES:
        errors.add("minutes", f"Minutes should be a whole number from 1 to {planner.MAX_MINUTES}.")
        return planner.DEFAULT_MINUTES
    return number


def _conditions(errors: _Errors, value: Any, kb: KnowledgeBase, today: date) -> list[str]:
    return _list_of(errors, "conditions", value, kb.conditions, "condition")


def _birth_year(errors: _Errors, value: Any, kb: KnowledgeBase, today: date) -> int | None:
    if value in (None, ""):
        return None
    number = _whole(value)
    if number is None or not today.year - OLDEST_AGE <= number <= today.year:
        errors.add("birth_year", f"Use a year like 1985, from {today.year - OLDEST_AGE} on.")
        return None
    return number


_PROFILE_CHECKS = {
    "tools": _tools,
    "heat_cold": _heat_cold,
    "minutes": _minutes,
    "conditions": _conditions,
    "birth_year": _birth_year,
}


def _whole(value: Any) -> int | None:
    """A whole number from an int or its digits as text; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def profile_json(profile: Profile) -> dict[str, Any]:
    return {
        "birth_year": profile.birth_year,
        "conditions": list(profile.conditions),
        "tools": list(profile.tools),
        "heat_cold": profile.heat_cold or None,
        "minutes": profile.minutes,
        "causes": profile.causes or None,
    }


def planner_profile(
    profile: Profile, today: date, kb: KnowledgeBase | None = None
) -> planner.Profile:
    """The planner's view of the stored profile. Anything the knowledge base no longer
    knows (a tool or condition renamed since) is left out rather than failing the plan."""
    kb = kb or default_kb()
    age = today.year - profile.birth_year if profile.birth_year else None
    scored = stored_causes(profile, kb)
    return planner.Profile(
        conditions=frozenset(c for c in profile.conditions if c in kb.conditions),
        tools=frozenset(t for t in profile.tools if t in kb.tools),
        heat_cold=profile.heat_cold or None,
        minutes=min(max(profile.minutes or planner.DEFAULT_MINUTES, 1), planner.MAX_MINUTES),
        causes=(
            {f.factor: f.score for f in scored.factors if f.score is not None} if scored else {}
        ),
        age=age if age is not None and 0 <= age <= 130 else None,
    )


# --- the causes questionnaire -------------------------------------------------------------


def save_causes(
    owner: Any, answers: Mapping[str, Any], kb: KnowledgeBase | None = None
) -> core_causes.CauseProfile:
    """Score the answers {question id: answer value} and keep them on the profile.

    Errors are keyed by question id. Questions left out are skipped, never guessed.
    """
    kb = kb or default_kb()
    errors = _Errors()
    given: dict[str, int] = {}
    for qid, value in answers.items():
        question = kb.questions.get(qid)
        number = _whole(value)
        if question is None:
            errors.add(qid, "There is no such question.")
        elif number is None or question.answer(number) is None:
            errors.add(qid, "Choose one of the answers.")
        else:
            given[qid] = number
    if not answers:
        errors.add("answers", "Answer at least one question.")
    errors.raise_if_any()
    result = core_causes.score(given, kb)
    profile = services.profile_of(owner)
    profile.causes = result.to_json()
    profile.save(update_fields=["causes"])
    return result


def stored_causes(
    profile: Profile, kb: KnowledgeBase | None = None
) -> core_causes.CauseProfile | None:
    """The stored answers scored again (so an edit of the questions is picked up); answers
    to questions that no longer exist are left out. None when there are none."""
    kb = kb or default_kb()
    raw = profile.causes.get("answers") if isinstance(profile.causes, dict) else None
    if not isinstance(raw, dict):
        return None
    answers = {
        qid: value
        for qid, value in raw.items()
        if qid in kb.questions
        and isinstance(value, int)
        and kb.questions[qid].answer(value) is not None
    }
    return core_causes.score(answers, kb) if answers else None
