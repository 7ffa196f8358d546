"""The break settings form: seven days of working hours (up to two spans a day on the
page; the API takes three), how often, what is mixed in, and how to be told.

The form keeps what was typed as text; services.save_settings does the real checking,
and its errors (hours.<day>, micro_every_min ...) land next to the matching fields.
"""

from __future__ import annotations

from typing import Any

from django.http import QueryDict

from unknot.web.breaks.models import BreakSettings, Kind, Notify
from unknot.web.journal.forms import FormState

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SPAN_FIELDS = ("start", "end", "start2", "end2")
NUMBERS = {
    "micro_every_min": ("A micro-break every", "minutes of work", 10, 120),
    "long_every_min": ("A longer movement break every", "minutes", 30, 240),
    "postpone_min": ("“Later” puts a break off for", "minutes", 1, 30),
    "max_postpones": ("A break can be put off", "times in a row", 0, 10),
}
EXTRA_KINDS = (Kind.SIT_STAND, Kind.WATER, Kind.POSTURE_RESET)


def form_from_settings(stored: BreakSettings) -> FormState:
    values: dict[str, Any] = {
        "is_enabled": stored.is_enabled,
        "kinds": list(stored.kinds),
        "notify": stored.notify,
    }
    for name in NUMBERS:
        values[name] = str(getattr(stored, name))
    for index, spans in enumerate(stored.hours):
        flat = [t for span in spans[:2] for t in span]
        for field, text in zip(SPAN_FIELDS, flat + [""] * 4, strict=False):
            values[f"d{index}_{field}"] = text
    return FormState(values)


def form_from_post(post: QueryDict) -> tuple[FormState, dict[str, Any]]:
    """What was typed, and the changes for save_settings (a half-filled span is an error
    here: the services never see it)."""
    values: dict[str, Any] = {
        "is_enabled": post.get("is_enabled") == "on",
        "kinds": post.getlist("kinds"),
        "notify": post.get("notify", ""),
    }
    for name in NUMBERS:
        values[name] = post.get(name, "").strip()
    changes = dict(values)
    form = FormState(values)
    hours = []
    for index in range(7):
        texts = {f: post.get(f"d{index}_{f}", "").strip() for f in SPAN_FIELDS}
        values.update({f"d{index}_{f}": t for f, t in texts.items()})
        day = []
        for start, end in (("start", "end"), ("start2", "end2")):
            if texts[start] and texts[end]:
                day.append([texts[start], texts[end]])
            elif texts[start] or texts[end]:
                form.add(f"hours.{index}", "Give both a start and an end time, or neither.")
        hours.append(day)
    changes["hours"] = hours
    return form, changes


def settings_context(form: FormState) -> dict[str, Any]:
    values, errors = form.values, form.errors
    days = [
        {
            "index": i,
            "name": name,
            "values": {f: values.get(f"d{i}_{f}", "") for f in SPAN_FIELDS},
            "errors": errors.get(f"hours.{i}", []),
            "error_id": f"bs-hours.{i}",
        }
        for i, name in enumerate(DAYS)
    ]
    numbers = [
        {
            "name": name,
            "label": label,
            "unit": unit,
            "min": low,
            "max": high,
            "value": values.get(name, ""),
            "errors": errors.get(name, []),
        }
        for name, (label, unit, low, high) in NUMBERS.items()
    ]
    return {
        "form": form,
        "days": days,
        "numbers": numbers,
        "kinds": [(k.value, k.label, k.value in values["kinds"]) for k in EXTRA_KINDS],
        "kinds_errors": errors.get("kinds", []),
        "notify": [(v, label, v == values["notify"]) for v, label in Notify.choices],
        "notify_errors": errors.get("notify", []),
        "is_enabled_checked": values["is_enabled"],
        "hours_errors": errors.get("hours", []),
    }
