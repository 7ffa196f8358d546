"""The muscle library: every card of the knowledge base, searchable by any name."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from unknot.core.cards import muscle_json
from unknot.core.kb import KnowledgeBase, default_kb
from unknot.core.search import search_muscles
from unknot.web.journal.forms import place_name
from unknot.web.journal.views_history import tool_name

MAX_QUERY = 100
PRESSURE_WORDS = {
    "light": "Light",
    "light_to_moderate": "Light to moderate",
    "moderate": "Moderate",
}
EVIDENCE_WORDS = {
    "expert_opinion": "Expert opinion",
    "observational": "Observational studies",
    "trial": "Clinical trials",
}


@require_GET
def muscles(request: HttpRequest) -> HttpResponse:
    kb = default_kb()
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    found = search_muscles(query, kb, limit=len(kb.muscles))
    context = {
        "nav": "muscles",
        "query": query,
        "total": len(kb.muscles),
        "results": [(m, places(kb, m.regions)) for m in found],
    }
    template = "unknot/_muscle_results.html" if request.htmx else "unknot/muscles.html"
    return render(request, template, context)


def places(kb: KnowledgeBase, regions: tuple[str, ...]) -> str:
    """'Top of the shoulder, side of the neck': a list that reads as one phrase."""
    names = [place_name(kb, r, None) for r in regions]
    return ", ".join([names[0], *(n[0].lower() + n[1:] for n in names[1:])]) if names else ""


def card_context(kb: KnowledgeBase, muscle_id: str) -> dict[str, Any]:
    """The card's data (exactly what the API returns) with the names a person reads."""
    muscle = kb.muscles.get(muscle_id)
    if muscle is None:
        raise Http404("No such muscle")
    card = muscle_json(muscle, kb)

    def names(ids: list[str]) -> list[str]:
        return [place_name(kb, r, None) for r in ids]

    return {
        "nav": "muscles",
        "muscle": muscle,
        "card": card,
        "regions": names(card["regions"]),
        "primary": names(card["referral_primary"]),
        "spillover": names(card["referral_spillover"]),
        "tools": [tool_name(kb, t) for t in card["self_release"]["tools"]],
        "pressure": PRESSURE_WORDS.get(card["self_release"]["pressure"], ""),
        "evidence": EVIDENCE_WORDS.get(card["evidence"], card["evidence"]),
    }


@require_GET
def muscle(request: HttpRequest, muscle_id: str) -> HttpResponse:
    return render(request, "unknot/muscle.html", card_context(default_kb(), muscle_id))
