"""The knot journal's pages: new/edit, the knot page, check-ins, sessions and archiving.

Every write goes through services.py; a refused write re-shows the page with
each message next to its field and everything the person typed.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from unknot.core.kb import KnowledgeBase, default_kb
from unknot.core.screening import first_steps
from unknot.web.journal import services
from unknot.web.journal.forms import (
    FEEL_CHOICES,
    SIDES,
    SIZE_CHOICES,
    STRATEGY_CHOICES,
    FormState,
    checkin_values,
    first_pain,
    knot_input,
    knot_values,
    knot_values_of,
    knot_values_prefilled,
    muscle_choices,
    region_choices,
    session_values,
)
from unknot.web.journal.models import CheckIn, Feel, Knot
from unknot.web.journal.services import InvalidInput
from unknot.web.journal.views import (
    LEVELS,
    clock,
    knot_muscle,
    knot_title,
    next_url,
    owned_knot,
    pain_class,
    trend_notes,
)
from unknot.web.journal.views_history import (
    CHART_RANGES,
    chart_days,
    history_page,
    knot_chart,
    tool_choices,
)
from unknot.web.journal.views_today import today_card


class _Rollback(Exception):
    """Undo a knot that the services accepted when another field of the form was wrong."""


def knot_form_context(kb: KnowledgeBase, form: FormState, knot: Knot | None) -> dict[str, Any]:
    return {
        "nav": "knots",
        "form": form,
        "knot": knot,
        "is_new": knot is None,
        "title": knot_title(kb, knot) if knot else "",
        "regions": region_choices(kb),
        "sides": SIDES,
        "muscles": muscle_choices(kb),
        "sizes": SIZE_CHOICES,
        "feels": FEEL_CHOICES,
        "pains": range(11),
        "symptom_names": [
            kb.symptoms[s].name for s in form.values.get("symptoms", []) if s in kb.symptoms
        ],
    }


def _save_new(request: HttpRequest, form: FormState, kb: KnowledgeBase) -> Knot | None:
    """Create the knot (and its first check-in) in one transaction, or nothing at all."""
    pain = first_pain(form)
    try:
        with transaction.atomic():
            knot = services.create_knot(request.user, knot_input(form.values), clock(), kb)
            if not form.is_valid:
                raise _Rollback
            if pain is not None:
                services.add_checkin(knot, pain=pain, clock=clock())
    except InvalidInput as exc:
        form.merge(exc.errors)
        return None
    except _Rollback:
        return None
    return knot


@require_http_methods(["GET", "POST"])
def knot_new(request: HttpRequest) -> HttpResponse:
    kb = default_kb()
    if request.method == "POST":
        form = FormState(knot_values(request.POST))
        knot = _save_new(request, form, kb)
        if knot is not None:
            messages.success(
                request,
                f"Your {knot_title(kb, knot).lower()} knot is in the "
                "journal. Check in once a day to see how it goes.",
            )
            return redirect("journal:knot", pk=knot.pk)
    else:
        form = FormState(knot_values_prefilled(request.GET, kb, clock().today()))
    return render(request, "unknot/knot_form.html", knot_form_context(kb, form, None))


@require_http_methods(["GET", "POST"])
def knot_edit(request: HttpRequest, pk: int) -> HttpResponse:
    kb, knot = default_kb(), owned_knot(request, pk)
    if request.method == "POST":
        form = FormState(knot_values(request.POST))
        try:
            services.update_knot(knot, knot_input(form.values), clock(), kb)
        except InvalidInput as exc:
            form.merge(exc.errors)
            knot.refresh_from_db()
        else:
            messages.success(request, "Changes saved.")
            return redirect("journal:knot", pk=knot.pk)
    else:
        form = FormState(knot_values_of(knot))
    return render(request, "unknot/knot_form.html", knot_form_context(kb, form, knot))


@require_POST
def knot_archive(request: HttpRequest, pk: int) -> HttpResponse:
    knot = owned_knot(request, pk)
    archive = request.POST.get("archived", "1") == "1"
    services.set_archived(knot, archive)
    if archive:
        messages.success(
            request,
            "Knot archived. It no longer shows on Today; its history is "
            "kept and you can bring it back any time.",
        )
    else:
        messages.success(request, "Knot brought back. It shows on Today again.")
    return redirect("journal:knot", pk=knot.pk)


EMPTY_CHECKIN = {"pain": "", "notes": "", "scores": {}}
EMPTY_SESSION = {
    "strategy": "",
    "tool": "",
    "minutes": "10",
    "pain_before": "",
    "pain_after": "",
    "notes": "",
}


def knot_page(
    request: HttpRequest,
    knot: Knot,
    checkin_form: FormState | None = None,
    session_form: FormState | None = None,
) -> HttpResponse:
    """The knot page; the forms carry typed values and errors after a refused POST."""
    kb = default_kb()
    checkin_form = checkin_form or FormState(dict(EMPTY_CHECKIN))
    session_form = session_form or FormState(dict(EMPTY_SESSION))
    days = chart_days(request.GET.get("days"))
    items, page, has_next = history_page(knot, request.GET.get("page"), kb)
    context = {
        **status_context(kb, knot),
        "chart": knot_chart(knot, days, clock().today()),
        "days": days,
        "ranges": CHART_RANGES,
        "score_fields": score_fields(knot, checkin_form),
        "pains": range(11),
        "checkin_form": checkin_form,
        "session_form": session_form,
        "before_after": before_after(session_form),
        "strategies": STRATEGY_CHOICES,
        "tools": tool_choices(kb),
        "history": items,
        "page": page,
        "has_next": has_next,
    }
    return render(request, "unknot/knot.html", context)


def status_context(kb: KnowledgeBase, knot: Knot) -> dict[str, Any]:
    """The knot's header and its current triage, with the trend rule said plainly."""
    status = services.knot_status(knot, clock())
    muscle = knot_muscle(kb, knot)
    return {
        "nav": "knots",
        "knot": knot,
        "title": knot_title(kb, knot),
        "muscle": muscle,
        "feel_words": ", ".join(Feel(f).label.lower() for f in knot.feel if f in Feel.values),
        "status": status,
        "level": LEVELS[status.triage.level],
        "trend_notes": trend_notes(status.triage),
        "latest_class": pain_class(status.latest_pain),
        "steps": first_steps(muscle, status.triage, kb) if muscle else [],
    }


