"""The JSON API at /api/v1/: every endpoint's answer, its refusals, and its pages.

Time is fixed with time_machine (the API asks the system clock, through one
seam), so "today" and "three weeks ago" do not depend on when the tests run.
Every refusal must store nothing: the tests count the rows before and after.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest

from unknot.core import api as core
from unknot.core.clock import FixedClock
from unknot.core.kb import default_kb
from unknot.web.journal import services
from unknot.web.journal.models import Activity, CheckIn, FunctionScore, Knot, Session
from unknot.web.journal.services import KnotInput

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fixed_time(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def me():
    return services.local_user()


@pytest.fixture
def knot(me):
    data = KnotInput(
        region="neck_side",
        side="left",
        muscle="levator_scapulae",
        started_on=NOW.date() - timedelta(days=21),
        activities=["Reversing the car", "Reading in bed"],
    )
    return services.create_knot(me, data, clock=FixedClock(NOW))


@pytest.fixture
def their_knot(django_user_model):
    someone = django_user_model.objects.create(username="someone_else")
    return services.create_knot(someone, KnotInput(region="calf"), clock=FixedClock(NOW))


def send(client, method, url, body=None):
    """A JSON request, the way a program on this computer makes one."""
    kwargs = {} if body is None else {"data": json.dumps(body), "content_type": "application/json"}
    return getattr(client, method)(url, **kwargs)


def stored():
    """Every kind of row the API can write, counted."""
    return tuple(m.objects.count() for m in (Knot, Activity, CheckIn, FunctionScore, Session))


def fields_of(response):
    assert 400 <= response.status_code < 500, response.content
    return response.json()["error"]["fields"]


# --- knots ---------------------------------------------------------------------------------


def test_a_new_person_has_no_knots(client):
    response = client.get("/api/v1/knots")
    assert response.status_code == 200
    assert response.json() == {"items": []}


def test_it_creates_a_knot_and_says_where_to_find_it(client):
    body = {
        "region": "shoulder_top",
        "side": "right",
        "muscle": "upper_trapezius",
        "size": "pea",
        "feel": ["achy", "dull"],
        "symptoms": ["tender_spot"],
        "limits": "Turning my head",
        "limits_daily_activities": True,
        "started_on": "2026-11-20",
        "notes": "After a long week at the desk.",
        "activities": ["Driving", "Typing"],
    }
    response = send(client, "post", "/api/v1/knots", body)
    assert response.status_code == 201
    created = response.json()
    assert response["Location"] == f"/api/v1/knots/{created['id']}"
    assert {k: created[k] for k in body if k != "activities"} == {
        k: v for k, v in body.items() if k != "activities"
    }
    assert [a["name"] for a in created["activities"]] == ["Driving", "Typing"]
    assert created["is_archived"] is False
    assert client.get(response["Location"]).json() == created


def test_it_lists_active_and_archived_knots_apart(client, knot):
    archived = send(client, "post", "/api/v1/knots", {"region": "calf"}).json()["id"]
    assert client.post(f"/api/v1/knots/{archived}/archive").json()["is_archived"] is True
    assert [k["id"] for k in client.get("/api/v1/knots").json()["items"]] == [knot.pk]
    listed = client.get("/api/v1/knots?archived=true").json()["items"]
    assert [k["id"] for k in listed] == [archived]
    assert client.get("/api/v1/knots?archived=false").json()["items"][0]["id"] == knot.pk


def test_unarchiving_brings_a_knot_back(client, knot):
    client.post(f"/api/v1/knots/{knot.pk}/archive")
    response = client.post(f"/api/v1/knots/{knot.pk}/unarchive")
    assert response.status_code == 200
    assert response.json()["is_archived"] is False
    assert [k["id"] for k in client.get("/api/v1/knots").json()["items"]] == [knot.pk]


def test_editing_a_knot_changes_only_the_fields_sent(client, knot):
    before = client.get(f"/api/v1/knots/{knot.pk}").json()
    response = send(
        client,
        "patch",
        f"/api/v1/knots/{knot.pk}",
        {"notes": "Worse after driving.", "size": "fingertip"},
    )
    assert response.status_code == 200
    after = response.json()
    assert after["notes"] == "Worse after driving." and after["size"] == "fingertip"
    unchanged = set(before) - {"notes", "size", "updated_at"}
    assert {k: after[k] for k in unchanged} == {k: before[k] for k in unchanged}


def test_editing_the_activities_keeps_the_ones_still_named(client, knot):
    kept = knot.activities.get(name="Reading in bed").pk
    response = send(
        client,
        "patch",
        f"/api/v1/knots/{knot.pk}",
        {"activities": ["Reading in bed", "Carrying shopping"]},
    )
    activities = response.json()["activities"]
    assert [(a["name"], a["position"]) for a in activities] == [
        ("Reading in bed", 1),
        ("Carrying shopping", 2),
    ]
    assert activities[0]["id"] == kept


def test_the_status_applies_the_trend_to_triage(client, knot):
    for days_ago in range(20, -1, -1):
        services.add_checkin(knot, pain=6, at=NOW - timedelta(days=days_ago), clock=FixedClock(NOW))
    response = client.get(f"/api/v1/knots/{knot.pk}/status")
    assert response.status_code == 200
    status = response.json()
    assert status["knot"] == knot.pk and status["latest_pain"] == 6
    assert status["verdict"]["trend"] == "same"
    triage = status["triage"]
    assert set(triage) >= {
        "level",
        "reasons",
        "advice",
        "self_care_allowed",
        "precautions",
        "facts",
    }
    assert triage["facts"]["trend"] == "same"
    assert triage["facts"]["locations"] == [{"region": "neck_side", "side": "left"}]
    # Three weeks without improvement: time to see someone.
    assert triage["level"] == "see_professional"
    assert status["needs_attention"] is True


def test_the_status_of_a_new_knot_says_there_is_no_trend_yet(client, knot):
    status = client.get(f"/api/v1/knots/{knot.pk}/status").json()
    assert status["latest_pain"] is None and status["last_checkin"] is None
    assert status["verdict"]["trend"] is None
    assert status["triage"]["level"] in {"self_care", "see_professional"}


# --- check-ins and sessions ----------------------------------------------------------------


def test_a_checkin_stores_pain_function_scores_and_notes(client, knot):
    driving, reading = knot.activities.values_list("pk", flat=True)
    body = {
        "pain": 4,
        "scores": {str(driving): 3, str(reading): 8},
        "notes": "Better today.",
        "at": "2026-11-28T08:30:00Z",
    }
    response = send(client, "post", f"/api/v1/knots/{knot.pk}/checkins", body)
    assert response.status_code == 201
    created = response.json()
    assert created["pain"] == 4 and created["notes"] == "Better today."
    assert created["scores"] == {str(driving): 3, str(reading): 8}
    assert created["at"] == "2026-11-28T08:30:00Z"
    assert client.get(f"/api/v1/knots/{knot.pk}/checkins").json()["items"] == [created]


def test_a_checkin_without_a_time_happens_now(client, knot):
    created = send(client, "post", f"/api/v1/knots/{knot.pk}/checkins", {"pain": 0}).json()
    assert created["at"] == "2026-11-28T10:00:00Z" and created["scores"] == {}


def test_a_session_stores_what_was_done(client, knot):
    body = {
        "strategy": "self_release",
        "tool": "tennis_ball",
        "minutes": 5,
        "pain_before": 6,
        "pain_after": 4,
        "notes": "Against the wall.",
    }
    if "tennis_ball" not in default_kb().tools:
        body["tool"] = next(iter(default_kb().tools))
    response = send(client, "post", f"/api/v1/knots/{knot.pk}/sessions", body)
    assert response.status_code == 201
    created = response.json()
    assert {k: created[k] for k in body} == body
    assert created["at"] == "2026-11-28T10:00:00Z"
    assert client.get(f"/api/v1/knots/{knot.pk}/sessions").json() == {
        "items": [created],
        "next": None,
    }


# --- triage, where, muscles ----------------------------------------------------------------


def test_triage_of_facts_is_the_contract_json_exactly(client):
    facts = {
        "locations": [{"region": "calf", "side": "left"}],
        "pain": 6,
        "days": 3,
        "age": 52,
        "symptoms": ["swelling", "warmth"],
        "conditions": ["recent_long_travel"],
        "limits_daily_activities": False,
        "trend": "same",
        "recurring": False,
    }
    response = send(client, "post", "/api/v1/triage", facts)
    assert response.status_code == 200
    assert response.json() == core.triage_facts(facts).to_json()
    assert response.json()["level"] == "emergency"
    assert response.json()["self_care_allowed"] is False


def test_triage_of_plain_words_reads_them_like_the_cli(client):
    text = "knot in my right upper back since Monday, pain 4"
    response = send(client, "post", "/api/v1/triage", {"text": text})
    assert response.status_code == 200
    assert response.json() == core.triage_text(text, clock=FixedClock(NOW)).to_json()


def test_where_ranks_muscles_for_regions(client):
    body = {"regions": ["base_of_skull", {"region": "around_eye", "side": "left"}]}
    response = send(client, "post", "/api/v1/where", body)
    assert response.status_code == 200
    assert response.json() == core.where(body["regions"]).to_json()
    assert len(response.json()["candidates"]) >= 5


def test_where_reads_plain_words(client):
    text = "ache at the base of my skull and behind my eye"
    response = send(client, "post", "/api/v1/where", {"text": text})
    assert response.json() == core.rank_text(text, clock=FixedClock(NOW)).to_json()
    assert response.json()["candidates"]


def test_the_muscle_library_lists_every_card(client):
    kb = default_kb()
    items = client.get("/api/v1/muscles").json()["items"]
    assert sorted(m["muscle"] for m in items) == sorted(kb.muscles)
    card = client.get("/api/v1/muscles/upper_trapezius")
    assert card.status_code == 200
    assert card.json() == next(m for m in items if m["muscle"] == "upper_trapezius")


def test_the_muscle_library_can_be_searched(client):
    items = client.get("/api/v1/muscles?q=trapezius").json()["items"]
    assert items and all("trapezius" in json.dumps(m).lower() for m in items)


def test_an_unknown_muscle_suggests_the_closest(client):
    response = client.get("/api/v1/muscles/upper_trapezus")
    assert response.status_code == 404
    assert "upper_trapezius" in response.json()["error"]["message"]


# --- refusals: 4xx, a clear message, nothing stored -----------------------------------------

LONG = "x" * 6000
CHECKIN_BAD = [
    ({"pain": 11}, "pain"),
    ({"pain": -1}, "pain"),
    ({"pain": "six"}, "pain"),
    ({"pain": "6"}, "pain"),
    ({"pain": 6.5}, "pain"),
    ({"pain": True}, "pain"),
    ({"pain": None}, "pain"),
    ({}, "pain"),
    ({"pain": 5, "notes": LONG}, "notes"),
    ({"pain": 5, "notes": 7}, "notes"),
    ({"pain": 5, "mood": "fine"}, "mood"),
    ({"pain": 5, "at": "2026-12-25T08:00:00Z"}, "at"),
    ({"pain": 5, "at": "yesterday"}, "at"),
    ({"pain": 5, "scores": {"999999": 4}}, "scores"),
    ({"pain": 5, "scores": [4, 5]}, "scores"),
    ({"pain": 5, "scores": {"ACTIVITY": 11}}, "score_ACTIVITY"),
    ({"pain": 5, "scores": {"ACTIVITY": "good"}}, "scores.ACTIVITY"),
]


@pytest.mark.parametrize(("body", "field"), CHECKIN_BAD)
def test_a_bad_checkin_is_refused_and_nothing_is_stored(client, knot, body, field):
    activity = str(knot.activities.first().pk)
    body = json.loads(json.dumps(body).replace("ACTIVITY", activity))
    field = field.replace("ACTIVITY", activity)
    before = stored()
    response = send(client, "post", f"/api/v1/knots/{knot.pk}/checkins", body)
    assert response.status_code == 422
    assert field in fields_of(response)
    assert stored() == before


def test_a_checkin_with_one_good_and_one_bad_score_stores_nothing(client, knot):
    first, second = (str(pk) for pk in knot.activities.values_list("pk", flat=True))
    before = stored()
    response = send(
        client,
        "post",
        f"/api/v1/knots/{knot.pk}/checkins",
        {"pain": 4, "scores": {first: 5, second: 12}},
    )
    assert f"score_{second}" in fields_of(response)
    assert stored() == before


KNOT_BAD = [
    ({"region": ""}, "region"),
    ({"region": "calff"}, "region"),
    ({"region": 5}, "region"),
    ({"region": None}, "region"),
    ({"side": "left"}, "region"),
    ({"region": "calf", "side": "up"}, "side"),
    ({"region": "calf", "muscle": "calf_muscle"}, "muscle"),
    ({"region": "calf", "size": "huge"}, "size"),
    ({"region": "calf", "feel": "sharp"}, "feel"),
    ({"region": "calf", "feel": ["tingly"]}, "feel"),
    ({"region": "calf", "symptoms": ["sneezing"]}, "symptoms"),
    ({"region": "calf", "notes": LONG}, "notes"),
    ({"region": "calf", "limits": LONG}, "limits"),
    ({"region": "calf", "started_on": "2027-01-01"}, "started_on"),
    ({"region": "calf", "started_on": "last week"}, "started_on"),
    ({"region": "calf", "limits_daily_activities": "yes"}, "limits_daily_activities"),
    ({"region": "calf", "recurring": 1}, "recurring"),
    ({"region": "calf", "activities": ["a", "b", "c", "d", "e", "f"]}, "activities"),
    ({"region": "calf", "activities": "walking"}, "activities"),
    ({"region": "calf", "colour": "red"}, "colour"),
]


@pytest.mark.parametrize(("body", "field"), KNOT_BAD)
def test_a_bad_knot_is_refused_and_nothing_is_stored(client, body, field):
    before = stored()
    response = send(client, "post", "/api/v1/knots", body)
    assert response.status_code == 422
    assert field in fields_of(response)
    assert stored() == before


def test_an_unknown_region_names_the_closest_ones(client):
    response = send(client, "post", "/api/v1/knots", {"region": "calff"})
    assert re.search(r"\bcalf\b", " ".join(fields_of(response)["region"]))


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"region": ""}, "region"),
        ({"region": None}, "region"),
        ({"notes": LONG}, "notes"),
        ({"started_on": "2030-01-01"}, "started_on"),
        ({"activities": ["Driving", 5]}, "activities.1"),
        ({"owner": 2}, "owner"),
    ],
)
def test_a_bad_edit_changes_nothing(client, knot, body, field):
    before = client.get(f"/api/v1/knots/{knot.pk}").json()
    response = send(client, "patch", f"/api/v1/knots/{knot.pk}", body)
    assert response.status_code == 422
    assert field in fields_of(response)
    assert client.get(f"/api/v1/knots/{knot.pk}").json() == before


SESSION_BAD = [
    ({"minutes": 10}, "strategy"),
    ({"strategy": "surgery", "minutes": 10}, "strategy"),
    ({"strategy": "heat"}, "minutes"),
    ({"strategy": "heat", "minutes": 0}, "minutes"),
    ({"strategy": "heat", "minutes": 241}, "minutes"),
    ({"strategy": "heat", "minutes": "10"}, "minutes"),
    ({"strategy": "heat", "minutes": 2.5}, "minutes"),
    ({"strategy": "heat", "minutes": 10, "pain_before": 11}, "pain_before"),
    ({"strategy": "heat", "minutes": 10, "pain_after": "low"}, "pain_after"),
    ({"strategy": "heat", "minutes": 10, "tool": "chainsaw"}, "tool"),
    ({"strategy": "heat", "minutes": 10, "notes": LONG}, "notes"),
    ({"strategy": "heat", "minutes": 10, "at": "2026-11-29T10:00:00Z"}, "at"),
    ({"strategy": "heat", "minutes": 10, "temperature": 40}, "temperature"),
]


@pytest.mark.parametrize(("body", "field"), SESSION_BAD)
def test_a_bad_session_is_refused_and_nothing_is_stored(client, knot, body, field):
    before = stored()
    response = send(client, "post", f"/api/v1/knots/{knot.pk}/sessions", body)
    assert response.status_code == 422
    assert field in fields_of(response)
    assert stored() == before


@pytest.mark.parametrize(
    ("url", "body", "code"),
    [
        ("/api/v1/where", {"regions": []}, "invalid_input"),
        ("/api/v1/where", {"regions": [""]}, "invalid_facts"),
        ("/api/v1/where", {"regions": "calf"}, "invalid_input"),
        ("/api/v1/where", {"regions": [5]}, "invalid_input"),
        ("/api/v1/where", {"text": ""}, "invalid_input"),
        ("/api/v1/where", {"text": "calf", "regions": ["calf"]}, "invalid_input"),
        ("/api/v1/where", {}, "invalid_input"),
        ("/api/v1/where", {"regions": ["calf"], "pain": 3}, "invalid_input"),
        ("/api/v1/where", {"regions": [{"region": "calf", "side": "up"}]}, "invalid_facts"),
        ("/api/v1/triage", {"locations": ["calff"]}, "invalid_facts"),
        ("/api/v1/triage", {"locations": ["calf"], "pain": 11}, "invalid_facts"),
        ("/api/v1/triage", {"locations": ["calf"], "pain": "six"}, "invalid_facts"),
        ("/api/v1/triage", {"locations": ["calf"], "symptom": ["swelling"]}, "invalid_facts"),
        ("/api/v1/triage", {"pain": 3}, "invalid_facts"),
        ("/api/v1/triage", {"text": 5}, "invalid_input"),
        ("/api/v1/triage", {"text": " "}, "invalid_input"),
        ("/api/v1/triage", {"text": "sore calf", "pain": 4}, "invalid_input"),
        ("/api/v1/triage", {"text": "x" * 6000}, "invalid_input"),
    ],
)
def test_bad_triage_and_where_questions_are_refused(client, url, body, code):
    response = send(client, "post", url, body)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == code


@pytest.mark.parametrize("url", ["/api/v1/where", "/api/v1/triage"])
def test_an_unknown_region_in_a_question_names_the_closest_ones(client, url):
    body = {"regions": ["calff"]} if url.endswith("where") else {"locations": ["calff"]}
    message = send(client, "post", url, body).json()["error"]["message"]
    assert "calff" in message and re.search(r"\bcalf\b", message)


# --- another person's knot -----------------------------------------------------------------

KNOT_URLS = [
    ("get", "", None),
    ("patch", "", {"notes": "mine now"}),
    ("post", "/archive", None),
    ("post", "/unarchive", None),
    ("get", "/status", None),
    ("get", "/checkins", None),
    ("post", "/checkins", {"pain": 3}),
    ("get", "/sessions", None),
    ("post", "/sessions", {"strategy": "heat", "minutes": 10}),
]


@pytest.mark.parametrize(("method", "suffix", "body"), KNOT_URLS)
def test_another_persons_knot_is_not_found(client, their_knot, method, suffix, body):
    before = (stored(), Knot.objects.get(pk=their_knot.pk).updated_at)
    response = send(client, method, f"/api/v1/knots/{their_knot.pk}{suffix}", body)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert (stored(), Knot.objects.get(pk=their_knot.pk).updated_at) == before


def test_another_persons_knot_is_not_listed(client, knot, their_knot):
    for archived in ("true", "false"):
        items = client.get(f"/api/v1/knots?archived={archived}").json()["items"]
        assert their_knot.pk not in [k["id"] for k in items]


@pytest.mark.parametrize("knot_id", ["0", "999999", "99999999999999999999999999"])
def test_a_knot_that_does_not_exist_is_not_found(client, knot_id):
    assert client.get(f"/api/v1/knots/{knot_id}").status_code == 404


# --- pages ---------------------------------------------------------------------------------


def _history(knot, moments):
    clock = FixedClock(NOW)
    return [
        services.add_checkin(knot, pain=i % 11, at=at, clock=clock).pk
        for i, at in enumerate(moments)
    ]


def _walk(client, url, limit):
    seen, cursor, pages = [], None, 0
    while True:
        query = f"?limit={limit}" + (f"&before={cursor}" if cursor else "")
        response = client.get(url + query)
        assert response.status_code == 200, response.content
        page = response.json()
        assert page["items"] or cursor is None
        seen.extend(item["id"] for item in page["items"])
        pages += 1
        cursor = page["next"]
        if cursor is None:
            return seen, pages


@pytest.mark.parametrize("limit", [1, 3, 7, 50])
def test_pages_of_checkins_have_no_gaps_and_no_repeats(client, knot, limit):
    # Two weeks of check-ins, some sharing one moment exactly (edge of a page or not).
    moments = [NOW - timedelta(hours=5 * i, microseconds=i) for i in range(60)]
    moments += [NOW - timedelta(hours=10)] * 4 + [NOW - timedelta(days=3)] * 9
    ids = _history(knot, moments)
    newest_first = list(
        CheckIn.objects.filter(knot=knot).order_by("-at", "-pk").values_list("pk", flat=True)
    )
    seen, pages = _walk(client, f"/api/v1/knots/{knot.pk}/checkins", limit)
    assert len(seen) == len(set(seen)) == len(ids)
    assert seen == newest_first
    assert pages >= len(ids) // max(limit, 9)


def test_a_page_is_newest_first_with_fifty_by_default(client, knot):
    _history(knot, [NOW - timedelta(hours=i) for i in range(120)])
    page = client.get(f"/api/v1/knots/{knot.pk}/checkins").json()
    moments = [item["at"] for item in page["items"]]
    assert len(moments) == 50 and moments == sorted(moments, reverse=True)
    assert page["next"] is not None
    assert len(client.get(f"/api/v1/knots/{knot.pk}/checkins?limit=500").json()["items"]) == 120


def test_before_returns_only_what_came_earlier(client, knot):
    _history(knot, [NOW - timedelta(days=d) for d in range(10)])
    items = client.get(f"/api/v1/knots/{knot.pk}/checkins?before=2026-11-25T10:00:00Z").json()[
        "items"
    ]
    assert [i["at"][:10] for i in items] == [f"2026-11-{d:02d}" for d in range(24, 18, -1)]


def test_pages_of_sessions_have_no_gaps_and_no_repeats(client, knot):
    for i in range(25):
        services.add_session(
            knot,
            strategy="heat",
            minutes=5,
            at=NOW - timedelta(hours=i // 2),
            clock=FixedClock(NOW),
        )
    seen, _ = _walk(client, f"/api/v1/knots/{knot.pk}/sessions", 4)
    assert sorted(seen) == sorted(Session.objects.values_list("pk", flat=True))
    assert len(seen) == len(set(seen)) == 25


@pytest.mark.parametrize(
    "query",
    ["limit=0", "limit=501", "limit=ten", "before=yesterday", "before=2026-11-28T10:00:00 01:00"],
)
def test_bad_page_parameters_are_refused(client, knot, query):
    response = client.get(f"/api/v1/knots/{knot.pk}/checkins?{query}")
    assert response.status_code == 422
    assert set(fields_of(response)) <= {"limit", "before"}


# --- the OpenAPI document ------------------------------------------------------------------

PATHS = {
    "/api/v1/knots": {"get", "post"},
    "/api/v1/knots/{knot_id}": {"get", "patch"},
    "/api/v1/knots/{knot_id}/archive": {"post"},
    "/api/v1/knots/{knot_id}/unarchive": {"post"},
    "/api/v1/knots/{knot_id}/status": {"get"},
    "/api/v1/knots/{knot_id}/checkins": {"get", "post"},
    "/api/v1/knots/{knot_id}/sessions": {"get", "post"},
    "/api/v1/triage": {"post"},
    "/api/v1/where": {"post"},
    "/api/v1/muscles": {"get"},
    "/api/v1/muscles/{muscle_id}": {"get"},
    "/api/v1/knots/{knot_id}/plan": {"get"},
    "/api/v1/knots/{knot_id}/plan/choices/{step_key}": {"put", "delete"},
    "/api/v1/profile": {"get", "put"},
    "/api/v1/causes": {"post"},
    "/api/v1/dose": {"post"},
    "/api/v1/dose/history": {"get"},
    "/api/v1/dose/{exposure_id}/next-morning": {"put"},
    "/api/v1/knots/{knot_id}/session/finish": {"post"},
    "/api/v1/knots/{knot_id}/session/stop": {"post"},
}


def test_the_openapi_document_describes_every_path(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    described = {path: set(ops) for path, ops in document["paths"].items()}
    # The journal's paths exactly; other parts of unknot (experiments, breaks ...) add theirs.
    assert {path: described.get(path) for path in PATHS} == PATHS
    for path, operations in document["paths"].items():
        for op in operations.values():
            assert op.get("description") or op.get("summary"), path


def test_the_openapi_document_points_nowhere_else(client):
    text = client.get("/api/v1/openapi.json").content.decode()
    assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}", text, re.IGNORECASE)


def test_there_is_no_docs_page_that_would_load_files_from_a_cdn(client):
    assert client.get("/api/v1/docs").status_code == 404


def test_creates_are_documented_as_201(client):
    document = client.get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/knots",
        "/api/v1/knots/{knot_id}/checkins",
        "/api/v1/knots/{knot_id}/sessions",
    ):
        assert "201" in document["paths"][path]["post"]["responses"]


def test_a_bad_region_in_a_list_is_named_by_its_place(client):
    response = send(client, "post", "/api/v1/where", {"regions": ["calf", 5]})
    assert list(fields_of(response)) == ["regions.1"]
