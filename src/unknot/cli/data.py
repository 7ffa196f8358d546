"""Your data on the command line: `unknot report`, `unknot export`, `unknot import`,
`unknot delete-all` and `unknot monitoring`.

Each parses its arguments and makes one call into unknot.reports (or the reports app's
services). Django, fpdf and fhir.resources are imported inside the commands, so
`unknot --help` stays quick. Long exports and imports show a Rich progress bar on a
terminal (on stderr, so `--output -` still writes clean JSON).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from unknot.cli.app import Format, _fail

CONFIRM_WORD = "DELETE"
OUTPUT_HELP = "The file to write; - writes to standard output."


def _journal() -> Any:
    """The local person, with Django set up and the database migrated."""
    from django.core.exceptions import ImproperlyConfigured

    from unknot.web.server import prepare

    try:
        prepare()
    except ImproperlyConfigured as exc:
        _fail(str(exc))
    from unknot.web.journal.services import local_user

    return local_user()


def _clock() -> Any:
    from unknot.core.clock import SystemClock

    return SystemClock()


@contextmanager
def _progress(what: str, total: int) -> Iterator[Callable[[int], None]]:
    """advance(n) for a Rich progress bar on stderr, shown only on a terminal."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(stderr=True)
    with Progress(
        TextColumn(what),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal or total < 1,
    ) as bar:
        task = bar.add_task(what, total=total)
        yield lambda n: bar.advance(task, n)


def _write(output: str, data: str | bytes) -> None:
    if output == "-":
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        return
    try:
        Path(output).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    except OSError as exc:
        _fail(f"cannot write {output}: {exc.strerror}")


def _say(output: str, text: str) -> None:
    """A line for people: on stderr when the data itself went to standard output."""
    typer.echo(text, err=output == "-")


def report(
    output: Annotated[str, typer.Option("--output", "-o", help=OUTPUT_HELP)],
    knot: Annotated[
        int | None, typer.Option("--knot", "-k", help="Only this knot (its number).")
    ] = None,
) -> None:
    """Write the report for a physical therapist (PDF, two to four pages)."""
    owner = _journal()
    from unknot.reports import content, pdf
    from unknot.reports.content import ReportError

    try:
        built = content.build(owner, _clock(), knot_id=knot)
    except ReportError as exc:
        _fail(str(exc))
    data = pdf.render(built)
    _write(output, data)
    knots = f"{len(built.knots)} knot{'s' if len(built.knots) != 1 else ''}"
    _say(output, f"Wrote the report ({pdf.page_count(data)} pages, {knots}) to {output}.")


def export(
    output: Annotated[str, typer.Option("--output", "-o", help=OUTPUT_HELP)],
    fhir: Annotated[
        bool, typer.Option("--fhir", help="An HL7 FHIR R4 Bundle for a clinic instead.")
    ] = False,
) -> None:
    """Export everything you have stored (versioned JSON), or a FHIR R4 Bundle."""
    owner = _journal()
    if fhir:
        from unknot.reports import fhir_export

        _write(output, fhir_export.bundle_json(owner, _clock()))
        _say(output, f"Wrote the FHIR R4 Bundle to {output}.")
        return
    from unknot.reports import data_export

    with _progress("Exporting", data_export.count_rows(owner)) as advance:
        text = data_export.export_data(owner, _clock(), progress=advance)
    _write(output, text)
    rows = data_export.row_count(json.loads(text))
    _say(output, f"Exported {rows} records to {output}. `unknot import {output}` reads it back.")


def import_(
    file: Annotated[Path, typer.Argument(help="An unknot export, or a FHIR Bundle (.json).")],
    fhir: Annotated[
        bool, typer.Option("--fhir", help="Read it as a FHIR Bundle (found out by itself).")
    ] = False,
) -> None:
    """Import a file: an unknot export goes into an empty journal; a FHIR Bundle is added."""
    try:
        raw = file.read_bytes()
    except OSError as exc:
        _fail(f"cannot read {file}: {exc.strerror}")
    owner = _journal()
    from unknot.reports import data_export
    from unknot.reports.data_export import DataError
    from unknot.web.reports import services

    try:
        if fhir or services.kind_of(raw) == "fhir":
            from unknot.reports import fhir_import

            summary = fhir_import.import_bundle(owner, raw, _clock()).summary
        else:
            document = data_export.read_document(raw)
            with _progress("Importing", data_export.row_count(document)) as advance:
                done = services.import_file(owner, raw, _clock(), advance)
            summary = done.summary
    except DataError as exc:
        _fail(f"{exc} Your journal has not changed.")
    typer.echo(summary)


def delete_all(
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask (for scripts).")] = False,
) -> None:
    """Delete everything you have stored in unknot on this computer."""
    owner = _journal()
    from unknot.reports import data_export

    if not data_export.has_data(owner):
        typer.echo("Your journal is empty: there is nothing to delete.")
        return
    if not yes:
        typer.echo(
            "This deletes every knot, check-in, session, plan choice, experiment, break and "
            "note. It cannot be undone: `unknot export -o FILE` keeps a copy first."
        )
        typed = typer.prompt(
            f"Type {CONFIRM_WORD} to delete everything", default="", show_default=False
        )
        if typed.strip() != CONFIRM_WORD:
            typer.echo("Nothing was deleted.")
            raise typer.Exit(1)
    deleted = data_export.delete_all(owner)
    typer.echo(f"Deleted everything ({deleted} records).")


def monitoring(
    days: Annotated[int, typer.Option(min=1, max=365, help="How many days back.")] = 30,
    fmt: Annotated[
        Format, typer.Option("--format", help="text for people, json for programs.")
    ] = Format.text,
) -> None:
    """The remote-monitoring summary: days with data, pain and function scores."""
    owner = _journal()
    from unknot.reports import monitoring as summary

    found = summary.summary(owner, _clock(), days)
    if fmt is Format.json:
        typer.echo(json.dumps(found, ensure_ascii=False))
        return
    _print_summary(found)


def _print_summary(found: dict[str, Any]) -> None:
    period = found["period"]
    typer.echo(
        f"Days with data: {found['days_with_data']} of {period['days']} "
        f"({period['start']} to {period['end']})"
    )
    for knot in found["knots"]:
        pain, function = knot["pain"], knot["function"]
        if pain["readings"]:
            line = (
                f"  {knot['name']}: pain {pain['first']['value']} on {pain['first']['date']}, "
                f"{pain['latest']['value']} on {pain['latest']['date']}, average "
                f"{pain['mean']} over {pain['readings']} check-ins"
            )
        else:
            line = f"  {knot['name']}: no check-ins in this time"
        if function["scores"]:
            line += (
                f"; function {function['first_mean']['value']} then "
                f"{function['latest_mean']['value']} out of 10"
            )
        typer.echo(line)
    typer.echo(found["statement"])
