"""The knot page's history: the trend chart's numbers and the paged list of entries.

Both read only a bounded slice of the journal (the chart's window, one page of
entries), so a knot page costs the same after three years as after three weeks.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from unknot.core.kb import KnowledgeBase
from unknot.core.trends import daily_series
from unknot.web.charts import Chart, FunctionPoint, SessionMark, trend_chart
from unknot.web.journal import services
from unknot.web.journal.models import CheckIn, FunctionScore, Knot, Session, Strategy
from unknot.web.journal.views import pain_class

CHART_RANGES = ((42, "6 weeks"), (90, "3 months"), (365, "1 year"))
PER_PAGE = 30
MAX_PAGE = 200


def chart_days(raw: str | None) -> int:
    """The chart's window from ?days=; anything unexpected means the default six weeks."""
    allowed = {days for days, _label in CHART_RANGES}
    return int(raw) if raw and raw.isdigit() and int(raw) in allowed else CHART_RANGES[0][0]


def knot_chart(knot: Knot, days: int, today: date) -> Chart:
    start = today - timedelta(days=days - 1)
    # Six days before the window so the first day's 7-day average is a real one.
    points = daily_series(services.readings(knot, since=start - timedelta(days=6)), start, today)
    sessions = [
        SessionMark(timezone.localdate(at), f"{Strategy(strategy).label}, {minutes} min")
        for at, strategy, minutes in knot.sessions.filter(at__gte=services.day_start(start))
        .order_by("at")
        .values_list("at", "strategy", "minutes")
    ]
    by_day: dict[date, list[int]] = defaultdict(list)
    rows = FunctionScore.objects.filter(
        checkin__knot=knot, checkin__at__gte=services.day_start(start)
    )
    for at, score in rows.values_list("checkin__at", "score"):
        by_day[timezone.localdate(at)].append(score)
    function = [FunctionPoint(day, round(sum(v) / len(v), 1)) for day, v in sorted(by_day.items())]
    return trend_chart(points, sessions, function, chart_id=f"chart-{knot.pk}")


@dataclass(frozen=True)
class HistoryItem:
    kind: str  # "checkin" or "session"
    at: datetime
    entry: Any
    pain_class: str
    scores: tuple[tuple[str, int], ...] = ()
    tool: str = ""


def _checkin_item(c: CheckIn) -> HistoryItem:
    scores = tuple((s.activity.name, s.score) for s in c.scores.all())
    return HistoryItem("checkin", c.at, c, pain_class(c.pain), scores)


def _session_item(s: Session, kb: KnowledgeBase) -> HistoryItem:
    return HistoryItem("session", s.at, s, pain_class(s.pain_after), tool=tool_name(kb, s.tool))


def history_page(
    knot: Knot, raw_page: str | None, kb: KnowledgeBase
) -> tuple[list[HistoryItem], int, bool]:
    """One page of check-ins and sessions, newest first: (items, page, has_next)."""
    page = int(raw_page) if raw_page and raw_page.isdigit() else 1
    page = min(max(page, 1), MAX_PAGE)
    wanted = page * PER_PAGE + 1  # the newest this many of each cover the page and one more
    checkins = knot.checkins.order_by("-at").prefetch_related("scores__activity")[:wanted]
    sessions = knot.sessions.order_by("-at")[:wanted]
    merged = sorted(
        [*map(_checkin_item, checkins), *(_session_item(s, kb) for s in sessions)],
        key=lambda item: item.at,
        reverse=True,
    )
    return merged[(page - 1) * PER_PAGE : page * PER_PAGE], page, len(merged) > page * PER_PAGE


def tool_choices(kb: KnowledgeBase) -> list[tuple[str, str]]:
    return sorted(((t.id, t.name) for t in kb.tools.values()), key=lambda t: t[1])


def tool_name(kb: KnowledgeBase, tool: str) -> str:
    return kb.tools[tool].name if tool in kb.tools else ""
