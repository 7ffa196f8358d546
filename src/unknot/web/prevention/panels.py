"""The early-warning section on Today (registered in apps.py through journal.today_panels):
the day's one-tap check-in on a risk area, and any nudge. Nothing to ask and nothing to
say: no section at all, so Today stays calm."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.safestring import mark_safe

from unknot.web.journal.owner_reads import for_request
from unknot.web.journal.today_panels import Panel
from unknot.web.prevention import watch
from unknot.web.prevention.views import clock
from unknot.web.prevention.views_warnings import panel_html

ORDER = 20  # before most other panels: it is one tap, and early is the point


def early_warning_panel(request: HttpRequest, owner: Any) -> Panel | None:
    state = watch.state(owner, clock(), reads=for_request(request, owner))
    if not state.due and not state.nudges:
        return None
    title = "Early warning" if state.nudges else "A quick check-in"
    return Panel(title, mark_safe(panel_html(request, state)), ORDER)
