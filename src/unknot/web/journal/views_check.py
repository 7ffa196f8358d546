""" "Where does it hurt?": the body map and questions, then the triage result first.

The form is a GET, so a result has a shareable URL and the Back button works;
it stores nothing. Safety first: a result that needs a doctor is shown even
when some other answer could not be read, and the muscles (with their
self-care) appear only when triage allows self-care.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from unknot.core.kb import KnowledgeBase, default_kb
from unknot.core.model import Facts, Level, Location, Muscle, TriageResult
from unknot.core.referral import rank
from unknot.core.screening import Step, first_steps, screening_groups
from unknot.core.triage import evaluate
from unknot.web import bodymap
from unknot.web.journal.forms import (
    LOCATION_MISSING,
    TRENDS,
    CheckAnswers,
    FormState,
    check_values,
    parse_check,
    place_name,
    place_rows,
)
from unknot.web.journal.models import CheckIn, Knot
from unknot.web.journal.views import LEVELS, clock

NO_PLACE_IN_WORDS = (
    "We could not find a body area in your words. Try something like 'left calf' or "
    "'between my shoulder blades', or pick a place on the map."
)


def knot_pains(owner: Any) -> dict[tuple[str, str], int]:
    """Each active knot's place and latest pain, for colouring the map (one query)."""
    latest = CheckIn.objects.filter(knot=OuterRef("pk")).order_by("-at").values("pain")[:1]
    rows = (
        Knot.objects.filter(owner=owner, is_archived=False)
        .annotate(pain=Subquery(latest))
        .values_list("region", "side", "pain")
    )
    return {(region, side or None): pain for region, side, pain in rows if pain is not None}


def check_context(kb: KnowledgeBase, form: FormState, owner: Any) -> dict[str, Any]:
    chosen = set(form.values.get("loc", []))
    picked = [(region, side or None) for region, _, side in (v.partition(":") for v in chosen)]
    pains = knot_pains(owner)
    return {
        "nav": "check",
        "form": form,
        "chosen": chosen,
        "place_groups": [
            (title, rows, any(o.value in chosen for row in rows for o in row.options))
            for title, rows in place_rows(kb)
        ],
        "maps": [
            (view, bodymap.render_svg(view, selected=picked, pain=pains, id_prefix="bm"))
            for view in ("front", "back")
        ],
        "screening": [
            (i, g.question, [(sid, kb.symptoms[sid].name) for sid in g.symptoms])
            for i, g in enumerate(screening_groups(kb), 1)
        ],
        "conditions": sorted(((c.id, c.name) for c in kb.conditions.values()), key=lambda c: c[1]),
        "pains": range(11),
        "trends": TRENDS,
    }


@require_GET
def check(request: HttpRequest) -> HttpResponse:
    form = FormState(check_values(request.GET))
    return render(request, "unknot/check.html", check_context(default_kb(), form, request.user))


@require_GET
def check_result(request: HttpRequest) -> HttpResponse:
    kb = default_kb()
    form, answers = parse_check(request.GET, kb, clock().today())
    result = evaluate(answers.facts, kb, answers.notes)
    if result.level < Level.URGENT and (not form.is_valid or not answers.facts.locations):
        if not answers.facts.locations and "loc" not in form.errors:
            form.add("loc", NO_PLACE_IN_WORDS if form.values["text"].strip() else LOCATION_MISSING)
        return render(request, "unknot/check.html", check_context(kb, form, request.user))
    return render(
        request,
        "unknot/check_result.html",
        result_context(kb, result, answers, request.GET.urlencode()),
    )


@dataclass(frozen=True)
class MuscleCard:
    muscle: Muscle
    why: str
    track_url: str
    steps: tuple[Step, ...]


def result_context(
    kb: KnowledgeBase, result: TriageResult, answers: CheckAnswers, query: str
) -> dict[str, Any]:
    level = LEVELS[result.level]
    muscles = muscle_cards(kb, result) if result.self_care_allowed else []
    return {
        "nav": "check",
        "result": result,
        "level": level,
        "muscles": muscles,
        "understood": understood(kb, result.facts),
        "notes": answers.notes,
        "has_text": answers.has_text,
        "change_url": f"{reverse('journal:check')}?{query}",
        "is_hands_off": result.level >= Level.URGENT,
    }


def muscle_cards(kb: KnowledgeBase, result: TriageResult, limit: int = 5) -> list[MuscleCard]:
    facts = result.facts
    cards = []
    for i, candidate in enumerate(rank([loc.region for loc in facts.locations], kb, limit)):
        muscle = kb.muscles[candidate.muscle]
        steps = tuple(first_steps(muscle, result, kb)) if i == 0 else ()
        cards.append(MuscleCard(muscle, candidate.why, track_url(muscle, facts), steps))
    return cards


def track_url(muscle: Muscle, facts: Facts) -> str:
    """A new-knot link prefilled from the check: the knot sits in the muscle, on the side
    the person named."""
    place = _knot_place(muscle, facts.locations)
    query: dict[str, Any] = {"region": place.region, "muscle": muscle.id}
    if place.side is not None:
        query["side"] = place.side.value
    if facts.symptoms:
        query["symptoms"] = sorted(facts.symptoms)
    for name in ("pain", "days"):
        if getattr(facts, name) is not None:
            query[name] = getattr(facts, name)
    if facts.limits_daily_activities:
        query["limits_daily_activities"] = "on"
    if facts.recurring:
        query["recurring"] = "on"
    return f"{reverse('journal:knot_new')}?{urlencode(query, doseq=True)}"


def _knot_place(muscle: Muscle, locations: tuple[Location, ...]) -> Location:
    for loc in locations:
        if loc.region in muscle.regions:
            return loc
    side = next((loc.side for loc in locations if loc.side is not None), None)
    return Location(muscle.regions[0], side)


def understood(kb: KnowledgeBase, facts: Facts) -> list[tuple[str, str]]:
    """The facts the result is based on, as (what, value) rows a person can check."""
    places = (
        place_name(kb, loc.region, loc.side.value if loc.side else None) for loc in facts.locations
    )
    days = facts.days
    rows = [
        ("Where", ", ".join(places)),
        ("Pain", f"{facts.pain} out of 10" if facts.pain is not None else ""),
        (
            "How long",
            ""
            if days is None
            else "Started today"
            if days == 0
            else f"{days} day{'s' if days != 1 else ''}",
        ),
        ("Age", str(facts.age) if facts.age is not None else ""),
        ("Trend", dict(TRENDS)[facts.trend.value] if facts.trend else ""),
        ("Daily life", "Stops you doing daily activities" if facts.limits_daily_activities else ""),
        ("History", "Keeps coming back" if facts.recurring else ""),
        ("Signs", ", ".join(sorted(kb.symptoms[s].name for s in facts.symptoms))),
        ("About you", ", ".join(sorted(kb.conditions[c].name for c in facts.conditions))),
    ]
    return [(what, value) for what, value in rows if value]
