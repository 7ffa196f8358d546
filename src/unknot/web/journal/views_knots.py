"""The knot journal's pages: new/edit, the knot page, check-ins, sessions and archiving.

Every write goes through services.py; a refused write re-shows the page with
each message next to its field and everything the person typed.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from unknot.core.kb import KnowledgeBase, default_kb
from unknot.web.journal import knot_forms, plans, routes, services
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
from unknot.web.journal.models import CheckIn, Feel, Knot, Size
from unknot.web.journal.plan_markup import plan_section
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
    knot_journal,
    page_number,
    tool_choices,
)
from unknot.web.journal.views_markup import (
    long_date,
    options,
    pain_options,
    pain_radios,
    range_links,
    short_moment,
)
from unknot.web.journal.views_plans import plan_context
from unknot.web.journal.views_today import today_card

# Labels by value, as get_size_display() and Feel(value).label give them (without their cost).
SIZES = dict(Size.choices)
FEELS = dict(Feel.choices)


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
    """The knot page; the forms carry typed values and errors after a refused POST.

    The context is plain values, lists and dicts worked out here (with the repeated
    widgets as fragments from views_markup): the template only places them, because
    each lookup, filter and tag in a template costs far more than the same in Python.
    """
    kb, today = default_kb(), clock().today()
    days = chart_days(request.GET.get("days"))
    journal = knot_journal(knot, days, page_number(request.GET.get("page")), today, kb)
    profile = services.read_profile(request.user)
    status = services.status_of(knot, journal.recent, journal.latest, today, profile)
    kp = plans.knot_plan(knot, status, profile, today, kb)
    token = get_token(request)  # once: each call masks the secret afresh (32 random draws)
    urls = knot_urls(knot)
    plan_allowed = kp.is_allowed and bool(kp.items)
    checkin = checkin_fields(journal.activities, checkin_form or FormState(dict(EMPTY_CHECKIN)))
    session = session_fields(kb, session_form or FormState(dict(EMPTY_SESSION)))
    context = {
        **status_context(kb, knot, status),
        "csrf_token": token,  # for {% csrf_token %}, instead of a second get_token()
        "plan": plan_section(plan_context(kb, knot, kp), token),
        "urls": urls,
        "chart": journal.chart,
        "ranges": range_links(CHART_RANGES, days),
        # The forms are written in Python (see knot_forms.py): the template only places them.
        "checkin_form": knot_forms.checkin_form(urls, checkin, token),
        "session_form": knot_forms.session_form(urls, session, plan_allowed, token),
        "history": mark_safe("\n".join(journal.history)),  # views_markup escapes each text
        "newer": journal.page - 1 if journal.page > 1 else None,
        "older": journal.page + 1 if journal.has_next else None,
    }
    return render(request, "unknot/knot.html", context)


def knot_urls(knot: Knot) -> dict[str, str]:
    links = routes.current()
    return {
        name: links.route(f"journal:{name}", knot.pk)
        for name in (
            "knot",
            "knot_edit",
            "knot_archive",
            "knot_checkin",
            "knot_session",
            "session_play",
        )
    } | {"today": links.route("journal:today")}


def status_context(kb: KnowledgeBase, knot: Knot, status: services.KnotStatus) -> dict[str, Any]:
    """The knot's header and its current triage, with the trend rule said plainly."""
    muscle = knot_muscle(kb, knot)
    level = LEVELS[status.triage.level]
    return {
        "nav": "knots",
        "knot": knot,
        "is_sample": knot.is_sample,
        "is_archived": knot.is_archived,
        "title": knot_title(kb, knot),
        "muscle": (
            {"name": muscle.name, "url": routes.route("journal:muscle", muscle.id)}
            if muscle
            else None
        ),
        "since": long_date(knot.started_on),
        "size": SIZES.get(knot.size, knot.size) if knot.size else "",  # get_size_display()
        "feel_words": ", ".join(FEELS[f].lower() for f in knot.feel if f in FEELS),
        "status": {
            "latest_pain": status.latest_pain,
            "last_checkin": short_moment(status.last_checkin),
            "summary": status.verdict.summary,
            "advice": status.triage.advice,
            "reasons": status.triage.reasons,
        },
        "level": {"slug": level.slug, "label": level.label, "attention": level.needs_attention},
        "trend_notes": trend_notes(status.triage),
        "latest_class": pain_class(status.latest_pain),
    }


def checkin_fields(activities: list[tuple[int, str]], form: FormState) -> dict[str, Any]:
    """The check-in form: what was typed, each field's messages, and the PSFS boxes."""
    scores = form.values.get("scores", {})
    errors = form.errors
    return {
        "form": form,
        "has_errors": bool(errors),
        "pain": pain_radios("pain", form.values.get("pain", "")),
        "notes": form.values.get("notes", ""),
        "errors": {name: errors.get(name, []) for name in ("pain", "notes")},
        "scores": [
            {
                "label": name,
                "id": f"ci-score_{pk}",
                "name": f"score_{pk}",
                "value": scores.get(str(pk), ""),
                "errs": errors.get(f"score_{pk}", []),
            }
            for pk, name in activities
        ],
    }


def session_fields(kb: KnowledgeBase, form: FormState) -> dict[str, Any]:
    """The self-care form: the options with the typed ones selected, and each field's messages."""
    values, errors = form.values, form.errors
    names = ("strategy", "tool", "minutes", "pain_before", "pain_after", "notes")
    return {
        "form": form,
        "has_errors": bool(errors),
        "strategies": _options(STRATEGY_CHOICES, values.get("strategy", "")),
        "tools": _options(tool_choices(kb), values.get("tool", "")),
        "minutes": values.get("minutes", ""),
        "pain_before": pain_options(values.get("pain_before", "")),
        "pain_after": pain_options(values.get("pain_after", "")),
        "notes": values.get("notes", ""),
        "errors": {name: errors.get(name, []) for name in names},
    }


def _options(choices: Sequence[tuple[str, str]], selected: object) -> SafeString:
    """options(), with the lists that have nothing chosen (every fresh form) written once."""
    if any(selected == value for value, _label in choices):
        return options(choices, selected)
    return _blank_options(tuple(choices))


@functools.lru_cache(maxsize=8)
def _blank_options(choices: tuple[tuple[str, str], ...]) -> SafeString:
    return options(choices, None)


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
