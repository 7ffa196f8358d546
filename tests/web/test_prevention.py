"""Prevention in the web app and the JSON API: the recovery and stress log, early-warning
check-ins and nudges, the workstation check, insights and the relaxation timer.

Real database (SQLite here, PostgreSQL in CI), Django's test client, time fixed with
time_machine (the pages ask the system clock through one seam).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.auth import get_user_model

from unknot.core.clock import FixedClock
from unknot.core.insights import describe
from unknot.web.journal import services
from unknot.web.journal.models import Knot
from unknot.web.prevention import recovery, watch
from unknot.web.prevention.models import AreaCheckIn, RecoveryEntry, WatchedArea, WorkstationCheck

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TODAY = MONDAY.date()


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def me() -> Any:
    return services.local_user()


def on(day: date, hour: int = 9) -> FixedClock:
    return FixedClock(datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC))


def text_of(response: Any) -> str:
    """The page's words, tags removed and spaces squeezed."""
    html = response.content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def a_past_shoulder_knot(me: Any) -> Knot:
    knot = services.create_knot(
        me,
        services.KnotInput(region="shoulder_top", side="right", muscle="upper_trapezius"),
        clock=on(TODAY - timedelta(days=60)),
    )
    return services.set_archived(knot, True)


# --- the recovery and stress log -----------------------------------------------------------


def test_the_log_saves_today_from_the_form_and_shows_it_in_the_history(client, me):
    response = client.post(
        "/prevention/log/",
        {"day": "today", "sleep_hours": "7,5", "sleep_quality": "4", "water": "6",
         "stress": "3", "exercise_minutes": "30", "exercise_kind": "Walk"},
    )  # fmt: skip
    assert response.status_code == 302
    entry = RecoveryEntry.objects.get(owner=me, day=TODAY)
    assert (float(entry.sleep_hours), entry.sleep_quality, entry.water_ml) == (7.5, 4, 1500)
    assert (entry.stress, entry.exercise_minutes, entry.exercise_kind) == (3, 30, "Walk")
    page = text_of(client.get("/prevention/log/"))
    assert "Slept 7.5 h (good), water 6 glasses, stress 3/10, 30 min walk" in page


