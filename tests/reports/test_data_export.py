"""The person's whole journal as versioned JSON: everything is in it, a round trip gives the
same bytes, and a bad file (newer, broken, the wrong kind, or one that fails half-way)
changes nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model

from report_data import clock, four_weeks
from unknot.reports import data_export, tables
from unknot.reports.data_export import DataError
from unknot.web.journal.models import CheckIn, Knot
from unknot.web.reports.models import ReportNotes

pytestmark = pytest.mark.django_db


def someone(name: str) -> Any:
    return get_user_model().objects.create(username=name)


def snapshot(owner: Any) -> dict[str, int]:
    return {t.label: t.rows_of(owner).count() for t in tables.plan()}


def test_every_model_that_holds_personal_data_is_exported():
    assert tables.uncovered() == []
    exported = {t.model for t in tables.plan()}
    for model in apps.get_models():
        is_ours = model._meta.app_config.name.startswith("unknot.")
        points_at_a_person = any(
            f.is_relation
            and f.related_model is not None
            and f.related_model._meta.label == settings.AUTH_USER_MODEL
            for f in model._meta.concrete_fields
        )
        if is_ours or (points_at_a_person and not model._meta.app_label.startswith(("auth",))):
            assert model in exported, f"{model._meta.label} is not in the export"


def test_the_tables_come_parents_first():
    order = [t.label for t in tables.plan()]
    assert order.index("journal.knot") < order.index("journal.checkin")
    assert order.index("journal.checkin") < order.index("journal.functionscore")
    assert order.index("journal.activity") < order.index("journal.functionscore")


def test_an_export_holds_every_table_of_the_four_weeks_with_file_ids():
    journal = four_weeks()
    document = json.loads(data_export.export_data(journal.owner, clock()))
    assert document["format"] == "unknot-export" and document["version"] == 1
    assert document["exported_at"] == "2026-11-28T10:00:00+00:00"
    data = document["data"]
    for label in (
        "journal.profile",
        "journal.knot",
        "journal.activity",
        "journal.checkin",
        "journal.functionscore",
        "journal.session",
        "journal.planchoice",
        "journal.exposure",
        "reports.reportnotes",
    ):
        assert data[label], f"{label} is empty"
    assert len(data["journal.checkin"]) == 28
    assert [row["id"] for row in data["journal.checkin"]] == list(range(1, 29))
    assert {row["knot"] for row in data["journal.checkin"]} == {1}
    assert "owner" not in data["journal.knot"][0]
    assert data["reports.reportnotes"][0]["name"] == "Alex Example"


def test_export_import_into_an_empty_journal_and_export_again_gives_the_same_bytes():
    journal = four_weeks()
    first = data_export.export_data(journal.owner, clock())
    other = someone("other")  # a second person's rows get new ids: the file must not care
    done = data_export.import_data(other, first)
    assert done.counts["journal.checkin"] == 28
    assert data_export.export_data(other, clock()) == first
    assert snapshot(other) == snapshot(journal.owner)


def test_the_round_trip_keeps_the_times_the_database_fills_in():
    journal = four_weeks()
    text = data_export.export_data(journal.owner, clock())
    other = someone("other")
    data_export.import_data(other, text)
    copy = Knot.objects.get(owner=other)
    assert copy.created_at == journal.knot.created_at
    assert copy.updated_at == Knot.objects.get(pk=journal.knot.pk).updated_at


def test_deleting_everything_leaves_nothing_and_other_people_untouched():
    journal = four_weeks()
    other = someone("other")
    data_export.import_data(other, data_export.export_data(journal.owner, clock()))
    deleted = data_export.delete_all(journal.owner)
    assert deleted == sum(snapshot(other).values())
    assert sum(snapshot(journal.owner).values()) == 0
    assert not data_export.has_data(journal.owner)
    assert Knot.objects.filter(owner=other).count() == 1


def test_an_empty_profile_made_by_looking_at_a_page_is_not_data():
    from unknot.web.journal import services

    me = services.local_user()
    services.profile_of(me)
    assert not data_export.has_data(me)
    ReportNotes.objects.create(owner=me, questions="Can I swim?")
    assert data_export.has_data(me)


@pytest.fixture
def exported() -> tuple[Any, dict[str, Any]]:
    journal = four_weeks()
    return journal, json.loads(data_export.export_data(journal.owner, clock()))


def refused(owner: Any, document: Any) -> str:
    text = document if isinstance(document, (str, bytes)) else json.dumps(document)
    before = snapshot(owner)
    with pytest.raises(DataError) as caught:
        data_export.import_data(owner, text)
    assert snapshot(owner) == before, "a refused file changed something"
    return str(caught.value)


def test_a_file_from_a_newer_version_is_refused_with_a_clear_message(exported):
    _journal, document = exported
    document["version"] = 2
    message = refused(someone("other"), document)
    assert "newer version of unknot (format version 2)" in message
    assert "Update unknot" in message


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{not json", "not a JSON file"),
        (b"\xff\xfe\x00", "not a JSON file"),
        ("[]", "not an unknot export"),
        ('{"resourceType": "Bundle", "type": "collection"}', "not an unknot export"),
        ('{"format": "unknot-export", "version": "1", "data": {}}', "version is missing"),
        ('{"format": "unknot-export", "version": 1}', 'no "data" object'),
    ],
)
def test_a_broken_file_or_the_wrong_kind_is_refused(text, words):
    assert words in refused(someone("other"), text)


def test_a_table_this_installation_does_not_have_is_refused(exported):
    _journal, document = exported
    document["data"]["gardening.plant"] = [{"id": 1}]
    assert "gardening.plant, which this installation" in refused(someone("other"), document)


@pytest.mark.parametrize(
    ("table", "change", "words"),
    [
        ("journal.checkin", {"pain": 11}, "journal.checkin row 1: pain"),
        ("journal.checkin", {"at": "2026-11-01T08:30:00"}, "has no time zone"),
        ("journal.checkin", {"knot": 7}, "names journal.knot 7, which is not in the file"),
        ("journal.knot", {"colour": "red"}, "unknown field colour"),
        ("journal.knot", {"started_on": 20261101}, "should be a date"),
        ("journal.session", {"strategy": "magic"}, "strategy"),
    ],
)
def test_a_bad_row_is_refused_and_named(exported, table, change, words):
    _journal, document = exported
    document["data"][table][0].update(change)
    assert words in refused(someone("other"), document)


def test_a_file_that_fails_half_way_through_writing_changes_nothing(exported):
    """Every row is valid on its own, but two activities of one knot share a name: the
    database refuses the second after the knots, check-ins and the rest were written."""
    _journal, document = exported
    activities = document["data"]["journal.activity"]
    activities[1]["name"] = activities[0]["name"]
    other = someone("other")
    message = refused(other, document)
    assert "nothing was imported" in message
    assert not CheckIn.objects.filter(knot__owner=other).exists()


def test_a_journal_that_already_has_data_is_not_merged_into(exported):
    journal, document = exported
    message = refused(journal.owner, document)
    assert "already has data" in message and "delete everything" in message


def test_progress_counts_every_row_once():
    journal = four_weeks()
    seen: list[int] = []
    text = data_export.export_data(journal.owner, clock(), progress=seen.append)
    assert sum(seen) == data_export.count_rows(journal.owner)
    done: list[int] = []
    data_export.import_data(someone("other"), text, progress=done.append)
    assert sum(done) == sum(seen)


def test_another_apps_rows_are_exported_and_imported_without_being_named_here():
    """The experiments app's tables are found by walking the models: no list to extend."""
    from report_data import moment
    from unknot.core.clock import FixedClock
    from unknot.web.experiments.creation import Setup, create_experiment

    journal = four_weeks()
    create_experiment(journal.owner, Setup(seed=7), knot=journal.knot, clock=FixedClock(moment(14)))
    text = data_export.export_data(journal.owner, clock())
    data = json.loads(text)["data"]
    experiment_tables = [label for label in data if label.startswith("experiments.")]
    assert experiment_tables and all(data[label] for label in experiment_tables)
    assert data["experiments.experiment"][0]["knot"] == 1  # a file id, not a database id
    other = someone("other")
    data_export.import_data(other, text)
    assert data_export.export_data(other, clock()) == text
