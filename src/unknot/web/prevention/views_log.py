"""The recovery and stress log: one short form a day (today, or yesterday when it is
filled in the morning after), and the history below it. Made for a phone: big targets,
numeric keyboards, nothing required."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from unknot.web.journal.forms import FormState
from unknot.web.journal.services import InvalidInput
from unknot.web.journal.views_markup import long_date, pain_radios
from unknot.web.prevention import recovery
from unknot.web.prevention.models import WaterUnit
from unknot.web.prevention.views import clock

EXERCISE_KINDS = ("Walk", "Run", "Cycling", "Swimming", "Yoga", "Strength", "Stretching")


@require_http_methods(["GET", "POST"])
def log(request: HttpRequest) -> HttpResponse:
    today = clock().today()
    which = "yesterday" if request.GET.get("day") == "yesterday" else "today"
    if request.method == "POST":
        which = "yesterday" if request.POST.get("day") == "yesterday" else "today"
        values = {name: request.POST.get(name, "").strip() for name in recovery.FIELDS}
        try:
            recovery.save_entry(request.user, values, day=which, clock=clock())
        except InvalidInput as exc:
            form = FormState(values)
            form.merge(exc.errors)
            return render(
                request, "prevention/log.html", _context(request, form, which), status=422
            )
        messages.success(request, f"Saved {which}'s log.")
        suffix = "?day=yesterday" if which == "yesterday" else ""
        return redirect(reverse("prevention:log") + suffix)
    day = today if which == "today" else today - timedelta(days=1)
    entry = recovery.entry_for(request.user, day)
    unit = recovery.settings_of(request.user).water_unit
    values = recovery.view(entry, unit).to_json() if entry else {}
    form = FormState({k: _text(values.get(k)) for k in recovery.FIELDS})
    return render(request, "prevention/log.html", _context(request, form, which))


@require_POST
def water_unit(request: HttpRequest) -> HttpResponse:
    """Count water in glasses or in litres (what is logged already is kept as it was)."""
    try:
        recovery.update_settings(request.user, {"water_unit": request.POST.get("water_unit")})
    except InvalidInput as exc:
        messages.error(request, " ".join(m for ms in exc.errors.values() for m in ms))
    else:
        messages.success(request, "Saved: water is counted in your new unit.")
    return redirect(reverse("prevention:log"))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _context(request: HttpRequest, form: FormState, which: str) -> dict[str, Any]:
    today = clock().today()
    unit = recovery.settings_of(request.user).water_unit
    day = today if which == "today" else today - timedelta(days=1)
    values = form.values
    return {
        "nav": "prevention",
        "section": "log",
        "form": form,
        "errors": {name: form.errors.get(name, []) for name in (*recovery.FIELDS, "log", "day")},
        "which": which,
        "day": long_date(day),
        "values": values,
        "qualities": [
            (str(n), word, values.get("sleep_quality") == str(n))
            for n, word in recovery.SLEEP_QUALITY.items()
        ],
        "stress": pain_radios("stress", values.get("stress", "")),
        "unit": unit,
        "unit_word": "glasses of 250 ml" if unit == WaterUnit.GLASSES else "litres",
        "units": [(u.value, u.label, u.value == unit) for u in WaterUnit],
        "water_step": "0.5" if unit == WaterUnit.GLASSES else "0.1",
        "kinds": EXERCISE_KINDS,
        "today_url": reverse("prevention:log"),
        "yesterday_url": reverse("prevention:log") + "?day=yesterday",
        "history": [_row(recovery.view(e, unit)) for e in recovery.entries(request.user)],
    }


def _row(entry: recovery.EntryView) -> dict[str, Any]:
    return {"day": long_date(entry.day), "line": recovery.describe(entry)}
