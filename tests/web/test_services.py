"""The journal's shared operations: what they store, what they refuse, what they conclude.

Pages and the API both call these functions, so the rules pinned here hold for
both. Every refusal must name the field and leave the database untouched.
Time is always a FixedClock: "20 days ago" and "today" must not depend on when
the tests run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unknot.core.clock import FixedClock
from unknot.core.model import Level, Trend
from unknot.web.journal import sample, services
from unknot.web.journal.models import Activity, CheckIn, FunctionScore, Knot, Session
from unknot.web.journal.services import InvalidInput, KnotInput

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
pytestmark = pytest.mark.django_db


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def person(django_user_model):
    return django_user_model.objects.create(username="sam")


@pytest.fixture
def other_person(django_user_model):
    return django_user_model.objects.create(username="alex")


def shoulder(**changes) -> KnotInput:
    data = {
        "region": "shoulder_top",
        "side": "right",
        "muscle": "upper_trapezius",
        "size": "pea",
        "feel": ["achy"],
        "symptoms": ["tender_spot", "stiffness"],
        "limits": "Turning my head",
        "started_on": NOW.date() - timedelta(days=3),
        "notes": "Started after a long week at the desk.",
        "activities": ["Turning my head to reverse the car", "Working at the laptop"],
    }
    data.update(changes)
    return KnotInput(**data)


@pytest.fixture
def knot(person, clock) -> Knot:
    return services.create_knot(person, shoulder(), clock=clock)


def stored_rows() -> dict[str, int]:
    models = (Knot, Activity, CheckIn, FunctionScore, Session)
    return {model.__name__: model.objects.count() for model in models}


def refused(call, field: str) -> InvalidInput:
    """Run a write that must fail on `field`, and check nothing at all was stored."""
    before = stored_rows()
    with pytest.raises(InvalidInput) as caught:
        call()
    assert field in caught.value.errors, caught.value.errors
    assert all(message.strip() for message in caught.value.errors[field])
    assert stored_rows() == before
    return caught.value


# --- happy paths ----------------------------------------------------------------------------


def test_it_stores_a_knot_with_its_activities_in_order(person, clock):
    knot = services.create_knot(person, shoulder(), clock=clock)
    knot.refresh_from_db()
    assert (knot.region, knot.side, knot.muscle, knot.size) == (
        "shoulder_top",
        "right",
        "upper_trapezius",
        "pea",
    )
    assert knot.feel == ["achy"] and knot.symptoms == ["tender_spot", "stiffness"]
    assert knot.started_on == NOW.date() - timedelta(days=3)
    assert not knot.is_sample and not knot.is_archived
    assert [a.name for a in knot.activities.all()] == [
        "Turning my head to reverse the car",
        "Working at the laptop",
    ]


def test_it_starts_a_knot_today_when_no_date_is_given(person, clock):
    knot = services.create_knot(person, shoulder(started_on=None), clock=clock)
    assert knot.started_on == NOW.date()


def test_it_forgets_a_side_for_a_region_that_has_none(person, clock):
    knot = services.create_knot(person, shoulder(region="breastbone", muscle=""), clock=clock)
    assert knot.side == ""


def test_it_merges_activity_names_that_differ_only_in_case_or_spaces(person, clock):
    names = ["Running 5 km", "running  5 km", " Running 5 km ", "Stairs"]
    knot = services.create_knot(person, shoulder(activities=names), clock=clock)
    assert [a.name for a in knot.activities.all()] == ["Running 5 km", "Stairs"]


def test_it_accepts_six_names_when_only_five_are_different(person, clock):
    names = ["A", "B", "C", "D", "E", "e"]
    knot = services.create_knot(person, shoulder(activities=names), clock=clock)
    assert knot.activities.count() == 5


def test_updating_a_knot_keeps_the_scores_of_activities_that_stay(knot, clock):
    kept, dropped = knot.activities.all()
    services.add_checkin(knot, pain=4, scores={kept.pk: 6, dropped.pk: 3}, clock=clock)
    changed = shoulder(
        size="thumbprint",
        notes="Bigger than I thought.",
        activities=["Sleeping on my side", kept.name.upper()],
    )
    services.update_knot(knot, changed, clock=clock)
    knot.refresh_from_db()
    assert knot.size == "thumbprint" and knot.notes == "Bigger than I thought."
    names = [a.name for a in knot.activities.all()]
    assert names == ["Sleeping on my side", kept.name.upper()]
    assert knot.activities.get(name=kept.name.upper()).pk == kept.pk
    assert list(FunctionScore.objects.values_list("activity_id", "score")) == [(kept.pk, 6)]


def test_archiving_hides_a_knot_from_the_active_list(person, knot):
    services.set_archived(knot, True)
    assert services.active_knots(person) == []
    services.set_archived(knot, False)
    assert services.active_knots(person) == [knot]


def test_a_checkin_is_stored_now_with_its_scores(knot, clock):
    first, second = knot.activities.all()
    checkin = services.add_checkin(
        knot, pain="3", scores={str(first.pk): "7", second.pk: ""}, notes=" ok ", clock=clock
    )
    checkin.refresh_from_db()
    assert (checkin.pain, checkin.notes, checkin.at) == (3, "ok", NOW)
    assert {s.activity_id: s.score for s in checkin.scores.all()} == {first.pk: 7}


def test_a_checkin_can_be_dated_in_the_past(knot, clock):
    checkin = services.add_checkin(knot, pain=5, at="2026-11-20T08:30", clock=clock)
    assert checkin.at == datetime(2026, 11, 20, 8, 30, tzinfo=UTC)
    checkin = services.add_checkin(knot, pain=5, at="2026-11-21", clock=clock)
    assert checkin.at.date().isoformat() == "2026-11-21"


def test_a_session_is_stored_with_pain_before_and_after(knot, clock):
    session = services.add_session(
        knot,
        strategy="self_release",
        tool="massage_ball",
        minutes="8",
        pain_before=5,
        pain_after=3,
        notes="Light pressure against the wall.",
        clock=clock,
    )
    session.refresh_from_db()
    assert (session.strategy, session.tool, session.minutes) == ("self_release", "massage_ball", 8)
    assert (session.pain_before, session.pain_after, session.at) == (5, 3, NOW)


def test_a_session_does_not_need_a_tool_or_pain_ratings(knot, clock):
    session = services.add_session(knot, strategy="movement", minutes=10, clock=clock)
    assert (session.tool, session.pain_before, session.pain_after) == ("", None, None)


# --- refusals -------------------------------------------------------------------------------


@pytest.mark.parametrize("pain", [11, -1, "six", 6.5, "6.5", None, "", [3]])
def test_it_refuses_a_pain_that_is_not_a_whole_number_from_0_to_10(knot, clock, pain):
    refused(lambda: services.add_checkin(knot, pain=pain, clock=clock), "pain")


@pytest.mark.parametrize("pain", [0, 10, "7", 4.0])
def test_it_accepts_every_whole_pain_from_0_to_10(knot, clock, pain):
    assert 0 <= services.add_checkin(knot, pain=pain, clock=clock).pain <= 10


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"region": ""}, "region"),
        ({"region": None}, "region"),
        ({"region": "elbow_of_doom"}, "region"),
        ({"side": "middle"}, "side"),
        ({"muscle": "heart"}, "muscle"),
        ({"size": "melon"}, "size"),
        ({"feel": ["itchy"]}, "feel"),
        ({"symptoms": ["tender_spot", "glowing"]}, "symptoms"),
        ({"symptoms": "tender_spot"}, "symptoms"),
        ({"notes": "x" * 6000}, "notes"),
        ({"notes": 42}, "notes"),
        ({"limits": "y" * 201}, "limits"),
        ({"activities": ["A", "B", "C", "D", "E", "F"]}, "activities"),
        ({"activities": ["z" * 81]}, "activities"),
        ({"activities": [7]}, "activities"),
        ({"started_on": NOW.date() + timedelta(days=1)}, "started_on"),
        ({"started_on": "yesterday"}, "started_on"),
        ({"started_on": "1900-01-01"}, "started_on"),
    ],
)
def test_it_refuses_a_bad_knot_and_stores_nothing(person, clock, changes, field):
    refused(lambda: services.create_knot(person, shoulder(**changes), clock=clock), field)


def test_it_reports_every_bad_field_at_once(person, clock):
    bad = shoulder(region="", muscle="heart", notes="x" * 6000)
    error = refused(lambda: services.create_knot(person, bad, clock=clock), "region")
    assert {"region", "muscle", "notes"} <= set(error.errors)


def test_a_refused_update_changes_nothing(knot, clock):
    bad = shoulder(size="melon", activities=["Only this"])
    refused(lambda: services.update_knot(knot, bad, clock=clock), "size")
    knot.refresh_from_db()
    assert knot.size == "pea" and knot.activities.count() == 2


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"notes": "n" * 501}, "notes"),
        ({"at": NOW + timedelta(hours=1)}, "at"),
        ({"at": "2026-11-29"}, "at"),
        ({"at": "next Tuesday"}, "at"),
    ],
)
def test_it_refuses_a_bad_checkin_and_stores_nothing(knot, clock, changes, field):
    refused(lambda: services.add_checkin(knot, pain=4, clock=clock, **changes), field)


def test_it_refuses_a_score_for_an_activity_of_another_knot(person, knot, clock):
    other = services.create_knot(person, shoulder(activities=["Running 5 km"]), clock=clock)
    theirs = other.activities.get()
    refused(
        lambda: services.add_checkin(knot, pain=4, scores={theirs.pk: 5}, clock=clock), "scores"
    )
    refused(lambda: services.add_checkin(knot, pain=4, scores={"abc": 5}, clock=clock), "scores")


def test_it_refuses_a_score_outside_0_to_10(knot, clock):
    activity = knot.activities.first()
    refused(
        lambda: services.add_checkin(knot, pain=4, scores={activity.pk: 11}, clock=clock),
        f"score_{activity.pk}",
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"minutes": 0}, "minutes"),
        ({"minutes": 241}, "minutes"),
        ({"minutes": 7.5}, "minutes"),
        ({"minutes": "ten"}, "minutes"),
        ({"minutes": None}, "minutes"),
        ({"strategy": "acupuncture"}, "strategy"),
        ({"strategy": ""}, "strategy"),
        ({"tool": "hammer"}, "tool"),
        ({"pain_before": 11}, "pain_before"),
        ({"pain_after": -1}, "pain_after"),
        ({"notes": "n" * 501}, "notes"),
        ({"at": NOW + timedelta(days=1)}, "at"),
    ],
)
def test_it_refuses_a_bad_session_and_stores_nothing(knot, clock, changes, field):
    given = {"strategy": "heat", "tool": "heat_pack", "minutes": 15} | changes
    refused(lambda: services.add_session(knot, clock=clock, **given), field)


# --- knot status: the trend rule ------------------------------------------------------------


def knot_with_pains(owner, pains: list[int], clock: FixedClock) -> Knot:
    """A knot started len(pains) days ago with one check-in a day, the last one today."""
    days = len(pains) - 1
    data = shoulder(started_on=NOW.date() - timedelta(days=days), activities=[])
    knot = services.create_knot(owner, data, clock=clock)
    for ago, pain in zip(range(days, -1, -1), pains, strict=True):
        services.add_checkin(knot, pain=pain, at=NOW - timedelta(days=ago), clock=clock)
    return knot


def rules(status: services.KnotStatus) -> set[str]:
    return {reason.rule for reason in status.triage.reasons}


def test_a_knot_that_stays_flat_for_twenty_days_suggests_a_professional(person, clock):
    knot = knot_with_pains(person, [4] * 21, clock)
    status = services.knot_status(knot, clock=clock)
    assert status.verdict.trend is Trend.SAME
    assert status.triage.level is Level.SEE_PROFESSIONAL
    assert "no_improvement_two_weeks" in rules(status)
    assert status.needs_attention


def test_a_knot_that_is_improving_stays_with_self_care(person, clock):
    pains = [6, 6, 6, 6, 5, 5, 5, 5, 5, 4, 4, 4, 4, 4, 3, 3, 3, 2, 2, 2, 2]
    status = services.knot_status(knot_with_pains(person, pains, clock), clock=clock)
    assert status.verdict.trend is Trend.BETTER
    assert status.triage.level is Level.SELF_CARE
    assert not status.needs_attention
    assert (status.latest_pain, status.last_checkin) == (2, NOW)


def test_a_knot_with_rising_pain_says_it_is_getting_worse(person, clock):
    pains = [2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 4, 4, 5, 5, 5, 6, 6, 6, 6]
    status = services.knot_status(knot_with_pains(person, pains, clock), clock=clock)
    assert status.verdict.trend is Trend.WORSE
    assert "worse" in status.verdict.summary.lower()
    assert status.triage.level >= Level.SEE_PROFESSIONAL
    assert "getting_worse" in rules(status)


def test_a_new_knot_without_checkins_has_no_trend_yet(knot, clock):
    status = services.knot_status(knot, clock=clock)
    assert status.verdict.trend is None and status.latest_pain is None
    assert status.triage.level is Level.SELF_CARE


def test_statuses_of_many_knots_match_one_at_a_time_in_a_few_queries(
    person, other_person, clock, django_assert_max_num_queries
):
    flat = knot_with_pains(person, [4] * 21, clock)
    better = knot_with_pains(person, [6] * 10 + [3] * 11, clock)
    quiet = services.create_knot(
        person, shoulder(started_on=NOW.date() - timedelta(days=90)), clock=clock
    )
    services.add_checkin(quiet, pain=5, at=NOW - timedelta(days=60), clock=clock)
    empty = services.create_knot(person, shoulder(), clock=clock)
    theirs = knot_with_pains(other_person, [2, 3, 4], clock)
    knots = [flat, better, quiet, empty, theirs]
    one_by_one = [services.knot_status(k, clock=clock) for k in knots]
    for knot in knots:
        knot.refresh_from_db()  # no cached owners: the query count must not depend on it
    with django_assert_max_num_queries(5):
        together = services.knot_statuses(knots, clock=clock)
    for alone, batch in zip(one_by_one, together, strict=True):
        assert batch.knot == alone.knot
        assert (batch.latest_pain, batch.last_checkin) == (alone.latest_pain, alone.last_checkin)
        assert batch.verdict == alone.verdict
        assert batch.triage.to_json() == alone.triage.to_json()
    assert together[2].latest_pain == 5 and together[3].latest_pain is None


class _Undo(Exception):
    """Roll one generated example back."""


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    histories=st.lists(
        st.lists(
            st.tuples(st.integers(0, 45), st.integers(0, 23), st.integers(0, 10)), max_size=14
        ),
        min_size=1,
        max_size=3,
    )
)
def test_statuses_read_in_two_steps_match_one_at_a_time(person, clock, histories):
    """knot_statuses reads three weeks first and five only where the trend needs them:
    for any pattern of check-ins (sparse, clustered, several a day) the answers are the
    same as knot_status's, which always reads five weeks."""
    try:
        with transaction.atomic():
            knots = []
            for history in histories:
                knot = services.create_knot(person, shoulder(activities=[]), clock=clock)
                for ago, hour, pain in history:
                    at = NOW.replace(hour=hour) - timedelta(days=ago)
                    services.add_checkin(knot, pain=pain, at=min(at, NOW), clock=clock)
                knots.append(knot)
            together = services.knot_statuses(knots, clock=clock)
            for knot, batch in zip(knots, together, strict=True):
                alone = services.knot_status(knot, clock=clock)
                assert (batch.latest_pain, batch.last_checkin) == (
                    alone.latest_pain,
                    alone.last_checkin,
                )
                assert batch.verdict == alone.verdict
                assert batch.triage.to_json() == alone.triage.to_json()
            raise _Undo
    except _Undo:
        pass


