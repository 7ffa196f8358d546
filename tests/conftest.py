from datetime import UTC, datetime

import pytest

from unknot.core.clock import FixedClock
from unknot.core.kb import KnowledgeBase, default_kb

# A Saturday: "since Monday" is 5 days ago, "since Tuesday" 4.
SATURDAY = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return default_kb()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(SATURDAY)
