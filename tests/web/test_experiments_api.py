"""The experiments' JSON API at /api/v1/experiments: create, list, read with results,
today's assignments, record an outcome or a missed period, stop early; and its refusals,
in the API's one error shape, storing nothing."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from unknot.web.experiments.models import Experiment, Period
from unknot.web.experiments.services import Setup, create_experiment
from unknot.web.journal import services
from unknot.web.journal.services import KnotInput

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fixed_time(time_machine):
    time_machine.move_to(START, tick=False)


@pytest.fixture
def knot():
    knot = services.create_knot(
        services.local_user(),
        KnotInput(region="neck_side", side="right", muscle="levator_scapulae"),
    )
    services.add_checkin(knot, pain=4)
    return knot


def send(client, method, url, body=None):
    kwargs = {} if body is None else {"data": json.dumps(body), "content_type": "application/json"}
    return getattr(client, method)(url, **kwargs)


def start(client, knot, **changes):
    body = {"knot_id": knot.pk, "seed": 2026, **changes}
    response = send(client, "post", "/api/v1/experiments", body)
    assert response.status_code == 201, response.content
    return response


def test_creating_heat_or_cold_answers_201_with_its_schedule_and_no_results_yet(client, knot):
    response = start(client, knot)
    body = response.json()
    assert response["Location"] == f"/api/v1/experiments/{body['id']}"
    assert body["option_a"] == {"id": "heat", "label": "Warmth"}
    assert body["option_b"] == {"id": "cold", "label": "Cold"}
    assert len(body["periods"]) == 12 and body["periods"][0]["state"] == "due"
    assert body["periods"][0]["planned_on"] == "2026-03-02"
    assert body["verdict"]["kind"] == "running" and body["analysis"] is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"blocks": 2}, "blocks"),
        ({"option_b": "heat"}, "option_b"),
        ({"option_a": "lava"}, "option_a"),
        ({"outcome": "mood"}, "outcome"),
        ({"blocks": "6"}, "blocks"),  # strict: a string is not a number
        ({"colour": "blue"}, "colour"),
    ],
)
def test_a_bad_design_is_a_422_naming_the_field_and_stores_nothing(client, knot, changes, field):
    response = send(client, "post", "/api/v1/experiments", {"knot_id": knot.pk, **changes})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_input" and field in error["fields"]
    assert not Experiment.objects.exists()


def test_an_unknown_knot_is_a_404(client):
    response = send(client, "post", "/api/v1/experiments", {"knot_id": 999})
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_today_says_what_to_use_and_what_to_rate(client, knot):
    exp = start(client, knot).json()
    items = send(client, "get", "/api/v1/experiments/today").json()["items"]
    assert len(items) == 1
    first = exp["periods"][0]
    label = "Warmth" if first["option"] == "a" else "Cold"
    assert items[0]["use"] == {"period": 1, "option": label} == items[0]["rate"]


def test_recording_before_and_after_gives_the_relief(client, knot):
    exp = start(client, knot).json()
    url = f"/api/v1/experiments/{exp['id']}/outcomes"
    body = send(client, "post", url, {"pain_before": 6, "pain_after": 2}).json()
    assert body["periods"][0]["value"] == 4.0 and body["periods"][0]["state"] == "recorded"


def test_a_missed_period_is_recorded_with_no_value(client, knot):
    exp = start(client, knot).json()
    url = f"/api/v1/experiments/{exp['id']}/outcomes"
    body = send(client, "post", url, {"missed": True}).json()
    assert body["periods"][0]["state"] == "missed" and body["periods"][0]["value"] is None


def test_a_bad_outcome_is_a_422(client, knot):
    exp = start(client, knot).json()
    url = f"/api/v1/experiments/{exp['id']}/outcomes"
    response = send(client, "post", url, {"pain_before": 12, "pain_after": 2})
    assert response.status_code == 422
    assert "pain_before" in response.json()["error"]["fields"]
    assert not Period.objects.filter(value__isnull=False).exists()


def test_a_finished_experiment_has_its_numbers(client, knot, time_machine):
    exp = start(client, knot).json()
    url = f"/api/v1/experiments/{exp['id']}/outcomes"
    for period in exp["periods"]:
        time_machine.move_to(START + timedelta(days=period["number"] - 1), tick=False)
        relief = 4 if period["option"] == "a" else 1
        send(client, "post", url, {"value": relief})
    body = send(client, "get", f"/api/v1/experiments/{exp['id']}").json()
    assert body["status"] == "finished"
    assert body["verdict"]["kind"] == "winner" and body["verdict"]["winner"] == "a"
    assert body["analysis"]["mean_difference"] == pytest.approx(3.0)
    assert body["analysis"]["p_value"] == pytest.approx(2 / 64)
    assert body["plan_note"].startswith("Your profile now says warmth suits you")


def test_stopping_early_ends_it_and_a_second_stop_is_refused(client, knot):
    exp = start(client, knot).json()
    url = f"/api/v1/experiments/{exp['id']}/stop"
    body = send(client, "post", url).json()
    assert body["status"] == "stopped" and body["verdict"]["kind"] == "not_enough_data"
    assert send(client, "post", url).status_code == 422


def test_the_list_summarises_each_experiment(client, knot):
    exp = start(client, knot).json()
    items = send(client, "get", f"/api/v1/experiments?knot_id={knot.pk}").json()["items"]
    assert [i["id"] for i in items] == [exp["id"]]
    assert items[0]["title"] == "Warmth or cold?" and items[0]["mean_difference"] is None


def test_another_persons_experiment_is_not_found(client, django_user_model):
    someone = django_user_model.objects.create(username="someone_else")
    theirs = services.create_knot(someone, KnotInput(region="neck_side", side="left"))
    exp = create_experiment(someone, Setup(), theirs)
    for method, url in (
        ("get", f"/api/v1/experiments/{exp.pk}"),
        ("post", f"/api/v1/experiments/{exp.pk}/stop"),
        ("post", f"/api/v1/experiments/{exp.pk}/outcomes"),
    ):
        response = send(client, method, url, {} if method == "post" else None)
        assert response.status_code == 404, url
        assert response.json()["error"]["code"] == "not_found"


def test_the_baseline_measured_at_the_start_is_in_the_experiment_and_its_numbers(
    client, knot, time_machine
):
    for back in range(21, 0, -1):
        services.add_checkin(knot, pain=4 + back % 2, at=START - timedelta(days=back))
    exp = start(client, knot, outcome="next_morning_pain").json()
    assert exp["baseline"] == {
        "source": "checkins",
        "spread": pytest.approx(1.0),
        "pairs": 10,
        "count": 21,
        "first": "2026-02-09",
        "last": "2026-03-01",
    }
    url = f"/api/v1/experiments/{exp['id']}/outcomes"
    for period in exp["periods"]:
        time_machine.move_to(START + timedelta(days=period["number"]), tick=False)
        send(client, "post", url, {"value": 2 if period["option"] == "a" else 5})
    analysis = send(client, "get", f"/api/v1/experiments/{exp['id']}").json()["analysis"]
    assert analysis["baseline_use"] == "pooled" and analysis["degrees_of_freedom"] == 15
    assert analysis["baseline"]["pairs"] == 10
    assert analysis["interval_without_baseline"] is not None
    listed = send(client, "get", "/api/v1/experiments").json()["items"][0]
    assert "pooled with a baseline of 10 pairs" in listed["spread_basis"]


def test_without_a_baseline_the_experiment_says_so(client, knot):
    assert start(client, knot).json()["baseline"] is None
