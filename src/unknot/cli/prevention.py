"""`unknot log`, `unknot insights` and `unknot workstation`: the recovery and stress log,
insights, and the workstation check in the terminal. They read and write the same journal
as the web app (through the prevention services), so Django is set up inside each
command, never at start-up."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any

import typer

from unknot.cli.app import Format, _fail

if TYPE_CHECKING:
    from rich.console import Console

    from unknot.core.workstation import Item


def _open() -> Any:
    """Configure Django and migrate (like `unknot serve`); returns the local person."""
    from django.core.exceptions import ImproperlyConfigured

    from unknot.web.server import prepare

    try:
        prepare()
    except ImproperlyConfigured as exc:
        _fail(str(exc))
    from unknot.web.journal.services import local_user

    return local_user()


def _console() -> Console:
    from rich.console import Console

    return Console(highlight=False)


def _errors(exc: Any) -> str:
    """InvalidInput as one line: 'sleep_hours: Use a number from 0 to 24.'"""
    return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.errors.items())


# --- unknot log -------------------------------------------------------------------------------


def log(
    sleep: Annotated[
        str | None, typer.Option("--sleep", "-s", help="Hours slept last night, e.g. 7 or 6.5.")
    ] = None,
    quality: Annotated[
        str | None, typer.Option("--quality", "-q", help="Sleep quality, 1 (very poor) to 5.")
    ] = None,
    water: Annotated[
        str | None,
        typer.Option(
            "--water", "-w", help="Water: glasses (your unit) like 6, or litres like 1.5l."
        ),
    ] = None,
    stress: Annotated[
        str | None, typer.Option("--stress", help="Stress today, 0 (calm) to 10.")
    ] = None,
    exercise: Annotated[
        str | None, typer.Option("--exercise", "-e", help="Minutes of exercise.")
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", "-k", help="What exercise: walk, yoga, run ...")
    ] = None,
    yesterday: Annotated[
        bool, typer.Option("--yesterday", help="Log yesterday instead of today.")
    ] = False,
    fmt: Annotated[
        Format, typer.Option("--format", help="text for people, json for programs.")
    ] = Format.text,
) -> None:
    """Log sleep, water, stress and exercise for today (or yesterday); with no options,
    show the last week of the log."""
    given = {
        "sleep_hours": sleep,
        "sleep_quality": quality,
        "stress": stress,
        "exercise_minutes": exercise,
        "exercise_kind": kind,
    }
    values = {k: v for k, v in given.items() if v is not None}
    unit = None
    if water is not None:
        values["water"], unit = _water(water)
    owner = _open()
    from unknot.web.journal.services import InvalidInput
    from unknot.web.prevention import recovery
    from unknot.web.prevention.views import clock

    if not values:
        _show_log(owner, fmt)
        return
    try:
        entry = recovery.save_entry(
            owner,
            values,
            day="yesterday" if yesterday else "today",
            partial=True,
            water_unit=unit,
            clock=clock(),
        )
    except InvalidInput as exc:
        _fail(_errors(exc).replace("sleep_hours:", "--sleep:").replace("water:", "--water:"))
    shown = recovery.view(entry, recovery.settings_of(owner).water_unit)
    if fmt is Format.json:
        typer.echo(json.dumps(shown.to_json(), ensure_ascii=False))
        return
    _console().print(f"Saved {'yesterday' if yesterday else 'today'}: {_line(shown)}.")


def _water(text: str) -> tuple[str, str | None]:
    """'6' -> ('6', your unit); '1.5l' -> ('1.5', litres); '6g' -> ('6', glasses)."""
    value = text.strip().lower().replace(" ", "")
    for suffix, unit in (
        ("litres", "litres"),
        ("l", "litres"),
        ("glasses", "glasses"),
        ("g", "glasses"),
    ):
        if value.endswith(suffix) and value[: -len(suffix)]:
            return value[: -len(suffix)], unit
    if not value or not value.replace(".", "", 1).replace(",", "", 1).isdigit():
        _fail(f"--water {text!r}: give glasses like 6, or litres like 1.5l")
    return value, None


def _line(entry: Any) -> str:
    from unknot.web.prevention.recovery import describe

    return describe(entry) or "nothing noted"


def _show_log(owner: Any, fmt: Format) -> None:
    from unknot.web.prevention import recovery

    unit = recovery.settings_of(owner).water_unit
    rows = [recovery.view(e, unit) for e in recovery.entries(owner, limit=7)]
    if fmt is Format.json:
        typer.echo(json.dumps([r.to_json() for r in rows], ensure_ascii=False))
        return
    console = _console()
    if not rows:
        console.print("Nothing logged yet. Try: unknot log --sleep 7 --stress 4 --water 6")
        return
    for row in rows:
        console.print(f"[bold]{row.day.isoformat()}[/]  {_line(row)}")


# --- unknot insights --------------------------------------------------------------------------


def insights(
    fmt: Annotated[
        Format, typer.Option("--format", help="text for people, json for programs.")
    ] = Format.text,
) -> None:
    """How sleep, stress, water and breaks go with your pain the day after (once there
    are enough days), with the caveat that this is association, not proof."""
    owner = _open()
    from unknot.core import insights as core
    from unknot.web.prevention import habits
    from unknot.web.prevention.views import clock

    found = habits.person_insights(owner, clock())
    if fmt is Format.json:
        items = [habits.insight_json(a) for a in found]
        typer.echo(json.dumps({"needed": core.MIN_DAYS, "items": items}, ensure_ascii=False))
        return
    console = _console()
    console.print("[bold]Your habits and your pain the day after[/]\n")
    for a in found:
        console.print(f"[bold]{a.habit.name.capitalize()}[/]: {core.describe(a)}")
    console.print(
        "\n[dim]Association, not proof: these show what tends to happen together, not what "
        "causes what. To find out whether a habit really helps you, test it with a personal "
        "experiment (in the web app: /experiments/).[/]"
    )


# --- unknot workstation ---------------------------------------------------------------------


def workstation() -> None:
    """The workstation check in the terminal: nine questions, a score, what to change, and
    what changed since your last check."""
    from rich.prompt import Prompt

    from unknot.core import workstation as ws

    items = ws.default_items()
    owner = _open()
    console = _console()
    console.print(
        "[bold]Workstation check.[/] Answer with the number that fits you now; press Enter "
        "to skip a question.\n"
    )
    answers: dict[str, str] = {}
    for n, item in enumerate(items, 1):
        _ask_item(console, n, len(items), item)
        picked = Prompt.ask(
            "Your answer",
            choices=[str(i) for i in range(1, len(item.options) + 1)],
            default="",
            show_choices=False,
            show_default=False,
        )
        if picked:
            answers[item.id] = item.options[int(picked) - 1].id
        console.print()
    from unknot.web.journal.services import InvalidInput
    from unknot.web.prevention import checks
    from unknot.web.prevention.views import clock

    try:
        check = checks.save_check(owner, answers, clock(), items)
    except InvalidInput as exc:
        _fail(_errors(exc))
    _print_report(console, checks.report(check, items))


def _ask_item(console: Console, n: int, total: int, item: Item) -> None:
    console.print(f"[bold]{n}/{total} {item.title}[/]  {item.question}")
    for i, option in enumerate(item.options, 1):
        console.print(f"  {i}. {option.label}")


def _print_report(console: Console, found: Any) -> None:
    score = found.score
    shown = f"{score.percent}%" if score.percent is not None else "no score (nothing counted)"
    console.print(
        f"[bold]Score: {shown}[/] ({score.points} of {score.possible} points; each answer "
        "scores 2 when it fits you, 1 when it partly does, 0 when a change would help)."
    )
    if found.before is not None:
        day = found.before.day.isoformat()
        console.print(f"\n[bold]Since your check on {day}[/] ({found.before.score}%):")
        for change in found.moved or []:
            was = change.before.label if change.before else "skipped"
            now = change.after.label if change.after else "skipped"
            console.print(f"  {change.direction.value}: {change.item.title}: {was} -> {now}")
        if not found.moved:
            console.print("  every answer is the same as last time.")
    if found.advice:
        console.print("\n[bold]What to change[/]")
        for advice in found.advice:
            console.print(f"• [bold]{advice.item.title}:[/] {advice.option.recommendation}")
    else:
        console.print("\nEverything you answered fits you.")
