"""The "Your data" page and the API for the person's data: downloads of the report, the
JSON export and the FHIR Bundle; importing a file (a clear result, or a clear error that
changes nothing); deleting everything after typing DELETE; the remote-monitoring summary.
On SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.test import Client
from pypdf import PdfReader

from report_data import NOW, clock, four_weeks
from unknot.reports import data_export, fhir_export, tables
from unknot.web.journal import services
from unknot.web.journal.models import Knot
from unknot.web.reports.models import ReportNotes

pytestmark = pytest.mark.django_db
OTHER_SYSTEM = Path(__file__).resolve().parents[1] / "data" / "fhir_other_system_pain.json"


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def page(client: Client, url: str = "/settings/") -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def snapshot(owner: Any) -> dict[str, int]:
    return {t.label: t.rows_of(owner).count() for t in tables.plan()}


def upload(client: Client, content: bytes, name: str = "file.json") -> Any:
    file = io.BytesIO(content)
    file.name = name
    return client.post("/settings/import/", {"file": file})


# --- the page ------------------------------------------------------------------------------


def test_the_page_of_an_empty_journal_says_what_to_do_first(client):
    html = page(client)
    text = text_of(html)
    assert "<h1>Your data</h1>" in html
    assert "start tracking a knot first" in text
    assert "Download the report (PDF)" not in text
    assert "there is nothing to delete" in text
    assert "Download everything (JSON)" in text and "Download for a clinic (FHIR)" in text
    assert not ReportNotes.objects.exists(), "reading the page wrote a row"


def test_the_page_is_reached_from_the_you_page_and_the_footer(client):
    assert 'href="/settings/"' in page(client, "/profile/")
    assert "Your data</a>" in page(client, "/")


def test_the_page_shows_the_monitoring_summary_of_the_last_30_days(client):
    four_weeks()
    text = text_of(page(client))
    assert "Days with data 28 of 30" in text
    assert (
        "Right top of the shoulder Pain 6 on 1 Nov, 2 on 28 Nov: 28 check-ins, average 4.2." in text
    )
    assert "Function 4 then 9.7 out of 10." in text
    assert "no medical-device claim" in text
    assert 'href="/api/v1/monitoring"' in page(client)


def test_the_report_downloads_as_a_pdf_of_two_to_four_pages(client):
    journal = four_weeks()
    response = client.get("/settings/report.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="unknot-report-2026-11-28.pdf"'
    assert response["Cache-Control"] == "no-store"
    pages = PdfReader(io.BytesIO(response.content)).pages
    assert 2 <= len(pages) <= 4
    assert "Alex Example" in pages[0].extract_text()
    single = client.get(f"/settings/report.pdf?knot={journal.knot.pk}")
    assert single.status_code == 200


def test_a_report_of_nothing_comes_back_to_the_page_with_a_message(client):
    response = client.get("/settings/report.pdf", follow=True)
    assert "There is nothing to report yet" in text_of(response.content.decode())


def test_name_and_questions_are_saved_and_a_too_long_name_keeps_what_was_typed(client):
    four_weeks()
    response = client.post("/settings/notes/", {"name": "Sam", "questions": "Can I swim?"})
    assert response.status_code == 302
    notes = ReportNotes.objects.get()
    assert (notes.name, notes.questions) == ("Sam", "Can I swim?")
    long = "x" * 101
    html = client.post(
        "/settings/notes/", {"name": long, "questions": "Still here"}
    ).content.decode()
    assert 'id="notes-name-error"' in html and 'aria-invalid="true"' in html
    assert "Please keep this under 100 characters" in html
    assert "Still here" in html and long in html
    assert 'href="#notes-name"' in html  # the error summary links to the field
    assert ReportNotes.objects.get().name == "Sam"


def test_the_json_export_downloads_the_whole_journal(client):
    journal = four_weeks()
    response = client.get("/settings/export.json")
    assert response["Content-Disposition"] == 'attachment; filename="unknot-export-2026-11-28.json"'
    assert response.content.decode() == data_export.export_data(journal.owner, clock())


def test_the_fhir_bundle_downloads_and_validates(client):
    four_weeks()
    response = client.get("/settings/export.fhir.json")
    assert response["Content-Type"] == "application/fhir+json"
    fhir_export.validate(json.loads(response.content))


# --- import ---------------------------------------------------------------------------------


def test_an_export_imports_into_an_empty_journal_with_a_clear_result(client):
    journal = four_weeks()
    text = data_export.export_data(journal.owner, clock()).encode()
    data_export.delete_all(journal.owner)
    response = client.post("/settings/import/", {"file": _file(text)}, follow=True)
    said = text_of(response.content.decode())
    assert "Imported 1 knot, 3 activities, 28 check-ins" in said
    assert "84 function scores" in said and "1 profile" in said
    assert data_export.export_data(journal.owner, clock()).encode() == text


def _file(content: bytes, name: str = "file.json") -> io.BytesIO:
    file = io.BytesIO(content)
    file.name = name
    return file


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"{broken", "This file is not a JSON file"),
        (b'{"format": "unknot-export", "version": 9, "data": {}}', "newer version of unknot"),
        (b'{"hello": "world"}', "This is not an unknot export"),
    ],
)
def test_a_bad_file_shows_a_clear_error_next_to_the_field_and_changes_nothing(
    client, content, words
):
    journal = four_weeks()
    before = snapshot(journal.owner)
    response = upload(client, content)
    html = response.content.decode()
    assert response.status_code == 200
    assert words in text_of(html)
    assert "Your journal has not changed." in text_of(html)
    assert 'id="import-file-error"' in html and 'href="#import-file"' in html
    assert snapshot(journal.owner) == before


def test_an_export_into_a_journal_in_use_is_refused(client):
    journal = four_weeks()
    text = data_export.export_data(journal.owner, clock()).encode()
    assert "already has data" in text_of(upload(client, text).content.decode())


def test_a_clinics_fhir_file_adds_its_readings(client):
    response = client.post(
        "/settings/import/", {"file": _file(OTHER_SYSTEM.read_bytes())}, follow=True
    )
    assert "Added 2 knots, 8 check-ins, 0 self-care sessions" in text_of(response.content.decode())
    assert Knot.objects.filter(owner=services.local_user()).count() == 2


def test_no_file_is_a_clear_error(client):
    html = client.post("/settings/import/", {}).content.decode()
    assert "Choose a file to import" in text_of(html)


# --- delete ---------------------------------------------------------------------------------


def test_deleting_needs_the_word_typed_and_then_deletes_everything(client):
    journal = four_weeks()
    before = snapshot(journal.owner)
    html = client.post("/settings/delete/", {"confirm": "delete"}).content.decode()
    assert "Type DELETE in capital letters to confirm. Nothing was deleted." in text_of(html)
    assert 'value="delete"' in html
    assert snapshot(journal.owner) == before
    response = client.post("/settings/delete/", {"confirm": "DELETE"}, follow=True)
    assert f"Everything was deleted ({sum(before.values())} records)." in text_of(
        response.content.decode()
    )
    assert not data_export.has_data(journal.owner)


def test_a_post_without_the_csrf_token_is_refused():
    journal = four_weeks()
    response = Client(enforce_csrf_checks=True).post("/settings/delete/", {"confirm": "DELETE"})
    assert response.status_code == 403
    assert data_export.has_data(journal.owner)


# --- the API --------------------------------------------------------------------------------


def test_the_api_gives_the_monitoring_summary(client):
    four_weeks()
    found = client.get("/api/v1/monitoring").json()
    assert found["days_with_data"] == 28 and found["format"] == "unknot-monitoring"
    assert client.get("/api/v1/monitoring?days=7").json()["days_with_data"] == 7


def test_the_api_refuses_a_window_outside_a_year_in_the_common_error_shape(client):
    response = client.get("/api/v1/monitoring?days=0")
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {
        "days": ["It should be greater than or equal to 1."]
    }


def test_the_api_downloads_the_exports_and_the_report(client):
    journal = four_weeks()
    assert client.get("/api/v1/export").content.decode() == data_export.export_data(
        journal.owner, clock()
    )
    fhir = client.get("/api/v1/export/fhir")
    assert fhir["Content-Type"] == "application/fhir+json"
    report = client.get("/api/v1/report")
    assert report["Content-Type"] == "application/pdf"
    missing = client.get("/api/v1/report?knot=999999")
    assert missing.status_code == 404
    assert missing.json()["error"]["message"] == "There is no knot 999999 in your journal."


def test_the_api_imports_a_file_or_refuses_it_without_changes(client):
    bad = client.post("/api/v1/import", b"{nope", content_type="application/json")
    assert bad.status_code == 422
    assert bad.json()["error"]["code"] == "invalid_file"
    assert not data_export.has_data(services.local_user())
    good = client.post(
        "/api/v1/import", OTHER_SYSTEM.read_bytes(), content_type="application/fhir+json"
    )
    assert good.status_code == 200
    assert good.json()["kind"] == "fhir"
    assert good.json()["summary"].startswith("Added 2 knots")
