"""`unknot experiment ...`: personal experiments (randomised N-of-1 trials) in the terminal.

Each command parses its arguments and calls the experiments services (the same ones the
pages and the API call); Django and Rich are imported inside the commands, so `unknot
--help` stays quick.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from unknot.cli.app import _fail

if TYPE_CHECKING:
    from unknot.web.experiments.models import Experiment

experiment_app = typer.Typer(
    help="Personal experiments: which of two things helps you more (randomised, honest).",
    no_args_is_help=True,
)


def _services() -> Any:
    from django.core.exceptions import ImproperlyConfigured

    from unknot.web.server import prepare

    try:
        prepare()
    except ImproperlyConfigured as exc:
        _fail(str(exc))
    from unknot.web.experiments import services

    return services


def _invalid(exc: Any) -> None:
    field, messages = next(iter(exc.errors.items()))
    _fail(f"{field.replace('_', '-')}: {messages[0]}")


def _number(raw: str, option: str) -> int:
    text = raw.strip()
    if not text.lstrip("-").isdigit():
        _fail(f"{option} {raw!r} is not a whole number")
    return int(text)


def _experiment(services: Any, raw: str) -> Experiment:
    number = raw.strip()
    if not number.isdigit() or int(number) < 1:
        _fail(f"give the experiment's number (see `unknot experiment list`), not {raw!r}")
    found: Experiment | None = services.find_experiment(services.journal.local_user(), int(number))
    if found is None:
        _fail(f"there is no experiment {number}; `unknot experiment list` shows yours")
    return found


@experiment_app.command("new")
def new(
    knot: Annotated[str | None, typer.Option("--knot", help="The knot's number.")] = None,
    compare: Annotated[
        str, typer.Option("--compare", help="Two things, comma-separated: heat,cold.")
    ] = "heat,cold",
    outcome: Annotated[
        str, typer.Option("--outcome", help="session_relief or next_morning_pain.")
    ] = "session_relief",
    blocks: Annotated[str, typer.Option("--blocks", help="Pairs of periods, 3 to 12.")] = "6",
    seed: Annotated[
        str | None, typer.Option("--seed", help="Seed of the random order (drawn if left out).")
    ] = None,
) -> None:
    """Start an experiment today: two things, in random order within pairs of days."""
    parts = [p.strip() for p in compare.split(",")]
    if len(parts) != 2 or not all(parts):
        _fail("--compare takes two things separated by a comma, e.g. heat,cold")
    services = _services()
    from unknot.web.journal.services import InvalidInput, find_knot

    owner = services.journal.local_user()
    target = None
    if knot is not None:
        number = _number(knot, "--knot")
        target = find_knot(owner, number) if number > 0 else None
        if target is None:
            _fail(f"there is no knot {knot} in your journal")
    setup = services.Setup(
        option_a=parts[0],
        option_b=parts[1],
        outcome=outcome,
        blocks=_number(blocks, "--blocks"),
        seed=None if seed is None else _number(seed, "--seed"),
    )
    try:
        exp = services.create_experiment(owner, setup, target)
    except InvalidInput as exc:
        _invalid(exc)
    typer.echo(
        f"Experiment {exp.pk} started: {services.title(exp)} {exp.blocks} pairs of "
        f"{'days' if exp.unit == 'day' else 'sessions'} (seed {exp.seed})."
    )
    _print_today(services, [a for a in services.today_assignments(owner) if a.experiment == exp])


@experiment_app.command("today")
def today() -> None:
    """What to use today, and what to rate, in each running experiment."""
    services = _services()
    found = services.today_assignments(services.journal.local_user())
    if not found:
        typer.echo("No experiment is running. Start one: unknot experiment new --knot ID")
        return
    _print_today(services, found)


def _print_today(services: Any, assignments: list[Any]) -> None:
    for a in assignments:
        exp = a.experiment
        lines = [f"Experiment {exp.pk}: {services.title(exp)}"]
        pause = services.safety_pause(exp)
        if pause:
            typer.echo("\n".join([*lines, f"  {pause}"]))
            continue
        when = "Next session" if exp.unit == "session" else "Today"
        if a.use is not None:
            lines.append(f"  {when}: {a.label(a.use)} (period {a.use.number} of {exp.blocks * 2})")
        if a.rate is not None:
            if exp.outcome == "next_morning_pain":
                ask = f"rate your pain this morning (after {a.label(a.rate).lower()})"
            else:
                ask = "rate your relief: pain before minus pain after"
            lines.append(
                f"  Then {ask}: unknot experiment record {exp.pk} --value N"
                f" (or --missed if you could not)"
            )
        if a.use is None and a.rate is None and a.upcoming is not None:
            lines.append(
                f"  All done for now. Next: {a.label(a.upcoming)} (period {a.upcoming.number})."
            )
        typer.echo("\n".join(lines))


@experiment_app.command("record")
def record(
    experiment: Annotated[str, typer.Argument(help="The experiment's number.")],
    value: Annotated[
        str | None,
        typer.Option("--value", help="Relief (pain before minus after) or next-morning pain."),
    ] = None,
    period: Annotated[
        str | None, typer.Option("--period", help="The period (the one due, if left out).")
    ] = None,
    missed: Annotated[
        bool, typer.Option("--missed", help="The period was missed: it gets no value.")
    ] = False,
) -> None:
    """Record the outcome of the period due now, or that it was missed."""
    if missed == (value is not None):
        _fail("give either --value N or --missed")
    services = _services()
    from unknot.web.journal.services import InvalidInput

    exp = _experiment(services, experiment)
    which = None if period is None else _number(period, "--period")
    try:
        if missed:
            done = services.mark_missed(exp, period=which)
            typer.echo(f"Period {done.number} recorded as missed. It will never be filled in.")
        else:
            done = services.record_outcome(exp, value=_number(value or "", "--value"), period=which)
            typer.echo(f"Period {done.number} recorded: {done.value:g}.")
    except InvalidInput as exc:
        _invalid(exc)
    exp.refresh_from_db()
    if exp.status != "running":
        typer.echo(f"That was the last period. See the results: unknot experiment show {exp.pk}")


@experiment_app.command("stop")
def stop(experiment: Annotated[str, typer.Argument(help="The experiment's number.")]) -> None:
    """Stop early: the pairs recorded so far are analysed, and the report says it stopped."""
    services = _services()
    from unknot.web.journal.services import InvalidInput

    exp = _experiment(services, experiment)
    try:
        services.stop_experiment(exp)
    except InvalidInput as exc:
        _invalid(exc)
    typer.echo(f"Experiment {exp.pk} stopped.")
    _print_results(services, exp)


@experiment_app.command("show")
def show(experiment: Annotated[str, typer.Argument(help="The experiment's number.")]) -> None:
    """The verdict and its numbers, in plain words."""
    services = _services()
    _print_results(services, _experiment(services, experiment))


def _print_results(services: Any, exp: Experiment) -> None:
    from rich.console import Console, Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from unknot.web.experiments.present import certainty, number_lines

    result = services.results(exp)
    said = result.verdict
    body: list[Any] = [Text(said.text)]
    body += [Text(f"• {note}", style="dim") for note in said.notes]
    if exp.plan_note:
        body.append(Text(f"\n{exp.plan_note}", style="green"))
    console = Console()
    console.print(
        Panel(
            Group(*body),
            title=Text(f" {services.title(exp)} {said.headline} ", style="bold"),
            title_align="left",
            border_style="green" if said.winner else "cyan",
        )
    )
    if exp.status == "running":
        return
    table = Table(show_header=False, box=None, padding=(0, 1))
    for line in number_lines(result):
        table.add_row(Text(line["term"], style="bold"), Text(line["value"]))
        table.add_row("", Text(line["meaning"], style="dim"))
    console.print(table)
    sure = certainty(result)
    if sure:
        console.print(Text("\nHow sure is this?", style="bold"))
        for line in sure:
            console.print(Text(line))


@experiment_app.command("list")
def list_experiments() -> None:
    """Your experiments, newest first, with their status."""
    services = _services()
    found = services.summaries(services.journal.local_user())
    if not found:
        typer.echo("No experiments yet. Start one: unknot experiment new --knot ID")
        return
    for s in found:
        typer.echo(
            f"{s.id}\t{s.title}\t{s.status}\t{s.periods_recorded} of {s.periods_planned} "
            f"periods\t{s.verdict_headline}"
        )
