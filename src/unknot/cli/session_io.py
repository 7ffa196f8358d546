"""The terminal side of `unknot session`: reading keys or line commands, and drawing a step.

Two drivers with one interface (pain, choose, text, play): `KeyIO` on a terminal reads
single keys without blocking while Rich redraws the timer every second, and asks again
when an answer makes no sense; `LineIO` on a pipe (scripts, tests) reads one command or
answer a line, where anything not exact exits with code 2 and one line, before anything
is logged. Time is never read here: the Player asks its clock.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer

from unknot.cli.app import _fail

if TYPE_CHECKING:
    from rich.panel import Panel
    from rich.text import Text

    from unknot.core.player import Frame, Player

# Why the person stopped: id -> (what they pick, how the journal note says it). The ids
# that are knowledge-base symptoms are added to the facts when triage runs again.
STOP_REASONS = {
    "hurts_more": ("It hurts more", "it started to hurt more"),
    "numbness": ("Numbness", "numbness appeared"),
    "tingling": ("Tingling or pins and needles", "tingling appeared"),
    "sharp_pain": ("Sharp or stabbing pain", "sharp pain appeared"),
    "other": ("Something else", "something else came up"),
}
_REASON_WORDS = {
    "hurts_more": ("hurts more", "hurts", "worse", "more pain", "pain"),
    "numbness": ("numb",),
    "tingling": ("tingle", "pins and needles"),
    "sharp_pain": ("sharp pain", "sharp", "stabbing"),
    "other": ("something else", "else"),
}
COMMANDS = "next (or an empty line), pause, resume, stop, wait N"


def parse_reason(raw: str) -> str:
    """A stop reason by id, number or everyday word ("numb", "pins and needles")."""
    key = " ".join(raw.lower().replace("_", " ").split())
    for rid, words in _REASON_WORDS.items():
        if key in (rid.replace("_", " "), STOP_REASONS[rid][0].lower(), *words):
            return rid
    if key.isdigit() and 1 <= int(key) <= len(STOP_REASONS):
        return list(STOP_REASONS)[int(key) - 1]
    _fail(f"unknown reason {raw!r}; use {', '.join(STOP_REASONS)} (or 1 to {len(STOP_REASONS)})")


# --- the two ways to drive it -----------------------------------------------------------------


def is_interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


class LineIO:
    """Line commands on a pipe: one answer or command a line, and every one must be exact."""

    stop_hint = "type stop"

    def __init__(self, wait: Callable[[float], None] = time.sleep) -> None:
        from rich.console import Console

        self.console = Console(highlight=False)
        self.wait = wait
        self.hint: str | Text = (
            f"Type {COMMANDS}; type stop if it hurts more, or numbness or tingling appears."
        )

    def _read(self, what: str) -> str:
        line = sys.stdin.readline()
        if not line:
            _fail(f"the input ended before {what}; nothing was logged")
        return line.strip()

    def pain(self, question: str) -> int | None:
        self.console.print(question)
        raw = self._read("the pain rating")
        if not (raw.isdigit() and int(raw) <= 10):
            _fail(f"pain is a whole number from 0 to 10, not {raw!r}")
        return int(raw)

    def choose(self, question: str, options: dict[str, tuple[str, str]]) -> str:
        self.console.print(question)
        for number, (label, _) in enumerate(options.values(), 1):
            self.console.print(f"  {number}. {label}")
        return parse_reason(self._read("the answer"))

    def text(self, question: str) -> str:
        self.console.print(question)
        return self._read("the answer")[:300]

    def play(self, player: Player) -> str | None:
        """Run the session to its end; on stop, pause it and return the reason typed with
        the command ("stop numbness"), or "" when it is still to be asked."""
        frame = player.start()
        self.console.print(view(frame, self.hint))
        while not frame.is_over:
            raw = self._read("the session was over")
            command, _, arg = raw.lower().partition(" ")
            shown = frame.index
            if command in ("", "next", "done", "n"):
                frame = player.next()
            elif command in ("pause", "p"):
                frame = player.pause()
            elif command in ("resume", "r"):
                frame = player.resume()
            elif command in ("stop", "s"):
                player.pause()
                return arg.strip()
            elif command in ("wait", "w"):
                self.wait(_seconds(arg))
                frame = player.tick()
            else:
                _fail(f"unknown command {raw!r}; use {COMMANDS}")
            if frame.is_over:
                break
            if frame.index != shown:
                self.console.print(view(frame, self.hint))
            else:
                self.console.print(status(frame))
        return None


def _seconds(arg: str) -> int:
    if not (arg.strip().isdigit() and 1 <= int(arg) <= 3600):
        _fail(f"wait takes a number of seconds from 1 to 3600, not {arg.strip()!r}")
    return int(arg)


class KeyIO(LineIO):
    """Single keys on a terminal, with the timer redrawn every second; answers are asked
    again until they make sense."""

    stop_hint = "press s"

    def __init__(self) -> None:
        from rich.text import Text

        super().__init__()
        self.hint = Text.assemble(
            ("Enter", "bold reverse"),
            " done, next step   ",
            ("p", "bold reverse"),
            " pause/resume   ",
            (" s ", "bold white on red"),
            " STOP: it hurts more, or numbness or tingling",
        )

    def pain(self, question: str) -> int | None:
        from rich.prompt import IntPrompt

        class PainPrompt(IntPrompt):
            illegal_choice_message = "[yellow]Please type a whole number from 0 to 10.[/]"
            validate_error_message = illegal_choice_message

        choices = [str(i) for i in range(11)]
        return PainPrompt.ask(question, console=self.console, choices=choices, show_choices=False)

    def choose(self, question: str, options: dict[str, tuple[str, str]]) -> str:
        from rich.prompt import IntPrompt

        self.console.print(f"[bold]{question}[/]")
        for number, (label, _) in enumerate(options.values(), 1):
            self.console.print(f"  {number}. {label}")
        numbers = [str(i) for i in range(1, len(options) + 1)]
        picked = IntPrompt.ask("Number", console=self.console, choices=numbers)
        return list(options)[picked - 1]

    def text(self, question: str) -> str:
        from rich.prompt import Prompt

        return Prompt.ask(question, console=self.console, default="", show_default=False)[:300]

    def play(self, player: Player) -> str | None:
        from rich.live import Live

        frame = player.start()
        rang = -1
        try:
            with (
                _single_keys() as read_key,
                Live(console=self.console, auto_refresh=False, transient=True) as live,
            ):
                while not frame.is_over:
                    frame = player.tick()
                    if frame.time_up and rang != frame.index:
                        rang = frame.index
                        _bell()
                    live.update(view(frame, self.hint), refresh=True)
                    key = read_key(max(0.05, 1.0 - player.step_elapsed() % 1.0))
                    if key in ("\r", "\n", "n", "N"):
                        frame = player.next()
                    elif key in ("p", "P", " "):
                        frame = player.toggle_pause()
                    elif key in ("s", "S"):
                        frame = player.pause()
                        break
        except KeyboardInterrupt:
            self.console.print("Session cancelled; nothing was logged.")
            raise typer.Exit(130) from None
        if frame.is_over:
            return None
        self.console.print(
            f"[bold red]Stopped[/] at step {frame.number} of {frame.count}: {frame.step.title}."
        )
        return ""


def _bell() -> None:
    # Straight to the terminal: while Live runs, sys.stdout is its proxy.
    out = sys.__stdout__
    if out is not None:
        out.write("\a")
        out.flush()


@contextmanager
def _single_keys() -> Iterator[Callable[[float], str | None]]:
    """`read(timeout)`: one key pressed within `timeout` seconds, or None. The terminal is
    put in cbreak mode (keys arrive at once, Ctrl-C still works) and restored after."""
    if os.name == "nt":
        import msvcrt

        def read_windows(timeout: float) -> str | None:
            end = time.monotonic() + timeout
            while time.monotonic() < end:
                if msvcrt.kbhit():  # type: ignore[attr-defined]
                    return str(msvcrt.getwch())  # type: ignore[attr-defined]
                time.sleep(0.02)
            return None

        yield read_windows
        return
    import select
    import termios
    import tty

    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)

    def read(timeout: float) -> str | None:
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            return None
        return os.read(fd, 1).decode(errors="ignore")

    try:
        tty.setcbreak(fd)
        yield read
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


# --- what a step looks like ---------------------------------------------------------------------


def view(frame: Frame, hint: str | Text) -> Panel:
    from rich.console import Group, RenderableType
    from rich.panel import Panel
    from rich.text import Text

    from unknot.core.planner import KIND_LABELS
    from unknot.core.player import Phase

    step = frame.step
    rows: list[RenderableType] = [Text(step.title, style="bold")]
    if frame.timed:
        rows.append(_timer(frame))
        rows.append(_bar(frame))
        cues = []
        if frame.repetitions:
            cues.append(f"Hold {frame.repetition} of {frame.repetitions}")
        if frame.breath:
            cues.append(f"Breathe {frame.breath}… {frame.breath_left}")
        if cues and not frame.time_up:
            rows.append(Text("   ".join(cues), style="bold cyan"))
    else:
        rows.append(Text("No timer for this one: read it, then go on when you are ready.", "dim"))
    rows += [Text(""), Text(step.instructions), Text(f"Why: {step.why}", style="italic")]
    rows += [Text(""), Text(hint) if isinstance(hint, str) else hint]
    paused = frame.phase is Phase.PAUSED
    return Panel(
        Group(*rows),
        title=Text(
            f" Step {frame.number} of {frame.count} · {KIND_LABELS.get(step.kind, step.kind)} ",
            style="bold black on yellow" if paused else "bold black on green",
        ),
        title_align="left",
        subtitle=f"session time {mmss(frame.total_seconds)}",
        subtitle_align="right",
        border_style="yellow" if paused else "green",
    )


def _bar(frame: Frame, width: int = 40) -> Text:
    """How much of the step's time has gone, as a line of text (it reads on a pipe too)."""
    from rich.text import Text

    done = round(width * min(frame.elapsed, frame.step.seconds) / frame.step.seconds)
    return Text.assemble(("━" * done, "green"), ("─" * (width - done), "bright_black"))


def _timer(frame: Frame) -> Text:
    from rich.text import Text

    from unknot.core.player import Phase

    if frame.phase is Phase.PAUSED:
        return Text(f"Paused · {mmss(frame.seconds_left)} left", style="bold yellow")
    if frame.time_up:
        return Text("Time is up. When you are done, go on to the next step.", style="bold green")
    return Text(f"{mmss(frame.seconds_left)} left", style="bold")


def status(frame: Frame) -> str:
    """One line for a pipe after a command that did not change the step."""
    from unknot.core.player import Phase

    if frame.phase is Phase.PAUSED:
        return f"Paused, {mmss(frame.seconds_left)} left." if frame.timed else "Paused."
    if not frame.timed:
        return "No timer: type next when you are ready."
    if frame.time_up:
        return "Time is up: type next when you are done."
    cues = [f"{mmss(frame.seconds_left)} left"]
    if frame.repetitions:
        cues.append(f"hold {frame.repetition} of {frame.repetitions}")
    if frame.breath:
        cues.append(f"breathe {frame.breath}, {frame.breath_left} s")
    return ", ".join(cues) + "."


def mmss(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"
