"""Early warnings: the risk areas, today's check-in, nudges with an early plan, and the
forms to watch a place, report a new spot and set the cadence.

The one-tap check-in is a plain form (it works without JavaScript: the answer is saved
and the page it came from is shown again with a message); with htmx, the panel alone
is swapped in place.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from unknot.core import early_warning as ew
from unknot.core.kb import KnowledgeBase, default_kb
from unknot.core.planner import KIND_LABELS
from unknot.web.journal.forms import FormState, place_name, region_choices
from unknot.web.journal.plans import duration
from unknot.web.journal.services import InvalidInput
from unknot.web.journal.views import LEVELS, next_url
from unknot.web.journal.views_markup import PAIN_BUTTONS, long_date, options, pain_radios
from unknot.web.prevention import recovery, watch
from unknot.web.prevention.views import clock

SIDES = (("", "No side (the middle)"), ("left", "Left"), ("right", "Right"), ("both", "Both"))
EVERY = tuple((str(n), "Every day" if n == 1 else f"Every {n} days") for n in range(1, 8))
PER_DAY = (("1", "One question a day at most"), ("2", "Two a day at most"), ("3", "Three a day"))
ORIGIN_WORDS = {
    ew.Origin.KNOT: "An active knot: its own check-ins on Today count here",
    ew.Origin.PAST: "Where a knot has been",
    ew.Origin.OWN: "You watch this place",
}


def check_url(area: ew.Area, pain: int | None = None, days: int | None = None) -> str:
    """The "Where it hurts" check with the place (and what is known) filled in."""
    query: dict[str, Any] = {"loc": f"{area.region}:{area.side}"}
    if pain is not None:
        query["pain"] = pain
    if days is not None:
        query["days"] = days
    return f"{reverse('journal:check')}?{urlencode(query)}"


def track_url(nudge: watch.Nudge) -> str:
    """A new knot, filled in from the nudge: place, the muscle that may be involved, pain."""
    area, found = nudge.signal.area, nudge.signal
    query: dict[str, Any] = {"region": area.region, "pain": found.pain, "days": found.days}
    if area.side:
        query["side"] = area.side
    if nudge.early.muscle:
        query["muscle"] = nudge.early.muscle
    return f"{reverse('journal:knot_new')}?{urlencode(query)}"


def anchor(area: ew.Area) -> str:
    return "nudge-" + area.key.replace(":", "-")


def nudge_context(nudge: watch.Nudge, kb: KnowledgeBase) -> dict[str, Any]:
    found, early = nudge.signal, nudge.early
    muscle = kb.muscles.get(early.muscle or "")
    plan = early.plan
    return {
        "key": found.area.key,
        "anchor": anchor(found.area),
        "place": nudge.place,
        "kind": found.kind.value,
        "pain": found.pain,
        "recent": f"{found.recent_mean:.1f}",
        "earlier": f"{found.earlier_mean:.1f}" if found.earlier_mean is not None else "",
        "since": long_date(found.since),
        "origin": found.area.origin.value,
        "muscle": muscle.name if muscle else "",
        "muscle_url": reverse("journal:muscle", args=[muscle.id]) if muscle else "",
        "level": LEVELS[early.triage.level],
        "advice": early.triage.advice,
        "steps": [
            {
                "kind": KIND_LABELS.get(s.kind, s.kind),
                "title": s.title,
                "time": duration(s.seconds) if s.seconds else "",
                "instructions": s.instructions,
            }
            for s in plan.steps
        ]
        if plan
        else [],
        "total": duration(sum(s.seconds for s in plan.steps)) if plan else "",
        "check_url": check_url(found.area, found.pain, found.days),
        "track_url": track_url(nudge),
    }


def prompt_context(state: watch.WatchState, kb: KnowledgeBase) -> dict[str, Any] | None:
    if not state.due:
        return None
    area = state.due[0]
    return {
        "question": watch.question(area, kb),
        "region": area.region,
        "side": area.side,
        "buttons": mark_safe(PAIN_BUTTONS),  # our own markup, no text from outside
    }


def panel_html(request: HttpRequest, state: watch.WatchState, said: str = "") -> str:
    """The early-warning block Today shows (and htmx swaps after an answer)."""
    kb = default_kb()
    context = {
        "prompt": prompt_context(state, kb),
        "nudges": [
            {
                "place": n.place,
                "kind": n.signal.kind.value,
                "anchor": anchor(n.signal.area),
            }
            for n in state.nudges
        ],
        "said": said,
        "next": reverse("journal:today"),
        "warnings_url": reverse("prevention:warnings"),
    }
    return render_to_string("prevention/_early_warning.html", context, request=request)


@require_GET
def warnings(request: HttpRequest) -> HttpResponse:
    return render(request, "prevention/warnings.html", _page_context(request, FormState({})))


def _page_context(request: HttpRequest, form: FormState) -> dict[str, Any]:
    kb = default_kb()
    state = watch.state(request.user, clock(), kb)
    settings = recovery.settings_of(request.user)
    own = {(w.region, w.side): w.pk for w in request.user.watched_areas.all()}
    values, errors = form.values, form.errors
    return {
        "nav": "prevention",
        "section": "warnings",
        "nudges": [nudge_context(n, kb) for n in state.nudges],
        "prompt": prompt_context(state, kb),
        "areas": [_area_row(a, state, kb, own) for a in state.areas],
        "form": form,
        "errors": errors,
        "regions": region_choices(kb),
        "spot_region": values.get("region", ""),
        "spot_sides": options(SIDES, values.get("side", "")),
        "spot_pains": pain_radios("pain", values.get("pain", "")),
        "every_days": options(EVERY, str(settings.every_days)),
        "per_day": options(PER_DAY, str(settings.per_day)),
    }


def _area_row(
    area: ew.Area, state: watch.WatchState, kb: KnowledgeBase, own: dict[tuple[str, str], int]
) -> dict[str, Any]:
    answered = [a for a in state.answers if a.area == area.key and a.pain is not None]
    latest = answered[-1] if answered else None
    return {
        "place": place_name(kb, area.region, area.side),
        "origin": ORIGIN_WORDS[area.origin],
        "latest": latest.pain if latest else None,
        "latest_day": long_date(latest.day) if latest else "",
        "recent": [a.pain for a in answered[-7:]],
        "remove_url": reverse("prevention:area_remove", args=[own[(area.region, area.side)]])
        if (area.region, area.side) in own and area.origin is ew.Origin.OWN
        else "",
    }


@require_POST
def checkin(request: HttpRequest) -> HttpResponse:
    """Today's one-tap answer (or "Skip today") for a risk area."""
    skip = bool(request.POST.get("skip"))
    try:
        watch.record(
            request.user,
            region=request.POST.get("region", ""),
            side=request.POST.get("side", ""),
            pain=request.POST.get("pain", ""),
            skip=skip,
            clock=clock(),
        )
    except InvalidInput as exc:
        said, ok = " ".join(m for ms in exc.errors.values() for m in ms), False
    else:
        said, ok = ("Skipped for today." if skip else "Saved. Thank you."), True
    if request.htmx:
        state = watch.state(request.user, clock())
        return HttpResponse(panel_html(request, state, said))
    (messages.success if ok else messages.error)(request, said)
    return redirect(next_url(request, reverse("prevention:warnings")))


