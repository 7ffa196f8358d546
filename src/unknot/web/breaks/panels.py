"""The Today panel: the next break and today's counts, in two lines and a link."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from unknot.core.kb import default_kb
from unknot.web.breaks import services
from unknot.web.breaks.words import break_context, fmt_clock
from unknot.web.journal.owner_reads import for_request
from unknot.web.journal.today_panels import Panel
from unknot.web.journal.views import clock

ORDER = 30


def next_break_panel(request: HttpRequest, owner: Any) -> Panel | None:
    kb = default_kb()
    seen = services.overview(owner, clock(), kb, for_request(request, owner))
    upcoming, now = seen.upcoming, seen.now
    context = {
        "is_enabled": seen.settings.is_enabled,
        "brk": break_context(upcoming, kb) if upcoming else None,
        "when": fmt_clock(upcoming.at, now) if upcoming else "",
        "is_due": services.is_due(upcoming, now),
        "summary": seen.today,
        "skipped": seen.today.counts.get("skipped", 0),
    }
    # No request: the panel has no form, so the context processors would be wasted work.
    html = render_to_string("breaks/_panel.html", context)
    return Panel("Movement breaks", html, ORDER)
