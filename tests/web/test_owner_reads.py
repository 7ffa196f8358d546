"""Today reads the person's knots and profile once for its cards and its panels, and the
plain-SQL reads give exactly what the ORM gives (on SQLite and PostgreSQL alike)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from unknot.web.breaks import services as breaks
from unknot.web.breaks.models import BreakEvent, BreakSettings, MovementFeedback
from unknot.web.journal import services
from unknot.web.journal.models import Knot, Profile
from unknot.web.journal.owner_reads import OwnerReads, for_request
from unknot.web.journal.services import KnotInput
from unknot.web.plain_sql import ModelReader
from unknot.web.prevention import watch
from unknot.web.prevention.models import AreaCheckIn, WatchedArea

pytestmark = pytest.mark.django_db

MONDAY_10 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
def me():
    return services.local_user()


@pytest.fixture
def monday():
    with time_machine.travel(MONDAY_10, tick=False) as traveller:
        yield traveller


def knot(owner, region="shoulder_top", side="right", muscle="upper_trapezius", archived=False):
    made = services.create_knot(owner, KnotInput(region=region, side=side, muscle=muscle))
    if archived:
        services.set_archived(made, True)
    return made


def reads_of(captured, table):
    froms = (f"FROM {table} ", f'FROM "{table}" ')
    return [q["sql"] for q in captured.captured_queries if any(f in q["sql"] for f in froms)]


def test_today_reads_the_knots_and_profile_once_for_cards_and_panels(client, me, monday):
    services.add_checkin(knot(me), pain=3, at=MONDAY_10)
    knot(me, "calf", "left", "gastrocnemius", archived=True)  # early warnings watch past knots
    client.get("/")  # the first view makes the profile and the settings
    with CaptureQueriesContext(connection) as captured:
        html = client.get("/").content.decode()
    assert "Movement breaks" in html  # the breaks panel ran, and it favours the active knots
    assert len(reads_of(captured, Knot._meta.db_table)) == 1, captured.captured_queries
    assert len(reads_of(captured, Profile._meta.db_table)) == 1, captured.captured_queries


def test_today_stays_within_its_query_budget(client, me, monday, django_assert_max_num_queries):
    for region, side, muscle in [
        ("shoulder_top", "right", "upper_trapezius"),
        ("neck_back", "left", "splenius_capitis"),
        ("low_back", "right", "quadratus_lumborum"),
    ]:
        made = knot(me, region, side, muscle)
        for ago in range(10):
            services.add_checkin(made, pain=4, at=MONDAY_10 - timedelta(days=ago, hours=1))
    client.get("/")  # settings rows are made on the first view
    # The user, knots, profile, recent check-ins, experiments, watched places, and the
    # break settings, history and feedback: nine, however many knots there are.
    with django_assert_max_num_queries(9):
        assert client.get("/").status_code == 200


def test_each_request_reads_afresh(me):
    factory = RequestFactory()
    first = factory.get("/")
    assert for_request(first, me) is for_request(first, me)
    assert for_request(first, me).knots == []
    made = knot(me)
    assert for_request(first, me).knots == []  # the same request keeps what it read
    assert for_request(factory.get("/"), me).knots == [made]  # the next one sees the change
    assert for_request(None, me).knots == [made]


def test_shared_reads_give_what_the_services_read_on_their_own(me, monday):
    active = knot(me)
    monday.shift(timedelta(minutes=1))
    past = knot(me, "calf", "left", "gastrocnemius", archived=True)
    reads = OwnerReads(me)
    assert reads.knots == [past, active]  # newest first
    assert reads.active_knots == [active]
    assert breaks.focus_of(me, reads=reads) == breaks.focus_of(me)
    assert watch.areas_of(me, reads) == watch.areas_of(me)


def test_plain_sql_rows_are_what_the_orm_gives(me, monday):
    breaks.settings_of(me)
    for minutes in (0, 30):
        BreakEvent.objects.create(
            owner=me,
            at=MONDAY_10 + timedelta(minutes=minutes),
            kind="long",
            movement="chin_tucks",
            extra=["shoulder_rolls", "doorway_stretch"],
            outcome="done",
            seconds=240,
        )
    MovementFeedback.objects.create(owner=me, movement="chin_tucks", felt="hurt")
    WatchedArea.objects.create(owner=me, region="jaw", side="left", added_on=date(2026, 3, 1))
    AreaCheckIn.objects.create(
        owner=me, region="jaw", side="left", day=date(2026, 3, 2), at=MONDAY_10, pain=None
    )
    fields = ("at", "kind", "outcome", "movement", "extra", "seconds")
    plain = ModelReader(BreakEvent).values(fields, '"owner_id" = %s ORDER BY "id"', [me.pk])
    assert plain == list(BreakEvent.objects.order_by("id").values_list(*fields))
    assert plain[0][0] == MONDAY_10 and plain[0][0].utcoffset() == timedelta(0)
    for model in (BreakSettings, MovementFeedback, WatchedArea, AreaCheckIn):
        (row,) = ModelReader(model).read('"owner_id" = %s', [me.pk])
        orm = model.objects.get(owner=me)
        assert row == orm
        for field in model._meta.concrete_fields:
            assert getattr(row, field.attname) == getattr(orm, field.attname), field.name
    assert breaks.state_of(me, MONDAY_10 + timedelta(hours=1)).history[1].movements == (
        "chin_tucks",
        "shoulder_rolls",
        "doorway_stretch",
    )
