"""Can I still train? Log how the knot answered an activity, get a traffic light with
what to change, and see each activity's history.

Each bout is stored (doses.add_exposure) and the light is worked out from the stored
history whenever the page is shown, so filling in "the next morning" later updates it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from unknot.core import dosing
from unknot.web.journal import doses
from unknot.web.journal.doses import ActivityReport
from unknot.web.journal.forms import FormState
from unknot.web.journal.services import InvalidInput
from unknot.web.journal.views import clock
from unknot.web.journal.views_markup import long_date, options, pain_options, pain_radios

FIELDS = ("activity", "pain_during", "pain_after", "pain_before", "next_morning", "day")
MORNINGS = (("", "Not known yet"), *doses.MORNING_WORDS.items())
LIGHT_WORDS = {"green": "Green", "amber": "Amber", "red": "Red"}


def _dose_url(key: str = "") -> str:
    url = reverse("journal:dose")
    return f"{url}?{urlencode({'activity': key})}#result" if key else url


@require_http_methods(["GET", "POST"])
def dose(request: HttpRequest) -> HttpResponse:
    today = clock().today()
    report: ActivityReport | None = None
    chosen = ""
    if request.method == "POST":
        values = {name: request.POST.get(name, "").strip() for name in FIELDS}
        form = FormState(values)
        try:
            bout = doses.add_exposure(request.user, **values, clock=clock())
        except InvalidInput as exc:
            form.merge(exc.errors)
        else:
            return redirect(_dose_url(bout.activity))
    else:
        chosen = request.GET.get("activity", "").strip()[: doses.MAX_ACTIVITY]
        report = doses.activity_report(request.user, chosen, today) if chosen else None
        name = report.name if report else ""
        form = FormState({name: "" for name in FIELDS} | {"activity": name})
    context = {
        "nav": "profile",
        **_form_context(form, today.isoformat()),
        "activities": [
            {
                "name": a.name,
                "bouts": a.bouts,
                "last": long_date(a.last_day),
                "url": _dose_url(a.key),
                "current": report is not None and a.key == report.key,
            }
            for a in doses.activities(request.user)
        ],
        "report": _report_context(report) if report else None,
        "asked": chosen,
    }
    return render(request, "unknot/dose.html", context)


def _form_context(form: FormState, today: str) -> dict[str, Any]:
    values, errors = form.values, form.errors
    return {
        "form": form,
        "errors": {name: errors.get(name, []) for name in FIELDS},
        "activity": values.get("activity", ""),
        "during": pain_radios("pain_during", values.get("pain_during", "")),
        "after": pain_radios("pain_after", values.get("pain_after", "")),
        "before": pain_options(values.get("pain_before", "")),
        "mornings": options(MORNINGS, values.get("next_morning", "")),
        "day": values.get("day") or today,
        "today": today,
    }


def _report_context(report: ActivityReport) -> dict[str, Any]:
    latest = report.latest
    dose_now = latest.dose if latest else None
    return {
        "name": report.name,
        "key": report.key,
        "trend": report.trend.summary,
        "light": _light(dose_now) if dose_now else None,
        "rows": [
            {
                "id": j.exposure.pk,
                "day": long_date(j.exposure.day),
                "during": j.exposure.pain_during,
                "after": j.exposure.pain_after,
                "before": j.exposure.pain_before,
                "morning": _morning_words(j.exposure.next_morning),
                "needs_morning": not j.exposure.next_morning,
                "light": j.dose.light.value,
                "light_word": LIGHT_WORDS[j.dose.light.value],
                "morning_url": reverse("journal:dose_morning", args=[j.exposure.pk]),
            }
            for j in report.judged
        ],
        "mornings": options(MORNINGS[1:], ""),
    }


def _light(d: dosing.Dose) -> dict[str, Any]:
    return {
        "value": d.light.value,
        "word": LIGHT_WORDS[d.light.value],
        "headline": d.headline,
        "why": d.why,
        "adjustments": [a.text for a in d.adjustments],
        "note": d.note,
    }


def _morning_words(value: str) -> str:
    if not value:
        return "Not known yet"
    return doses.MORNING_WORDS.get(value, f"Pain {value}/10")


@require_POST
def dose_morning(request: HttpRequest, pk: int) -> HttpResponse:
    """Fill in how the knot felt the morning after a bout."""
    bout = doses.find_exposure(request.user, pk)
    if bout is None:
        raise Http404("No such activity log.")
    try:
        doses.set_next_morning(bout, request.POST.get("next_morning", ""))
    except InvalidInput as exc:
        messages.error(request, " ".join(m for ms in exc.errors.values() for m in ms))
    else:
        messages.success(request, "Saved: the traffic light now counts the next morning.")
    return redirect(_dose_url(bout.activity))
