"""The workstation check: the guided checklist, the result with its score and what to
change, what changed since the last check, and the list of past checks."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from unknot.core import workstation as ws
from unknot.core.kb import default_kb
from unknot.web.journal.forms import FormState
from unknot.web.journal.services import InvalidInput
from unknot.web.journal.views_markup import long_date
from unknot.web.prevention import checks
from unknot.web.prevention.views import clock

DIRECTION_WORDS = {
    ws.Direction.BETTER: "Better",
    ws.Direction.WORSE: "Worse",
    ws.Direction.CHANGED: "Changed",
    ws.Direction.NEW: "Answered this time",
    ws.Direction.DROPPED: "Skipped this time",
    ws.Direction.SAME: "Same",
}


@require_http_methods(["GET", "POST"])
def checklist(request: HttpRequest) -> HttpResponse:
    items = ws.default_items()
    past = checks.checks_of(request.user)
    if request.method == "POST":
        answers = {item.id: request.POST.get(item.id, "") for item in items}
        try:
            check = checks.save_check(request.user, answers, clock())
        except InvalidInput as exc:
            form = FormState(answers)
            form.merge(exc.errors)
            context = _checklist_context(items, form, past)
            return render(request, "prevention/workstation.html", context, status=422)
        return redirect("prevention:workstation_result", pk=check.pk)
    start = _answers_from(request, past)
    return render(
        request, "prevention/workstation.html", _checklist_context(items, FormState(start), past)
    )


def _answers_from(request: HttpRequest, past: list[Any]) -> dict[str, str]:
    """ "Redo the check" starts from the answers of the check named by ?from=."""
    raw = request.GET.get("from", "")
    check = checks.find_check(request.user, int(raw)) if raw.isdigit() else None
    return dict(check.answers) if check else {}


def _checklist_context(
    items: tuple[ws.Item, ...], form: FormState, past: list[Any]
) -> dict[str, Any]:
    kb = default_kb()
    return {
        "nav": "prevention",
        "section": "workstation",
        "form": form,
        "items": [
            {
                "item": item,
                "chosen": form.values.get(item.id, ""),
                "errors": form.errors.get(item.id, []),
                "sources": [kb.source_text(s) for s in item.sources],
            }
            for item in items
        ],
        "past": [_past_row(c) for c in past[:10]],
        "best": ws.BEST,
    }


def _past_row(check: Any) -> dict[str, Any]:
    return {
        "day": long_date(check.day),
        "score": check.score,
        "url": reverse("prevention:workstation_result", args=[check.pk]),
    }


@require_GET
def result(request: HttpRequest, pk: int) -> HttpResponse:
    check = checks.find_check(request.user, pk)
    if check is None:
        raise Http404("No such workstation check.")
    found = checks.report(check)
    before = found.before
    score_change = (
        found.score.percent - before.score
        if before is not None and before.score is not None and found.score.percent is not None
        else None
    )
    context = {
        "nav": "prevention",
        "section": "workstation",
        "report": found,
        "day": long_date(check.day),
        "percent": found.score.percent,
        "before_day": long_date(before.day) if before else "",
        "before_url": reverse("prevention:workstation_result", args=[before.pk]) if before else "",
        "before_score": before.score if before else None,
        "score_change": score_change,
        "changes": [
            {
                "title": c.item.title,
                "direction": c.direction.value,
                "word": DIRECTION_WORDS[c.direction],
                "before": c.before.label if c.before else "",
                "after": c.after.label if c.after else "",
            }
            for c in found.moved
        ],
        "same": len(found.changes) - len(found.moved),
        "redo_url": f"{reverse('prevention:workstation')}?from={check.pk}",
        "fresh_url": reverse("prevention:workstation"),
        "best": ws.BEST,
    }
    return render(request, "prevention/workstation_result.html", context)