def test_statuses_of_no_knots_are_empty(clock):
    assert services.knot_statuses([], clock=clock) == []


# --- sample data ----------------------------------------------------------------------------


def test_sample_data_is_three_knots_with_six_weeks_of_checkins_and_sessions(person, clock):
    knots = sample.load(person, clock=clock)
    assert len(knots) == 3 and all(k.is_sample for k in knots)
    assert {k.region for k in knots} == {"shoulder_top", "calf", "low_back"}
    first = CheckIn.objects.filter(knot__in=knots).order_by("at").first()
    assert (NOW.date() - first.at.date()).days == 41
    assert not CheckIn.objects.filter(at__gt=NOW).exists()
    for knot in knots:
        days = set(knot.checkins.values_list("at__date", flat=True))
        span = (max(days) - min(days)).days + 1
        assert 0.7 * span <= len(days) < span  # most days, but not every day
        assert knot.checkins.count() > len(days)  # some days twice
        assert knot.sessions.count() >= span // 7 * 2
        assert knot.activities.exists()
        assert FunctionScore.objects.filter(checkin__knot=knot).exists()


def test_sample_sessions_bring_relief(person, clock):
    sample.load(person, clock=clock)
    sessions = Session.objects.filter(knot__owner=person)
    assert all(s.pain_after <= s.pain_before for s in sessions)
    assert sum(s.pain_before - s.pain_after for s in sessions) / sessions.count() >= 1


