"""Movement breaks on the web: settings, recording, focus on the person's knots, statistics,
the overlay endpoint, the movement library, the Today panel and the JSON API.

Time is fixed with time_machine on a Monday; the knowledge base is the packaged one.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from unknot.core.clock import FixedClock
from unknot.core.kb import default_kb
from unknot.web.breaks import services
from unknot.web.breaks.models import BreakEvent, MovementFeedback
from unknot.web.breaks.services import OutcomeInput
from unknot.web.journal import profiles
from unknot.web.journal import services as journal
from unknot.web.journal.services import InvalidInput, KnotInput

pytestmark = pytest.mark.django_db

MONDAY_9 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
KB = default_kb()


@pytest.fixture
def me():
    return journal.local_user()


@pytest.fixture
def monday():
    with time_machine.travel(MONDAY_9, tick=False) as traveller:
        yield traveller


def shoulder_knot(owner):
    return journal.create_knot(
        owner, KnotInput(region="shoulder_top", side="right", muscle="upper_trapezius")
    )


def done(owner, at, kind="micro", movements=(), felt=""):
    data = OutcomeInput(kind, "done", list(movements), 45, felt, at)
    return services.record_outcome(owner, data)


# --- settings ------------------------------------------------------------------------------------


def test_new_settings_are_weekdays_nine_to_half_past_five(me):
    config = services.config_of(services.settings_of(me))
    assert [len(day) for day in config.hours] == [1, 1, 1, 1, 1, 0, 0]
    assert config.micro_every_min == 30 and config.long_every_min == 90


def test_settings_are_checked_together_before_anything_is_stored(me):
    with pytest.raises(InvalidInput) as caught:
        services.save_settings(me, {"micro_every_min": 60, "long_every_min": 45, "colour": 1})
    assert set(caught.value.errors) == {"colour"}
    with pytest.raises(InvalidInput) as caught:
        services.save_settings(me, {"micro_every_min": 60, "long_every_min": 45})
    assert "long_every_min" in caught.value.errors
    assert services.settings_of(me).micro_every_min == 30


def test_working_hours_can_have_several_spans_a_day(me):
    hours = [[["08:00", "12:00"], ["13:00", "16:00"]]] + [[]] * 6
    services.save_settings(me, {"hours": hours})
    config = services.config_of(services.settings_of(me))
    assert [str(s) for s in config.hours[0]] == ["08:00-12:00", "13:00-16:00"]
    with pytest.raises(InvalidInput) as caught:
        services.save_settings(me, {"hours": [[["10:00", "09:00"]]] + [[]] * 6})
    assert "hours.0" in caught.value.errors


def test_the_settings_page_saves_working_hours(client, me):
    post = {"is_enabled": "on", "notify": "overlay", "kinds": ["water"]}
    post |= {"micro_every_min": "25", "long_every_min": "75", "postpone_min": "5"}
    post |= {"max_postpones": "2", "d0_start": "08:30", "d0_end": "16:00"}
    response = client.post("/breaks/", post)
    assert response.status_code == 302
    stored = services.settings_of(me)
    assert stored.hours[0] == [["08:30", "16:00"]] and stored.hours[1] == []
    assert stored.micro_every_min == 25 and stored.kinds == ["water"]


def test_a_refused_settings_form_keeps_what_was_typed_and_says_why(client, me):
    post = {"is_enabled": "on", "notify": "overlay", "micro_every_min": "500"}
    post |= {"long_every_min": "90", "postpone_min": "5", "max_postpones": "3"}
    post |= {"d2_start": "09:00", "d2_end": ""}
    html = client.post("/breaks/", post).content.decode()
    assert "Give both a start and an end time, or neither." in html
    assert 'value="500"' in html and 'value="09:00"' in html
    assert services.settings_of(me).micro_every_min == 30


# --- recording and focus -------------------------------------------------------------------------


def test_an_outcome_is_checked_and_stored(me):
    event = done(me, MONDAY_9, movements=["chin_tucks"])
    assert (event.outcome, event.movement, event.seconds) == ("done", "chin_tucks", 45)
    with pytest.raises(InvalidInput) as caught:
        services.record_outcome(me, OutcomeInput("nap", "maybe", ["no_such"], -1))
    assert set(caught.value.errors) == {"kind", "outcome", "movements", "seconds"}


def test_a_movement_that_hurt_leaves_the_rotation_for_good(me, monday):
    shoulder_knot(me)
    upcoming = services.next_break_for(me)
    ids = [m.id for m in upcoming.movements]
    done(me, upcoming.at, movements=ids, felt="hurt")
    assert set(MovementFeedback.objects.values_list("movement", flat=True)) == set(ids)
    for day in range(5):
        with time_machine.travel(MONDAY_9 + timedelta(days=day, minutes=1), tick=False):
            for _ in range(12):
                nxt = services.next_break_for(me)
                assert not set(ids) & {m.id for m in nxt.movements}
                done(me, nxt.at, nxt.kind.value, [m.id for m in nxt.movements])


def test_breaks_aim_at_the_persons_shoulder_knot(me, monday):
    shoulder_knot(me)
    focus = services.focus_of(me)
    assert "shoulder_top" in focus.interest and focus.muscles["upper_trapezius"] > 0
    aimed = 0
    for _ in range(9):
        nxt = services.next_break_for(me)
        movements = [m.id for m in nxt.movements]
        if any(
            "upper_trapezius" in m.muscles or "shoulder_top" in m.regions for m in nxt.movements
        ):
            aimed += 1
        done(me, nxt.at, nxt.kind.value, movements)
    assert aimed >= 4


def test_the_cause_profile_and_conditions_shape_the_focus(me):
    profiles.save_causes(
        me, {q: 3 for q in KB.questions if KB.questions[q].factor == "poor_recovery"}
    )
    profiles.update_profile(me, {"conditions": ["pregnancy"]})
    focus = services.focus_of(me)
    assert focus.kinds["water"] == 1.0 and focus.conditions == frozenset({"pregnancy"})


# --- statistics ----------------------------------------------------------------------------------


def test_breaks_per_day_counts_done_breaks_on_days_breaks_were_in_use(me):
    done(me, MONDAY_9)
    done(me, MONDAY_9 + timedelta(hours=1))
    services.record_outcome(me, OutcomeInput("micro", "skipped", at=MONDAY_9 + timedelta(days=1)))
    found = services.breaks_per_day(me, date(2026, 3, 1), date(2026, 3, 4))
    assert found == {date(2026, 3, 2): 2, date(2026, 3, 3): 0}
    assert services.breaks_per_day(me, date(2026, 3, 3), date(2026, 3, 3)) == {date(2026, 3, 3): 0}


def test_day_and_week_tallies_include_empty_days(me, monday):
    done(me, MONDAY_9)
    services.record_outcome(me, OutcomeInput("micro", "postponed", at=MONDAY_9))
    days = services.day_tallies(me, date(2026, 2, 28), date(2026, 3, 2))
    assert [(t.start.day, t.done, t.postponed) for t in days] == [(28, 0, 0), (1, 0, 0), (2, 1, 1)]
    weeks = services.week_tallies(me, 2)
    assert [(w.start, w.done) for w in weeks] == [(date(2026, 2, 23), 0), (date(2026, 3, 2), 1)]


# --- pages ---------------------------------------------------------------------------------------


def test_the_breaks_page_shows_today_the_next_break_and_the_statistics(client, me, monday):
    done(me, MONDAY_9 - timedelta(days=1))
    html = client.get("/breaks/").content.decode()
    assert "Next break at 09:30" in html
    assert '<svg class="chart chart-wide break-chart"' in html
    assert "The last 14 days, newest first" in html


def test_the_overlay_waits_until_a_break_is_due(client, me, monday):
    response = client.get("/breaks/overlay/")
    assert response.status_code == 204 and response["X-Next-Break-In"] == str(30 * 60)
    with time_machine.travel(MONDAY_9 + timedelta(minutes=29, seconds=30), tick=False):
        html = client.get("/breaks/overlay/").content.decode()
    assert html.startswith("<dialog") and "Time for a short break" in html
    assert 'name="csrfmiddlewaretoken"' in html and 'value="postponed"' in html


@pytest.mark.parametrize("change", [{"notify": "quiet"}, {"is_enabled": False}])
def test_quiet_or_switched_off_breaks_never_pop_up(client, me, change):
    services.save_settings(me, change)
    with time_machine.travel(MONDAY_9 + timedelta(hours=2), tick=False):
        response = client.get("/breaks/overlay/")
    assert response.status_code == 204 and "X-Next-Break-In" not in response


def test_the_weekend_is_quiet_by_default(client, me):
    with time_machine.travel(datetime(2026, 3, 7, 11, 0, tzinfo=UTC), tick=False):
        response = client.get("/breaks/overlay/")
    assert response.status_code == 204
    assert int(response["X-Next-Break-In"]) == 46.5 * 3600  # Monday 09:30


def test_answering_from_the_overlay_returns_json_and_records_it(client, me, monday):
    response = client.post(
        "/breaks/outcome/",
        {"kind": "micro", "outcome": "done", "movements": "chin_tucks", "seconds": "40"},
        headers={"X-Requested-With": "fetch"},
    )
    body = json.loads(response.content)
    assert body["ok"] and body["next_in_s"] == 30 * 60 + 40  # 30 min after it ended
    assert BreakEvent.objects.get().movement == "chin_tucks"


def test_answering_without_javascript_goes_back_where_the_person_was(client, me, monday):
    post = {"kind": "water", "outcome": "skipped", "movements": "", "next": "/knots/"}
    response = client.post("/breaks/outcome/", post)
    assert response.status_code == 302 and response["Location"] == "/knots/"
    post["next"] = "https://example.org/"
    assert client.post("/breaks/outcome/", post)["Location"] == "/breaks/"


def test_the_break_has_a_plain_page_of_its_own(client, me, monday):
    html = client.get("/breaks/now/").content.decode()
    assert "no-break-overlay" in html and "Your next break is due at 09:30" in html
    assert "<form" in html and 'value="done"' in html


def test_the_movement_library_shows_every_movement_and_drops_one_on_request(client, me):
    html = client.get("/breaks/movements/").content.decode()
    for movement in KB.movements.values():
        assert f'id="mv-{movement.id}"' in html
    assert html.count('role="img"') >= len(KB.movements)
    response = client.post("/breaks/movements/chin_tucks/feedback/", {"felt": "disliked"})
    assert response.status_code == 302
    assert services.feedback_of(me) == {"chin_tucks": "disliked"}
    assert "It is out of your breaks." in client.get("/breaks/movements/").content.decode()
    client.post("/breaks/movements/chin_tucks/feedback/", {"felt": ""})
    assert services.feedback_of(me) == {}


def test_today_shows_the_next_break_and_todays_count(client, me, monday):
    done(me, MONDAY_9 + timedelta(minutes=5))
    html = client.get("/").content.decode()
    assert "Movement breaks" in html and "Next break at 09:35" in html
    assert "Today: 1 done" in html
    assert '<a class="btn btn-secondary btn-small" href="/breaks/now/">See the break</a>' in html


def test_todays_break_panel_says_when_one_is_due_skipped_or_breaks_are_off(client, me, monday):
    services.record_outcome(me, OutcomeInput("micro", "skipped", at=MONDAY_9 - timedelta(hours=1)))
    monday.shift(timedelta(minutes=40))  # half past nine has passed: a break is due
    html = client.get("/").content.decode()
    assert "A break is due now:" in html and "Take it now</a>" in html
    assert "Today: 0 done, 1 skipped." in html
    services.save_settings(me, {"is_enabled": False})
    html = client.get("/").content.decode()
    assert "Movement breaks are off." in html and 'href="/breaks/"' in html
    assert "Take it now" not in html


# --- the JSON API --------------------------------------------------------------------------------


def test_the_api_gives_the_next_break(client, me, monday):
    body = client.get("/api/v1/breaks/next").json()
    assert body["seconds_until"] == 1800 and body["break"]["kind"] == "micro"
    assert body["break"]["movements"] and body["is_due"] is False


def test_the_api_records_an_outcome_and_refuses_a_bad_one_in_the_common_shape(client, me):
    ok = client.post(
        "/api/v1/breaks/events",
        {"kind": "long", "outcome": "done", "movements": ["chin_tucks"], "seconds": 200},
        content_type="application/json",
    )
    assert ok.status_code == 201 and ok.json()["movements"] == ["chin_tucks"]
    bad = client.post(
        "/api/v1/breaks/events", {"kind": "nap", "outcome": "done"}, content_type="application/json"
    )
    assert bad.status_code == 422 and list(bad.json()["error"]["fields"]) == ["kind"]


def test_the_api_reads_and_changes_the_settings(client, me):
    assert client.get("/api/v1/breaks/settings").json()["micro_every_min"] == 30
    changed = client.put(
        "/api/v1/breaks/settings", {"micro_every_min": 20}, content_type="application/json"
    )
    assert changed.status_code == 200 and changed.json()["micro_every_min"] == 20
    bad = client.put(
        "/api/v1/breaks/settings", {"long_every_min": 10}, content_type="application/json"
    )
    assert bad.status_code == 422 and "long_every_min" in bad.json()["error"]["fields"]


def test_the_api_gives_statistics_per_day_and_week(client, me, monday):
    done(me, MONDAY_9)
    body = client.get("/api/v1/breaks/stats?start=2026-03-01&end=2026-03-02&weeks=1").json()
    assert [d["done"] for d in body["days"]] == [0, 1]
    assert body["weeks"] == [
        {
            "start": "2026-03-02",
            "done": 1,
            "skipped": 0,
            "postponed": 0,
            "natural": 0,
            "unanswered": 0,
        }
    ]
    bad = client.get("/api/v1/breaks/stats?start=2026-03-05&end=2026-03-01")
    assert bad.status_code == 422


def test_the_clock_seam_is_the_one_the_services_use(me):
    clock = FixedClock(MONDAY_9)
    assert services.next_break_for(me, clock).at == MONDAY_9 + timedelta(minutes=30)