@require_POST
def spot(request: HttpRequest) -> HttpResponse:
    """A new sore spot: watch the place and log today's pain there."""
    values = {name: request.POST.get(name, "").strip() for name in ("region", "side", "pain")}
    try:
        watch.new_spot(request.user, **values, clock=clock())
    except InvalidInput as exc:
        form = FormState(values)
        form.merge(exc.errors)
        return render(request, "prevention/warnings.html", _page_context(request, form), status=422)
    messages.success(request, "Noted. That place is now watched, with a check-in every few days.")
    return redirect(reverse("prevention:warnings") + "#nudges")


@require_POST
def area_add(request: HttpRequest) -> HttpResponse:
    values = {name: request.POST.get(name, "").strip() for name in ("region", "side")}
    try:
        watch.add_area(request.user, **values, clock=clock())
    except InvalidInput as exc:
        messages.error(request, " ".join(m for ms in exc.errors.values() for m in ms))
        return redirect(reverse("prevention:warnings") + "#watch")
    messages.success(request, "Added. You will be asked about it every few days.")
    return redirect(reverse("prevention:warnings") + "#areas")


@require_POST
def area_remove(request: HttpRequest, pk: int) -> HttpResponse:
    if not watch.remove_area(request.user, pk):
        raise Http404("No such place.")
    messages.success(request, "You no longer watch that place. Its answers stay in your history.")
    return redirect(reverse("prevention:warnings") + "#areas")


@require_POST
def quiet(request: HttpRequest) -> HttpResponse:
    """ "Not now" on a nudge: it stays away for a week."""
    try:
        until = watch.quiet(request.user, request.POST.get("area", ""), clock())
    except InvalidInput as exc:
        raise Http404("No such risk area.") from exc
    messages.info(request, f"All right. That nudge stays away until {long_date(until)}.")
    return redirect(next_url(request, reverse("prevention:warnings")))


@require_POST
def cadence(request: HttpRequest) -> HttpResponse:
    changes = {k: request.POST.get(k, "") for k in ("every_days", "per_day")}
    try:
        recovery.update_settings(request.user, changes)
    except InvalidInput as exc:
        messages.error(request, " ".join(m for ms in exc.errors.values() for m in ms))
    else:
        messages.success(request, "Saved: the check-ins follow your new rhythm.")
    return redirect(reverse("prevention:warnings") + "#cadence")
