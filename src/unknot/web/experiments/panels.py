"""The experiments' section on Today: what to use today and a one-tap outcome form for each
running experiment, or a pointer to results that are new this week.

Registered with journal.today_panels from ExperimentsConfig.ready(); Today does not know
about experiments. One plain-SQL query when there is nothing to show.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import connection
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from unknot.web.experiments import services
from unknot.web.experiments.models import Experiment, Status
from unknot.web.experiments.present import assignment_context
from unknot.web.journal.routes import route
from unknot.web.journal.today_panels import Panel
from unknot.web.journal.views import clock
from unknot.web.plain_sql import ModelReader

RESULTS_NEW_DAYS = 7  # how long a finished experiment's results are pointed out on Today
_EXPERIMENTS = ModelReader(Experiment)  # read on every view of Today: plain SQL (plain_sql.py)


def today_panel(request: HttpRequest, owner: Any) -> Panel | None:
    since = clock().today() - timedelta(days=RESULTS_NEW_DAYS)
    found = _EXPERIMENTS.read(
        '"owner_id" = %s AND ("status" = %s OR "stopped_on" >= %s) ORDER BY "id"',
        [owner.pk, Status.RUNNING.value, connection.ops.adapt_datefield_value(since)],
    )
    if not found:
        return None
    back = f"{route('journal:today')}#experiments"
    items, ended = [], []
    for exp in found:
        now = services.refresh(exp, clock()) if exp.status == Status.RUNNING else None
        if now is not None and exp.status == Status.RUNNING:
            todo = assignment_context(now, back, {}, services.safety_pause(exp, clock()))
            if todo is not None:
                items.append({"title": services.title(exp), "todo": todo, **_links(exp)})
                continue
        if exp.status != Status.RUNNING:
            ended.append({"title": services.title(exp), **_links(exp)})
    if not items and not ended:
        return None
    html = render_to_string(
        "experiments/_today_panel.html",
        {"items": items, "ended": ended, "list_url": reverse("experiments:list")},
        request=request,
    )
    title = "Your experiment" if len(items) + len(ended) == 1 else "Your experiments"
    return Panel(title, mark_safe(html), order=20)


def _links(exp: Experiment) -> dict[str, str]:
    return {
        "url": reverse("experiments:detail", args=[exp.pk]),
        "results_url": reverse("experiments:results", args=[exp.pk]),
    }