def score_fields(knot: Knot, form: FormState) -> list[dict[str, Any]]:
    """Each PSFS activity's box in the check-in form, with what was typed and its messages."""
    scores = form.values.get("scores", {})
    return [
        {
            "activity": a,
            "name": f"score_{a.pk}",
            "value": scores.get(str(a.pk), ""),
            "errs": form.errors.get(f"score_{a.pk}", []),
        }
        for a in knot.activities.all()
    ]


def before_after(form: FormState) -> list[tuple[str, str, str, list[str]]]:
    return [
        (name, label, form.values.get(name, ""), form.errors.get(name, []))
        for name, label in (("pain_before", "Pain before"), ("pain_after", "Pain after"))
    ]


@require_GET
def knot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return knot_page(request, owned_knot(request, pk))


@require_POST
def knot_session(request: HttpRequest, pk: int) -> HttpResponse:
    knot = owned_knot(request, pk)
    values = session_values(request.POST)
    try:
        services.add_session(knot, clock=clock(), kb=default_kb(), **values)
    except InvalidInput as exc:
        form = FormState(values)
        form.merge(exc.errors)
        return knot_page(request, knot, session_form=form)
    messages.success(request, "Session saved.")
    return redirect(f"{reverse('journal:knot', args=[knot.pk])}#history")


@require_POST
def knot_checkin(request: HttpRequest, pk: int) -> HttpResponse:
    """A check-in from the knot page or a one-tap check-in from Today (htmx swaps the card)."""
    knot = owned_knot(request, pk)
    values = checkin_values(request.POST)
    from_today = request.POST.get("from") == "today"
    try:
        checkin = services.add_checkin(
            knot, pain=values["pain"], scores=values["scores"], notes=values["notes"], clock=clock()
        )
    except InvalidInput as exc:
        form = FormState(values)
        form.merge(exc.errors)
        if from_today:
            return today_card(request, knot, errors=[m for _f, m in form.summary])
        return knot_page(request, knot, checkin_form=form)
    if from_today and request.htmx:
        return today_card(request, knot, saved=checkin.pain)
    messages.success(request, f"Check-in saved: pain {checkin.pain} out of 10.")
    return redirect(next_url(request, reverse("journal:knot", args=[knot.pk])))


@require_GET
def knot_list(request: HttpRequest) -> HttpResponse:
    """Every knot, current and archived, with its latest pain."""
    kb = default_kb()
    latest = CheckIn.objects.filter(knot=OuterRef("pk")).order_by("-at").values("pain")[:1]
    knots = Knot.objects.filter(owner=request.user).annotate(pain=Subquery(latest))
    rows = [
        {
            "knot": k,
            "title": knot_title(kb, k),
            "pain_class": pain_class(k.pain),
            "muscle": knot_muscle(kb, k),
        }
        for k in knots
    ]
    return render(
        request,
        "unknot/knots.html",
        {
            "nav": "knots",
            "active": [r for r in rows if not r["knot"].is_archived],
            "archived": [r for r in rows if r["knot"].is_archived],
        },
    )
