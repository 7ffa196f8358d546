"""Plans, the profile, the causes questionnaire, movement dosing and the guided session
player: the services, the pages and the API, on the real database.

A plan is built again on every read, so the tests change the profile, the knot or its
triage and read it again: the person's own choices (a step left out or swapped) must
still apply, and a plan must disappear as soon as triage rises above self-care.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.auth import get_user_model

from unknot.core.clock import FixedClock
from unknot.core.model import Level
from unknot.web.journal import doses, plans, profiles, services
from unknot.web.journal.models import Exposure, Knot, PlanChoice, Profile, Session
from unknot.web.journal.plans import UnknownStep
from unknot.web.journal.services import InvalidInput, KnotInput

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
TODAY = NOW.date()
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def me() -> Any:
    return services.local_user()


@pytest.fixture
def knot(me: Any, clock: FixedClock) -> Knot:
    """A sore upper trapezius, three days old, pain 4: self-care is allowed."""
    data = KnotInput(
        region="shoulder_top",
        side="right",
        muscle="upper_trapezius",
        started_on=TODAY - timedelta(days=3),
    )
    knot = services.create_knot(me, data, clock=clock)
    services.add_checkin(knot, pain=4, clock=clock)
    return knot


def plan_of(knot: Knot, clock: FixedClock) -> plans.KnotPlan:
    knot.refresh_from_db()
    profile = services.profile_of(knot.owner)
    status = services.knot_status(knot, clock, profile)
    return plans.knot_plan(knot, status, profile, clock.today())


def keys(kp: plans.KnotPlan) -> list[str]:
    return [item.key for item in kp.items]


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def page(client: Any, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


# --- the plan ------------------------------------------------------------------------------


def test_the_plan_for_a_sore_upper_trapezius_puts_gentle_pressure_first(knot, clock):
    kp = plan_of(knot, clock)
    assert kp.is_allowed
    assert keys(kp)[0] == "self_release:upper_trapezius"
    assert "stretch:upper_trapezius" in keys(kp)
    assert kp.total_seconds <= 10 * 60
    assert all(item.step.why for item in kp.items)


def test_the_plan_follows_the_profile_tools_time_and_warmth_or_cold(knot, clock, me):
    profiles.update_profile(
        me, {"tools": ["massage_ball"], "heat_cold": "cold", "minutes": 5}, clock
    )
    kp = plan_of(knot, clock)
    assert kp.items[0].step.tool == "massage_ball"
    assert "cold:cold" in keys(kp) and "heat:heat" not in keys(kp)
    assert kp.total_seconds <= 5 * 60


def test_a_knot_above_self_care_gets_no_steps_only_what_to_do_next(knot, clock):
    knot.symptoms = ["tingling"]
    knot.save()
    kp = plan_of(knot, clock)
    assert not kp.is_allowed and kp.items == ()
    assert kp.plan.level == Level.SEE_PROFESSIONAL
    assert "What to do next" in kp.plan.withheld[0].why


def test_a_dropped_step_stays_out_when_the_plan_is_built_again(knot, clock, me):
    plans.set_choice(plan_of(knot, clock), knot, "movement:shoulder_rolls", "drop")
    # The profile changes (more time, a tool): the plan is built again, the choice holds.
    profiles.update_profile(me, {"minutes": 20, "tools": ["massage_ball"]}, clock)
    kp = plan_of(knot, clock)
    assert "movement:shoulder_rolls" not in keys(kp)
    assert [d.choice_key for d in kp.dropped] == ["movement:shoulder_rolls"]


def test_a_swap_is_remembered_and_applied_after_the_knot_changes(knot, clock):
    kp = plan_of(knot, clock)
    heat = kp.find("heat:heat")
    assert heat is not None and ("cold:cold", "A cool pack on the sore spot") in heat.alternatives
    plans.set_choice(kp, knot, "heat:heat", "swap", "cold:cold")
    services.update_knot(
        knot, KnotInput(region="shoulder_top", side="right", muscle="upper_trapezius", size="pea")
    )
    services.add_checkin(knot, pain=3, clock=clock)
    kp = plan_of(knot, clock)
    assert "cold:cold" in keys(kp) and "heat:heat" not in keys(kp)
    cold = next(i for i in kp.items if i.key == "cold:cold")
    assert cold.choice_key == "heat:heat" and cold.swapped_from == heat.step.title
    assert cold.step.tool == "cold_pack" and cold.step.seconds >= 180


def test_a_movement_can_be_swapped_only_for_one_that_suits_the_area(knot, clock):
    kp = plan_of(knot, clock)
    movement = kp.find("movement:shoulder_rolls")
    offered = {key for key, _title in movement.alternatives}
    assert "movement:neck_turns" in offered  # the trapezius reaches up the side of the neck
    assert "movement:ankle_circles" not in offered
    with pytest.raises(InvalidInput) as refused:
        plans.set_choice(kp, knot, "movement:shoulder_rolls", "swap", "movement:ankle_circles")
    assert "replacement" in refused.value.errors
    assert not PlanChoice.objects.exists()


def test_pressure_can_be_left_out_but_not_swapped(knot, clock):
    kp = plan_of(knot, clock)
    with pytest.raises(InvalidInput) as refused:
        plans.set_choice(kp, knot, "self_release:upper_trapezius", "swap", "heat:heat")
    assert refused.value.errors["replacement"] == ["This step can only be left out."]
    with pytest.raises(InvalidInput) as refused:
        plans.set_choice(kp, knot, "self_release:upper_trapezius", "skip")
    assert "action" in refused.value.errors


def test_a_step_the_plan_does_not_have_is_unknown(knot, clock):
    with pytest.raises(UnknownStep):
        plans.set_choice(plan_of(knot, clock), knot, "heat:sauna", "drop")


def test_clearing_a_choice_brings_the_planners_step_back(knot, clock):
    plans.set_choice(plan_of(knot, clock), knot, "stretch:upper_trapezius", "drop")
    assert "stretch:upper_trapezius" not in keys(plan_of(knot, clock))
    assert plans.clear_choice(knot, "stretch:upper_trapezius")
    assert "stretch:upper_trapezius" in keys(plan_of(knot, clock))
    assert not plans.clear_choice(knot, "stretch:upper_trapezius")


def test_a_choice_for_a_step_safety_removed_waits_until_the_step_is_back(knot, clock, me):
    plans.set_choice(plan_of(knot, clock), knot, "heat:heat", "swap", "cold:cold")
    profiles.update_profile(me, {"conditions": ["diabetes"]}, clock)  # no heat or cold packs
    kp = plan_of(knot, clock)
    assert not {"heat:heat", "cold:cold"} & set(keys(kp))
    assert any(w.what == "Heat and cold packs" for w in kp.plan.withheld)
    profiles.update_profile(me, {"conditions": []}, clock)
    assert "cold:cold" in keys(plan_of(knot, clock))


# --- guided sessions -------------------------------------------------------------------------


def test_a_finished_session_is_logged_with_pain_before_and_after(knot, clock):
    kp = plan_of(knot, clock)
    session = plans.finish_session(
        knot, kp, done=len(kp.items), pain_before="5", pain_after=3, clock=clock
    )
    assert (session.pain_before, session.pain_after) == (5, 3)
    assert session.strategy == "self_release" and session.tool == "hands"
    assert session.minutes == -(-kp.total_seconds // 60)
    assert session.notes == f"Guided session: {len(kp.items)} of {len(kp.items)} steps."
    assert session.at == NOW


def test_a_session_needs_the_pain_before_and_after(knot, clock):
    kp = plan_of(knot, clock)
    with pytest.raises(InvalidInput) as refused:
        plans.finish_session(knot, kp, done=2, pain_before="", pain_after="11", clock=clock)
    assert set(refused.value.errors) == {"pain_before", "pain_after"}
    assert not Session.objects.exists()


def test_the_stop_button_records_why_and_the_new_finding_changes_the_triage(knot, clock):
    kp = plan_of(knot, clock)
    session = plans.stop_session(knot, kp, reason="tingling", step=2, pain_before="4", clock=clock)
    assert session.notes == f"Stopped at step 2 of {len(kp.items)}: tingling appeared."
    assert session.pain_before == 4 and session.pain_after is None
    knot.refresh_from_db()
    assert "tingling" in knot.symptoms
    status = services.knot_status(knot, clock)
    assert status.triage.level >= Level.SEE_PROFESSIONAL
    assert not plan_of(knot, clock).is_allowed


def test_pressing_stop_twice_logs_one_session(client, knot):
    for _ in range(2):
        response = client.post(
            f"/knots/{knot.pk}/session/stop/", {"step": "1", "reason": "numbness"}
        )
        assert response.status_code == 302
    assert Session.objects.count() == 1
    knot.refresh_from_db()
    assert knot.symptoms == ["numbness"]


def test_it_hurts_more_counts_as_getting_worse_and_a_stop_never_fails_on_a_bad_pain(knot, clock):
    kp = plan_of(knot, clock)
    session = plans.stop_session(
        knot, kp, reason="hurts_more", step=1, pain_before="x", clock=clock
    )
    knot.refresh_from_db()
    assert session.pain_before is None and session.stop_reason == "hurts_more"
    assert knot.worse_reported_on == clock.today() and knot.symptoms == []
    status = services.knot_status(knot, clock=clock)
    assert status.triage.level == Level.SEE_PROFESSIONAL
    assert "getting_worse" in [r.rule for r in status.triage.reasons]
    assert any("hurt more" in note for note in status.triage.notes)
    assert not plan_of(knot, clock).is_allowed


def test_it_hurting_more_stops_counting_after_two_weeks(knot, clock):
    plans.stop_session(knot, plan_of(knot, clock), reason="hurts_more", step=1, clock=clock)
    knot.refresh_from_db()
    later = FixedClock(clock.now() + timedelta(days=services.WORSE_REPORT_DAYS))
    status = services.knot_status(knot, clock=later)
    assert "getting_worse" not in [r.rule for r in status.triage.reasons]


def test_a_stop_for_something_else_is_understood_from_the_persons_words(knot, clock):
    kp = plan_of(knot, clock)
    plans.stop_session(knot, kp, reason="other", step=1, words="my fingers went numb", clock=clock)
    knot.refresh_from_db()
    assert "numbness" in knot.symptoms
    plans.stop_session(knot, kp, reason="other", step=1, words="no numbness, just bored")
    knot.refresh_from_db()
    assert knot.symptoms.count("numbness") == 1


def test_a_stop_without_a_known_reason_stores_nothing(knot, clock):
    with pytest.raises(InvalidInput):
        plans.stop_session(knot, plan_of(knot, clock), reason="bored", step=1)
    knot.refresh_from_db()
    assert knot.symptoms == [] and not Session.objects.exists()


# --- the profile -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"minutes": 0}, "minutes"),
        ({"minutes": 61}, "minutes"),
        ({"minutes": "ten"}, "minutes"),
        ({"minutes": True}, "minutes"),
        ({"tools": ["masage_ball"]}, "tools"),
        ({"tools": "massage_ball"}, "tools"),
        ({"heat_cold": "warm"}, "heat_cold"),
        ({"conditions": ["flu"]}, "conditions"),
        ({"birth_year": 1800}, "birth_year"),
        ({"birth_year": 2027}, "birth_year"),
        ({"birth_year": "nineteen"}, "birth_year"),
        ({"shoe_size": 42}, "shoe_size"),
    ],
)
def test_a_bad_profile_is_refused_and_nothing_changes(me, clock, changes, field):
    with pytest.raises(InvalidInput) as refused:
        profiles.update_profile(me, {"minutes": 15, **changes}, clock)
    assert list(refused.value.errors) == [field]
    assert services.profile_of(me).minutes == 10


def test_the_profile_keeps_what_was_not_sent_and_never_stores_hands(me, clock):
    profiles.update_profile(me, {"tools": ["hands", "foam_roller"], "birth_year": "1980"}, clock)
    profiles.update_profile(me, {"heat_cold": "heat"}, clock)
    profile = Profile.objects.get(owner=me)
    assert profile.tools == ["foam_roller"] and profile.birth_year == 1980
    assert profile.heat_cold == "heat" and profile.minutes == 10


# --- the causes questionnaire --------------------------------------------------------------


def test_causes_are_stored_and_the_plan_takes_the_habit_for_the_main_one(knot, me, clock):
    result = profiles.save_causes(
        me, {"stress_level": 3, "stress_clenching": 2, "recovery_sleep": 0}
    )
    assert result.main[0].factor == "stress"
    stored = Profile.objects.get(owner=me).causes
    assert stored["answers"] == {"stress_level": 3, "stress_clenching": 2, "recovery_sleep": 0}
    assert profiles.stored_causes(Profile.objects.get(owner=me)).headline == result.headline
    assert "habit:habit_stress" in keys(plan_of(knot, clock))


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"stress_lvl": 1}, "stress_lvl"),
        ({"stress_level": 7}, "stress_level"),
        ({"stress_level": "a lot"}, "stress_level"),
        ({}, "answers"),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_stored(me, answers, field):
    with pytest.raises(InvalidInput) as refused:
        profiles.save_causes(me, answers)
    assert field in refused.value.errors
    assert services.profile_of(me).causes == {}


# --- movement dosing -------------------------------------------------------------------------


def bout(me: Any, clock: FixedClock, activity: str, days_ago: int, **pains: Any) -> Exposure:
    values = {"pain_during": 2, "pain_after": 2, **pains}
    return doses.add_exposure(
        me, activity=activity, day=TODAY - timedelta(days=days_ago), clock=clock, **values
    )


def test_each_activity_keeps_its_own_history_under_its_normalised_name(me, clock):
    bout(me, clock, "Long  Run", 3, next_morning="same")
    bout(me, clock, "deadlift", 2, pain_during=6)
    bout(me, clock, "long run", 1, pain_during=3)
    report = doses.activity_report(me, "LONG RUN", TODAY)
    assert report is not None and report.key == "long run" and report.name == "long run"
    assert [j.exposure.day for j in report.judged] == [TODAY - timedelta(days=d) for d in (1, 3)]
    assert [a.key for a in doses.activities(me)] == ["long run", "deadlift"]
    assert doses.activity_report(me, "swim", TODAY) is None


def test_two_worse_mornings_in_a_row_turn_the_light_red(me, clock):
    bout(me, clock, "run", 4, pain_during=4, next_morning="worse")
    latest = bout(me, clock, "run", 2, pain_during=4)
    assert doses.judge(latest).light.value == "amber"
    doses.set_next_morning(latest, "worse")
    assert doses.judge(latest).light.value == "red"
    assert doses.activity_report(me, "run", TODAY).latest.dose.light.value == "red"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"activity": "  "}, "activity"),
        ({"activity": "x" * 101}, "activity"),
        ({"pain_during": 11}, "pain_during"),
        ({"pain_after": ""}, "pain_after"),
        ({"pain_before": -1}, "pain_before"),
        ({"next_morning": "meh"}, "next_morning"),
        ({"next_morning": 12}, "next_morning"),
        ({"day": "2026-12-01"}, "day"),
        ({"day": "yesterday"}, "day"),
    ],
)
def test_a_bad_bout_is_refused_and_nothing_is_stored(me, clock, changes, field):
    values = {"activity": "run", "pain_during": 2, "pain_after": 2, **changes}
    with pytest.raises(InvalidInput) as refused:
        doses.add_exposure(me, clock=clock, **values)
    assert list(refused.value.errors) == [field]
    assert not Exposure.objects.exists()


def test_a_morning_number_is_kept_as_a_number(me, clock):
    stored = bout(me, clock, "yoga", 1, next_morning=3, pain_before=2)
    assert stored.next_morning == "3" and doses.as_core(stored).next_morning == 3


# --- the pages -------------------------------------------------------------------------------


def test_the_knot_page_shows_the_plan_with_why_time_and_a_start_button(client, knot):
    html = page(client, f"/knots/{knot.pk}/")
    words = text_of(html)
    assert "Your plan" in words and "Start session" in words
    assert "Why: Steady, gentle pressure" in words
    assert f'href="/knots/{knot.pk}/session/play/"' in html
    assert "Swap for: A cool pack on the sore spot" in words


def test_above_self_care_the_plan_section_says_what_to_do_next(client, knot):
    knot.symptoms = ["numbness"]
    knot.save()
    html = page(client, f"/knots/{knot.pk}/")
    assert "No self-care plan for now." in text_of(html)
    assert "Start session" not in html and "/session/play/" not in html


def test_a_step_left_out_on_the_page_is_remembered(client, knot):
    url = f"/knots/{knot.pk}/plan/choose/"
    response = client.post(url, {"step": "movement:shoulder_rolls", "action": "drop"})
    assert response.status_code == 302 and response["Location"].endswith("#plan")
    html = page(client, f"/knots/{knot.pk}/")
    assert "You left out" in html and "Step left out. Your plan remembers this." in html
    # htmx swaps the section in place: only the section comes back.
    response = client.post(
        url, {"step": "movement:shoulder_rolls", "action": "reset"}, HTTP_HX_REQUEST="true"
    )
    section = response.content.decode()
    assert 'id="plan"' in section
    assert "<html" not in section and "The step is back in your plan." in section
    assert not PlanChoice.objects.exists()


def test_a_swap_on_the_page_shows_as_your_swap(client, knot):
    client.post(f"/knots/{knot.pk}/plan/choose/", {"step": "heat:heat", "action": "swap:cold:cold"})
    words = text_of(page(client, f"/knots/{knot.pk}/"))
    assert "Your swap in place of: Gentle warmth on the sore spot" in words
    assert PlanChoice.objects.get().replacement == "cold:cold"


def test_a_choice_for_a_step_that_is_gone_says_so_plainly(client, knot):
    response = client.post(
        f"/knots/{knot.pk}/plan/choose/", {"step": "heat:sauna", "action": "drop"}, follow=True
    )
    assert "That step is no longer in your plan" in response.content.decode()


def test_the_player_starts_with_the_pain_before_and_asks_again_if_it_is_missing(client, knot):
    play = f"/knots/{knot.pk}/session/play/"
    intro = text_of(page(client, play))
    assert "Before you start: how much does it hurt right now?" in intro
    again = page(client, f"{play}?step=1&pain_before=")
    assert "Choose a number from 0 (no pain) to 10 (worst imaginable)." in again
    assert 'id="pl-pain_before-error"' in again


def test_the_player_shows_one_step_with_its_timer_and_the_stop_buttons(client, knot, clock):
    kp = plan_of(knot, clock)
    html = page(client, f"/knots/{knot.pk}/session/play/?pain_before=5&step=1")
    first = kp.items[0].step
    assert f'data-seconds="{first.seconds}"' in html and 'data-reps="3"' in html
    assert f"Step 1 of {len(kp.items)}" in html
    assert "Stop if it hurts more, or if numbness or tingling appears" in html
    for reason in ("hurts_more", "numbness", "tingling"):
        assert f'name="reason" value="{reason}"' in html
    assert 'href="?pain_before=5&amp;step=2"' in html and ">Done, next<" in html
    assert '<script src="/static/unknot/player.js" defer></script>' in html


def test_a_relaxation_step_has_a_breathing_pacer(client, knot, clock):
    kp = plan_of(knot, clock)
    number = next(n for n, i in enumerate(kp.items, 1) if i.step.pacer)
    html = page(client, f"/knots/{knot.pk}/session/play/?pain_before=5&step={number}")
    assert 'data-inhale="4" data-exhale="6"' in html and "data-pacer" in html


def test_finishing_the_player_logs_the_session(client, knot, clock):
    kp = plan_of(knot, clock)
    total = len(kp.items)
    html = page(client, f"/knots/{knot.pk}/session/play/?pain_before=6&done={total}")
    assert "Well done" in html and "How much does it hurt now?" in html
    url = f"/knots/{knot.pk}/session/finish/"
    refused = client.post(url, {"pain_before": "6", "done": str(total), "pain_after": ""})
    assert refused.status_code == 200 and 'id="pl-pain_after-error"' in refused.content.decode()
    assert not Session.objects.exists()
    response = client.post(url, {"pain_before": "6", "done": str(total), "pain_after": "2"})
    assert response.status_code == 302
    session = Session.objects.get()
    assert (session.pain_before, session.pain_after, session.strategy) == (6, 2, "self_release")
    assert "Session saved: pain 6 before, 2 after" in page(client, response["Location"])


def test_the_stop_button_ends_the_session_and_shows_the_triage_run_again(client, knot):
    response = client.post(
        f"/knots/{knot.pk}/session/stop/",
        {"pain_before": "4", "step": "2", "reason": "tingling"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/knots/{knot.pk}/session/recheck/?why=tingling"
    words = text_of(page(client, response["Location"]))
    assert "See a professional" in words
    assert "You stopped the session because tingling appeared." in words
    assert "No self-care plan for now." in words
    assert Session.objects.get().notes.startswith("Stopped at step 2")
    assert "Start session" not in page(client, f"/knots/{knot.pk}/")


def test_the_player_of_a_knot_above_self_care_offers_no_session(client, knot):
    knot.symptoms = ["weakness"]
    knot.save()
    words = text_of(page(client, f"/knots/{knot.pk}/session/play/?pain_before=3&step=1"))
    assert "No session for now" in words and "Step 1 of" not in words


def test_the_player_of_someone_elses_knot_is_not_found(client):
    other = get_user_model().objects.create(username="someone-else")
    theirs = services.create_knot(other, KnotInput(region="calf", side="left"))
    page(client, f"/knots/{theirs.pk}/session/play/", 404)
    assert (
        client.post(f"/knots/{theirs.pk}/session/stop/", {"reason": "tingling"}).status_code == 404
    )
    assert client.post(f"/knots/{theirs.pk}/plan/choose/", {"step": "x"}).status_code == 404
    assert Session.objects.count() == 0


def test_the_profile_page_saves_and_keeps_typed_values_on_an_error(client, me):
    data = {
        "tools": ["massage_ball", "foam_roller"],
        "heat_cold": "cold",
        "minutes": "99",
        "birth_year": "1975",
    }
    response = client.post("/profile/", data)
    html = response.content.decode()
    assert response.status_code == 200 and 'id="pf-minutes-error"' in html
    assert 'value="99"' in html and 'value="massage_ball" checked' in html
    assert 'value="cold" checked' in html and 'value="1975"' in html
    assert services.profile_of(me).tools == []
    response = client.post("/profile/", {**data, "minutes": "15"})
    assert response.status_code == 302
    profile = services.profile_of(me)
    assert (profile.minutes, profile.heat_cold, profile.birth_year) == (15, "cold", 1975)


def test_the_causes_page_scores_the_answers_and_says_what_to_change(client, me):
    assert "The questions" in page(client, "/causes/")
    response = client.post("/causes/", {"stress_level": "3", "stress_clenching": "2"})
    assert response.status_code == 302
    words = text_of(page(client, "/causes/"))
    assert "the main thing to look at is stress and tension" in words
    assert "What to change" in words and "Answer again" in words
    refused = client.post("/causes/", {"stress_level": "9"}).content.decode()
    assert 'id="cq-stress_level-error"' in refused


def test_the_dose_page_gives_a_traffic_light_and_keeps_a_history(client, me):
    data = {"activity": "Run", "pain_during": "4", "pain_after": "3", "next_morning": ""}
    response = client.post("/dose/", {**data, "day": TODAY.isoformat()})
    assert response.status_code == 302 and response["Location"] == "/dose/?activity=run#result"
    words = text_of(page(client, response["Location"]))
    assert "Amber" in words and "What to do next time" in words
    assert "How did it feel the morning after" in words
    exposure = Exposure.objects.get()
    client.post(f"/dose/{exposure.pk}/morning/", {"next_morning": "better"})
    assert Exposure.objects.get().next_morning == "better"
    refused = client.post("/dose/", {**data, "pain_during": "11", "activity": "Swim"})
    html = refused.content.decode()
    assert 'id="do-pain_during-error"' in html and 'value="Swim"' in html
    assert Exposure.objects.count() == 1


def test_the_muscle_card_says_whether_and_how_to_stretch_and_why_pressure_comes_first(client):
    words = text_of(page(client, "/muscles/upper_trapezius/"))
    assert "Stretching: whether and how" in words
    assert "Yes, gently, once pressure has eased the knot." in words
    assert "Why pressure comes first" in words
    words = text_of(page(client, "/muscles/lower_trapezius/"))
    assert "Not the first choice for this muscle" in words


# --- the API ---------------------------------------------------------------------------------


def send(client: Any, method: str, url: str, body: Any = None) -> Any:
    kwargs = {} if body is None else {"data": json.dumps(body), "content_type": "application/json"}
    return getattr(client, method)(url, **kwargs)


def test_the_api_gives_the_plan_and_remembers_a_change(client, knot):
    plan = send(client, "get", f"/api/v1/knots/{knot.pk}/plan").json()
    assert plan["is_allowed"] and plan["steps"][0]["key"] == "self_release:upper_trapezius"
    url = f"/api/v1/knots/{knot.pk}/plan/choices/heat:heat"
    changed = send(client, "put", url, {"action": "swap", "replacement": "cold:cold"})
    assert changed.status_code == 200
    assert any(s["key"] == "cold:cold" for s in changed.json()["steps"])
    assert send(client, "delete", url).status_code == 204
    assert send(client, "delete", url).status_code == 404
    drop = send(
        client,
        "put",
        f"/api/v1/knots/{knot.pk}/plan/choices/stretch:upper_trapezius",
        {"action": "drop"},
    )
    assert drop.json()["dropped"] == [
        {"key": "stretch:upper_trapezius", "title": "Ear-to-shoulder side stretch"}
    ]


def test_the_api_refuses_bad_plan_changes_in_the_one_error_shape(client, knot):
    base = f"/api/v1/knots/{knot.pk}/plan/choices"
    response = send(client, "put", f"{base}/heat:sauna", {"action": "drop"})
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    response = send(client, "put", f"{base}/heat:heat", {"action": "burn"})
    assert response.status_code == 422 and set(response.json()["error"]["fields"]) == {"action"}
    response = send(client, "put", f"{base}/heat:heat", {"action": 1})
    assert response.status_code == 422
    assert send(client, "get", "/api/v1/knots/999999/plan").status_code == 404
    assert not PlanChoice.objects.exists()


def test_the_api_plan_above_self_care_has_no_steps(client, knot):
    knot.symptoms = ["numbness"]
    knot.save()
    plan = send(client, "get", f"/api/v1/knots/{knot.pk}/plan").json()
    assert plan["steps"] == [] and not plan["is_allowed"]
    assert plan["level"] == "see_professional" and plan["withheld"]


def test_the_api_profile_can_be_read_and_changed(client, me):
    assert send(client, "get", "/api/v1/profile").json()["minutes"] == 10
    body = {"tools": ["peanut_ball"], "heat_cold": "heat", "minutes": 12, "birth_year": 1990}
    changed = send(client, "put", "/api/v1/profile", body).json()
    assert changed | body == changed and changed["conditions"] == []
    refused = send(client, "put", "/api/v1/profile", {"minutes": 0, "colour": "blue"})
    assert refused.status_code == 422 and "colour" in refused.json()["error"]["fields"]
    refused = send(client, "put", "/api/v1/profile", {"minutes": 0})
    assert refused.json()["error"]["fields"] == {
        "minutes": ["Minutes should be a whole number from 1 to 60."]
    }
    assert services.profile_of(me).minutes == 12


def test_the_api_scores_causes_and_keeps_them(client, me):
    response = send(client, "post", "/api/v1/causes", {"answers": {"posture_workspace": 2}})
    assert response.status_code == 200 and response.json()["factors"][0]["factor"] == "posture"
    assert send(client, "get", "/api/v1/profile").json()["causes"]["answers"] == {
        "posture_workspace": 2
    }
    refused = send(client, "post", "/api/v1/causes", {"answers": {"posture_workspace": 9}})
    assert set(refused.json()["error"]["fields"]) == {"answers.posture_workspace"}


def test_the_api_doses_an_activity_and_gives_its_history(client, me):
    body = {"activity": "Deadlift", "pain_during": 6, "pain_after": 4, "next_morning": "worse"}
    response = send(client, "post", "/api/v1/dose", {**body, "day": "2026-11-27"})
    assert response.status_code == 201
    answer = response.json()
    assert answer["dose"]["light"] == "red" and answer["exposure"]["key"] == "deadlift"
    send(client, "post", "/api/v1/dose", {**body, "activity": "run", "pain_during": 1})
    history = send(client, "get", "/api/v1/dose/history?activity=deadlift").json()
    assert [i["activity"] for i in history["items"]] == ["Deadlift"]
    assert history["items"][0]["dose"]["light"] == "red"
    every = send(client, "get", "/api/v1/dose/history").json()
    assert {a["key"] for a in every["activities"]} == {"deadlift", "run"}
    missing = send(client, "get", "/api/v1/dose/history?activity=swim")
    assert missing.status_code == 404
    refused = send(client, "post", "/api/v1/dose", {**body, "pain_during": 11, "day": "soon"})
    assert set(refused.json()["error"]["fields"]) == {"pain_during", "day"}
    assert Exposure.objects.count() == 2


def test_the_api_safety_stop_keeps_the_finding_and_answers_with_the_new_triage(client, knot):
    url = f"/api/v1/knots/{knot.pk}/session/stop"
    answer = send(client, "post", url, {"reason": "hurts_more", "step": 2, "pain_before": 5})
    assert answer.status_code == 200
    body = answer.json()
    assert body["triage"]["level"] == "see_professional" and body["plan_allowed"] is False
    session = Session.objects.get(pk=body["session_id"])
    assert session.stop_reason == "hurts_more" and session.pain_before == 5
    knot.refresh_from_db()
    assert knot.worse_reported_on is not None


def test_the_api_refuses_a_stop_without_a_known_reason_and_stores_nothing(client, knot):
    url = f"/api/v1/knots/{knot.pk}/session/stop"
    refused = send(client, "post", url, {"reason": "bored"})
    assert refused.status_code == 422 and set(refused.json()["error"]["fields"]) == {"reason"}
    assert (
        send(
            client, "post", "/api/v1/knots/999999/session/stop", {"reason": "numbness"}
        ).status_code
        == 404
    )
    assert not Session.objects.exists()
    knot.refresh_from_db()
    assert knot.symptoms == [] and knot.worse_reported_on is None


def test_the_api_logs_a_finished_guided_session(client, knot):
    url = f"/api/v1/knots/{knot.pk}/session/finish"
    answer = send(client, "post", url, {"pain_before": 5, "pain_after": 3})
    assert answer.status_code == 201
    session = Session.objects.get(pk=answer.json()["session_id"])
    assert (session.pain_before, session.pain_after) == (5, 3)
    assert session.notes.startswith("Guided session: ")
    refused = send(client, "post", url, {"pain_before": 5, "pain_after": 12})
    assert refused.status_code == 422 and set(refused.json()["error"]["fields"]) == {"pain_after"}
    assert Session.objects.count() == 1


def test_the_api_fills_in_the_next_morning_later_and_judges_the_light_again(client, me):
    body = {"activity": "run", "pain_during": 2, "pain_after": 1}
    first = send(client, "post", "/api/v1/dose", body).json()
    bout = first["exposure"]
    url = f"/api/v1/dose/{bout['id']}/next-morning"
    answer = send(client, "put", url, {"next_morning": "worse"})
    assert answer.status_code == 200 and first["dose"]["light"] == "green"
    assert answer.json()["dose"]["light"] == "amber"  # it did not settle by the morning
    assert Exposure.objects.get().next_morning == "worse"
    refused = send(client, "put", url, {"next_morning": "purple"})
    assert refused.status_code == 422 and "next_morning" in refused.json()["error"]["fields"]
    assert (
        send(client, "put", "/api/v1/dose/999999/next-morning", {"next_morning": 2}).status_code
        == 404
    )
    assert Exposure.objects.get().next_morning == "worse"