def test_a_bad_value_is_shown_next_to_its_field_and_nothing_typed_is_lost(client, me):
    response = client.post(
        "/prevention/log/", {"day": "today", "sleep_hours": "25", "water": "6", "stress": "3"}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="lg-sleep_hours-error"' in html and "Use a number from 0 to 24." in html
    assert 'value="25"' in html and 'value="6"' in html
    assert 'name="stress" value="3" checked' in html
    assert not RecoveryEntry.objects.exists()


def test_yesterday_can_be_filled_in_the_morning_after_but_not_the_day_before(me):
    recovery.save_entry(me, {"sleep_hours": "6"}, day="yesterday", clock=on(TODAY))
    assert RecoveryEntry.objects.get().day == TODAY - timedelta(days=1)
    with pytest.raises(services.InvalidInput) as caught:
        recovery.save_entry(me, {"stress": 2}, day="2026-02-20", clock=on(TODAY))
    assert caught.value.errors == {
        "day": ["The log can be filled in for today and yesterday only."]
    }


def test_a_partial_log_keeps_what_was_there_and_water_can_be_litres(me):
    recovery.save_entry(me, {"sleep_hours": "7", "stress": "5"}, clock=on(TODAY))
    recovery.save_entry(me, {"water": "1.5"}, partial=True, water_unit="litres", clock=on(TODAY))
    entry = RecoveryEntry.objects.get()
    assert (float(entry.sleep_hours), entry.stress, entry.water_ml) == (7.0, 5, 1500)
    assert recovery.view(entry, "glasses").water == 6


def test_water_can_be_counted_in_litres_from_the_log_page(client, me):
    recovery.save_entry(me, {"water": "6"}, clock=on(TODAY))
    client.post("/prevention/log/water-unit/", {"water_unit": "litres"})
    assert recovery.settings_of(me).water_unit == "litres"
    html = client.get("/prevention/log/").content.decode()
    assert 'Water <span class="optional">(litres)</span>' in html and 'value="1.5"' in html


def test_an_empty_log_is_refused_with_a_plain_message(me):
    with pytest.raises(services.InvalidInput) as caught:
        recovery.save_entry(me, {"sleep_hours": "", "stress": ""}, clock=on(TODAY))
    assert caught.value.errors == {"log": ["Fill in at least one thing to log."]}


# --- early warnings ------------------------------------------------------------------------


def test_a_past_knots_place_gets_a_one_tap_question_on_today(client, me):
    a_past_shoulder_knot(me)
    html = client.get("/").content.decode()
    assert "A quick check-in" in html
    assert "Right top of the shoulder: how does it feel today?" in html
    assert 'hx-post="/prevention/warnings/checkin/"' in html
    assert 'aria-label="Pain 3 out of 10"' in html and "Skip today" in html


def test_without_javascript_the_answer_is_saved_and_today_says_so(client, me):
    a_past_shoulder_knot(me)
    response = client.post(
        "/prevention/warnings/checkin/",
        {"region": "shoulder_top", "side": "right", "pain": "2", "next": "/"},
        follow=True,
    )
    assert response.redirect_chain == [("/", 302)]
    assert "Saved. Thank you." in text_of(response)
    assert AreaCheckIn.objects.get().pain == 2
    assert "how does it feel today?" not in text_of(response)  # one question a day at most


def test_with_htmx_only_the_block_comes_back(client, me):
    a_past_shoulder_knot(me)
    response = client.post(
        "/prevention/warnings/checkin/",
        {"region": "shoulder_top", "side": "right", "skip": "1"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert 'id="early-warning"' in html
    assert "Skipped for today." in html and "<html" not in html
    assert AreaCheckIn.objects.get().pain is None


def test_today_shows_no_early_warning_section_when_there_is_nothing_to_ask(client, me):
    assert "early-warning" not in client.get("/").content.decode()


def test_an_active_knots_place_is_checked_through_the_knot_not_asked_again(client, me):
    services.create_knot(me, services.KnotInput(region="calf", side="left"))
    assert "how does it feel today?" not in client.get("/").content.decode()
    page = text_of(client.get("/prevention/warnings/"))
    assert "An active knot: its own check-ins on Today count here" in page


def answer_days(me: Any, pains: list[tuple[int, int]]) -> None:
    """Risk check-ins on the right shoulder, as (days before TODAY, pain)."""
    for days_ago, pain in pains:
        watch.record(
            me, region="shoulder_top", side="right", pain=pain,
            clock=on(TODAY - timedelta(days=days_ago)),
        )  # fmt: skip


RISING = [(12, 1), (9, 2), (6, 1), (2, 4), (1, 5), (0, 5)]


def test_a_rising_trend_brings_a_nudge_with_an_early_plan_and_the_safety_check(client, me):
    a_past_shoulder_knot(me)
    answer_days(me, RISING)
    today = text_of(client.get("/"))
    assert "Early warning" in today and "has been sorer these last days" in today
    page = client.get("/prevention/warnings/")
    words = text_of(page)
    assert "Right top of the shoulder: sorer than usual" in words
    assert "average 4.7 out of 10, up from 1.3 in the two weeks before" in words
    assert "An early plan" in words and "upper trapezius" in words
    html = page.content.decode()
    assert 'href="/check/?loc=shoulder_top%3Aright&amp;pain=5&amp;days=2"' in html
    assert "/knots/new/?region=shoulder_top&amp;pain=5&amp;days=2&amp;side=right" in html
    assert "muscle=upper_trapezius" in html


def test_no_plan_is_shown_when_triage_does_not_allow_self_care(client, me):
    a_past_shoulder_knot(me)
    answer_days(me, [(12, 1), (9, 2), (6, 1), (1, 8), (0, 9)])
    words = text_of(client.get("/prevention/warnings/"))
    assert "sorer than usual" in words
    assert "No self-care plan for now." in words and "An early plan" not in words
    assert "Check this place" in words


def test_not_now_quiets_a_nudge_for_a_week(client, me, frozen):
    a_past_shoulder_knot(me)
    answer_days(me, RISING)
    response = client.post(
        "/prevention/warnings/quiet/", {"area": "shoulder_top:right"}, follow=True
    )
    assert "That nudge stays away until 9 Mar 2026" in text_of(response)
    assert "sorer than usual" not in text_of(client.get("/prevention/warnings/"))


def test_a_new_sore_spot_is_watched_and_gets_a_nudge(client, me):
    response = client.post(
        "/prevention/warnings/spot/", {"region": "low_back", "side": "", "pain": "4"}, follow=True
    )
    words = text_of(response)
    assert "Noted. That place is now watched" in words
    assert "Lower back: a new sore spot" in words
    assert WatchedArea.objects.filter(owner=me, region="low_back").exists()


def test_a_new_spot_without_a_place_keeps_what_was_typed(client, me):
    response = client.post("/prevention/warnings/spot/", {"region": "", "pain": "4"})
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="sp-region-error"' in html and "Choose a body region." in html
    assert 'name="pain" value="4" checked' in html


def test_watching_a_place_and_stopping_again(client, me):
    client.post("/prevention/warnings/areas/", {"region": "jaw", "side": ""})
    area = WatchedArea.objects.get(owner=me)
    assert "Jaw" in text_of(client.get("/prevention/warnings/"))
    response = client.post(f"/prevention/warnings/areas/{area.pk}/remove/")
    assert response.status_code == 302 and not WatchedArea.objects.exists()


def test_another_persons_place_cannot_be_removed(client, me):
    other = get_user_model().objects.create(username="someone")
    area = watch.add_area(other, region="jaw", clock=on(TODAY))
    assert client.post(f"/prevention/warnings/areas/{area.pk}/remove/").status_code == 404
    assert WatchedArea.objects.filter(pk=area.pk).exists()


def test_the_cadence_can_be_changed_and_is_checked(client, me):
    client.post("/prevention/warnings/cadence/", {"every_days": "2", "per_day": "2"})
    found = recovery.settings_of(me)
    assert (found.every_days, found.per_day) == (2, 2)
    response = client.post(
        "/prevention/warnings/cadence/", {"every_days": "40", "per_day": "1"}, follow=True
    )
    assert "Use a whole number from 1 to 14." in text_of(response)


# --- the workstation check -----------------------------------------------------------------

FIRST = {"chair_height": "below", "feet": "dangling", "monitor_height": "too_low",
         "laptop": "hours_flat", "phone": "cradled"}  # fmt: skip
SECOND = {**FIRST, "chair_height": "level", "monitor_height": "top_at_eye", "laptop": "set_up"}


def test_a_workstation_check_is_scored_with_concrete_changes(client, me):
    response = client.post("/prevention/workstation/", FIRST)
    check = WorkstationCheck.objects.get(owner=me)
    assert (
        response.status_code == 302
        and response["Location"] == f"/prevention/workstation/{check.pk}/"
    )
    assert (check.points, check.possible, check.score) == (0, 10, 0)
    words = text_of(client.get(response["Location"]))
    assert "0 of 10 points from 5 questions" in words
    assert "What to change" in words and "monitor stand" in words


def test_redoing_the_check_shows_what_changed(client, me, frozen):
    client.post("/prevention/workstation/", FIRST)
    frozen.move_to(MONDAY + timedelta(days=7))
    first = WorkstationCheck.objects.get()
    form = client.get(f"/prevention/workstation/?from={first.pk}").content.decode()
    assert 'name="chair_height" value="below" checked' in form  # a redo starts from last time
    response = client.post("/prevention/workstation/", SECOND, follow=True)
    words = text_of(response)
    assert "Up from 0% at your check on 2 Mar 2026" in words
    assert "What changed since 2 Mar 2026" in words
    assert (
        "Better Screen height: Well above it: I look down at the screen → At or just below" in words
    )
    assert "2 answers stayed the same" in words


def test_an_unknown_answer_is_refused_next_to_its_question(client, me):
    response = client.post("/prevention/workstation/", {"feet": "hovering", "phone": "raised"})
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="ws-feet-error"' in html and "Choose one of the answers." in html
    assert 'name="phone" value="raised" checked' in html
    assert not WorkstationCheck.objects.exists()


def test_another_persons_check_does_not_exist(client):
    other = get_user_model().objects.create(username="someone")
    from unknot.web.prevention import checks

    check = checks.save_check(other, FIRST, on(TODAY))
    assert client.get(f"/prevention/workstation/{check.pk}/").status_code == 404


# --- insights --------------------------------------------------------------------------------


def a_fortnight(me: Any, days: int = 16) -> None:
    """Stress and sleep logged each day, the shoulder knot checked in each day: the days
    after high stress hurt more."""
    knot = services.create_knot(
        me, services.KnotInput(region="shoulder_top", side="right"),
        clock=on(TODAY - timedelta(days=days + 1)),
    )  # fmt: skip
    stress = [2, 7, 3, 8, 2, 6, 3, 8, 1, 7, 2, 9, 3, 6, 2, 8, 3, 7]
    for i in range(days):
        day = TODAY - timedelta(days=days - i)
        recovery.save_entry(
            me, {"stress": stress[i], "sleep_hours": 7 + (i % 3) / 2}, clock=on(day)
        )
        services.add_checkin(knot, pain=2 + stress[i] // 2, clock=on(day + timedelta(days=1)))


def test_insights_say_honestly_when_there_are_not_enough_days(client, me):
    a_fortnight(me, days=5)
    words = text_of(client.get("/prevention/insights/"))
    assert "Not enough days yet: 5 of the 14 days it takes, with stress logged" in words
    assert "Association, not proof" in words


def test_insights_give_the_size_of_the_link_the_days_and_the_caveat(client, me):
    a_fortnight(me)
    response = client.get("/prevention/insights/")
    words = text_of(response)
    assert "a strong link, more stress going with more pain" in words
    assert "over 16 days" in words and "r = +" in words
    assert 'href="/experiments/"' in response.content.decode()
    assert "Not enough days yet: 0 of the 14 days it takes, with movement breaks" in words


def test_insights_count_the_breaks_taken_when_the_breaks_app_is_there(me):
    from django.apps import apps

    if not apps.is_installed("unknot.web.breaks"):
        pytest.skip("the breaks app is not installed")
    from unknot.web.breaks import services as breaks
    from unknot.web.prevention import habits

    knot = services.create_knot(me, services.KnotInput(region="neck_side", side="left"),
                                clock=on(TODAY - timedelta(days=20)))  # fmt: skip
    for i in range(15):
        day = TODAY - timedelta(days=16 - i)
        done = 1 + i % 4
        for n in range(done):
            breaks.record_outcome(
                me,
                breaks.OutcomeInput(kind="micro", outcome="done", movements=[],
                                    at=datetime.combine(day, datetime.min.time(), UTC)
                                    + timedelta(hours=10, minutes=30 * n)),
            )  # fmt: skip
        services.add_checkin(knot, pain=7 - done, clock=on(day + timedelta(days=1)))
    found = {a.habit.key: a for a in habits.person_insights(me, on(TODAY))}
    assert found["breaks"].days == 15 and found["breaks"].r == pytest.approx(-1)
    assert "more breaks going with less pain" in describe(found["breaks"])


# --- the relaxation timer, the overview and the strict CSP ----------------------------------


def test_the_relaxation_timer_works_as_plain_instructions_and_offers_a_pacer(client):
    html = client.get("/prevention/relax/?minutes=2").content.decode()
    assert 'data-player data-seconds="120"' in html and 'data-inhale="4" data-exhale="6"' in html
    assert "12 slow breaths" in html
    assert "count slowly to 4" in html and "count to 6" in html
    assert "/static/unknot/player.js" in html


@pytest.mark.parametrize(
    "url",
    ["/prevention/", "/prevention/warnings/", "/prevention/workstation/", "/prevention/log/",
     "/prevention/relax/", "/prevention/insights/"],
)  # fmt: skip
def test_every_prevention_page_answers_inside_the_csp(client, me, url):
    a_past_shoulder_knot(me)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert " style=" not in html and "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # no inline scripts
    assert 'aria-current="page">Prevention</a>' in html


# --- the JSON API ----------------------------------------------------------------------------


def api(client: Any, method: str, url: str, body: Any = None) -> Any:
    call = getattr(client, method)
    if body is None:
        return call(url)
    return call(url, data=json.dumps(body), content_type="application/json")


def test_api_log_put_and_get(client, me):
    response = api(client, "put", "/api/v1/prevention/log/today", {"sleep_hours": 6.5, "stress": 7})
    assert response.status_code == 200
    assert response.json() | {} == {
        "day": "2026-03-02", "sleep_hours": 6.5, "sleep_quality": None, "water": None,
        "water_unit": "glasses", "stress": 7, "exercise_minutes": None, "exercise_kind": "",
    }  # fmt: skip
    api(client, "put", "/api/v1/prevention/log/today", {"water": 2, "water_unit": "litres"})
    got = api(client, "get", "/api/v1/prevention/log/2026-03-02").json()
    assert (got["sleep_hours"], got["stress"], got["water"]) == (6.5, 7, 8)
    listed = api(client, "get", "/api/v1/prevention/log").json()
    assert [e["day"] for e in listed["items"]] == ["2026-03-02"]


def test_api_errors_share_the_one_shape(client, me):
    bad = api(client, "put", "/api/v1/prevention/log/2026-01-01", {"stress": 11})
    assert bad.status_code == 422
    error = bad.json()["error"]
    assert error["code"] == "invalid_input" and set(error["fields"]) == {"day", "stress"}
    missing = api(client, "get", "/api/v1/prevention/log/2026-03-01")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    typed = api(client, "post", "/api/v1/prevention/checkins", {"region": "jaw", "pain": "4"})
    assert typed.status_code == 422 and "pain" in typed.json()["error"]["fields"]


def test_api_early_warnings(client, me):
    a_past_shoulder_knot(me)
    state = api(client, "get", "/api/v1/prevention/warnings").json()
    assert state["due"] == [
        {
            "area": "shoulder_top:right",
            "question": "Right top of the shoulder: how does it feel today?",
        }
    ]
    answer_days(me, RISING[:-1])
    posted = api(client, "post", "/api/v1/prevention/checkins",
                 {"region": "shoulder_top", "side": "right", "pain": 5})  # fmt: skip
    assert posted.status_code == 201 and posted.json()["pain"] == 5
    nudge = api(client, "get", "/api/v1/prevention/warnings").json()["nudges"][0]
    assert nudge["kind"] == "rising" and nudge["muscle"] == "upper_trapezius"
    assert nudge["triage"]["level"] == "self_care" and nudge["plan"]["steps"]
    quiet = api(client, "post", "/api/v1/prevention/quiet", {"area": "shoulder_top:right"})
    assert quiet.json()["quiet_until"] == "2026-03-09"
    assert api(client, "get", "/api/v1/prevention/warnings").json()["nudges"] == []


def test_api_watched_places_and_spots(client, me):
    added = api(client, "post", "/api/v1/prevention/areas", {"region": "jaw"})
    assert added.status_code == 201
    assert (
        api(client, "delete", f"/api/v1/prevention/areas/{added.json()['id']}").status_code == 204
    )
    assert (
        api(client, "delete", f"/api/v1/prevention/areas/{added.json()['id']}").status_code == 404
    )
    spot = api(
        client, "post", "/api/v1/prevention/spots", {"region": "calf", "side": "left", "pain": 5}
    )
    assert spot.status_code == 201 and spot.json()["area"] == "calf:left"


def test_api_workstation_checks_and_what_changed(client, me, frozen):
    items = api(client, "get", "/api/v1/prevention/workstation/items").json()["items"]
    assert len(items) == 9 and items[0]["options"][0]["points"] == 2
    first = api(client, "post", "/api/v1/prevention/workstation/checks", {"answers": FIRST})
    assert first.status_code == 201 and first.json()["score"] == 0
    frozen.move_to(MONDAY + timedelta(days=1))
    second = api(
        client, "post", "/api/v1/prevention/workstation/checks", {"answers": SECOND}
    ).json()
    assert second["score"] == 60 and second["previous"] == first.json()["id"]
    changed = {c["item"]: c["direction"] for c in second["changes"]}
    assert changed["monitor_height"] == "better" and changed["feet"] == "same"
    bad = api(client, "post", "/api/v1/prevention/workstation/checks", {"answers": {"feet": "x"}})
    assert bad.status_code == 422 and bad.json()["error"]["fields"] == {
        "feet": ["Choose one of the answers."]
    }
    assert api(client, "get", "/api/v1/prevention/workstation/checks/999").status_code == 404


def test_api_insights(client, me):
    a_fortnight(me)
    found = api(client, "get", "/api/v1/prevention/insights").json()
    stress = next(i for i in found["items"] if i["habit"] == "stress")
    assert stress["is_enough"] and stress["days"] == 16 and stress["r"] > 0.9
    assert stress["split"]["pain_after_high"] > stress["split"]["pain_after_low"]
    breaks = next(i for i in found["items"] if i["habit"] == "breaks")
    assert not breaks["is_enough"] and breaks["r"] is None