@pytest.mark.parametrize(
    "moment",
    [
        NOW,
        datetime(2026, 11, 28, 0, 5, tzinfo=UTC),
        datetime(2026, 11, 28, 23, 55, tzinfo=UTC),
        datetime(2026, 11, 28, 7, 0, tzinfo=timezone(timedelta(hours=10))),
        datetime(2026, 11, 28, 22, 0, tzinfo=timezone(timedelta(hours=-8))),
    ],
)
def test_sample_knots_tell_their_stories_in_triage(person, moment):
    clock = FixedClock(moment)
    by_region = {k.region: k for k in sample.load(person, clock=clock)}
    shoulder_now = services.knot_status(by_region["shoulder_top"], clock=clock)
    assert shoulder_now.verdict.trend is Trend.BETTER
    assert shoulder_now.triage.level is Level.SELF_CARE
    calf_now = services.knot_status(by_region["calf"], clock=clock)
    assert calf_now.verdict.trend is Trend.BETTER
    assert calf_now.triage.level is Level.SELF_CARE
    back_now = services.knot_status(by_region["low_back"], clock=clock)
    assert by_region["low_back"].recurring
    assert back_now.triage.level is Level.SEE_PROFESSIONAL
    assert "recurring_knots" in rules(back_now)


def test_sample_leaves_a_check_in_to_do_today(person, clock):
    knots = sample.load(person, clock=clock)
    checked_today = [k.region for k in knots if k.checkins.filter(at__date=NOW.date()).exists()]
    assert checked_today == ["shoulder_top"]


