"""`unknot report`, `export`, `import`, `delete-all` and `monitoring` on four simulated
weeks: files written and read back, refusals with exit code 2 and one line, and the
confirmation before deleting."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
import time_machine
from pypdf import PdfReader
from typer.testing import CliRunner

from report_data import NOW, clock, four_weeks
from unknot.cli.app import app
from unknot.reports import data_export, fhir_export
from unknot.web.journal import services

pytestmark = pytest.mark.django_db
OTHER_SYSTEM = Path(__file__).resolve().parents[1] / "data" / "fhir_other_system_pain.json"


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def run(*args: str, lines: str = "") -> Any:
    return CliRunner().invoke(app, list(args), input=lines)


def one_error_line(result: Any, words: str) -> None:
    assert result.exit_code == 2, result.output
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and errors[0].startswith("unknot: error: "), result.stderr
    assert words in errors[0]


def test_report_writes_the_pdf(tmp_path):
    journal = four_weeks()
    target = tmp_path / "report.pdf"
    result = run("report", "--output", str(target))
    assert result.exit_code == 0, result.output
    pages = PdfReader(io.BytesIO(target.read_bytes())).pages
    assert f"Wrote the report ({len(pages)} pages, 1 knot) to {target}." in result.stdout
    assert 2 <= len(pages) <= 4
    assert run("report", "-o", str(target), "--knot", str(journal.knot.pk)).exit_code == 0


def test_report_of_an_unknown_knot_is_one_clear_line(tmp_path):
    four_weeks()
    one_error_line(
        run("report", "-o", str(tmp_path / "r.pdf"), "--knot", "999999"),
        "There is no knot 999999 in your journal.",
    )


def test_export_import_into_an_empty_journal_and_export_again_is_identical(tmp_path):
    journal = four_weeks()
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    result = run("export", "--output", str(first))
    assert result.exit_code == 0, result.output
    rows = data_export.count_rows(journal.owner)
    assert f"Exported {rows} records to {first}." in result.stdout
    assert first.read_text() == data_export.export_data(journal.owner, clock())
    assert run("delete-all", "--yes").exit_code == 0
    imported = run("import", str(first))
    assert imported.exit_code == 0, imported.output
    assert "Imported 1 knot, 3 activities, 28 check-ins" in imported.stdout
    assert run("export", "-o", str(second)).exit_code == 0
    assert second.read_bytes() == first.read_bytes()


def test_export_to_standard_output_is_clean_json():
    four_weeks()
    result = run("export", "-o", "-")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["format"] == "unknot-export"
    assert "Exported" in result.stderr


def test_the_fhir_bundle_round_trips_through_the_commands(tmp_path):
    four_weeks()
    bundle = tmp_path / "bundle.json"
    assert run("export", "--fhir", "-o", str(bundle)).exit_code == 0
    fhir_export.validate(json.loads(bundle.read_text()))
    assert run("delete-all", "--yes").exit_code == 0
    result = run("import", "--fhir", str(bundle))
    assert result.exit_code == 0, result.output
    assert "Added 1 knot, 28 check-ins, 21 self-care sessions" in result.stdout
    assert fhir_export.bundle_json(services.local_user(), clock()) == bundle.read_text()


def test_a_clinics_bundle_is_found_out_without_the_flag():
    result = run("import", str(OTHER_SYSTEM))
    assert result.exit_code == 0, result.output
    assert "Added 2 knots, 8 check-ins" in result.stdout
    assert "1 MedicationStatement" in result.stdout


def test_importing_into_a_journal_in_use_or_a_bad_file_changes_nothing(tmp_path):
    journal = four_weeks()
    export = tmp_path / "export.json"
    export.write_text(data_export.export_data(journal.owner, clock()))
    before = data_export.count_rows(journal.owner)
    one_error_line(run("import", str(export)), "already has data")
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps({"format": "unknot-export", "version": 5, "data": {}}))
    one_error_line(run("import", str(newer)), "newer version of unknot")
    one_error_line(run("import", str(tmp_path / "missing.json")), "cannot read")
    assert data_export.count_rows(journal.owner) == before


def test_delete_all_asks_for_the_word_first():
    journal = four_weeks()
    declined = run("delete-all", lines="yes\n")
    assert declined.exit_code == 1
    assert "Nothing was deleted." in declined.stdout
    assert data_export.has_data(journal.owner)
    done = run("delete-all", lines="DELETE\n")
    assert done.exit_code == 0, done.output
    assert "Deleted everything" in done.stdout
    assert not data_export.has_data(journal.owner)
    assert "nothing to delete" in run("delete-all").stdout


def test_monitoring_for_people_and_for_programs():
    four_weeks()
    text = run("monitoring")
    assert text.exit_code == 0
    assert "Days with data: 28 of 30 (2026-10-30 to 2026-11-28)" in text.stdout
    assert "Right top of the shoulder: pain 6 on 2026-11-01, 2 on 2026-11-28" in text.stdout
    found = json.loads(run("monitoring", "--days", "7", "--format", "json").stdout)
    assert found["days_with_data"] == 7
    assert run("monitoring", "--days", "0").exit_code == 2
