"""The guided session player: a knot's plan, one step per page.

Without JavaScript it is a sequence of plain pages: pain before, each step with a "Done,
next" link, then pain after, which logs the session. Moving between steps stores nothing
(the pain before travels in the address), so the back button and a reload are harmless;
only finishing and the safety stop are POSTs. With JavaScript, static/unknot/player.js
adds countdown timers with pause, and a breathing pacer for the relaxation steps.

The safety stop is a set of buttons, not a sentence: pressing one ends the session, logs
why, adds what was felt to the knot's symptoms and shows the knot's triage run again.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from unknot.core.kb import KnowledgeBase
from unknot.web.journal import plans, services
from unknot.web.journal.forms import FormState
from unknot.web.journal.models import Knot
from unknot.web.journal.plan_markup import plan_section
from unknot.web.journal.plans import KnotPlan
from unknot.web.journal.services import InvalidInput, _Errors
from unknot.web.journal.views import LEVELS, clock, knot_title, owned_knot
from unknot.web.journal.views_markup import pain_radios
from unknot.web.journal.views_plans import item_context, knot_plan_for, plan_context

STOP_BUTTONS = (
    ("hurts_more", "It hurts more"),
    ("numbness", "Numbness"),
    ("tingling", "Tingling"),
)
TIMER_WORDS = {"self_release": "Hold", "stretch": "Stretch"}


def _page(
    request: HttpRequest, kb: KnowledgeBase, knot: Knot, stage: str, **extra: Any
) -> HttpResponse:
    play = reverse("journal:session_play", args=[knot.pk])
    context = {
        "nav": "knots",
        "stage": stage,
        "title": knot_title(kb, knot),
        "urls": {
            "knot": reverse("journal:knot", args=[knot.pk]),
            "play": play,
            "finish": reverse("journal:session_finish", args=[knot.pk]),
            "stop": reverse("journal:session_stop", args=[knot.pk]),
        },
        **extra,
    }
    return render(request, "unknot/session_play.html", context)


def _number(raw: str | None, low: int, high: int) -> int | None:
    if raw is None or not raw.strip().isdigit():
        return None
    return min(max(int(raw), low), high)


@require_GET
def session_play(request: HttpRequest, pk: int) -> HttpResponse:
    knot = owned_knot(request, pk)
    kp, kb = knot_plan_for(request, knot)
    if not kp.is_allowed or not kp.items:
        plan = plan_section(plan_context(kb, knot, kp), get_token(request))
        return _page(request, kb, knot, "off", plan=plan)
    total = len(kp.items)
    values = {"pain_before": request.GET.get("pain_before", "")}
    done = _number(request.GET.get("done"), 0, total)
    step = _number(request.GET.get("step"), 1, total)
    if done is None and step is None:
        form = FormState(values)
        return _page(request, kb, knot, "intro", form=form, **_intro(kp, form))
    errors = _Errors()
    services._pain(errors, "pain_before", values["pain_before"])
    form = FormState(values, errors.found)
    if not form.is_valid:
        return _page(request, kb, knot, "intro", form=form, **_intro(kp, form))
    if done is not None:
        empty = FormState({"pain_after": "", "notes": ""})
        return _page(request, kb, knot, "finish", **_finish(kp, values, done, empty))
    return _page(request, kb, knot, "step", **_step(kb, kp, values, step or 1))


def _intro(kp: KnotPlan, form: FormState) -> dict[str, Any]:
    return {
        "steps": [i.step.title for i in kp.items],
        "total_time": plans.duration(kp.total_seconds) if kp.total_seconds else "",
        "pain": pain_radios("pain_before", form.values.get("pain_before", "")),
        "errors": form.errors.get("pain_before", []),
    }


def _step(kb: KnowledgeBase, kp: KnotPlan, values: dict[str, str], number: int) -> dict[str, Any]:
    item = kp.items[number - 1]
    step, total = item.step, len(kp.items)
    reps = step.repetitions if step.kind in TIMER_WORDS and step.seconds else 1
    before = values["pain_before"]
    ahead = {"step": number + 1} if number < total else {"done": total}
    return {
        "item": item_context(kb, item, number),
        "number": number,
        "total": total,
        "is_last": number == total,
        "progress": [
            {"title": i.step.title, "state": _state(n, number)} for n, i in enumerate(kp.items, 1)
        ],
        "timer": {
            "seconds": step.seconds,
            "reps": reps,
            "word": TIMER_WORDS.get(step.kind, ""),
            "rep_seconds": step.seconds // reps if reps else step.seconds,
            "pacer": step.pacer,
            "time": plans.duration(step.seconds) if step.seconds else "",
        },
        "next_url": "?" + urlencode({"pain_before": before, **ahead}),
        "end_url": "?" + urlencode({"pain_before": before, "done": number}),
        "pain_before": before,
        "stop_buttons": STOP_BUTTONS,
    }


def _state(n: int, current: int) -> str:
    return "done" if n < current else "current" if n == current else "ahead"


def _finish(kp: KnotPlan, values: dict[str, str], done: int, form: FormState) -> dict[str, Any]:
    total = len(kp.items)
    return {
        "form": form,
        "done": done,
        "total": total,
        "stopped_early": done < total,
        "pain_before": values["pain_before"],
        "pain": pain_radios("pain_after", form.values.get("pain_after", "")),
        "notes": form.values.get("notes", ""),
        "errors": {n: form.errors.get(n, []) for n in ("pain_after", "pain_before", "notes")},
    }


@require_POST
def session_finish(request: HttpRequest, pk: int) -> HttpResponse:
    knot = owned_knot(request, pk)
    kp, kb = knot_plan_for(request, knot)
    if not kp.is_allowed or not kp.items:
        return redirect("journal:session_play", pk=knot.pk)
    values = {n: request.POST.get(n, "") for n in ("pain_before", "pain_after", "notes")}
    done = _number(request.POST.get("done"), 1, len(kp.items)) or len(kp.items)
    try:
        session = plans.finish_session(
            knot,
            kp,
            done=done,
            pain_before=values["pain_before"],
            pain_after=values["pain_after"],
            notes=values["notes"],
            clock=clock(),
        )
    except InvalidInput as exc:
        form = FormState({"pain_after": values["pain_after"], "notes": values["notes"]})
        form.merge(exc.errors)
        return _page(request, kb, knot, "finish", **_finish(kp, values, done, form))
    messages.success(
        request,
        f"Session saved: pain {session.pain_before} before, {session.pain_after} after, "
        f"{session.minutes} minutes. It is marked on your chart.",
    )
    return redirect(f"{reverse('journal:knot', args=[knot.pk])}#history")


@require_POST
def session_stop(request: HttpRequest, pk: int) -> HttpResponse:
    """The safety stop: end the session, log why, add the finding, run triage again."""
    knot = owned_knot(request, pk)
    kp, _kb = knot_plan_for(request, knot)
    reason = request.POST.get("reason", "")
    step = _number(request.POST.get("step"), 1, max(len(kp.items), 1)) or 1
    try:
        plans.stop_session(
            knot,
            kp,
            reason=reason,
            step=step,
            pain_before=request.POST.get("pain_before"),
            clock=clock(),
        )
    except InvalidInput as exc:
        messages.error(request, " ".join(m for ms in exc.errors.values() for m in ms))
        return redirect("journal:session_play", pk=knot.pk)
    url = reverse("journal:session_recheck", args=[knot.pk])
    return redirect(f"{url}?{urlencode({'why': reason})}")


@require_GET
def session_recheck(request: HttpRequest, pk: int) -> HttpResponse:
    """The knot's triage, run again after a safety stop, with what changed said plainly."""
    knot = owned_knot(request, pk)
    kp, kb = knot_plan_for(request, knot)
    status = services.knot_status(knot, clock(), services.read_profile(request.user))
    reason = plans.STOP_REASONS.get(request.GET.get("why", ""))
    level = LEVELS[status.triage.level]
    return render(
        request,
        "unknot/session_recheck.html",
        {
            "nav": "knots",
            "title": knot_title(kb, knot),
            "why": reason[1] if reason else "",
            "finding": kb.symptoms[reason[0]].name.lower() if reason else "",
            "level": level,
            "result": status.triage,
            "plan": plan_context(kb, knot, kp),
            "urls": {
                "knot": reverse("journal:knot", args=[knot.pk]),
                "edit": reverse("journal:knot_edit", args=[knot.pk]),
            },
        },
    )
