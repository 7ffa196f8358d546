"""The Today panel: the next break and today's counts, in two lines and a link.

Written in Python rather than a template: Today draws it on every view, and it needs only
the next break's movement names, when it is, and today's counts (every name is escaped).
"""

from __future__ import annotations

from html import escape
from typing import Any

from django.http import HttpRequest
from django.utils.safestring import mark_safe

from unknot.core.kb import default_kb
from unknot.web.breaks import services
from unknot.web.breaks.words import PLAIN_PAUSE_NAME, duration, fmt_clock
from unknot.web.journal.owner_reads import for_request
from unknot.web.journal.routes import current
from unknot.web.journal.today_panels import Panel
from unknot.web.journal.views import clock

ORDER = 30


def next_break_panel(request: HttpRequest, owner: Any) -> Panel | None:
    kb = default_kb()
    seen = services.overview(owner, clock(), kb, for_request(request, owner))
    routes = current()
    settings_url = escape(routes.route("breaks:breaks"))
    if not seen.settings.is_enabled:
        html = (
            f'<p>Movement breaks are off. <a href="{settings_url}">Turn them on</a> for short, '
            "varied movements aimed at your knots.</p>"
        )
        return Panel("Movement breaks", mark_safe(html), ORDER)
    upcoming, now = seen.upcoming, seen.now
    take = ""
    if upcoming is None:
        next_line = "<p>No break is planned in your working hours ahead.</p>"
    else:
        is_due = services.is_due(upcoming, now)
        names = ", ".join(m.name for m in upcoming.movements) or PLAIN_PAUSE_NAME
        at = escape(fmt_clock(upcoming.at, now))
        when = "A break is due now:" if is_due else f"Next break {at}:"
        next_line = (
            f"<p>{when} <strong>{escape(names)}</strong> "
            f'<span class="muted">(about {escape(duration(upcoming.seconds))})</span>.</p>'
        )
        take = (
            f'<a class="btn btn-secondary btn-small" href="{escape(routes.route("breaks:take"))}">'
            f"{'Take it now' if is_due else 'See the break'}</a> "
        )
    skipped = seen.today.counts.get("skipped", 0)
    html = (
        f"{next_line}\n"
        f'<p class="muted">Today: {seen.today.done} done'
        f"{f', {skipped} skipped' if skipped else ''}.</p>\n"
        f'<p class="panel-links">{take}<a class="btn btn-ghost btn-small" href="{settings_url}">'
        "Break settings and statistics</a></p>"
    )
    return Panel("Movement breaks", mark_safe(html), ORDER)
