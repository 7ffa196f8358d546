"""Personal experiments on the real database: the services (design, recording, missed
periods, early stops, the winner flowing into the plan, the report's summaries) and the
pages (set-up from a knot, following it, Today's panel, the results).

Time is moved with time_machine: the pages and services read it through SystemClock.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.auth import get_user_model

from unknot.core.experiment_verdict import Kind
from unknot.core.experiments import make_schedule
from unknot.web.experiments import services
from unknot.web.experiments.baseline import baseline_of
from unknot.web.experiments.models import Experiment, Period, Status
from unknot.web.experiments.services import Setup
from unknot.web.journal import plans, profiles
from unknot.web.journal import services as journal
from unknot.web.journal.models import Knot, PlanChoice
from unknot.web.journal.services import InvalidInput, KnotInput

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday
WARMTH_WINS = {"a": 5, "b": 2}  # relief points when warmth is "a"


@pytest.fixture
def traveller() -> Any:
    with time_machine.travel(START, tick=False) as moving:
        yield moving


@pytest.fixture
def me() -> Any:
    return journal.local_user()


@pytest.fixture
def neck_knot(me: Any, traveller: Any) -> Knot:
    """A sore right side of the neck (levator scapulae), pain 4: self-care suits it."""
    knot = journal.create_knot(
        me, KnotInput(region="neck_side", side="right", muscle="levator_scapulae")
    )
    journal.add_checkin(knot, pain=4)
    return knot


def heat_or_cold(me: Any, knot: Knot | None, **changes: Any) -> Experiment:
    return services.create_experiment(me, Setup(**{"seed": 2026, **changes}), knot)


def day(n: int) -> datetime:
    """Day n of the experiment (day 1 is the start), in the evening."""
    return START + timedelta(days=n - 1, hours=10)


def follow(exp: Experiment, traveller: Any, relief: dict[str, int], skip: tuple[int, ...] = ()):
    """Record every period's relief (before 6, after 6 minus relief), skipping some."""
    for period in exp.periods.order_by("number"):
        traveller.move_to(day(period.number))
        if period.number in skip:
            continue
        services.record_outcome(exp, pain_before=6, pain_after=6 - relief[period.option])


# --- setting up ----------------------------------------------------------------------------


def test_heat_or_cold_for_a_neck_knot_stores_the_whole_schedule_from_its_seed(me, neck_knot):
    exp = heat_or_cold(me, neck_knot)
    assert (exp.option_a, exp.option_b) == ("heat", "cold")
    assert (exp.option_a_label, exp.option_b_label) == ("Warmth", "Cold")
    assert (exp.outcome, exp.blocks, exp.unit, exp.seed) == ("session_relief", 6, "day", 2026)
    stored = [(p.number, p.block, p.position, p.option) for p in exp.periods.all()]
    rebuilt = [(p.number, p.block, p.position, p.option) for p in make_schedule(6, 2026)]
    assert stored == rebuilt
    days = [p.planned_on for p in exp.periods.all()]
    assert days == [date(2026, 3, 2) + timedelta(days=i) for i in range(12)]


def test_a_seed_is_drawn_and_stored_when_none_is_given(me, neck_knot):
    exp = services.create_experiment(me, Setup(), neck_knot)
    assert 0 <= exp.seed < 2**31
    orders = [p.option for p in exp.periods.all()]
    assert orders == [p.option for p in make_schedule(6, exp.seed)]


def test_an_unknown_option_is_refused_with_a_hint(me, neck_knot):
    with pytest.raises(InvalidInput) as caught:
        heat_or_cold(me, neck_knot, option_b="colt")
    assert (
        "Unknown thing to compare: 'colt'. Did you mean cold" in caught.value.errors["option_b"][0]
    )
    assert not Experiment.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"blocks": 20}, "blocks"),
        ({"blocks": "six"}, "blocks"),
        ({"washout_days": 9}, "washout_days"),
        ({"smallest_difference": 9}, "smallest_difference"),
        ({"outcome": "mood"}, "outcome"),
        ({"unit": "session", "outcome": "next_morning_pain"}, "outcome"),
        ({"option_b": "heat"}, "option_b"),
    ],
)
def test_a_design_that_cannot_work_is_refused_field_by_field(me, neck_knot, changes, field):
    with pytest.raises(InvalidInput) as caught:
        heat_or_cold(me, neck_knot, **changes)
    assert field in caught.value.errors


