"""Newest-first pages over a journal's history, with a time cursor.

`?before=<ISO datetime>` returns what happened strictly before that moment;
the page's `next` is the cursor for the following (older) page. A cursor is a
moment rather than an offset so that a check-in added while someone pages does
not shift every later page by one.

Two rows can share a moment (a check-in and its copy from an import, say). A
page never ends in the middle of such a group: the group moves to the next
page, whose cursor is one microsecond after the shared moment (the databases
store microseconds, so nothing else lies in between). Only when a whole page
is one moment does the page grow past `limit` to hold all of it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
TICK = timedelta(microseconds=1)


def cursor(moment: datetime) -> str:
    """An ISO datetime in UTC with a Z: safe in a query string as it is ("+" is not)."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def page(rows: QuerySet[Any], before: datetime | None, limit: int) -> tuple[list[Any], str | None]:
    """One page of `rows` (a query with an `at` field), newest first, and the next cursor."""
    rows = rows.order_by("-at", "-pk")
    if before is not None:
        if timezone.is_naive(before):
            before = before.replace(tzinfo=UTC)
        rows = rows.filter(at__lt=before)
    found = list(rows[: limit + 1])
    if len(found) <= limit:
        return found, None
    items, boundary = found[:limit], found[limit - 1].at
    if found[limit].at != boundary:
        return items, cursor(boundary)
    head = [row for row in items if row.at != boundary]
    if head:
        return head, cursor(boundary + TICK)
    items = list(rows.filter(at=boundary))
    more = rows.filter(at__lt=boundary).exists()
    return items, cursor(boundary) if more else None
