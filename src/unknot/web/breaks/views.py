"""Break pages: settings with today's summary and statistics, the movement library, the
break itself (a full page without JavaScript, a <dialog> fetched by breaks.js with it),
and the one POST that records how a break went.

Each view parses its input and calls the breaks services; a refused form comes back
with each message next to its field and everything typed still in place.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from unknot.core.kb import default_kb
from unknot.core.schedule import BreakKind, NextBreak
from unknot.web.breaks import services
from unknot.web.breaks.chart import bar_chart
from unknot.web.breaks.models import Felt, Notify
from unknot.web.breaks.settings_form import form_from_post, form_from_settings, settings_context
from unknot.web.breaks.words import break_context, fmt_clock, movement_card
from unknot.web.journal.services import InvalidInput
from unknot.web.journal.views import clock, next_url

STAT_DAYS = 14
STAT_WEEKS = 8


@require_http_methods(["GET", "POST"])
def breaks(request: HttpRequest) -> HttpResponse:
    owner = request.user
    if request.method == "POST":
        form, changes = form_from_post(request.POST)
        if form.is_valid:
            try:
                services.save_settings(owner, changes)
            except InvalidInput as exc:
                form.merge(exc.errors)
            else:
                messages.success(request, "Saved. Your breaks follow these settings from now on.")
                return redirect("breaks:breaks")
    else:
        form = form_from_settings(services.settings_of(owner))
    return render(request, "breaks/breaks.html", _page_context(request, form))


def _page_context(request: HttpRequest, form: Any) -> dict[str, Any]:
    owner, kb = request.user, default_kb()
    seen = services.overview(owner, clock(), kb)
    now, upcoming, summary, stored = seen.now, seen.upcoming, seen.today, seen.settings
    today = now.date()
    days = services.day_tallies(owner, today - timedelta(days=STAT_DAYS - 1), today, clock())
    return {
        "nav": "prevention",
        "section": "breaks",
        **settings_context(form),
        "upcoming": _upcoming(upcoming, now),
        "is_enabled": stored.is_enabled,
        "summary": summary,
        "moving_min": round(summary.seconds_moving / 60),
        "chart": bar_chart(days),
        "stat_days": list(reversed(days)),
        "weeks": list(reversed(services.week_tallies(owner, STAT_WEEKS, clock()))),
        "wants_notification": stored.notify == Notify.NOTIFICATION,
    }


def _upcoming(upcoming: NextBreak | None, now: Any) -> dict[str, Any] | None:
    if upcoming is None:
        return None
    return {
        **break_context(upcoming),
        "when": fmt_clock(upcoming.at, now),
        "is_due": services.is_due(upcoming, now),
    }


# --- the break itself -----------------------------------------------------------------------------


@require_GET
def take(request: HttpRequest) -> HttpResponse:
    """The next break as a page of its own: how to take a break without JavaScript."""
    now = clock().now()
    upcoming = services.next_break_for(request.user, clock())
    context = {
        "nav": "prevention",
        "section": "breaks",
        "brk": break_context(upcoming) if upcoming else None,
        "when": fmt_clock(upcoming.at, now) if upcoming else "",
        "is_due": services.is_due(upcoming, now),
        "next": reverse("breaks:breaks"),
    }
    return render(request, "breaks/take.html", context)


@require_GET
def overlay(request: HttpRequest) -> HttpResponse:
    """The <dialog> when a break is due now; otherwise 204, with X-Next-Break-In saying
    in how many seconds to ask again (absent: nothing is planned, ask again later)."""
    seen = services.overview(request.user, clock())
    stored, now = seen.settings, seen.now
    upcoming = seen.upcoming if stored.notify != Notify.QUIET else None
    if upcoming is None or not services.is_due(upcoming, now):
        response = HttpResponse(status=204)
        if upcoming is not None:
            response["X-Next-Break-In"] = str(int((upcoming.at - now).total_seconds()))
        return response
    context = {
        "brk": break_context(upcoming),
        "next": request.GET.get("next", ""),
        "notify": stored.notify == Notify.NOTIFICATION,
    }
    return render(request, "breaks/_overlay.html", context)


@require_POST
def outcome(request: HttpRequest) -> HttpResponse:
    post = request.POST
    data = services.OutcomeInput(
        kind=post.get("kind", ""),
        outcome=post.get("outcome", ""),
        movements=post.get("movements", ""),
        seconds=post.get("seconds", ""),
        felt=post.get("felt", ""),
    )
    is_script = request.headers.get("X-Requested-With") == "fetch"
    try:
        event = services.record_outcome(request.user, data, clock())
    except InvalidInput as exc:
        if is_script:
            return JsonResponse({"ok": False, "fields": exc.errors}, status=422)
        messages.error(request, "That break could not be recorded. Please try again.")
        return redirect("breaks:breaks")
    upcoming = services.next_break_for(request.user, clock())
    wait = int((upcoming.at - clock().now()).total_seconds()) if upcoming else None
    if is_script:
        return JsonResponse({"ok": True, "outcome": event.outcome, "next_in_s": wait})
    messages.success(request, _thanks(event.outcome, event.felt))
    return redirect(next_url(request, reverse("breaks:breaks")))


def _thanks(outcome: str, felt: str) -> str:
    if felt in (Felt.HURT, Felt.DISLIKED):
        return "Thank you for saying. That movement will not come up again."
    return {
        "done": "Well done. The next break will find you.",
        "skipped": "Skipped. No worries: the next one comes at its usual time.",
        "postponed": "Put off for a few minutes.",
    }.get(outcome, "Noted.")


# --- the movement library ------------------------------------------------------------------


@require_GET
def movements(request: HttpRequest) -> HttpResponse:
    kb = default_kb()
    feedback = services.feedback_of(request.user)
    kinds = [k for k in BreakKind if k is not BreakKind.LONG]
    groups = []
    for kind in kinds:
        want = "movement" if kind is BreakKind.MICRO else kind.value
        cards = [
            movement_card(m, kb, feedback.get(m.id))
            for m in sorted(kb.movements.values(), key=lambda m: m.name)
            if m.break_kind == want
        ]
        if cards:
            groups.append({"kind": kind.value, "title": _GROUPS[kind], "cards": cards})
    context = {
        "nav": "prevention",
        "section": "breaks",
        "groups": groups,
        "count": len(kb.movements),
    }
    return render(request, "breaks/movements.html", context)


_GROUPS = {
    BreakKind.MICRO: "Movements",
    BreakKind.SIT_STAND: "Sit–stand changes",
    BreakKind.WATER: "Water",
    BreakKind.POSTURE_RESET: "Posture resets",
}


@require_POST
def feedback(request: HttpRequest, movement_id: str) -> HttpResponse:
    felt = request.POST.get("felt", "")
    try:
        services.set_feedback(request.user, movement_id, felt)
    except InvalidInput as exc:
        messages.error(request, next(iter(exc.errors.values()))[0])
    else:
        name = default_kb().movements[movement_id].name
        messages.success(
            request,
            f"{name} is back in your breaks."
            if not felt
            else f"{name} will not come up in your breaks again. You can bring it back here.",
        )
    return redirect(f"{reverse('breaks:movements')}#mv-{movement_id}")
