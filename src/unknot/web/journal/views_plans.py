"""The knot page's "Your plan" section, and the person's changes to it (leave a step out,
swap it, bring it back).

The section shows only when self-care is allowed; above that it says what to do next
instead. With htmx a change swaps the section in place; without JavaScript it is a plain
POST and a redirect back to the knot page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from unknot.core.kb import KnowledgeBase, default_kb
from unknot.core.planner import KIND_LABELS, PRESSURE_WORDS
from unknot.web.journal import plans, services
from unknot.web.journal.models import Knot
from unknot.web.journal.plan_markup import plan_section
from unknot.web.journal.plans import KnotPlan, PlanItem, UnknownStep
from unknot.web.journal.routes import current
from unknot.web.journal.services import InvalidInput
from unknot.web.journal.views import clock, owned_knot


def short_time(seconds: int) -> str:
    """'45 s', '3 min', '2 min 30 s'."""
    minutes, rest = divmod(seconds, 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min" + (f" {rest} s" if rest else "")


def plan_context(kb: KnowledgeBase, knot: Knot, kp: KnotPlan) -> dict[str, Any]:
    """What the plan section shows: plain values, worked out here rather than in the template."""
    links = current()
    urls = {
        "choose": links.route("journal:knot_plan_choose", knot.pk),
        "play": links.route("journal:session_play", knot.pk),
        "profile": links.route("journal:profile"),
        "causes": links.route("journal:causes"),
        "knot": links.route("journal:knot", knot.pk),
    }
    if not kp.is_allowed:
        what_next = " ".join(w.why for w in kp.plan.withheld) or kp.plan.advice
        return {"allowed": False, "what_next": what_next, "urls": urls}
    return {
        "allowed": True,
        "items": [item_context(kb, i, n) for n, i in enumerate(kp.items, 1)],
        "dropped": [{"key": i.choice_key, "title": i.step.title} for i in kp.dropped],
        "withheld": [{"what": w.what, "why": w.why} for w in kp.plan.withheld],
        "notes": list(kp.plan.notes),
        "total": short_time(kp.total_seconds) if kp.total_seconds else "",
        "minutes": kp.plan.minutes,
        "can_start": bool(kp.items),
        "urls": urls,
    }


def item_context(kb: KnowledgeBase, item: PlanItem, number: int) -> dict[str, Any]:
    step = item.step
    facts = [KIND_LABELS.get(step.kind, step.kind)]
    facts.append(short_time(step.seconds) if step.seconds else "a reminder")
    if step.tool and step.tool in kb.tools:
        facts.append(kb.tools[step.tool].name.lower())
    if step.pressure:
        facts.append(f"{PRESSURE_WORDS[step.pressure]} pressure")
    if step.pacer:
        facts.append(f"breathe in {step.pacer[0]} s, out {step.pacer[1]} s")
    return {
        "number": number,
        "id": f"plan-step-{number}",
        "key": item.key,
        "choice_key": item.choice_key,
        "title": step.title,
        "facts": " · ".join(facts),
        "why": step.why,
        "instructions": step.instructions,
        "swapped_from": item.swapped_from,
        "alternatives": [{"key": k, "title": t} for k, t in item.alternatives],
    }


def knot_plan_for(request: HttpRequest, knot: Knot) -> tuple[KnotPlan, KnowledgeBase]:
    """The knot's plan as it stands now (its status and the profile read fresh)."""
    kb = default_kb()
    profile = services.read_profile(request.user)
    status = services.knot_status(knot, clock(), profile)
    return plans.knot_plan(knot, status, profile, clock().today(), kb), kb


@require_POST
def knot_plan_choose(request: HttpRequest, pk: int) -> HttpResponse:
    """Leave a step out, swap it, or bring back the planner's own step (action=reset)."""
    knot = owned_knot(request, pk)
    kp, kb = knot_plan_for(request, knot)
    key = request.POST.get("step", "")
    # One button per choice: "drop", "reset", or "swap:<the replacement's step key>".
    action, _, replacement = request.POST.get("action", "").partition(":")
    said, error = "", ""
    try:
        if action == "reset":
            plans.clear_choice(knot, key)
            said = "The step is back in your plan."
        else:
            plans.set_choice(kp, knot, key, action, replacement)
            said = "Step left out." if action == "drop" else "Step swapped."
        said += " Your plan remembers this."
    except (UnknownStep, InvalidInput) as exc:
        error = _problem(exc)
    if request.htmx:
        kp, kb = knot_plan_for(request, knot)
        html = plan_section(plan_context(kb, knot, kp), get_token(request), said, error)
        return HttpResponse(html)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, said)
    return redirect(f"{reverse('journal:knot', args=[knot.pk])}#plan")


def _problem(exc: Exception) -> str:
    if isinstance(exc, InvalidInput):
        return " ".join(m for ms in exc.errors.values() for m in ms)
    return "That step is no longer in your plan; it has changed since the page was shown."
