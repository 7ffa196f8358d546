"""The knot page's history: the trend chart's numbers and the paged list of entries.

Both read only a bounded slice of the journal (the chart's window, one page of
entries), so a knot page costs the same after three years as after three weeks.
The two slices overlap (the newest entries are in both), so they are read
together, as plain rows rather than model instances: one query for check-ins,
one for their function scores and one for sessions. The same check-ins give the
knot's status too (its latest pain and the trend rule's weeks).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from operator import itemgetter
from typing import Any

from django.utils import timezone

from unknot.core.kb import KnowledgeBase
from unknot.core.trends import Reading, daily_series
from unknot.web.charts import Chart, FunctionPoint, SessionMark, trend_chart
from unknot.web.journal import services
from unknot.web.journal.models import Knot, Strategy
from unknot.web.journal.views import pain_class
from unknot.web.journal.views_markup import checkin_entry, session_entry

CHART_RANGES = ((42, "6 weeks"), (90, "3 months"), (365, "1 year"))
PER_PAGE = 30
MAX_PAGE = 200
STRATEGIES = dict(Strategy.choices)


def chart_days(raw: str | None) -> int:
    """The chart's window from ?days=; anything unexpected means the default six weeks."""
    allowed = {days for days, _label in CHART_RANGES}
    return int(raw) if raw and raw.isdigit() and int(raw) in allowed else CHART_RANGES[0][0]


def page_number(raw: str | None) -> int:
    """The history page from ?page=: 1 unless it is a number, and at most MAX_PAGE."""
    page = int(raw) if raw and raw.isdigit() else 1
    return min(max(page, 1), MAX_PAGE)


@dataclass(frozen=True)
class Journal:
    """What the knot page shows of the journal."""

    activities: list[tuple[int, str]]  # (id, name) of the knot's PSFS activities
    chart: Chart
    recent: list[Reading]  # the check-ins of the trend rule's weeks (for the status)
    latest: tuple[int, datetime] | None  # the newest check-in's pain and moment
    history: list[str]  # one page of entries, newest first: <li> markup, texts escaped
    page: int
    has_next: bool


def knot_journal(knot: Knot, days: int, page: int, today: date, kb: KnowledgeBase) -> Journal:
    """The chart of the `days` days up to `today`, history page `page` and what the status
    needs, read in one slice of the journal that does not grow with the knot's history."""
    wanted = page * PER_PAGE + 1  # the newest this many of each cover the page and one more
    start = today - timedelta(days=days - 1)
    chart_from = services.day_start(start)
    # Six days before the window so the first day's 7-day average is a real one.
    chart_since = services.day_start(start - timedelta(days=6))
    trend_since = services.day_start(today - timedelta(days=services.TREND_DAYS))
    rows = services.journal_slice(knot, min(chart_since, trend_since), chart_from, wanted)
    zone = timezone.get_current_timezone()  # once: looking it up per row costs more than a row
    # (id, at, local at, pain, notes), newest first
    if _same_zone(zone, rows.checkins):  # the usual case: moments in UTC, shown in UTC
        checkins = [(pk, at, at, pain, notes) for pk, at, pain, notes in rows.checkins]
    else:
        checkins = [
            (pk, at, at.astimezone(zone), pain, notes) for pk, at, pain, notes in rows.checkins
        ]
    scores: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for checkin_id, _activity, name, score in rows.scores:
        scores[checkin_id].append((name, score))
    # Newest first, so the chart's readings and the trend's are each the first so many.
    readings = [Reading(local.date(), pain) for _pk, _at, local, pain, _notes in checkins]
    history, has_next = _history(checkins, rows.sessions, scores, page, kb, zone)
    window = (start, today, chart_from, readings[: _since(checkins, chart_since)])
    return Journal(
        activities=rows.activities,
        chart=_chart(knot, window, checkins, rows.sessions, scores, zone),
        recent=readings[: _since(checkins, trend_since)],
        latest=(checkins[0][3], checkins[0][1]) if checkins else None,
        history=history,
        page=page,
        has_next=has_next,
    )