def test_sample_shoulder_names_its_activities(person, clock):
    by_region = {k.region: k for k in sample.load(person, clock=clock)}
    assert [a.name for a in by_region["shoulder_top"].activities.all()] == [
        "Turning my head to reverse the car",
        "Working at the laptop for an hour",
    ]
    assert [a.name for a in by_region["calf"].activities.all()] == ["Running 5 km"]
    assert [a.name for a in by_region["low_back"].activities.all()] == ["Putting on socks"]


def test_loading_sample_data_twice_adds_nothing_the_second_time(person, clock):
    first = sample.load(person, clock=clock)
    rows = stored_rows()
    second = sample.load(person, clock=clock)
    assert [k.pk for k in second] == [k.pk for k in first]
    assert stored_rows() == rows


def test_sample_data_is_the_same_every_time(person, other_person, clock):
    def pains(owner):
        return [
            list(k.checkins.order_by("at").values_list("pain", flat=True))
            for k in sample.load(owner, clock=clock)
        ]

    assert pains(person) == pains(other_person)


def test_sample_data_can_start_before_breakfast(person):
    early = FixedClock(datetime(2026, 11, 28, 0, 5, tzinfo=UTC))
    knots = sample.load(person, clock=early)
    assert len(knots) == 3
    assert not CheckIn.objects.filter(at__gt=early.now()).exists()