def test_a_knot_that_needs_a_professional_gets_no_experiment(me, traveller):
    knot = journal.create_knot(
        me, KnotInput(region="neck_side", side="right", symptoms=["numbness", "weakness"])
    )
    with pytest.raises(InvalidInput) as caught:
        heat_or_cold(me, knot)
    assert "needs a professional's look" in caught.value.errors["knot"][0]


def test_warmth_and_cold_are_not_offered_when_sensation_is_reduced(me, neck_knot):
    profiles.update_profile(me, {"conditions": ["diabetes"]})
    with pytest.raises(InvalidInput) as caught:
        heat_or_cold(me, neck_knot)
    assert "Warmth is not safe for you here" in caught.value.errors["option_a"][0]


def test_a_massage_gun_is_not_offered_for_a_neck_knot(me, neck_knot):
    with pytest.raises(InvalidInput) as caught:
        heat_or_cold(me, neck_knot, option_a="massage_gun", option_b="massage_ball")
    assert "Massage gun is not safe for you here" in caught.value.errors["option_a"][0]


def test_only_one_experiment_runs_for_a_knot_at_a_time(me, neck_knot):
    heat_or_cold(me, neck_knot)
    with pytest.raises(InvalidInput) as caught:
        heat_or_cold(me, neck_knot, option_a="massage_ball", option_b="foam_roller")
    assert "already has an experiment running" in caught.value.errors["knot"][0]


# --- running it ----------------------------------------------------------------------------


def test_relief_is_pain_before_minus_pain_after_one_tap_each(me, neck_knot, traveller):
    exp = heat_or_cold(me, neck_knot)
    first = services.record_outcome(exp, pain_before=6)
    assert first.number == 1 and first.value is None and first.pain_before == 6
    after = services.record_outcome(exp, pain_after=2)
    assert after.pk == first.pk and after.value == 4.0 and after.recorded_at is not None


def test_a_day_that_passed_with_nothing_recorded_shows_as_missed(me, neck_knot, traveller):
    exp = heat_or_cold(me, neck_knot)
    traveller.move_to(day(3))
    now = services.progress(exp)
    assert [now.states[n].value for n in (1, 2, 3, 4)] == ["missed", "missed", "due", "upcoming"]
    assert Period.objects.get(experiment=exp, number=1).value is None  # never invented


def test_a_missed_period_is_never_filled_in_later(me, neck_knot, traveller):
    exp = heat_or_cold(me, neck_knot)
    services.mark_missed(exp)
    with pytest.raises(InvalidInput) as caught:
        services.record_outcome(exp, value=3, period=1)
    assert "has passed" in caught.value.errors["period"][0]
    traveller.move_to(day(3))
    with pytest.raises(InvalidInput):
        services.record_outcome(exp, value=3, period=2)
    assert Period.objects.get(experiment=exp, number=1).is_missed


def test_a_period_that_is_not_due_yet_cannot_be_recorded(me, neck_knot, traveller):
    exp = heat_or_cold(me, neck_knot)
    with pytest.raises(InvalidInput) as caught:
        services.record_outcome(exp, value=3, period=5)
    assert "is not due yet (on 2026-03-06)" in caught.value.errors["period"][0]


def test_next_morning_pain_is_rated_the_morning_after(me, neck_knot, traveller):
    exp = heat_or_cold(me, neck_knot, outcome="next_morning_pain")
    with pytest.raises(InvalidInput) as caught:
        services.record_outcome(exp, value=3)
    assert "rate your pain tomorrow morning" in caught.value.errors["period"][0]
    traveller.move_to(START + timedelta(days=1))
    period = services.record_outcome(exp, value=3)
    assert period.number == 1 and period.value == 3.0


def test_a_full_experiment_ends_by_itself_and_its_winner_becomes_the_plans_default(
    me, neck_knot, traveller
):
    exp = heat_or_cold(me, neck_knot, option_a="cold", option_b="heat")
    follow(exp, traveller, {"a": 5, "b": 2})  # cold eases it 3 points more every time
    exp.refresh_from_db()
    assert exp.status == Status.FINISHED and exp.stopped_on == date(2026, 3, 13)
    result = services.results(exp)
    assert result.verdict.kind == Kind.WINNER and result.verdict.headline == "Cold helped you more"
    assert journal.profile_of(me).heat_cold == "cold"
    assert "Your profile now says cold suits you" in exp.plan_note
    status = journal.knot_status(neck_knot)
    kp = plans.knot_plan(neck_knot, status, journal.profile_of(me), day(13).date())
    assert "cold:cold" in [item.key for item in kp.items]


