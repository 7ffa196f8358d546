"""`unknot session`: the guided session player in the terminal.

One step at a time with a live countdown; Enter moves on, p pauses, s stops. Stop is
a key, not a sentence: pressing it ends the session, asks what happened, records it
and runs triage again with that finding. The timing lives in core.player (shared
with the web player); this module asks, shows and logs.

On a terminal, single keys are read without blocking while Rich redraws the timer
every second. On a pipe (scripts, tests) the same session is driven by line
commands (next, pause, resume, stop, wait N) and every answer must be exact: bad
input exits with code 2 and one line, before anything is logged.
Registered in app.py with `app.command()(session)`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Annotated, Any

import typer

from unknot.cli.app import _fail
from unknot.cli.plan import MAX_MINUTES, NOT_NOW, _clock, _resolve
from unknot.cli.session_io import STOP_REASONS, KeyIO, LineIO, is_interactive, parse_reason

if TYPE_CHECKING:  # imported when used, so `unknot --help` stays quick
    from rich.console import Console

    from unknot.core.clock import Clock
    from unknot.core.kb import KnowledgeBase
    from unknot.core.model import Facts, TriageResult
    from unknot.core.planner import Plan, Profile
    from unknot.core.player import Player

KNOT_HELP = "A knot in your journal, by number: the session is planned from it and logged to it."
MUSCLE_HELP = "A quick session without the journal: the muscle (id, name or nickname: traps)."
MAX_NOTE = 500  # services.MAX_SHORT


def make_clock() -> Clock:
    """The session's clock; tests replace this with one they move by hand."""
    from unknot.core.player import MonotonicClock

    return MonotonicClock()


def wait(clock: Clock, seconds: float) -> None:
    """`wait N` on a pipe lets the timer run; tests replace this to move their clock."""
    time.sleep(seconds)


@dataclass(frozen=True)
class _Setup:
    plan: Plan
    triage: TriageResult
    name: str  # "the upper trapezius", "knot 3 (right top of the shoulder)"
    knot: Any = None  # the journal's Knot, or None for a quick session
    knot_plan: Any = None  # the journal's KnotPlan: the plan with the person's choices applied

    @property
    def steps(self) -> tuple[Any, ...]:
        if self.knot_plan is not None:
            return tuple(item.step for item in self.knot_plan.items)
        return tuple(self.plan.steps)


def session(
    knot: Annotated[
        str | None,
        typer.Option("--knot", "-k", help=KNOT_HELP),
    ] = None,
    muscle: Annotated[
        str | None,
        typer.Option("--muscle", "-m", help=MUSCLE_HELP),
    ] = None,
    tools: Annotated[
        str | None, typer.Option("--tools", help="Comma-separated tools you own: ball,roller.")
    ] = None,
    minutes: Annotated[
        int | None, typer.Option("--minutes", help=f"Minutes you have (1 to {MAX_MINUTES}).")
    ] = None,
    conditions: Annotated[
        str | None,
        typer.Option("--conditions", help="Comma-separated condition ids, e.g. anticoagulants."),
    ] = None,
    prefer: Annotated[
        str | None, typer.Option("--prefer", help="heat or cold, if you know which suits you.")
    ] = None,
) -> None:
    """Play a guided self-care session step by step, with timers and a stop key."""
    from unknot.core.kb import default_kb
    from unknot.core.model import Level
    from unknot.core.player import Phase, Player

    if (knot is None) == (muscle is None):
        _fail("give either --knot ID (a knot in your journal) or --muscle for a quick session")
    if minutes is not None and not 1 <= minutes <= MAX_MINUTES:
        _fail(f"--minutes must be from 1 to {MAX_MINUTES}, not {minutes}")
    if prefer is not None and prefer not in ("heat", "cold"):
        _fail(f"--prefer must be heat or cold, not {prefer!r}")
    kb = default_kb()
    tool_ids = _resolve("tool", tools, kb.tools, kb) if tools is not None else None
    condition_ids = frozenset(_resolve("condition", conditions, kb.conditions, kb))
    clock = make_clock()
    if knot is not None:
        setup = _from_journal(knot, tool_ids, condition_ids, minutes, prefer, clock, kb)
    else:
        setup = _quick(muscle or "", tool_ids, condition_ids, minutes, prefer, kb)
    io = KeyIO() if is_interactive() else LineIO(lambda seconds: wait(clock, seconds))
    if setup.plan.level > Level.SELF_CARE or not setup.steps:
        _not_today(io.console, setup)
        return
    _intro(io, setup)
    before = io.pain("How strong is the pain right now, from 0 (none) to 10 (worst imaginable)?")
    player = Player(setup.steps, clock)
    inline = io.play(player)
    if player.phase is Phase.FINISHED:
        _finished(io, setup, player, before, clock)
        return
    reason = parse_reason(inline) if inline else io.choose("What happened?", STOP_REASONS)
    words = io.text("In a few words, what happened?") if reason == "other" else ""
    player.stop(reason)
    _stopped(io, setup, player, before, words, clock, kb)


