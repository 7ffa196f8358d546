"""Typer commands. Each is argument parsing plus one call into the core."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from unknot import __version__
from unknot.cli.errors import InputError

app = typer.Typer(
    name="unknot",
    help="Privacy-first self-care for muscle knots: is it safe to treat yourself, "
    "which muscle may be involved, and what to do next.",
    no_args_is_help=True,
    # Plain help: Typer's Rich help costs ~90 ms of imports on every start.
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
kb_app = typer.Typer(help="Inspect and validate the knowledge base.", no_args_is_help=True)
app.add_typer(kb_app, name="kb")


class Format(StrEnum):
    text = "text"
    json = "json"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"unknot {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """unknot: find the knot, know whether self-care is safe, and get going gently."""


def _fail(message: str) -> NoReturn:
    """Bad input: one line on stderr, exit code 2, no traceback."""
    typer.echo(f"unknot: error: {message}", err=True)
    raise typer.Exit(2)


@contextmanager
def _input_errors() -> Iterator[None]:
    from unknot.core.facts import FactsError

    try:
        yield
    except (FactsError, InputError) as exc:
        _fail(str(exc))


@app.command()
def triage(
    text: Annotated[
        str | None, typer.Option("--text", "-t", help="Your own description, in plain words.")
    ] = None,
    facts: Annotated[
        str | None,
        typer.Option(
            "--facts", "-f", help="A JSON facts file (or - for stdin): one object or JSON Lines."
        ),
    ] = None,
    fmt: Annotated[
        Format, typer.Option("--format", help="text for people, json for programs.")
    ] = Format.text,
) -> None:
    """Say whether self-care is safe, how urgently to get help if not, and why."""
    from unknot.core import api

    if (text is None) == (facts is None):
        _fail("give exactly one of --text or --facts")
    if text is not None:
        if not text.strip():
            _fail("--text is empty; describe where it hurts and how it feels")
        results = [api.triage_text(text)]
    else:
        objects = _read_facts(facts or "-")
        results = []
        for number, obj in enumerate(objects, 1):
            with _input_errors():
                try:
                    results.append(api.triage_facts(obj))
                except ValueError as exc:
                    where = f"record {number}: " if len(objects) > 1 else ""
                    raise InputError(f"{where}{exc}") from None
    if fmt is Format.json:
        for result in results:
            typer.echo(json.dumps(result.to_json(), ensure_ascii=False))
        return
    from unknot.cli.render import print_triage

    for result in results:
        print_triage(result)


def _read_facts(name: str) -> list[Any]:
    """One JSON object, or JSON Lines; say which line is bad when one is."""
    try:
        raw = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
    except OSError as exc:
        _fail(f"cannot read {name}: {exc.strerror}")
    except UnicodeDecodeError:
        _fail(f"{name} is not UTF-8 text")
    if not raw.strip():
        _fail(f"{'stdin' if name == '-' else name} is empty; expected a JSON facts object")
    try:
        return [json.loads(raw)]
    except json.JSONDecodeError:
        pass
    objects = []
    for number, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            objects.append(json.loads(line))
        except json.JSONDecodeError as exc:
            _fail(f"line {number} is not valid JSON ({exc.msg})")
    return objects


@app.command()
def where(
    words: Annotated[str | None, typer.Argument(help="Where it hurts, in your own words.")] = None,
    regions: Annotated[
        str | None,
        typer.Option(
            "--regions", "-r", help="Comma-separated region ids, e.g. base_of_skull,around_eye."
        ),
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=60, help="How many muscles to list.")] = 8,
    fmt: Annotated[Format, typer.Option("--format")] = Format.text,
) -> None:
    """Suggest which muscles may host the knot, from where it hurts."""
    from unknot.core import api

    if (words is None) == (regions is None):
        _fail("give either your own words or --regions")
    if regions is not None:
        ids = [r.strip() for r in regions.split(",") if r.strip()]
        if not ids:
            _fail("--regions is empty; e.g. --regions calf or --regions temple,jaw")
        with _input_errors():
            result = api.where(ids, limit=limit)
    else:
        result = api.rank_text(words or "", limit=limit)
        if not result.locations:
            _fail(
                "no body region recognised in those words; try e.g. "
                '"top of my shoulder" or use --regions (see `unknot kb regions`)'
            )
    if fmt is Format.json:
        typer.echo(json.dumps(result.to_json(), ensure_ascii=False))
        return
    from unknot.cli.render import print_where

    print_where(result)


@app.command()
def muscle(
    name: Annotated[str, typer.Argument(help="A muscle id, name or nickname (e.g. traps).")],
    fmt: Annotated[Format, typer.Option("--format")] = Format.text,
) -> None:
    """Show a muscle card: where the knot sits, where it refers, how to ease it."""
    from unknot.core.kb import default_kb
    from unknot.core.search import find_muscle

    kb = default_kb()
    found = find_muscle(name, kb)
    if isinstance(found, list):
        hint = f"; did you mean {', '.join(found)}?" if found else ""
        _fail(f"no muscle called {name!r}{hint}")
    if fmt is Format.json:
        from unknot.core.cards import muscle_json

        typer.echo(json.dumps(muscle_json(found, kb), ensure_ascii=False))
        return
    from unknot.cli.render import print_muscle

    print_muscle(found, kb)


@app.command()
def check() -> None:
    """A guided check in the terminal: where, how it feels, safety questions, next steps."""
    from unknot.cli.guided import run_guided_check

    run_guided_check()


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
) -> None:
    """Start the web app (migrates the database first) and print its address."""
    from django.core.exceptions import ImproperlyConfigured

    from unknot.web.server import ServeError
    from unknot.web.server import serve as run_server

    try:
        run_server(host, port)
    except (ServeError, ImproperlyConfigured) as exc:
        _fail(str(exc))


@app.command()
def demo(
    remove: Annotated[
        bool, typer.Option("--remove", help="Remove the sample data instead.")
    ] = False,
) -> None:
    """Fill the journal with clearly marked sample data (three knots, six weeks)."""
    from django.core.exceptions import ImproperlyConfigured

    from unknot.web.server import prepare

    try:
        prepare()
    except ImproperlyConfigured as exc:
        _fail(str(exc))
    from unknot.web.journal import sample, services
    from unknot.web.journal.services import local_user

    owner = local_user()
    if remove:
        count = sample.remove(owner)
        typer.echo(f"Removed the sample data ({count} records).")
        return
    if services.has_sample_data(owner):
        typer.echo("The sample data is already there. Remove it with `unknot demo --remove`.")
        return
    knots = sample.load(owner)
    typer.echo(
        f"Added sample data: {len(knots)} knots with six weeks of check-ins and "
        "sessions. Remove it any time with `unknot demo --remove`."
    )


@kb_app.command("check")
def kb_check(
    path: Annotated[Path | None, typer.Option(help="A knowledge-base folder to check.")] = None,
) -> None:
    """Validate the knowledge base; print every problem as file:field: message."""
    from unknot.core.kb import check as check_kb

    problems = check_kb(path)
    for problem in problems:
        typer.echo(str(problem))
    if problems:
        typer.echo(f"{len(problems)} problem(s) found.", err=True)
        raise typer.Exit(1)
    from unknot.core.kb import load

    kb = load(path)
    typer.echo(
        f"Knowledge base OK: {len(kb.regions)} regions, {len(kb.muscles)} muscles, "
        f"{len(kb.symptoms)} symptoms, {len(kb.conditions)} conditions, {len(kb.rules)} rules, "
        f"{len(kb.precautions)} precautions, {len(kb.tools)} tools, {len(kb.movements)} "
        f"movements, {len(kb.sources)} sources."
    )


@kb_app.command("reference")
def kb_reference(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file instead of the terminal."),
    ] = None,
) -> None:
    """Print the generated knowledge-base reference (Markdown)."""
    from unknot.core.kb import default_kb
    from unknot.core.reference import render

    text = render(default_kb())
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


@kb_app.command("list")
def kb_list(
    kind: Annotated[
        str, typer.Argument(help="regions, muscles, symptoms, conditions, rules or movements")
    ],
) -> None:
    """List the ids of one kind of record with their display names."""
    from unknot.core.kb import default_kb

    kb = default_kb()
    kinds: dict[str, Any] = {
        "regions": kb.regions,
        "muscles": kb.muscles,
        "symptoms": kb.symptoms,
        "conditions": kb.conditions,
        "rules": {r.id: r for r in kb.rules},
        "movements": kb.movements,
    }
    if kind not in kinds:
        _fail(f"unknown kind {kind!r}; use one of {', '.join(kinds)}")
    for rid, record in sorted(kinds[kind].items()):
        label = getattr(record, "name", None) or getattr(record, "title", "")
        typer.echo(f"{rid}\t{label}")


# Commands kept in modules of their own (each imports `_fail` from here), registered last.
from unknot.cli.breaks import breaks  # noqa: E402
from unknot.cli.causes import causes  # noqa: E402
from unknot.cli.data import delete_all, export, import_, monitoring, report  # noqa: E402
from unknot.cli.dose import dose  # noqa: E402
from unknot.cli.experiment import experiment_app  # noqa: E402
from unknot.cli.plan import plan  # noqa: E402
from unknot.cli.prevention import insights, log, workstation  # noqa: E402
from unknot.cli.session import session  # noqa: E402

app.command()(plan)
app.command()(session)
app.command()(dose)
app.command()(causes)
app.command()(breaks)
app.command()(log)
app.command()(insights)
app.command()(workstation)
app.add_typer(experiment_app, name="experiment")
app.command()(report)
app.command()(export)
app.command("import")(import_)
app.command("delete-all")(delete_all)
app.command()(monitoring)
