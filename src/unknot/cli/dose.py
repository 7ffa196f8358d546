"""`unknot dose`: "Can I still train?" A traffic light for one activity."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

from unknot.cli.app import Format, _fail

if TYPE_CHECKING:
    from unknot.core.dosing import Dose

MORNING_HELP = (
    "How the knot felt the next morning compared with before: better, same or worse, "
    "or a pain number 0-10. Leave out if it is not morning yet."
)


def dose(
    activity: Annotated[
        str, typer.Argument(help="The activity, e.g. run, deadlift, yoga, long drive.")
    ],
    during: Annotated[
        str | None, typer.Option("--during", "-d", help="Pain during it, 0 (none) to 10 (worst).")
    ] = None,
    after: Annotated[
        str | None, typer.Option("--after", "-a", help="Pain straight afterwards, 0-10.")
    ] = None,
    morning: Annotated[str | None, typer.Option("--morning", "-m", help=MORNING_HELP)] = None,
    before: Annotated[
        str | None,
        typer.Option("--before", "-b", help="Pain before the activity, 0-10 (optional)."),
    ] = None,
    fmt: Annotated[
        Format, typer.Option("--format", help="text for people, json for programs.")
    ] = Format.text,
) -> None:
    """Can I still train? A traffic light for an activity, from how much it hurt."""
    from unknot.core.clock import SystemClock
    from unknot.core.dosing import Exposure, assess

    if not activity.strip():
        _fail("name the activity, e.g. unknot dose run --during 3 --after 2")
    if during is None or after is None:
        _fail("give --during and --after: how much it hurt during and after, 0-10")
    try:
        exposure = Exposure(
            activity=" ".join(activity.split()),
            pain_during=_pain("--during", during),
            pain_after=_pain("--after", after),
            next_morning=_morning(morning),
            day=SystemClock().today(),
            pain_before=None if before is None else _pain("--before", before),
        )
    except ValueError as exc:
        _fail(str(exc))
    result = assess(exposure)
    if fmt is Format.json:
        typer.echo(json.dumps(result.to_json(), ensure_ascii=False))
        return
    _print_dose(result)


def _pain(option: str, text: str) -> int:
    value = text.strip()
    if not value.isdigit() or not 0 <= int(value) <= 10:
        _fail(f"{option} {text!r} is not a pain number; use a whole number from 0 to 10")
    return int(value)


def _morning(text: str | None) -> str | int | None:
    if text is None:
        return None
    value = text.strip().lower()
    if value in ("better", "same", "worse"):
        return value
    if value.isdigit() and 0 <= int(value) <= 10:
        return int(value)
    _fail(f"--morning {text!r}: use better, same, worse or a pain number from 0 to 10")


STYLES = {
    "green": "bold black on green",
    "amber": "bold black on yellow",
    "red": "bold white on red",
}


def _print_dose(result: Dose) -> None:
    from rich.console import Console, Group
    from rich.panel import Panel
    from rich.text import Text

    from unknot.core.kb import default_kb

    style = STYLES[result.light.value]
    body = [Text(result.why), Text("\nWhat to do:", style="bold")]
    body.extend(Text(f"• {a.text}") for a in result.adjustments)
    body.append(Text(f"\n{result.note}", style="dim"))
    body.append(Text(f"Source: {default_kb().source_text(result.source)}", style="dim"))
    Console().print(
        Panel(
            Group(*body),
            title=Text(f" {result.headline} ", style=style),
            title_align="left",
            border_style=style.split()[-1],
        )
    )