# --- what to play ---------------------------------------------------------------------------


def _quick(
    muscle: str,
    tool_ids: list[str] | None,
    condition_ids: frozenset[str],
    minutes: int | None,
    prefer: str | None,
    kb: KnowledgeBase,
) -> _Setup:
    from unknot.core.model import Facts, Location
    from unknot.core.planner import DEFAULT_MINUTES, Profile
    from unknot.core.search import find_muscle
    from unknot.core.triage import evaluate

    found = find_muscle(muscle, kb)
    if isinstance(found, list):
        hint = f"; did you mean {', '.join(found)}?" if found else ""
        _fail(f"no muscle called {muscle!r}{hint}")
    triage = evaluate(Facts((Location(found.regions[0]),), conditions=condition_ids), kb)
    profile = Profile(
        conditions=condition_ids,
        tools=frozenset(tool_ids or ()),
        heat_cold=prefer,
        minutes=minutes or DEFAULT_MINUTES,
    )
    return _Setup(_plan(found.id, profile, triage, kb), triage, f"the {found.name.lower()}")


def _from_journal(
    raw_id: str,
    tool_ids: list[str] | None,
    condition_ids: frozenset[str],
    minutes: int | None,
    prefer: str | None,
    clock: Clock,
    kb: KnowledgeBase,
) -> _Setup:
    from unknot.core.planner import DEFAULT_MINUTES, Profile
    from unknot.core.triage import evaluate

    number = raw_id.strip()
    if not number.isdigit() or int(number) < 1:
        _fail(f"--knot takes the number of a knot in your journal, not {raw_id!r}")
    services = _open_journal()
    owner = services.local_user()
    knot = services.find_knot(owner, int(number))
    if knot is None:
        _fail(
            f"there is no knot {number} in your journal (a knot's number ends its page "
            "address, e.g. /knots/3/)"
        )
    stored = services.profile_of(owner)
    status = services.knot_status(knot, clock=clock, profile=stored)
    facts = status.triage.facts
    wider = replace(facts, conditions=facts.conditions | condition_ids)
    triage = status.triage if wider == facts else evaluate(wider, kb, status.triage.notes)
    owned = tool_ids if tool_ids is not None else _stored(stored, "tools", [])
    profile = Profile(
        conditions=wider.conditions,
        tools=frozenset(t for t in owned if t in kb.tools),
        heat_cold=prefer or _stored(stored, "heat_cold", None) or None,
        minutes=minutes or min(_stored(stored, "minutes", None) or DEFAULT_MINUTES, MAX_MINUTES),
    )
    where = kb.regions[knot.region].name.lower()
    name = f"knot {knot.pk} ({f'{knot.side} ' if knot.side else ''}{where})"
    target = knot.muscle if knot.muscle in kb.muscles else knot.region
    plan = _plan(target, profile, triage, kb)
    from unknot.web.journal import plans  # the person's swaps and left-out steps, as on the web

    chosen = plans.apply_choices(plan, {c.step_key: c for c in plans.read_choices(knot)}, kb)
    return _Setup(plan, triage, name, knot, chosen)


