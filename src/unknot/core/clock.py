"""The one place that asks the system for the time.

Everything else takes a `Clock`, so tests can set the date ("since Monday"
means something different on a Tuesday) without patching the standard library.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...

    def today(self) -> date: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC).astimezone()

    def today(self) -> date:
        return self.now().date()


class FixedClock:
    """A clock that always says the same time (for tests and reproducible runs)."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at

    def today(self) -> date:
        return self.at.date()
