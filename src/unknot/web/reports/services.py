"""The "Your data" operations shared by the page, the JSON API and the CLI: the notes the
report carries, and importing a file whichever kind it is.

Like the journal's services, a write checks everything first and raises
services.InvalidInput with plain messages per field; an import raises DataError with one
plain sentence and changes nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from unknot.core.clock import Clock
from unknot.reports import data_export
from unknot.reports.data_export import DataError
from unknot.web.journal.services import _Errors, _text
from unknot.web.reports.models import MAX_NAME, MAX_QUESTIONS, ReportNotes


def notes_of(owner: Any) -> ReportNotes:
    """The person's report notes; an unsaved empty one when there are none (reading a page
    should not write a row)."""
    return ReportNotes.objects.filter(owner=owner).first() or ReportNotes(owner=owner)


def save_notes(owner: Any, *, name: Any = "", questions: Any = "") -> ReportNotes:
    errors = _Errors()
    cleaned_name = " ".join(_text(errors, "name", name, MAX_NAME).split())
    cleaned_questions = _text(errors, "questions", questions, MAX_QUESTIONS)
    errors.raise_if_any()
    notes, _ = ReportNotes.objects.update_or_create(
        owner=owner, defaults={"name": cleaned_name, "questions": cleaned_questions}
    )
    return notes


@dataclass(frozen=True)
class ImportResult:
    kind: str  # "json" (an unknot export) or "fhir" (a FHIR Bundle)
    summary: str  # what was added, in words


def kind_of(text: str | bytes) -> str:
    """'fhir' for a FHIR Bundle, 'json' for anything else (its reader says what is wrong)."""
    try:
        document = json.loads(text)
    except (UnicodeDecodeError, ValueError):
        return "json"
    is_bundle = isinstance(document, dict) and document.get("resourceType") == "Bundle"
    return "fhir" if is_bundle else "json"


def import_file(
    owner: Any, text: str | bytes, clock: Clock | None = None, progress: Any = None
) -> ImportResult:
    """Import an unknot export (into an empty journal) or a FHIR Bundle (added to the
    journal), whichever the file is. Raises DataError, having changed nothing."""
    if kind_of(text) == "fhir":
        from unknot.reports import fhir_import

        result = fhir_import.import_bundle(owner, text, clock=clock)
        return ImportResult("fhir", result.summary)
    done = data_export.import_data(owner, text, progress or (lambda _n: None))
    return ImportResult("json", f"Imported {data_export.labels(done.counts.items())}.")


__all__ = ["DataError", "ImportResult", "import_file", "kind_of", "notes_of", "save_notes"]
