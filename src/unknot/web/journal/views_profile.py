"""The person's own pages: the profile that plans are fitted to, and the causes
questionnaire ("What may be feeding your knots?").

Both are plain forms that work without JavaScript; the profiles services check every
value, and a refused form comes back with each message next to its field and every
answer still in place.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from unknot.core.causes import CauseProfile
from unknot.core.kb import KnowledgeBase, default_kb
from unknot.core.planner import MAX_MINUTES
from unknot.web.journal import doses, profiles, services
from unknot.web.journal.forms import FormState
from unknot.web.journal.models import HeatCold, Profile
from unknot.web.journal.services import InvalidInput
from unknot.web.journal.views import clock

HEAT_COLD = (("", "Not sure yet: try both"), *HeatCold.choices)
PROFILE_FIELDS = ("tools", "heat_cold", "minutes", "conditions", "birth_year")
SHOWN_FACTORS = 3  # factors explained in full; the rest are named


def _profile_values(person: Profile) -> dict[str, Any]:
    return {
        "tools": list(person.tools),
        "heat_cold": person.heat_cold,
        "minutes": str(person.minutes),
        "conditions": list(person.conditions),
        "birth_year": str(person.birth_year or ""),
    }


@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    kb = default_kb()
    if request.method == "POST":
        post = request.POST
        values = {name: post.get(name, "") for name in ("heat_cold", "minutes", "birth_year")}
        values |= {"tools": post.getlist("tools"), "conditions": post.getlist("conditions")}
        form = FormState(values)
        try:
            profiles.update_profile(request.user, values, clock(), kb)
        except InvalidInput as exc:
            form.merge(exc.errors)
        else:
            messages.success(request, "Saved. Your plans are fitted to this from now on.")
            return redirect("journal:profile")
    else:
        form = FormState(_profile_values(services.profile_of(request.user)))
    return render(request, "unknot/profile.html", _profile_context(kb, request.user, form))


def _profile_context(kb: KnowledgeBase, owner: Any, form: FormState) -> dict[str, Any]:
    values, errors = form.values, form.errors
    tools = sorted(
        (t for t in kb.tools.values() if t.id != profiles.ALWAYS_OWNED), key=lambda t: t.name
    )
    conditions = sorted(kb.conditions.values(), key=lambda c: c.name)
    stored = profiles.stored_causes(services.profile_of(owner), kb)
    return {
        "nav": "profile",
        "form": form,
        "errors": {name: errors.get(name, []) for name in PROFILE_FIELDS},
        "tools": [(t.id, t.name, t.id in values["tools"]) for t in tools],
        "heat_cold": [(v, label, v == values["heat_cold"]) for v, label in HEAT_COLD],
        "conditions": [(c.id, c.name, c.id in values["conditions"]) for c in conditions],
        "minutes": values["minutes"],
        "max_minutes": MAX_MINUTES,
        "birth_year": values["birth_year"],
        "causes_headline": stored.headline if stored else "",
        "questions": len(kb.questions),
        "activities": len(doses.activities(owner)),
    }


# --- the causes questionnaire -------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def causes(request: HttpRequest) -> HttpResponse:
    kb = default_kb()
    result: CauseProfile | None
    if request.method == "POST":
        values = {qid: request.POST.get(qid, "") for qid in kb.questions}
        form = FormState(values)
        try:
            result = profiles.save_causes(
                request.user, {k: v for k, v in values.items() if v != ""}, kb
            )
        except InvalidInput as exc:
            form.merge(exc.errors)
            result = None
        else:
            messages.success(request, "Saved. Your plans now include the habit that fits best.")
            return redirect(f"{reverse('journal:causes')}#result")
    else:
        result = profiles.stored_causes(services.profile_of(request.user), kb)
        answers = dict(result.answers) if result else {}
        form = FormState({qid: str(answers.get(qid, "")) for qid in kb.questions})
    return render(request, "unknot/causes.html", _causes_context(kb, form, result))


def _causes_context(
    kb: KnowledgeBase, form: FormState, result: CauseProfile | None
) -> dict[str, Any]:
    questions = [
        {
            "id": q.id,
            "number": n,
            "text": q.text,
            "answers": [(a.value, a.label, str(a.value) == form.values[q.id]) for a in q.answers],
            "errors": form.errors.get(q.id, []),
        }
        for n, q in enumerate(kb.questions.values(), 1)
    ]
    context: dict[str, Any] = {
        "nav": "profile",
        "form": form,
        "questions": questions,
        "general_errors": form.errors.get("answers", []),
        "result": None,
    }
    if result is not None:
        main = result.main
        context["result"] = {
            "headline": result.headline,
            "main": [f.to_json() for f in main[:SHOWN_FACTORS]],
            "also": [f for f in main[SHOWN_FACTORS:]],
            "low": [f for f in result.factors if f.level == "low"],
            "unknown": [f for f in result.factors if f.level == "unknown"],
            "skipped": len(result.unanswered),
        }
    return context
