"""`unknot plan`: a short, safe self-care routine for one knot, fitted to your time.

Argument parsing and printing only; the plan itself comes from core.planner.
Registered in app.py with `app.command()(plan)`.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Annotated, Any

import typer

from unknot.cli.app import Format, _fail, _read_facts

if TYPE_CHECKING:  # imported when used, so `unknot --help` stays quick
    from rich.text import Text

    from unknot.core.kb import KnowledgeBase
    from unknot.core.planner import Plan, PlanStep

MAX_MINUTES = 60  # the same bound as core.planner.MAX_MINUTES (checked in the tests)
NOT_NOW = {
    "emergency": ("EMERGENCY: get help now, not a self-care plan", "bold white on red"),
    "urgent": ("Urgent: see a doctor today, before any self-care", "bold black on dark_orange"),
    "see_professional": ("See a professional first: no self-care plan yet", "bold black on yellow"),
}


def plan(
    muscle: Annotated[
        str,
        typer.Option(
            "--muscle", "-m", help="The muscle with the knot: an id, name or nickname (e.g. traps)."
        ),
    ],
    conditions: Annotated[
        str | None,
        typer.Option(
            "--conditions", help="Comma-separated condition ids, e.g. anticoagulants,diabetes."
        ),
    ] = None,
    tools: Annotated[
        str | None,
        typer.Option(
            "--tools", help="Comma-separated tools you own, by id or everyday name: ball,roller."
        ),
    ] = None,
    minutes: Annotated[
        int, typer.Option("--minutes", help=f"How many minutes you have (1 to {MAX_MINUTES}).")
    ] = 10,
    facts: Annotated[
        str | None,
        typer.Option(
            "--facts", "-f", help="A JSON facts file (or - for stdin) for the safety check."
        ),
    ] = None,
    prefer: Annotated[
        str | None,
        typer.Option("--prefer", help="heat or cold, if you already know which suits you."),
    ] = None,
    fmt: Annotated[
        Format, typer.Option("--format", help="text for people, json for programs.")
    ] = Format.text,
) -> None:
    """Build a short, safe self-care plan for one knot, fitted to the time you have."""
    from unknot.core.facts import FactsError, parse_facts
    from unknot.core.kb import default_kb
    from unknot.core.planner import PlanError, Profile, build_plan
    from unknot.core.search import find_muscle
    from unknot.core.triage import evaluate

    kb = default_kb()
    found = find_muscle(muscle, kb)
    if isinstance(found, list):
        hint = f"; did you mean {', '.join(found)}?" if found else ""
        _fail(f"no muscle called {muscle!r}{hint}")
    if not 1 <= minutes <= MAX_MINUTES:
        _fail(f"--minutes must be from 1 to {MAX_MINUTES}, not {minutes}")
    if prefer is not None and prefer not in ("heat", "cold"):
        _fail(f"--prefer must be heat or cold, not {prefer!r}")
    condition_ids = _resolve("condition", conditions, kb.conditions, kb)
    tool_ids = _resolve("tool", tools, kb.tools, kb)
    obj: Any = {"locations": [found.regions[0]]}
    if facts is not None:
        objects = _read_facts(facts)
        if len(objects) != 1:
            _fail(f"--facts holds {len(objects)} facts objects; a plan needs exactly one")
        obj = objects[0]
        if isinstance(obj, dict) and "locations" not in obj:
            obj = {**obj, "locations": [found.regions[0]]}
    try:
        parsed = parse_facts(obj, kb)
        profile = Profile(
            conditions=frozenset(condition_ids),
            tools=frozenset(tool_ids),
            heat_cold=prefer,
            minutes=minutes,
        )
        result = build_plan(found.id, profile, evaluate(parsed, kb), kb)
    except (FactsError, PlanError) as exc:
        _fail(str(exc))
    if fmt is Format.json:
        typer.echo(json.dumps(result.to_json(), ensure_ascii=False))
        return
    print_plan(result, kb)


def _resolve(kind: str, raw: str | None, known: Mapping[str, Any], kb: KnowledgeBase) -> list[str]:
    """Comma-separated ids (names and aliases work too) -> ids; fail on the first miss."""
    if raw is None:
        return []
    words: dict[str, str] = {}
    for rid, record in known.items():
        for label in (rid, rid.replace("_", " "), record.name.lower(), *record.aliases):
            words.setdefault(label.lower(), rid)
    out = []
    for item in (part.strip() for part in raw.split(",")):
        if not item:
            continue
        key = item.lower()
        if key not in words:
            near = difflib.get_close_matches(key, list(known), n=3, cutoff=0.5)
            near += [words[w] for w in difflib.get_close_matches(key, list(words), n=3)]
            near = list(dict.fromkeys(near))[:3]
            hint = f"; did you mean {', '.join(near)}?" if near else ""
            _fail(f"unknown {kind} {item!r}{hint}")
        out.append(words[key])
    if not out:
        _fail(f"--{kind}s is empty; give one or more {kind} ids separated by commas")
    return list(dict.fromkeys(out))


# --- rendering -------------------------------------------------------------------------


def print_plan(result: Plan, kb: KnowledgeBase) -> None:
    """The plan for people: numbered steps with times, why, source; then what was left out."""
    from rich.console import Console, Group
    from rich.panel import Panel
    from rich.text import Text

    console = Console()
    if not result.steps:
        headline, style = NOT_NOW.get(result.level.slug, ("No plan today", "bold"))
        body: list[Text] = [Text(w.why) for w in result.withheld]
        body.extend(Text(n, style="dim") for n in result.notes)
        console.print(
            Panel(
                Group(*body),
                title=Text(f" {headline} ", style=style),
                title_align="left",
                border_style=style.split()[-1],
            )
        )
        return
    name = kb.muscles[result.muscle].name.lower() if result.muscle else "this area"
    timed = [s for s in result.steps if s.seconds]
    rows: list[Text] = []
    for number, step in enumerate(result.steps, 1):
        rows.extend(_step_rows(number, step, kb))
    if result.withheld:
        rows.append(Text("\nLeft out to keep you safe", style="bold"))
        for w in result.withheld:
            rows.append(Text(f"• {w.what}: {w.why}"))
    if result.notes:
        rows.append(Text("\nGood to know", style="bold"))
        rows.extend(Text(f"• {n}") for n in result.notes)
    console.print(
        Panel(
            Group(*rows),
            title=Text(
                f" Your {_clock(result.total_seconds)} plan for the {name} "
                f"({len(timed)} timed steps) ",
                style="bold black on green",
            ),
            title_align="left",
            border_style="green",
        )
    )


def _step_rows(number: int, step: PlanStep, kb: KnowledgeBase) -> Iterable[Text]:
    from rich.text import Text

    from unknot.core.planner import KIND_LABELS, PRESSURE_WORDS

    facts = [KIND_LABELS.get(step.kind, step.kind)]
    if step.seconds:
        facts.append(_clock(step.seconds))
    if step.tool:
        facts.append(kb.tools[step.tool].name.lower())
    if step.region:
        facts.append(kb.regions[step.region].name.lower())
    if step.pressure:
        facts.append(f"{PRESSURE_WORDS[step.pressure]} pressure")
    if step.pacer:
        facts.append(f"in {step.pacer[0]} s, out {step.pacer[1]} s")
    head = Text(f"\n{number}. {step.title}", style="bold")
    head.append(f"  ({' · '.join(facts)})", style="dim")
    yield head
    yield Text(step.instructions)
    yield Text(f"Why: {step.why}", style="italic")
    yield Text(f"Source: {step.source}", style="dim")


def _clock(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min" + (f" {rest} s" if rest else "")