def _same_zone(zone: tzinfo, rows: list[tuple[Any, ...]]) -> bool:
    """Whether the rows' moments (second) are already in `zone` (both UTC, as unknot is set
    up): then astimezone() would only copy each one."""
    if not rows or rows[0][1].tzinfo is zone:
        return True
    return rows[0][1].tzinfo is UTC and getattr(zone, "key", None) == "UTC"


def _since(rows: list[tuple[Any, ...]], moment: datetime) -> int:
    """How many of `rows` (newest first, their moment second) are at `moment` or later."""
    return next((n for n, row in enumerate(rows) if row[1] < moment), len(rows))


def _chart(
    knot: Knot,
    window: tuple[date, date, datetime, list[Reading]],
    checkins: list[tuple[Any, ...]],
    sessions: list[tuple[Any, ...]],
    scores: dict[int, list[tuple[str, int]]],
    zone: tzinfo,
) -> Chart:
    """`window`: the chart's first and last day, the first day's first moment, and the
    readings from six days before it (for the first days' 7-day averages)."""
    start, today, chart_from, readings = window
    shown = checkins[: _since(checkins, chart_from)]
    return trend_chart(
        daily_series(readings, start, today),
        [_session_mark(s, zone) for s in reversed(sessions[: _since(sessions, chart_from)])],
        _function_points([(c[2].date(), scores.get(c[0], ())) for c in shown]),
        chart_id=f"chart-{knot.pk}",
    )


def _history(
    checkins: list[tuple[Any, ...]],
    sessions: list[tuple[Any, ...]],
    scores: dict[int, list[tuple[str, int]]],
    page: int,
    kb: KnowledgeBase,
    zone: tzinfo,
) -> tuple[list[str], bool]:
    """One page of check-ins and sessions, newest first (at the same moment a check-in comes
    before a session), and whether there is an older page. Only the page is written out."""
    wanted = page * PER_PAGE + 1
    entries = sorted(
        [(c[1], 1, c) for c in checkins[:wanted]] + [(s[1], 0, s) for s in sessions[:wanted]],
        key=itemgetter(0, 1),  # the moment, then check-ins before sessions
        reverse=True,
    )
    shown = entries[(page - 1) * PER_PAGE : page * PER_PAGE]
    return [
        _checkin_entry(row, scores.get(row[0], ())) if is_checkin else _session_entry(row, kb, zone)
        for _at, is_checkin, row in shown
    ], len(entries) > page * PER_PAGE


def _session_mark(row: tuple[Any, ...], zone: tzinfo) -> SessionMark:
    _pk, at, strategy, _tool, minutes, *_rest = row
    return SessionMark(at.astimezone(zone).date(), f"{STRATEGIES[strategy]}, {minutes} min")


def _function_points(days: list[tuple[date, Any]]) -> list[FunctionPoint]:
    """The mean of each day's function scores."""
    totals: dict[date, list[int]] = {}  # day -> [sum, count]
    for day, scores in days:
        if scores:
            total = totals.get(day) or totals.setdefault(day, [0, 0])
            for _name, score in scores:
                total[0] += score
                total[1] += 1
    return [FunctionPoint(day, round(s / n, 1)) for day, (s, n) in sorted(totals.items())]


def _checkin_entry(row: tuple[Any, ...], scores: Any) -> str:
    _pk, _at, local, pain, notes = row
    return checkin_entry(local, pain, pain_class(pain), scores, notes)


def _session_entry(row: tuple[Any, ...], kb: KnowledgeBase, zone: tzinfo) -> str:
    _pk, at, strategy, tool, minutes, before, after, notes = row
    label = STRATEGIES.get(strategy, strategy)
    return session_entry(
        at.astimezone(zone), label, tool_name(kb, tool), minutes, before, after, notes
    )


@functools.lru_cache(maxsize=4)
def tool_choices(kb: KnowledgeBase) -> tuple[tuple[str, str], ...]:
    """The tools as (id, name) by name: the knot page's form lists them on every view."""
    return tuple(sorted(((t.id, t.name) for t in kb.tools.values()), key=lambda t: t[1]))


def tool_name(kb: KnowledgeBase, tool: str) -> str:
    return kb.tools[tool].name if tool in kb.tools else ""
