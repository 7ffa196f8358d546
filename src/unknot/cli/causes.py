"""`unknot causes`: a short questionnaire on what may be feeding your knots, and what to change."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

from unknot.cli.app import Format, _fail

if TYPE_CHECKING:
    from rich.console import Console

    from unknot.core.causes import CauseProfile
    from unknot.core.kb import KnowledgeBase

SHOWN = 3  # factors explained in full; the rest are listed by name
ANSWERS_HELP = (
    "Answer without being asked: question_id=value pairs separated by commas "
    "(the question ids are listed in docs/knowledge-base.md)."
)


def causes(
    fmt: Annotated[
        Format, typer.Option("--format", help="text for people, json for programs.")
    ] = Format.text,
    answers: Annotated[str | None, typer.Option("--answers", help=ANSWERS_HELP)] = None,
) -> None:
    """What may be feeding your knots: short questions, then what to change first."""
    from rich.console import Console

    from unknot.core.causes import score
    from unknot.core.kb import default_kb

    kb = default_kb()
    # With --format json the questions go to stderr, so stdout stays one JSON object.
    console = Console(stderr=fmt is Format.json)
    given = _ask(kb, console) if answers is None else _parse(answers)
    try:
        profile = score(given, kb)
    except ValueError as exc:
        _fail(str(exc))
    if fmt is Format.json:
        typer.echo(json.dumps(profile.to_json(), ensure_ascii=False))
        return
    _print_profile(profile, console)


def _parse(text: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for pair in (p.strip() for p in text.split(",")):
        if not pair:
            continue
        qid, sep, value = (part.strip() for part in pair.partition("="))
        if not sep or not qid or not value.isdigit():
            _fail(f"--answers: {pair!r} is not question_id=number, e.g. stress_level=2")
        out[qid] = int(value)
    if not out:
        _fail("--answers is empty; e.g. --answers stress_level=2,recovery_sleep=1")
    return out


def _ask(kb: KnowledgeBase, console: Console) -> dict[str, int]:
    from rich.markup import escape
    from rich.prompt import Prompt

    questions = list(kb.questions.values())
    console.print(
        "[bold]What may be feeding your knots?[/] "
        f"{len(questions)} short questions. Type the number of the answer that fits best, "
        "or press Enter to skip one.\n"
    )
    answers: dict[str, int] = {}
    for i, q in enumerate(questions, 1):
        console.print(f"[bold]{i}/{len(questions)}. {escape(q.text)}[/]")
        for j, a in enumerate(q.answers, 1):
            console.print(f"   {j}. {escape(a.label)}")
        while True:
            try:
                reply = Prompt.ask(
                    "Your answer", default="", show_default=False, console=console
                ).strip()
            except EOFError:  # input ended: the rest stay unanswered
                return answers
            if not reply:
                break
            if reply.isdigit() and 1 <= int(reply) <= len(q.answers):
                answers[q.id] = q.answers[int(reply) - 1].value
                break
            console.print(
                f"[yellow]Please type a number from 1 to {len(q.answers)}, "
                "or press Enter to skip.[/]"
            )
        console.print()
    return answers


def _print_profile(profile: CauseProfile, console: Console) -> None:
    from rich.padding import Padding
    from rich.text import Text

    def indented(text: str, style: str = "") -> Padding:
        return Padding(Text(text, style=style), (0, 0, 0, 3))

    console.print(Text(profile.headline, style="bold"))
    console.print()
    main = profile.main[:SHOWN]
    for rank, f in enumerate(main, 1):
        console.print(
            Text(f"{rank}. {f.name}", style="bold") + Text(f" — {f.level} ({f.score}/100)")
        )
        console.print(indented(f.summary))
        for d in f.drivers:
            console.print(indented(f"You said “{d.answer}” to: {d.text}", "dim"))
        console.print(indented("What to change:", "bold"))
        for tip in f.what_to_change:
            console.print(indented(f"• {tip}"))
        console.print()
    lines = (
        ("Also worth a look", profile.main[SHOWN:]),
        ("Less likely to matter now", [f for f in profile.factors if f.level == "low"]),
    )
    for label, factors in lines:
        if factors:
            named = ", ".join(f"{f.name.lower()} ({f.score}/100)" for f in factors)
            console.print(Text(f"{label}: {named}."))
    unknown = [f.name.lower() for f in profile.factors if f.level == "unknown"]
    if unknown:
        console.print(Text(f"Not scored (no answers): {', '.join(unknown)}."))
    if profile.unanswered:
        console.print(
            Text(
                f"{len(profile.unanswered)} question(s) skipped; they were left out, not guessed.",
                style="dim",
            )
        )
    console.print(
        Text(
            "These are things worth looking at, not a diagnosis. If the knot does not ease "
            "within one to two weeks, see a physical therapist or doctor.",
            style="dim",
        )
    )
