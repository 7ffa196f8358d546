"""The "Your data" page (/settings/): the report for a physical therapist, downloads of
everything (JSON) and of the FHIR Bundle, importing a file, deleting everything, and the
remote-monitoring summary.

Downloads are GETs (they change nothing); the notes, an import and the deletion are
POSTs with a CSRF token. A refused form comes back with the message next to its field
and what was typed still there; a refused import changed nothing and says why.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from unknot.core.kb import default_kb
from unknot.reports import data_export, monitoring
from unknot.reports.content import ReportError
from unknot.reports.data_export import DataError
from unknot.web.journal.forms import FormState, place_name
from unknot.web.journal.models import Knot
from unknot.web.journal.services import InvalidInput
from unknot.web.journal.views import clock
from unknot.web.reports import services

CONFIRM_WORD = "DELETE"
MAX_IMPORT_BYTES = 50 * 1024 * 1024


def _download(body: bytes | str, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"  # personal health data: never kept in a cache
    return response


def _stamp() -> str:
    return clock().today().isoformat()


def _page(request: HttpRequest, forms: dict[str, FormState] | None = None) -> HttpResponse:
    """The page, with any refused form's values and messages (`forms` by form name)."""
    forms = forms or {}
    owner = request.user
    notes = services.notes_of(owner)
    notes_form = forms.get("notes") or FormState({"name": notes.name, "questions": notes.questions})
    delete_form = forms.get("delete") or FormState({"confirm": ""})
    import_errors = (forms.get("import") or FormState()).errors.get("file", [])
    page_errors = FormState()  # the summary at the top links to each field with a message
    for prefix, form in (("notes-", notes_form), ("import-", None), ("delete-", delete_form)):
        errors = {"file": import_errors} if form is None else form.errors
        for name, texts in errors.items():
            for text in texts:
                page_errors.add(f"{prefix}{name}", text)
    kb = default_kb()
    summary = monitoring.summary(owner, clock())
    knots = list(Knot.objects.filter(owner=owner, is_archived=False).order_by("created_at", "pk"))
    context: dict[str, Any] = {
        "nav": "profile",
        "page_errors": page_errors,
        "knots": knots,
        "knot_options": [{"pk": k.pk, "title": place_name(kb, k.region, k.side)} for k in knots],
        "notes": notes_form,
        "notes_errors": {k: notes_form.errors.get(k, []) for k in ("name", "questions")},
        "import_errors": import_errors,
        "delete": delete_form,
        "delete_errors": delete_form.errors.get("confirm", []),
        "has_data": data_export.has_data(owner),
        "summary": summary,
        "summary_lines": _summary_lines(summary),
        "api_url": reverse("api-v1:monitoring"),
        "confirm_word": CONFIRM_WORD,
    }
    return render(request, "reports/settings.html", context)


def _day(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.day} {day.strftime('%b')}"


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _summary_lines(summary: dict[str, Any]) -> list[tuple[str, str]]:
    """(knot, its figures in words) for the page; the API gives the same as numbers."""
    lines = []
    for knot in summary["knots"]:
        pain, function = knot["pain"], knot["function"]
        if not pain["readings"]:
            lines.append((knot["name"], "No check-ins in this time."))
            continue
        text = (
            f"Pain {pain['first']['value']} on {_day(pain['first']['date'])}, "
            f"{pain['latest']['value']} on {_day(pain['latest']['date'])}: "
            f"{pain['readings']} check-in{'s' if pain['readings'] != 1 else ''}, "
            f"average {_number(pain['mean'])}."
        )
        if function["scores"]:
            text += (
                f" Function {_number(function['first_mean']['value'])} then "
                f"{_number(function['latest_mean']['value'])} out of 10."
            )
        lines.append((knot["name"], text))
    return lines


@require_safe
def settings_page(request: HttpRequest) -> HttpResponse:
    return _page(request)


@require_POST
def save_notes(request: HttpRequest) -> HttpResponse:
    values = {name: request.POST.get(name, "") for name in ("name", "questions")}
    try:
        services.save_notes(request.user, **values)
    except InvalidInput as exc:
        form = FormState(values)
        form.merge(exc.errors)
        return _page(request, {"notes": form})
    messages.success(request, "Saved. Your report will include them.")
    return redirect(f"{reverse('reports:settings')}#report")


@require_safe
def report_pdf(request: HttpRequest) -> HttpResponse:
    from unknot.reports import content, pdf

    raw = request.GET.get("knot", "")
    knot_id = int(raw) if raw.isdigit() else None
    try:
        report = content.build(request.user, clock(), knot_id=knot_id)
    except ReportError as exc:
        messages.error(request, str(exc))
        return redirect(f"{reverse('reports:settings')}#report")
    return _download(pdf.render(report), f"unknot-report-{_stamp()}.pdf", "application/pdf")


@require_safe
def export_json(request: HttpRequest) -> HttpResponse:
    text = data_export.export_data(request.user, clock())
    return _download(text, f"unknot-export-{_stamp()}.json", "application/json")


@require_safe
def export_fhir(request: HttpRequest) -> HttpResponse:
    from unknot.reports import fhir_export

    text = fhir_export.bundle_json(request.user, clock())
    return _download(text, f"unknot-fhir-{_stamp()}.json", "application/fhir+json")


@require_POST
def import_file(request: HttpRequest) -> HttpResponse:
    upload = request.FILES.get("file")
    form = FormState({})
    if upload is None:
        form.add("file", "Choose a file to import: an unknot export or a FHIR Bundle (.json).")
    elif upload.size is not None and upload.size > MAX_IMPORT_BYTES:
        form.add("file", "This file is larger than 50 MB, so it cannot be an unknot export.")
    else:
        try:
            result = services.import_file(request.user, upload.read(), clock())
        except DataError as exc:
            form.add("file", f"{exc} Your journal has not changed.")
        else:
            messages.success(request, result.summary)
            return redirect(reverse("reports:settings"))
    return _page(request, {"import": form})


@require_http_methods(["POST"])
def delete_everything(request: HttpRequest) -> HttpResponse:
    typed = request.POST.get("confirm", "")
    if typed.strip() != CONFIRM_WORD:
        form = FormState({"confirm": typed})
        form.add(
            "confirm", f"Type {CONFIRM_WORD} in capital letters to confirm. Nothing was deleted."
        )
        return _page(request, {"delete": form})
    deleted = data_export.delete_all(request.user)
    messages.success(
        request, f"Everything was deleted ({deleted} record{'s' if deleted != 1 else ''})."
    )
    return redirect(reverse("reports:settings"))
