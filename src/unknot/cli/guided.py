"""`unknot check`: the guided check in the terminal, one plain question at a time."""

from __future__ import annotations

from rich.console import Console
from rich.prompt import Confirm, IntPrompt, Prompt

from unknot.cli.render import print_triage
from unknot.core.clock import SystemClock
from unknot.core.kb import KnowledgeBase, default_kb
from unknot.core.language import understand
from unknot.core.model import Facts, Level, Location, Side, Trend
from unknot.core.referral import rank
from unknot.core.screening import first_steps, screening_groups
from unknot.core.triage import evaluate

console = Console()


def run_guided_check() -> None:
    kb = default_kb()
    console.print(
        "[bold]Let's look at your knot together.[/] Answer in your own words; "
        "press Enter to skip a question you're not sure about.\n"
    )
    locations = _ask_where(kb)
    feel = Prompt.ask(
        "How does it feel? (e.g. a tender dull ache, stiff, sharp, spreading)",
        default="",
        show_default=False,
    )
    today = SystemClock().today()
    felt = understand(feel, kb, today).facts if feel.strip() else Facts()
    pain = IntPrompt.ask(
        "How strong is the pain right now, from 0 (none) to 10 (worst imaginable)?",
        choices=[str(i) for i in range(11)],
        show_choices=False,
    )
    days = _ask_int("How many days has it been going on?", 0, 36500)
    age = _ask_int("How old are you?", 0, 130)
    trend = Prompt.ask(
        "Is it getting better, staying the same, or getting worse?",
        choices=["better", "same", "worse"],
        default="same",
    )
    limits = Confirm.ask("Does it stop you doing your usual daily activities?", default=False)
    recurring = Confirm.ask("Do knots keep coming back in this place?", default=False)
    facts = Facts(
        tuple(locations),
        pain,
        days,
        age,
        felt.symptoms,
        frozenset(),
        limits,
        Trend(trend),
        recurring,
    )
    console.print(
        "\n[bold]A few safety questions.[/] They help make sure this is a muscle "
        "knot and not something that needs a doctor."
    )
    facts = _ask_red_flags(kb, facts)
    if evaluate(facts, kb).level < Level.EMERGENCY:
        facts = _ask_conditions(kb, facts)
    _finish(kb, facts)


def _ask_where(kb: KnowledgeBase) -> list[Location]:
    while True:
        answer = Prompt.ask("Where is the knot or the pain? (e.g. 'top of my left shoulder')")
        facts = understand(answer, kb, SystemClock().today()).facts
        if facts.locations:
            break
        console.print(
            "[yellow]I couldn't match that to a body area.[/] Try words like "
            "'left calf', 'base of my skull' or 'between my shoulder blades'."
        )
    locations = []
    for loc in facts.locations:
        side = loc.side
        if side is None and kb.regions[loc.region].is_sided:
            side = Side(
                Prompt.ask(
                    f"Which side is the {kb.regions[loc.region].name.lower()}?",
                    choices=["left", "right", "both"],
                    default="both",
                )
            )
        locations.append(Location(loc.region, side))
    return locations


def _ask_int(question: str, low: int, high: int) -> int | None:
    while True:
        answer = Prompt.ask(question, default="", show_default=False).strip()
        if not answer:
            return None
        if answer.isdigit() and low <= int(answer) <= high:
            return int(answer)
        console.print(
            f"[yellow]Please type a whole number from {low} to {high}, or press Enter to skip.[/]"
        )


def _ask_red_flags(kb: KnowledgeBase, facts: Facts) -> Facts:
    symptoms = set(facts.symptoms)
    for group in screening_groups(kb):
        if not Confirm.ask(group.question, default=False):
            continue
        for sid in group.symptoms:
            if Confirm.ask("  " + kb.symptoms[sid].question, default=False):
                symptoms.add(sid)
        current = _with(facts, symptoms=frozenset(symptoms))
        if evaluate(current, kb).level is Level.EMERGENCY:
            return current  # no more questions: this needs help now
    return _with(facts, symptoms=frozenset(symptoms))


def _ask_conditions(kb: KnowledgeBase, facts: Facts) -> Facts:
    items = sorted(kb.conditions.values(), key=lambda c: c.name)
    console.print(
        "\nDo any of these apply to you? Type their numbers separated by commas, "
        "or press Enter for none."
    )
    for i, cond in enumerate(items, 1):
        console.print(f"  {i:>2}. {cond.name}")
    while True:
        answer = Prompt.ask("Numbers", default="", show_default=False)
        picks = [p.strip() for p in answer.replace(" ", ",").split(",") if p.strip()]
        if all(p.isdigit() and 1 <= int(p) <= len(items) for p in picks):
            chosen = frozenset(items[int(p) - 1].id for p in picks)
            return _with(facts, conditions=chosen)
        console.print(f"[yellow]Use numbers from 1 to {len(items)}, like 3,7.[/]")


def _with(facts: Facts, **changes: object) -> Facts:
    from dataclasses import replace

    return replace(facts, **changes)  # type: ignore[arg-type]


def _finish(kb: KnowledgeBase, facts: Facts) -> None:
    result = evaluate(facts, kb)
    console.print()
    print_triage(result)
    if not result.self_care_allowed:
        return
    candidates = rank([loc.region for loc in facts.locations], kb, limit=3)
    if not candidates:
        return
    console.print("\n[bold]Muscles that may be involved[/] (likely candidates, not a diagnosis):")
    for cand in candidates:
        console.print(f"  • [bold]{cand.name}[/] — {cand.why}")
    top = kb.muscles[candidates[0].muscle]
    steps = first_steps(top, result, kb)
    if steps:
        console.print(f"\n[bold]First safe steps for the {top.name.lower()}[/]")
        for i, step in enumerate(steps, 1):
            console.print(
                f"  {i}. [bold]{step.title}[/] — hold about {step.seconds} s, "
                f"{step.repetitions}×.\n     {step.detail}"
            )
    console.print(
        "\nStop if the pain grows or numbness or tingling appears, and run "
        "[bold]unknot check[/] again."
    )
