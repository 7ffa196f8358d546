"""Every error the API gives has one shape (the idea of datasette's test_error_shape.py).

    {"error": {"status": 422, "code": "invalid_input", "message": "...", "fields": {...}}}

A client handles errors once, whatever produced them: ninja's validation, the
journal's own rules, the core's facts check, a wrong method, an address that
names nothing, a body that is not JSON, or a bug on our side.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest

from unknot.core.clock import FixedClock
from unknot.web.journal import services
from unknot.web.journal.services import KnotInput

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
SNAKE = re.compile(r"^[a-z]+(_[a-z]+)*$")


@pytest.fixture
def knot_id():
    return services.create_knot(
        services.local_user(), KnotInput(region="calf"), clock=FixedClock(NOW)
    ).pk


@pytest.fixture
def their_knot_id(django_user_model):
    someone = django_user_model.objects.create(username="someone_else")
    return services.create_knot(someone, KnotInput(region="calf"), clock=FixedClock(NOW)).pk


def assert_error_shape(response, status, code):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert list(body) == ["error"]
    error = body["error"]
    assert list(error) == ["status", "code", "message", "fields"]
    assert error["status"] == status
    assert error["code"] == code and SNAKE.match(code)
    message = error["message"]
    assert isinstance(message, str) and message.strip() == message and "\n" not in message
    assert message[:1].isupper() and message.endswith((".", "?"))
    assert isinstance(error["fields"], dict)
    for field, messages in error["fields"].items():
        assert isinstance(field, str) and field
        assert messages and all(isinstance(m, str) and m for m in messages)
    # Fields say what to fix, so only a validation error has them.
    assert bool(error["fields"]) == (code == "invalid_input")
    return error


def send(client, method, url, body=None, **extra):
    if body is None:
        return getattr(client, method)(url, **extra)
    data = body if isinstance(body, str) else json.dumps(body)
    return getattr(client, method)(url, data=data, content_type="application/json", **extra)


CASES = [
    # ninja's validation of types and unknown fields
    ("post", "/api/v1/knots/{knot}/checkins", {"pain": "six"}, 422, "invalid_input"),
    ("post", "/api/v1/knots", {"region": "calf", "owner": 1}, 422, "invalid_input"),
    ("get", "/api/v1/knots/{knot}/checkins?limit=9999", None, 422, "invalid_input"),
    ("post", "/api/v1/where", {"regions": []}, 422, "invalid_input"),
    ("post", "/api/v1/knots", [], 422, "invalid_input"),
    ("post", "/api/v1/knots", "", 422, "invalid_input"),
    ("post", "/api/v1/triage", [], 422, "invalid_input"),
    # the journal services' own rules
    ("post", "/api/v1/knots/{knot}/checkins", {"pain": 11}, 422, "invalid_input"),
    ("post", "/api/v1/knots", {"region": "calff"}, 422, "invalid_input"),
    ("patch", "/api/v1/knots/{knot}", {"region": ""}, 422, "invalid_input"),
    # plans, the profile, the causes questionnaire and dosing
    (
        "put",
        "/api/v1/knots/{knot}/plan/choices/heat:heat",
        {"action": "burn"},
        422,
        "invalid_input",
    ),
    ("put", "/api/v1/profile", {"minutes": 61}, 422, "invalid_input"),
    ("put", "/api/v1/profile", {"tools": "ball"}, 422, "invalid_input"),
    ("post", "/api/v1/causes", {"answers": {"stress_level": 9}}, 422, "invalid_input"),
    ("post", "/api/v1/causes", {"answers": {}}, 422, "invalid_input"),
    (
        "post",
        "/api/v1/dose",
        {"activity": "run", "pain_during": 11, "pain_after": 2},
        422,
        "invalid_input",
    ),
    ("post", "/api/v1/dose", {"activity": "run"}, 422, "invalid_input"),
    ("get", "/api/v1/knots/{knot}/plan/choices/heat:heat", None, 405, "method_not_allowed"),
    ("put", "/api/v1/knots/{knot}/plan/choices/heat:sauna", {"action": "drop"}, 404, "not_found"),
    ("delete", "/api/v1/knots/{knot}/plan/choices/heat:heat", None, 404, "not_found"),
    ("get", "/api/v1/knots/{theirs}/plan", None, 404, "not_found"),
    ("get", "/api/v1/dose/history?activity=swim", None, 404, "not_found"),
    ("post", "/api/v1/profile", {"minutes": 5}, 405, "method_not_allowed"),
    # the core's facts check
    ("post", "/api/v1/triage", {"locations": ["calff"]}, 422, "invalid_facts"),
    ("post", "/api/v1/triage", {"locations": ["calf"], "pain": 11}, 422, "invalid_facts"),
    ("post", "/api/v1/where", {"regions": ["calff"]}, 422, "invalid_facts"),
    # not found, including another person's knot and addresses that name nothing
    ("get", "/api/v1/knots/999999", None, 404, "not_found"),
    ("get", "/api/v1/knots/{theirs}", None, 404, "not_found"),
    ("post", "/api/v1/knots/{theirs}/checkins", {"pain": 3}, 404, "not_found"),
    ("get", "/api/v1/knots/abc", None, 404, "not_found"),
    ("get", "/api/v1/muscles/no_such_muscle", None, 404, "not_found"),
    ("get", "/api/v1/nothing/here", None, 404, "not_found"),
    ("post", "/api/v1/nothing/here", {"a": 1}, 404, "not_found"),
    ("get", "/api/v1/", None, 404, "not_found"),
    ("get", "/api/v2/knots", None, 404, "not_found"),
    ("get", "/api/", None, 404, "not_found"),
    ("get", "/api/v1/docs", None, 404, "not_found"),
    # wrong method
    ("delete", "/api/v1/knots", None, 405, "method_not_allowed"),
    ("put", "/api/v1/knots/{knot}", {"region": "calf"}, 405, "method_not_allowed"),
    ("get", "/api/v1/triage", None, 405, "method_not_allowed"),
    ("post", "/api/v1/openapi.json", None, 405, "method_not_allowed"),
    # a body that is not JSON
    ("post", "/api/v1/knots", "{region: calf", 400, "malformed_json"),
    ("post", "/api/v1/triage", "not json at all", 400, "malformed_json"),
    ("patch", "/api/v1/knots/{knot}", '{"notes": "x",}', 400, "malformed_json"),
]


@pytest.mark.parametrize(("method", "url", "body", "status", "code"), CASES)
def test_every_error_has_the_one_shape(
    client, knot_id, their_knot_id, method, url, body, status, code
):
    url = url.format(knot=knot_id, theirs=their_knot_id)
    assert_error_shape(send(client, method, url, body), status, code)


def test_a_validation_error_names_each_field_with_plain_messages(client, knot_id):
    response = send(
        client, "post", f"/api/v1/knots/{knot_id}/checkins", {"pain": 6.5, "notes": 3, "mood": "ok"}
    )
    error = assert_error_shape(response, 422, "invalid_input")
    assert set(error["fields"]) == {"pain", "notes", "mood"}
    assert error["fields"]["pain"] == ["Use a whole number."]
    for name in ("pain", "notes", "mood"):
        assert name in error["message"]


def test_a_wrong_method_still_says_which_methods_work(client):
    response = client.delete("/api/v1/knots")
    error = assert_error_shape(response, 405, "method_not_allowed")
    assert response["Allow"] == "GET, POST"
    assert "GET" in error["message"] and "POST" in error["message"]


def test_a_server_error_has_the_shape_and_no_traceback(client, knot_id, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(services, "knot_status", broken)
    response = client.get(f"/api/v1/knots/{knot_id}/status")
    assert_error_shape(response, 500, "server_error")
    text = response.content.decode()
    assert "Traceback" not in text and "secret internal detail" not in text
    assert "RuntimeError" not in text
    # ...but the log keeps it, for whoever runs the server.
    assert "secret internal detail" in caplog.text


def test_a_write_from_another_website_is_refused_with_the_shape(client):
    response = send(
        client,
        "post",
        "/api/v1/knots",
        {"region": "calf"},
        headers={"Origin": "https://elsewhere.example"},
    )
    assert_error_shape(response, 403, "forbidden")
    assert not services.Knot.objects.exists()


def test_a_write_from_this_app_itself_is_accepted(client):
    response = send(
        client, "post", "/api/v1/knots", {"region": "calf"}, headers={"Origin": "http://testserver"}
    )
    assert response.status_code == 201


def test_a_body_that_is_too_large_has_the_shape(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = send(client, "post", "/api/v1/triage", {"text": "x" * 2000})
    assert_error_shape(response, 413, "too_large")


def test_without_a_person_there_is_nothing_to_show_in_clinic_mode(client, settings):
    # Clinic mode has accounts and no implicit local person (login comes later).
    settings.UNKNOT_MODE = "clinic"
    assert_error_shape(client.get("/api/v1/knots"), 401, "not_authenticated")
