"""The person's data for programs: the remote-monitoring summary, the exports (everything
as JSON, the FHIR R4 Bundle), the report as PDF, and importing a file.

Thin like the other routers: parse, call unknot.reports or the reports app's services,
answer. A file that cannot be imported is a 422 in the common error shape and changes
nothing. Deleting everything is left to the page and the command line, where a person
confirms it by typing; a program cannot.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router
from pydantic import BaseModel, Field

from unknot.reports import data_export, monitoring
from unknot.reports.content import ReportError
from unknot.reports.data_export import DataError
from unknot.web.api.errors import NotFound, error_response
from unknot.web.api.knots import clock, owner
from unknot.web.api.schemas import ErrorOut
from unknot.web.reports import services

router = Router(tags=["your data"])
ERRORS: dict[int, Any] = {404: ErrorOut, 422: ErrorOut}


class MonitoringQuery(BaseModel):
    days: int = Field(
        monitoring.DEFAULT_DAYS,
        ge=1,
        le=monitoring.MAX_DAYS,
        description="How many days back, today included.",
    )


class ImportOut(BaseModel):
    kind: str = Field(description="json (an unknot export) or fhir (a FHIR Bundle).")
    summary: str


def _file(body: str | bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@router.get("/monitoring", response={200: dict[str, Any], **ERRORS}, url_name="monitoring")
def get_monitoring(request: HttpRequest, query: Query[MonitoringQuery]) -> dict[str, Any]:
    """Days with data and pain and function scores over the last `days` days, for a clinic's
    own monitoring system. Self-reported; unknot makes no medical-device claim."""
    return monitoring.summary(owner(request), clock(), query.days)


@router.get("/export", response={200: None}, url_name="export")
def get_export(request: HttpRequest) -> HttpResponse:
    """Everything you have stored, as a versioned JSON file (format unknot-export)."""
    text = data_export.export_data(owner(request), clock())
    return _file(text, "application/json", "unknot-export.json")


@router.get("/export/fhir", response={200: None}, url_name="export-fhir")
def get_fhir(request: HttpRequest) -> HttpResponse:
    """Your knots, check-ins, sessions and plans as an HL7 FHIR R4 Bundle (collection)."""
    from unknot.reports import fhir_export

    text = fhir_export.bundle_json(owner(request), clock())
    return _file(text, "application/fhir+json", "unknot-fhir.json")


@router.get("/report", response={200: None, **ERRORS}, url_name="report")
def get_report(request: HttpRequest, knot: int | None = None) -> HttpResponse:
    """The report for a physical therapist (PDF), for every active knot or for one."""
    from unknot.reports import content, pdf

    try:
        report = content.build(owner(request), clock(), knot_id=knot)
    except ReportError as exc:
        raise NotFound(str(exc)) from None
    return _file(pdf.render(report), "application/pdf", "unknot-report.pdf")


@router.post("/import", response={200: ImportOut, **ERRORS}, url_name="import")
def post_import(request: HttpRequest) -> Any:
    """Import the request body: an unknot export (into an empty journal only) or a FHIR
    Bundle (added to the journal). All or nothing: a refused file changes nothing."""
    try:
        result = services.import_file(owner(request), request.body, clock())
    except DataError as exc:
        return error_response(422, str(exc), code="invalid_file")
    return {"kind": result.kind, "summary": result.summary}
