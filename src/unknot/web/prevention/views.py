"""Prevention pages: the overview of the four parts, and the relaxation timer.

Early warnings, the workstation check, the recovery log and insights each have their own
views module; they share the clock and the small helpers here. Every page works without
JavaScript; htmx (the one-tap check-in) and player.js (the breathing pacer) only help.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from unknot.core import insights as core_insights
from unknot.core.clock import Clock, SystemClock
from unknot.core.kb import default_kb
from unknot.web.journal.views_markup import long_date
from unknot.web.prevention import checks, habits, recovery, watch

BREATHING = "paced_breathing"  # the knowledge base's relaxation strategy the timer paces
MINUTES = (1, 2, 3, 5, 10)
DEFAULT_MINUTES = 3


def clock() -> Clock:
    """The pages' one clock (tests move time with time-machine, which it follows)."""
    return SystemClock()


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    owner, today = request.user, clock().today()
    state = watch.state(owner, clock())
    latest_check = next(iter(checks.checks_of(owner, limit=1)), None)
    entry = recovery.entry_for(owner, today)
    found = habits.person_insights(owner, clock())
    ready = [a for a in found if a.is_enough]
    days = max((a.days for a in found), default=0)
    context = {
        "nav": "prevention",
        "due": [watch.question(a) for a in state.due],
        "nudges": [n.place for n in state.nudges],
        "areas": len([a for a in state.areas if a.is_asked]),
        "check": latest_check,
        "check_day": long_date(latest_check.day) if latest_check else "",
        "logged_today": entry is not None,
        "insights_ready": len(ready),
        "insight_days": days,
        "needed": core_insights.MIN_DAYS,
        "urls": {
            "breaks": reverse("breaks:breaks"),
            "movements": reverse("breaks:movements"),
            "warnings": reverse("prevention:warnings"),
            "workstation": reverse("prevention:workstation"),
            "log": reverse("prevention:log"),
            "relax": reverse("prevention:relax"),
            "insights": reverse("prevention:insights"),
        },
    }
    return render(request, "prevention/overview.html", context)


@require_GET
def relax(request: HttpRequest) -> HttpResponse:
    """Paced breathing: a pacer (player.js) that grows while you breathe in and shrinks
    while you breathe out; without JavaScript, the same as plain instructions."""
    strategy = default_kb().strategies[BREATHING]
    minutes = _minutes(request.GET.get("minutes", ""))
    breaths = minutes * 60 // (strategy.inhale_s + strategy.exhale_s)
    context: dict[str, Any] = {
        "nav": "prevention",
        "strategy": strategy,
        "minutes": minutes,
        "seconds": minutes * 60,
        "breaths": breaths,
        "choices": [
            (m, f"{reverse('prevention:relax')}?minutes={m}", m == minutes) for m in MINUTES
        ],
        "sources": [default_kb().source_text(s) for s in strategy.sources],
    }
    return render(request, "prevention/relax.html", context)


def _minutes(value: str) -> int:
    return int(value) if value.isdigit() and int(value) in MINUTES else DEFAULT_MINUTES