def test_a_winning_movement_takes_the_losers_place_in_the_knots_plan(me, neck_knot, traveller):
    exp = heat_or_cold(me, neck_knot, option_a="shoulder_rolls", option_b="neck_turns")
    follow(exp, traveller, {"a": 4, "b": 1})
    choice = PlanChoice.objects.get(knot=neck_knot)
    assert (choice.step_key, choice.action) == ("movement:neck_turns", "swap")
    assert choice.replacement == "movement:shoulder_rolls"
    exp.refresh_from_db()
    assert "shoulder rolls now takes the place" in exp.plan_note


def test_no_clear_difference_changes_nothing_in_the_plan(me, neck_knot, traveller):
    exp = heat_or_cold(me, neck_knot)
    follow(exp, traveller, {"a": 3, "b": 3})
    exp.refresh_from_db()
    assert services.results(exp).verdict.winner is None
    assert journal.profile_of(me).heat_cold == "" and exp.plan_note == ""


def test_a_missed_period_leaves_its_pair_out_and_is_reported(me, neck_knot, traveller):
    exp = heat_or_cold(me, neck_knot)
    follow(exp, traveller, WARMTH_WINS, skip=(4,))
    result = services.results(exp)
    assert result.analysis.complete_blocks == 5 and result.analysis.periods_missing == 1
    assert any("1 period was missed" in note for note in result.verdict.notes)
    assert any("uses 10 of the 12" in note for note in result.verdict.notes)


def test_stopping_early_analyses_the_pairs_so_far_and_says_so(me, neck_knot, traveller):
    exp = heat_or_cold(me, neck_knot)
    for n in range(1, 5):
        traveller.move_to(day(n))
        option = Period.objects.get(experiment=exp, number=n).option
        services.record_outcome(exp, value=WARMTH_WINS[option])
    services.stop_experiment(exp)
    traveller.move_to(day(30))
    result = services.results(exp)
    assert exp.status == Status.STOPPED
    assert result.analysis.periods_not_run == 8 and result.analysis.periods_missing == 0
    assert result.verdict.kind == Kind.NOT_ENOUGH_DATA and result.verdict.more_periods == 2
    assert "8 periods of the plan did not run" in " ".join(result.verdict.notes)
    with pytest.raises(InvalidInput):
        services.stop_experiment(exp)


def test_the_report_gets_a_summary_of_each_experiment(me, neck_knot, traveller):
    exp = heat_or_cold(me, neck_knot)
    follow(exp, traveller, WARMTH_WINS, skip=(7,))
    running = heat_or_cold(me, None, option_a="paced_breathing", option_b="body_scan")
    found = {s.id: s for s in services.summaries(me)}
    done = found[exp.pk]
    assert done.title == "Warmth or cold?" and done.status == "finished"
    assert (done.periods_planned, done.periods_recorded, done.periods_missing) == (12, 11, 1)
    assert done.mean_difference == pytest.approx(3.0)
    assert done.interval is not None and done.interval[0] > 0
    assert done.p_value == pytest.approx(2 / 32) and done.winner_label == "Warmth"
    assert done.verdict.startswith("Over 5 complete pairs, warmth eased your pain by about 3")
    assert found[running.pk].mean_difference is None  # hidden while it runs
    assert [s.id for s in services.summaries(me, knot=neck_knot)] == [exp.pk]


# --- the pages -----------------------------------------------------------------------------


def test_the_knot_page_links_to_a_new_experiment_for_it(client, neck_knot):
    html = client.get(f"/knots/{neck_knot.pk}/").content.decode()
    assert f'href="/experiments/new/?knot={neck_knot.pk}"' in html


def test_the_setup_page_starts_heat_or_cold_with_one_button(client, neck_knot):
    page = client.get(f"/experiments/new/?knot={neck_knot.pk}").content.decode()
    assert 'value="heat_cold" checked' in page
    assert "For the next 12 days" in page and "CENT" not in page
    response = client.post("/experiments/new/", {"knot": neck_knot.pk, **_defaults(page)})
    exp = Experiment.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/experiments/{exp.pk}/"
    assert (exp.knot, exp.option_a, exp.option_b, exp.blocks) == (neck_knot, "heat", "cold", 6)