def _open_journal() -> Any:
    from django.core.exceptions import ImproperlyConfigured

    from unknot.web.server import prepare

    try:
        prepare()
    except ImproperlyConfigured as exc:
        _fail(str(exc))
    from unknot.web.journal import services

    return services


def _stored(profile: Any, name: str, default: Any) -> Any:
    """A profile field the journal may not have yet (tools, heat_cold, minutes)."""
    return getattr(profile, name, default)


def _plan(target: str, profile: Profile, triage: TriageResult, kb: KnowledgeBase) -> Plan:
    from unknot.core.planner import PlanError, build_plan

    try:
        return build_plan(target, profile, triage, kb)
    except PlanError as exc:
        _fail(str(exc))


# --- before, after ----------------------------------------------------------------------------


def _not_today(console: Console, setup: _Setup) -> None:
    from unknot.cli.render import print_triage

    print_triage(setup.triage)
    headline = NOT_NOW.get(setup.plan.level.slug, ("No plan today", ""))[0]
    console.print(
        f"\n[bold]{headline}.[/] There is no guided session while this is so: follow the "
        "advice above first, and run `unknot check` again if anything changes."
    )


def _intro(io: LineIO, setup: _Setup) -> None:
    plan, steps = setup.plan, setup.steps
    io.console.print(
        f"[bold]Guided session for {setup.name}:[/] {len(steps)} steps, "
        f"about {_clock(sum(step.seconds for step in steps))}."
    )
    for number, step in enumerate(steps, 1):
        length = _clock(step.seconds) if step.seconds else "no timer"
        io.console.print(f"  {number}. {step.title} ({length})")
    for w in plan.withheld:
        io.console.print(f"[dim]Left out to keep you safe: {w.what}. {w.why}[/]")
    for item in setup.knot_plan.dropped if setup.knot_plan is not None else ():
        io.console.print(
            f"[dim]Left out by you: {item.step.title} (bring it back on the knot's page).[/]"
        )
    io.console.print(
        "[bold]Stop at any time if it hurts more, or if numbness or tingling appears:[/] "
        f"{io.stop_hint}. Go gently: a mild ache that eases is the aim.\n"
    )


def _finished(io: LineIO, setup: _Setup, player: Player, before: int | None, clock: Clock) -> None:
    after = io.pain("How strong is the pain now, from 0 to 10?")
    frame = player.tick()
    paused = ""
    if frame.paused_seconds:
        paused = f" (paused {_clock(frame.paused_seconds)}, not counted)"
    io.console.print(
        f"\n[bold]Session complete.[/] {player.steps_done()} of {frame.count} steps, "
        f"{_clock(frame.total_seconds)} of care{paused}."
    )
    io.console.print(_change(before, after))
    notes = f"Guided session: all {frame.count} steps done."
    _log(io, setup, player, before, after, notes, clock)


def _change(before: int | None, after: int | None) -> str:
    if before is None or after is None:
        return "Pain: not rated."
    diff = before - after
    said = f"Pain {before} before, {after} after: "
    if diff > 0:
        return said + (
            f"{diff} point{'s' if diff > 1 else ''} lower. Well done; a gentle session like this "
            "on most days is what helps."
        )
    if diff == 0:
        return said + (
            "the same as before. That is common after one session; the change tends to come "
            "over a few days."
        )
    return said + (
        f"{-diff} point{'s' if diff < -1 else ''} higher. Go lighter next time, and if it is "
        "still higher tomorrow, run `unknot check` again."
    )


