"""Rich output for people. Programs use --format json instead."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from unknot.core.api import WhereResult
from unknot.core.kb import KnowledgeBase
from unknot.core.model import Level, Muscle, TriageResult

console = Console()

HEADLINES = {
    Level.EMERGENCY: ("EMERGENCY: get help now", "bold white on red"),
    Level.URGENT: ("Urgent: see a doctor today", "bold black on dark_orange"),
    Level.SEE_PROFESSIONAL: ("See a professional in the coming days", "bold black on yellow"),
    Level.SELF_CARE: ("Self-care looks safe", "bold black on green"),
}
PRESSURE_WORDS = {
    "light": "light",
    "light_to_moderate": "light to moderate",
    "moderate": "moderate",
}


def print_triage(result: TriageResult) -> None:
    headline, style = HEADLINES[result.level]
    body: list[Text | Table] = [Text(result.advice, style="bold")]
    if result.reasons:
        body.append(Text("\nWhy:", style="bold"))
        for reason in result.reasons:
            body.append(Text(f"• {reason.title}: {reason.text}"))
            body.append(Text(f"  Source: {reason.source}", style="dim"))
    else:
        body.append(Text("\nNothing you described points to anything other than a muscle knot."))
    if result.precautions:
        body.append(Text("\nKeep it safe:", style="bold"))
        body.extend(Text(f"• {p}") for p in result.precautions)
    if not result.self_care_allowed and result.level <= Level.SEE_PROFESSIONAL:
        body.append(
            Text(
                "\nPlease hold off on pressing or massaging the area until a "
                "professional has had a look.",
                style="bold",
            )
        )
    body.append(Text("\n" + _understood(result), style="dim"))
    console.print(
        Panel(
            Group(*body),
            title=Text(f" {headline} ", style=style),
            title_align="left",
            border_style=style.split()[-1],
        )
    )


def _understood(result: TriageResult) -> str:
    f = result.facts
    parts = []
    if f.locations:
        parts.append(
            "where: "
            + ", ".join(
                f"{loc.side.value + ' ' if loc.side else ''}{loc.region.replace('_', ' ')}"
                for loc in f.locations
            )
        )
    for label, value in (("pain", f.pain), ("days", f.days), ("age", f.age)):
        if value is not None:
            parts.append(f"{label}: {value}")
    if f.trend:
        parts.append(f"trend: {f.trend.value}")
    if f.symptoms:
        parts.append("symptoms: " + ", ".join(s.replace("_", " ") for s in sorted(f.symptoms)))
    if f.conditions:
        parts.append("conditions: " + ", ".join(c.replace("_", " ") for c in sorted(f.conditions)))
    if f.limits_daily_activities:
        parts.append("limits daily activities")
    if f.recurring:
        parts.append("keeps coming back")
    lines = ["What was understood — " + ("; ".join(parts) if parts else "nothing specific")]
    lines.extend(result.notes)
    return "\n".join(lines)


def print_where(result: WhereResult) -> None:
    places = ", ".join(
        f"{loc.side.value + ' ' if loc.side else ''}{loc.region.replace('_', ' ')}"
        for loc in result.locations
    )
    if not result.candidates:
        console.print(f"No muscle in the knowledge base refers pain to {places}.")
        return
    table = Table(
        title=f"Muscles that may be involved ({places})", show_lines=False, title_justify="left"
    )
    table.add_column("#", justify="right")
    table.add_column("Muscle", style="bold")
    table.add_column("Fit", justify="right")
    table.add_column("Why")
    for i, cand in enumerate(result.candidates, 1):
        table.add_row(str(i), cand.name, f"{cand.score:.2f}", cand.why)
    console.print(table)
    console.print(
        Text(
            "These are likely candidates, not a diagnosis. `unknot muscle NAME` "
            "shows how to find and ease each one.",
            style="dim",
        )
    )


def print_muscle(muscle: Muscle, kb: KnowledgeBase) -> None:
    def regions(ids: tuple[str, ...]) -> str:
        return ", ".join(kb.regions[r].name.lower() for r in ids) or "—"

    release, stretch = muscle.self_release, muscle.stretch
    tools = ", ".join(kb.tools[t].name.lower() for t in release.tools)
    rows: list[Text] = [
        Text(muscle.summary),
        Text("\nWhere the knot sits", style="bold"),
        Text(muscle.trigger_point),
        Text("\nWhere it may hurt", style="bold"),
        Text(f"Most often: {regions(muscle.referral_primary)}"),
        Text(f"Sometimes: {regions(muscle.referral_spillover)}"),
        Text("\nWhat tends to set it off", style="bold"),
        *(Text(f"• {a}") for a in muscle.aggravating),
        Text("\nEase it gently", style="bold"),
        Text(
            f"Tools: {tools}. Pressure: {PRESSURE_WORDS[release.pressure]}. "
            f"Hold about {release.hold_s} s, {release.repetitions}×."
        ),
        Text(release.position),
        Text(release.instructions),
        *(Text(f"• Avoid: {a}") for a in release.avoid),
        Text(f"\nStretch: {stretch.name}", style="bold"),
        Text(stretch.instructions),
        Text(f"Hold about {stretch.hold_s} s, {stretch.repetitions}×. {stretch.note}".strip()),
    ]
    if muscle.cautions:
        rows.append(Text("\nCautions", style="bold"))
        rows.extend(Text(f"• {c}") for c in muscle.cautions)
    rows.append(
        Text("\nSources: " + "; ".join(kb.source_text(s) for s in muscle.sources), style="dim")
    )
    aka = f" (also: {', '.join(muscle.aliases)})" if muscle.aliases else ""
    console.print(
        Panel(Group(*rows), title=Text(f" {muscle.name}{aka} ", style="bold"), title_align="left")
    )