def test_removing_sample_data_leaves_the_persons_own_knots(person, knot, clock):
    services.add_checkin(knot, pain=3, clock=clock)
    sample.load(person, clock=clock)
    assert services.has_sample_data(person)
    assert sample.remove(person) > 3
    assert not services.has_sample_data(person)
    assert list(Knot.objects.filter(owner=person)) == [knot]
    assert knot.checkins.count() == 1 and knot.activities.count() == 2
    assert sample.remove(person) == 0


def test_sample_data_shows_a_changed_plan_and_a_dosing_history(person, clock):
    from unknot.web.journal import doses
    from unknot.web.journal.models import Exposure, PlanChoice

    own = doses.add_exposure(person, activity="Swim", pain_during=2, pain_after=1, clock=clock)
    shoulder_knot = sample.load(person, clock=clock)[0]
    choice = PlanChoice.objects.get(knot=shoulder_knot)
    assert choice.action == "swap"
    lights = [doses.judge(b).light for b in Exposure.objects.filter(activity="run").reverse()]
    assert lights[0] == "red" and lights[-2] == "green"  # eased back in
    assert Exposure.objects.filter(is_sample=True, next_morning="").count() == 1  # to fill in
    sample.remove(person)
    assert list(Exposure.objects.filter(owner=person)) == [own]
    assert not PlanChoice.objects.exists()


def test_owners_are_isolated(person, other_person, clock):
    mine = services.create_knot(person, shoulder(), clock=clock)
    theirs = sample.load(other_person, clock=clock)
    assert services.active_knots(person) == [mine]
    assert set(services.active_knots(other_person)) == set(theirs)
    assert not services.has_sample_data(person)
    assert sample.remove(person) == 0
    assert len(sample.load(person, clock=clock)) == 3
    sample.remove(other_person)
    assert services.has_sample_data(person)
    assert not Knot.objects.filter(owner=other_person).exists()


# --- the command line -----------------------------------------------------------------------


def run_unknot(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # Never inherit DATABASE_URL: the command must write to the temporary SQLite only.
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["UNKNOT_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "unknot", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_unknot_demo_adds_and_removes_sample_data(tmp_path):
    added = run_unknot(tmp_path, "demo")
    assert added.returncode == 0, added.stderr
    assert "3 knots" in added.stdout and "unknot demo --remove" in added.stdout
    assert (tmp_path / "unknot.sqlite3").exists()
    again = run_unknot(tmp_path, "demo")
    assert again.returncode == 0 and "already there" in again.stdout
    removed = run_unknot(tmp_path, "demo", "--remove")
    assert removed.returncode == 0, removed.stderr
    assert "Removed the sample data" in removed.stdout