def _stopped(
    io: LineIO,
    setup: _Setup,
    player: Player,
    before: int | None,
    words: str,
    clock: Clock,
    kb: KnowledgeBase,
) -> None:
    from unknot.cli.render import print_triage
    from unknot.core.model import Level
    from unknot.core.triage import evaluate

    frame = player.tick()
    reason = frame.stop_reason or "other"
    said = STOP_REASONS[reason][1]
    io.console.print(
        f"\n[bold]Session stopped[/] at step {frame.number} of {frame.count}, after "
        f"{_clock(frame.total_seconds)}: {said}. Stopping was the right thing to do."
    )
    if setup.knot is not None:
        result = _stop_in_journal(setup, frame.number, reason, before, words, player, clock)
    else:
        facts = _with_finding(setup.triage.facts, reason, words, kb, clock)
        result = evaluate(facts, kb, setup.triage.notes)
    io.console.print("Here is the safety check again, with what you just noticed:")
    print_triage(result)
    if result.level is Level.SELF_CARE:
        io.console.print(
            "Rest the area for today. Next time go lighter and shorter; if the same thing "
            "happens again, have it looked at by a physical therapist or doctor."
        )
    if setup.knot is None:
        _log(io, setup, player, before, None, "", clock)
    else:
        io.console.print(f"Logged in your journal for {setup.name}, with why you stopped.")


def _stop_in_journal(
    setup: _Setup,
    step: int,
    reason: str,
    before: int | None,
    words: str,
    player: Player,
    clock: Clock,
) -> TriageResult:
    """Stop the way the web player does (journal.plans.stop_session): the finding is kept on
    the knot, the session is logged with the reason, and the knot's triage is read again."""
    from unknot.web.journal import plans, services

    plans.stop_session(
        setup.knot,
        setup.knot_plan,
        reason=reason,
        step=step,
        pain_before=before,
        words=words,
        at=player.started_at,
        minutes=player.minutes(),
        clock=clock,
    )
    from unknot.core.kb import default_kb
    from unknot.core.triage import evaluate

    setup.knot.refresh_from_db()
    profile = services.profile_of(setup.knot.owner)
    triage = services.knot_status(setup.knot, clock=clock, profile=profile).triage
    # Conditions given with --conditions for this session count too.
    wider = replace(
        triage.facts, conditions=triage.facts.conditions | setup.triage.facts.conditions
    )
    return triage if wider == triage.facts else evaluate(wider, default_kb(), triage.notes)


def _with_finding(facts: Facts, reason: str, words: str, kb: KnowledgeBase, clock: Clock) -> Facts:
    """The knot's facts plus what made the person stop, for triage to look at again."""
    from unknot.core.language import understand
    from unknot.core.model import Trend

    if reason == "hurts_more":
        return replace(facts, trend=Trend.WORSE)
    if reason in kb.symptoms:
        return replace(facts, symptoms=facts.symptoms | {reason})
    if not words.strip():
        return facts
    heard = understand(words, kb, clock.today()).facts
    trend = heard.trend or facts.trend
    return replace(facts, symptoms=facts.symptoms | heard.symptoms, trend=trend)


def _log(
    io: LineIO,
    setup: _Setup,
    player: Player,
    before: int | None,
    after: int | None,
    notes: str,
    clock: Clock,
) -> None:
    if setup.knot is None:
        io.console.print(
            "[dim]Nothing was logged: this was a quick session without the journal. "
            "Use --knot ID to play and log a session for a knot in your journal.[/]"
        )
        return
    from unknot.web.journal import services
    from unknot.web.journal.models import Strategy

    main = player.main_step()
    try:
        services.add_session(
            setup.knot,
            strategy=Strategy(main.kind).value,
            minutes=player.minutes(),
            tool=main.tool or "",
            pain_before=before,
            pain_after=after,
            notes=notes,
            at=player.started_at,
            clock=clock,
        )
    except services.InvalidInput as exc:
        _fail(f"the session could not be logged: {exc}")
    io.console.print(f"Logged in your journal for {setup.name}.")