def _defaults(page: str) -> dict[str, str]:
    """What the browser would send for the set-up form as it comes (checked and selected)."""
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)" checked', page))
    fields |= dict(re.findall(r'name="(\w+)" type="number"[^>]*value="([^"]*)"', page))
    fields["smallest_difference"] = re.search(
        r'<option value="([^"]+)" selected>', page.split('id="smallest_difference"')[1]
    ).group(1)
    return fields


SETUP = {
    "compare": "heat_cold",
    "option_a": "",
    "option_b": "",
    "outcome": "session_relief",
    "blocks": "6",
    "unit": "day",
    "washout_days": "0",
    "smallest_difference": "1",
}


SETUP = {
    "compare": "heat_cold",
    "option_a": "",
    "option_b": "",
    "outcome": "session_relief",
    "blocks": "6",
    "unit": "day",
    "washout_days": "0",
    "smallest_difference": "1",
}


def test_a_refused_setup_keeps_what_was_chosen_and_says_what_is_wrong(client, neck_knot):
    response = client.post(
        "/experiments/new/",
        {
            "knot": neck_knot.pk,
            **SETUP,
            "compare": "other",
            "option_a": "neck_turns",
            "blocks": "40",
        },
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert (
        "Choose the second thing to compare." in html
        and "Use a whole number of pairs, 3 to 12." in html
    )
    assert '<option value="neck_turns" selected>' in html and 'value="40"' in html
    assert not Experiment.objects.exists()


def test_following_an_experiment_shows_todays_assignment_and_a_one_tap_form(client, me, neck_knot):
    exp = heat_or_cold(me, neck_knot)
    first = exp.periods.get(number=1)
    label = "Warmth" if first.option == "a" else "Cold"
    html = client.get(f"/experiments/{exp.pk}/").content.decode()
    assert f"Today:</span> <strong>{label}</strong>" in html
    assert "Before you start: how is your pain right now?" in html
    client.post(f"/experiments/{exp.pk}/record/", {"pain_before": "6", "period": "1"})
    html = client.get(f"/experiments/{exp.pk}/").content.decode()
    assert f"After {label.lower()}: how is your pain now?" in html
    response = client.post(f"/experiments/{exp.pk}/record/", {"pain_after": "3", "period": "1"})
    assert response.status_code == 302
    assert exp.periods.get(number=1).value == 3.0


def test_todays_panel_shows_the_assignment_and_records_from_there(client, me, neck_knot):
    exp = heat_or_cold(me, neck_knot)
    html = client.get("/").content.decode()
    assert "Your experiment" in html and "Warmth or cold?" in html
    response = client.post(
        f"/experiments/{exp.pk}/record/",
        {"pain_before": "5", "period": "1", "next": "/#experiments"},
    )
    assert response["Location"] == "/#experiments"
    assert exp.periods.get(number=1).pain_before == 5


def test_an_ended_experiments_results_show_the_verdict_numbers_chart_and_table(
    client, me, neck_knot, traveller
):
    exp = heat_or_cold(me, neck_knot)
    follow(exp, traveller, WARMTH_WINS, skip=(3,))
    html = client.get(f"/experiments/{exp.pk}/results/").content.decode()
    assert "Warmth helped you more" in html
    numbers = ("Average difference", "95% interval", "Chance the difference matters")
    numbers += ("Randomisation test", "Periods used", "10 of 12")
    for words in numbers:
        assert words in html
    assert html.count('<svg class="chart chart-') == 2 and "<title id=" in html
    assert "The chart as a table" in html and "How this experiment was designed" in html
    assert "CONSORT extension for N-of-1 trials (CENT 2015)" in html


def test_a_running_experiments_results_stay_hidden(client, me, neck_knot):
    exp = heat_or_cold(me, neck_knot)
    html = client.get(f"/experiments/{exp.pk}/results/").content.decode()
    assert "Still running" in html
    assert "Average difference" not in html and "chart-wide" not in html


def test_stopping_from_the_page_goes_to_the_results(client, me, neck_knot):
    exp = heat_or_cold(me, neck_knot)
    response = client.post(f"/experiments/{exp.pk}/stop/")
    assert response["Location"] == f"/experiments/{exp.pk}/results/"
    exp.refresh_from_db()
    assert exp.status == Status.STOPPED


def test_the_list_shows_running_and_ended_experiments(client, me, neck_knot):
    heat_or_cold(me, neck_knot)
    html = client.get("/experiments/").content.decode()
    assert "Warmth or cold?" in html and "0 of 12 periods recorded" in html


def test_another_persons_experiment_does_not_exist_for_you(client, me, neck_knot):
    other = get_user_model().objects.create(username="someone-else")
    knot = journal.create_knot(other, KnotInput(region="neck_side", side="left"))
    theirs = heat_or_cold(other, knot)
    assert client.get(f"/experiments/{theirs.pk}/").status_code == 404
    assert client.post(f"/experiments/{theirs.pk}/stop/").status_code == 404
    assert client.get(f"/experiments/new/?knot={knot.pk}").status_code == 404


def test_a_knot_that_now_needs_a_professional_pauses_its_experiment(client, me, neck_knot):
    heat_or_cold(me, neck_knot)
    neck_knot.symptoms = ["numbness", "weakness"]
    neck_knot.save()
    html = client.get("/").content.decode()
    assert "Pause this experiment. This knot needs a professional&#x27;s look" in html
    assert "Today:</span>" not in html and "Before you start" not in html


def test_an_option_that_is_no_longer_safe_pauses_the_experiment(client, me, neck_knot):
    exp = heat_or_cold(me, neck_knot)
    profiles.update_profile(me, {"conditions": ["diabetes"]})
    assert services.safety_pause(exp).startswith(
        "Pause this experiment: warmth is no longer safe for you."
    )
    assert "Pause this experiment" in client.get(f"/experiments/{exp.pk}/").content.decode()


def test_the_setup_page_for_a_knot_with_a_running_experiment_points_to_it(client, me, neck_knot):
    exp = heat_or_cold(me, neck_knot)
    html = client.get(f"/experiments/new/?knot={neck_knot.pk}").content.decode()
    assert "An experiment is already running" in html
    assert f'href="/experiments/{exp.pk}/"' in html and "Start the experiment" not in html


def test_the_setup_page_offers_nothing_for_a_knot_that_needs_a_professional(client, me, traveller):
    knot = journal.create_knot(
        me, KnotInput(region="neck_side", side="right", symptoms=["numbness", "weakness"])
    )
    html = client.get(f"/experiments/new/?knot={knot.pk}").content.decode()
    assert "needs a professional&#x27;s look" in html and "Start the experiment" not in html


def test_the_setup_page_shows_a_ruled_out_preset_with_its_reason(client, me, neck_knot):
    profiles.update_profile(me, {"conditions": ["diabetes"]})
    html = client.get(f"/experiments/new/?knot={neck_knot.pk}").content.decode()
    assert 'value="heat_cold" disabled' in html and "Not for you here:" in html
    assert 'value="ball_roller" checked' in html


def test_today_points_to_new_results_for_a_week(client, me, neck_knot, traveller):
    exp = heat_or_cold(me, neck_knot)
    follow(exp, traveller, WARMTH_WINS)
    html = client.get("/").content.decode()
    assert "has ended" in html and f'href="/experiments/{exp.pk}/results/"' in html
    traveller.move_to(day(12) + timedelta(days=8))
    assert "has ended" not in client.get("/").content.decode()


# --- the baseline from the journal ------------------------------------------------------------

ALTERNATING = [4, 5] * 10 + [4]  # 21 mornings before the start: every day-to-day change is 1


def log_mornings(knot: Knot, pains: list[int]) -> None:
    """A check-in on each of the days before the start, the last one the day before."""
    for back, pain in zip(range(len(pains), 0, -1), pains, strict=True):
        journal.add_checkin(knot, pain=pain, at=START - timedelta(days=back))


def follow_mornings(exp: Experiment, traveller: Any, differences: list[int]) -> None:
    """Rate each morning: pain 5 after cold, and after warmth 5 minus that block's difference."""
    for period in exp.periods.order_by("number"):
        traveller.move_to(START + timedelta(days=period.number))
        a, b = 5 - differences[period.block - 1], 5
        services.record_outcome(exp, value=a if period.option == "a" else b)


def test_three_weeks_of_check_ins_give_the_experiment_a_baseline_when_it_starts(
    me, neck_knot, traveller
):
    log_mornings(neck_knot, ALTERNATING)
    journal.add_checkin(neck_knot, pain=9, at=START - timedelta(days=1, hours=-2))  # later that day
    exp = heat_or_cold(me, neck_knot, outcome="next_morning_pain")
    assert exp.baseline_source == "checkins"
    assert (exp.baseline_pairs, exp.baseline_count) == (10, 21)
    assert exp.baseline_spread == pytest.approx(1.0)  # each day's first check-in only
    assert exp.baseline_first == date(2026, 2, 9) and exp.baseline_last == date(2026, 3, 1)
    assert services.results(exp).analysis.baseline == baseline_of(exp)
    traveller.move_to(START + timedelta(days=3))
    journal.add_checkin(neck_knot, pain=0)
    services.refresh(exp)
    exp.refresh_from_db()
    assert exp.baseline_spread == pytest.approx(1.0)  # measured once, at the start


def test_session_relief_takes_its_baseline_from_past_sessions(me, neck_knot):
    for back in range(12, 0, -1):
        after = 3 if back % 2 else 4  # reliefs alternate 3 and 2
        moment = START - timedelta(days=back)
        journal.add_session(
            neck_knot, strategy="heat", minutes=10, pain_before=6, pain_after=after, at=moment
        )
    journal.add_session(neck_knot, strategy="heat", minutes=10, at=START - timedelta(days=1))
    exp = heat_or_cold(me, neck_knot)
    assert exp.baseline_source == "sessions"
    assert (exp.baseline_pairs, exp.baseline_count) == (6, 12)  # unrated sessions do not count
    assert exp.baseline_spread == pytest.approx(1.0)


def test_the_results_say_how_the_baseline_made_the_interval_surer(client, me, neck_knot, traveller):
    log_mornings(neck_knot, ALTERNATING)
    exp = heat_or_cold(me, neck_knot, outcome="next_morning_pain")
    follow_mornings(exp, traveller, [3, 1, 2, 4, 1, 2])
    result = services.results(exp)
    a = result.analysis
    assert a.baseline_use == "pooled" and a.df == 15
    assert a.high - a.low < a.own_high - a.own_low  # type: ignore[operator]
    html = client.get(f"/experiments/{exp.pk}/results/").content.decode()
    assert "How sure is this?" in html
    assert "your check-ins on 21 days from 9 Feb 2026 to 1 Mar 2026" in html
    assert "about 1 point, over 10 pairs of days" in html
    assert "rests on the spread of 16 pairs instead of 6" in html
    assert "the experiment alone would give" in html and "narrower" in html
    assert "The randomisation test never uses it." in html
    assert "together with your baseline" in html  # the chance that the difference matters
    summary = services.summary(exp)
    assert "pooled with a baseline of 10 pairs" in summary.spread_basis


def test_an_experiment_far_noisier_than_its_baseline_sets_it_aside_and_says_why(
    client, me, neck_knot, traveller
):
    log_mornings(neck_knot, ALTERNATING)
    exp = heat_or_cold(me, neck_knot, outcome="next_morning_pain")
    follow_mornings(exp, traveller, [5, -2, 5, -3, 5, 0])
    a = services.results(exp).analysis
    assert a.baseline_use == "set_aside" and a.df == 5
    assert (a.low, a.high) == pytest.approx((a.own_low, a.own_high))
    html = client.get(f"/experiments/{exp.pk}/results/").content.decode()
    assert "varied far more" in html and "your baseline was set aside" in html


def test_without_enough_journal_the_results_say_the_pairs_stand_alone(
    client, me, neck_knot, traveller
):
    exp = heat_or_cold(me, neck_knot)
    follow(exp, traveller, WARMTH_WINS)
    assert exp.baseline_source == "" and services.results(exp).analysis.baseline_use == "none"
    html = client.get(f"/experiments/{exp.pk}/results/").content.decode()
    assert "fewer than 10 sessions with pain rated before and after" in html
    assert "no baseline from your journal to draw on" in html  # the design's note


def test_a_general_experiment_has_no_journal_to_draw_a_baseline_from(
    client, me, neck_knot, traveller
):
    log_mornings(neck_knot, ALTERNATING)
    general = heat_or_cold(me, None, outcome="next_morning_pain")
    follow_mornings(general, traveller, [2, 2, 1, 3, 2, 2])
    assert general.baseline_source == ""
    html = client.get(f"/experiments/{general.pk}/results/").content.decode()
    assert "This experiment is not tied to a knot" in html
