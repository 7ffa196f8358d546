"""The experiment pages: the list, following one (today's assignment and the outcome form),
its results, and the posts that record an outcome, a missed period or an early stop.

Every write goes through services.py; the pages work without JavaScript (each button is a
plain form post followed by a redirect).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from unknot.core.experiments import State
from unknot.core.kb import default_kb
from unknot.web.experiments import services
from unknot.web.experiments.models import Experiment, Status
from unknot.web.experiments.present import (
    assignment_context,
    certainty,
    chart_of,
    design_notes,
    number_lines,
    period_rows,
)
from unknot.web.journal.services import InvalidInput
from unknot.web.journal.views import clock, knot_title, next_url


def owned_experiment(request: HttpRequest, pk: int) -> Experiment:
    exp = services.find_experiment(request.user, pk)
    if exp is None:
        raise Http404("No such experiment.")
    return exp


@require_GET
def experiment_list(request: HttpRequest) -> HttpResponse:
    kb = default_kb()
    rows = []
    for exp in services.experiments_of(request.user):
        now = services.refresh(exp, clock())
        rows.append(
            {
                "exp": exp,
                "title": services.title(exp),
                "knot": knot_title(kb, exp.knot) if exp.knot else "",
                "done": now.count(State.RECORDED),
                "missed": now.count(State.MISSED),
                "url": reverse("experiments:detail", args=[exp.pk]),
                "results_url": reverse("experiments:results", args=[exp.pk]),
            }
        )
    return render(
        request,
        "experiments/list.html",
        {
            "nav": "knots",
            "running": [r for r in rows if r["exp"].status == Status.RUNNING],
            "ended": [r for r in rows if r["exp"].status != Status.RUNNING],
        },
    )


def _detail(
    request: HttpRequest, exp: Experiment, errors: dict[str, list[str]] | None = None
) -> HttpResponse:
    kb = default_kb()
    now = services.refresh(exp, clock())
    here = reverse("experiments:detail", args=[exp.pk])
    context = {
        "nav": "knots",
        "exp": exp,
        "title": services.title(exp),
        "knot": knot_title(kb, exp.knot) if exp.knot else "",
        "knot_url": reverse("journal:knot", args=[exp.knot_id]) if exp.knot_id else "",
        "is_running": exp.status == Status.RUNNING,
        "todo": assignment_context(now, here, errors or {}, services.safety_pause(exp, clock())),
        "recorded": now.count(State.RECORDED),
        "missed": now.count(State.MISSED),
        "planned": now.design.periods,
        "rows": period_rows(now, hide_values=exp.status == Status.RUNNING),
        "results_url": reverse("experiments:results", args=[exp.pk]),
        "stop_url": reverse("experiments:stop", args=[exp.pk]),
    }
    return render(request, "experiments/detail.html", context, status=422 if errors else 200)


@require_GET
def experiment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, owned_experiment(request, pk))


@require_GET
def experiment_results(request: HttpRequest, pk: int) -> HttpResponse:
    exp = owned_experiment(request, pk)
    result = services.results(exp, clock())
    ended = exp.status != Status.RUNNING
    context: dict[str, Any] = {
        "nav": "knots",
        "exp": exp,
        "title": services.title(exp),
        "verdict": result.verdict,
        "is_ended": ended,
        "numbers": number_lines(result) if ended else [],
        "certainty": certainty(result) if ended else [],
        "chart": chart_of(result) if ended else None,
        "rows": period_rows(result.progress, hide_values=not ended),
        "design": design_notes(result),
        "detail_url": reverse("experiments:detail", args=[exp.pk]),
        "knot_url": reverse("journal:knot", args=[exp.knot_id]) if exp.knot_id else "",
        "profile_url": reverse("journal:profile"),
    }
    return render(request, "experiments/results.html", context)


def _values(request: HttpRequest) -> dict[str, Any]:
    return {
        name: request.POST.get(name, "").strip()
        for name in ("value", "pain_before", "pain_after", "period")
    }


def _saved(exp: Experiment, value: float | None, before: int | None) -> str:
    if value is None:
        return f"Saved: pain {before} before. After the session, rate it again."
    if exp.outcome == "next_morning_pain":
        return f"Saved: pain {value:.0f} this morning."
    return f"Saved: {value:.0f} point{'s' if abs(value) != 1 else ''} of relief."


@require_POST
def experiment_record(request: HttpRequest, pk: int) -> HttpResponse:
    exp = owned_experiment(request, pk)
    here = reverse("experiments:detail", args=[exp.pk])
    target = next_url(request, here)
    try:
        period = services.record_outcome(exp, clock=clock(), **_values(request))
    except InvalidInput as exc:
        if target != here:
            for problems in exc.errors.values():
                for message in problems:
                    messages.error(request, message)
            return redirect(target)
        return _detail(request, exp, exc.errors)
    messages.success(request, _saved(exp, period.value, period.pain_before))
    if exp.status != Status.RUNNING:
        messages.info(request, "That was the last period: your results are ready.")
        return redirect("experiments:results", pk=exp.pk)
    return redirect(target)


@require_POST
def experiment_missed(request: HttpRequest, pk: int) -> HttpResponse:
    exp = owned_experiment(request, pk)
    try:
        services.mark_missed(exp, period=request.POST.get("period") or None, clock=clock())
    except InvalidInput as exc:
        messages.error(request, next(iter(exc.errors.values()))[0])
    else:
        messages.success(
            request, "Marked as missed. That is fine: missed periods are left out, never guessed."
        )
    if exp.status != Status.RUNNING:
        return redirect("experiments:results", pk=exp.pk)
    return redirect(next_url(request, reverse("experiments:detail", args=[exp.pk])))


@require_POST
def experiment_stop(request: HttpRequest, pk: int) -> HttpResponse:
    exp = owned_experiment(request, pk)
    try:
        services.stop_experiment(exp, clock())
    except InvalidInput:
        messages.info(request, "This experiment had already ended.")
    else:
        messages.success(request, "Experiment stopped. Here is what the periods so far show.")
    return redirect("experiments:results", pk=exp.pk)
