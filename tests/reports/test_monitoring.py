"""The remote-monitoring summary: days with data in the last 30 days and the pain and
function scores, as plain JSON, checked against four simulated weeks."""

from __future__ import annotations

from datetime import timedelta
from statistics import mean

import pytest

from report_data import FIRST_DAY, PAIN, TODAY, clock, four_weeks, moment
from unknot.core.clock import FixedClock
from unknot.reports import monitoring
from unknot.web.journal import doses, services
from unknot.web.journal.models import CheckIn

pytestmark = pytest.mark.django_db


def test_four_weeks_of_daily_check_ins_give_28_days_with_data_of_30():
    journal = four_weeks()
    found = monitoring.summary(journal.owner, clock())
    assert found["format"] == "unknot-monitoring" and found["version"] == 1
    assert found["period"] == {"start": "2026-10-30", "end": "2026-11-28", "days": 30}
    assert found["days_with_data"] == 28
    assert found["dates_with_data"][0] == FIRST_DAY.isoformat()
    assert "no medical-device claim" in found["statement"]


def test_the_pain_figures_are_the_check_ins_of_the_window():
    journal = four_weeks()
    (knot,) = monitoring.summary(journal.owner, clock())["knots"]
    pain = knot["pain"]
    assert knot["name"] == "Right top of the shoulder"
    assert pain["readings"] == 28 and pain["days"] == 28
    assert pain["first"] == {"date": "2026-11-01", "value": PAIN[0]}
    assert pain["latest"] == {"date": "2026-11-28", "value": PAIN[-1]}
    assert pain["mean"] == round(mean(PAIN), 2)
    assert (pain["min"], pain["max"]) == (min(PAIN), max(PAIN))
    assert pain["mean_first_7_days"] == round(mean(PAIN[:7]), 2)
    assert pain["mean_last_7_days"] == round(mean(PAIN[-7:]), 2)
    assert pain["trend"] == "better"


def test_the_function_figures_are_the_psfs_means_and_each_activity():
    journal = four_weeks()
    function = monitoring.summary(journal.owner, clock())["knots"][0]["function"]
    first = CheckIn.objects.filter(knot=journal.knot).order_by("at").first()
    scores = list(first.scores.values_list("score", flat=True))
    assert function["scores"] == 28 * 3
    assert function["first_mean"] == {"date": "2026-11-01", "value": round(mean(scores), 2)}
    names = [a["name"] for a in function["activities"]]
    assert names == list(journal.knot.activities.values_list("name", flat=True))


def test_a_shorter_window_counts_only_its_days():
    journal = four_weeks()
    found = monitoring.summary(journal.owner, clock(), days=7)
    assert found["days_with_data"] == 7
    assert found["knots"][0]["pain"]["readings"] == 7


def test_a_day_with_only_a_session_or_only_an_activity_counts():
    me = services.local_user()
    knot = services.create_knot(
        me,
        services.KnotInput(region="calf", side="left", started_on=TODAY - timedelta(days=9)),
        clock=clock(),
    )
    services.add_session(knot, strategy="heat", minutes=10, clock=FixedClock(moment(20)))
    doses.add_exposure(
        me,
        activity="run",
        pain_during=2,
        pain_after=1,
        day=TODAY - timedelta(days=2),
        clock=clock(),
    )
    services.add_checkin(knot, pain=3, at=TODAY - timedelta(days=40), clock=clock())  # too old
    found = monitoring.summary(me, clock())
    assert found["dates_with_data"] == ["2026-11-21", "2026-11-26"]
    assert found["knots"][0]["pain"] == {"readings": 0}


@pytest.mark.parametrize("days", [0, 366])
def test_the_window_is_one_day_to_a_year(days):
    with pytest.raises(ValueError, match="days must be from 1 to 365"):
        monitoring.window(TODAY, days)
