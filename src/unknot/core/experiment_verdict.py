"""The verdict of a personal experiment, in plain words that never claim more than the data.

The rule (`decide`) names a winner only when the evidence is strong on two counts: the
95% interval of the mean difference leaves out "no difference" (so the probability that
the option ahead is better at all is at least 97.5%), and the option ahead is more likely
than not better by at least the smallest difference that matters (its mean lead is at
least that big). Anything less is said as it is: "not enough data", "no clear difference
yet", "about the same", or "slightly ahead, by less than what matters".

bench/experiments.py simulates many experiments to check the rule: with no true
difference it names a winner in at most 5% of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from unknot.core.experiments import MIN_BLOCKS, Analysis, Design


class Kind(StrEnum):
    RUNNING = "running"
    NOT_ENOUGH_DATA = "not_enough_data"
    NO_CLEAR_DIFFERENCE = "no_clear_difference"
    SIMILAR = "similar"
    TOO_SMALL = "too_small"
    WINNER = "winner"


@dataclass(frozen=True)
class Verdict:
    kind: Kind
    winner: str | None  # "a" or "b", only when kind is WINNER
    headline: str
    text: str
    notes: tuple[str, ...] = ()  # what was missed or cut short, and what that means
    more_periods: int = 0  # not enough data: periods still needed for a first comparison

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind.value,
            "winner": self.winner,
            "headline": self.headline,
            "text": self.text,
            "notes": list(self.notes),
            "more_periods": self.more_periods,
        }


def decide(analysis: Analysis, smallest_difference: float) -> tuple[Kind, str | None]:
    """The pre-specified rule, on a finished experiment's analysis: (kind, winner)."""
    mean, low, high = analysis.mean, analysis.low, analysis.high
    if mean is None or low is None or high is None:
        return Kind.NOT_ENOUGH_DATA, None
    if low > 0 or high < 0:
        if abs(mean) >= smallest_difference:
            return Kind.WINNER, analysis.leader
        return Kind.TOO_SMALL, None
    if -smallest_difference < low and high < smallest_difference:
        return Kind.SIMILAR, None
    return Kind.NO_CLEAR_DIFFERENCE, None


def more_periods_needed(analysis: Analysis) -> int:
    """Periods still needed before any comparison: two for each missing complete block."""
    return 2 * max(MIN_BLOCKS - analysis.complete_blocks, 0)


def verdict(
    design: Design, analysis: Analysis, *, is_over: bool, stopped_early: bool = False
) -> Verdict:
    """What to tell the person. While the experiment runs it says only how far it has got:
    seeing the comparison early could sway how the next periods are rated, and looking
    again after every period would make a chance lead look like a winner."""
    notes = _notes(design, analysis, stopped_early, is_over)
    if not is_over:
        return _running(design, analysis, notes)
    kind, winner = decide(analysis, design.smallest_difference)
    if kind == Kind.NOT_ENOUGH_DATA:
        return _not_enough(analysis, notes)
    words = _Words(design, analysis)
    headline, text = {
        Kind.WINNER: words.winner,
        Kind.TOO_SMALL: words.too_small,
        Kind.SIMILAR: words.similar,
        Kind.NO_CLEAR_DIFFERENCE: words.unclear,
    }[kind]()
    return Verdict(kind, winner, headline, text, notes)


def _running(design: Design, analysis: Analysis, notes: tuple[str, ...]) -> Verdict:
    done = analysis.periods_recorded
    text = (
        f"{done} of {design.periods} periods recorded so far. The comparison opens when the "
        "experiment ends: knowing how it is going could sway how you rate the next periods."
    )
    return Verdict(Kind.RUNNING, None, "Still running", text, notes)


def _not_enough(analysis: Analysis, notes: tuple[str, ...]) -> Verdict:
    more = more_periods_needed(analysis)
    pairs = _count(analysis.complete_blocks, "complete pair")
    text = (
        f"There {'is' if analysis.complete_blocks == 1 else 'are'} {pairs} of periods, and a "
        f"fair comparison needs at least {MIN_BLOCKS}: that is {more} more periods (one of each "
        "option per pair). A new experiment with the same settings would give them."
    )
    return Verdict(Kind.NOT_ENOUGH_DATA, None, "Not enough data yet", text, notes, more)


def _notes(
    design: Design, analysis: Analysis, stopped_early: bool, is_over: bool
) -> tuple[str, ...]:
    """What was missed or cut short: reported, never hidden and never filled in."""
    notes = []
    if stopped_early:
        notes.append(
            f"You stopped the experiment early: {_count(analysis.periods_not_run, 'period')} "
            "of the plan did not run."
        )
    missed = analysis.periods_missing
    if missed:
        notes.append(
            f"{_count(missed, 'period')} {'was' if missed == 1 else 'were'} missed; missed "
            "periods are never filled in with a guess."
        )
    used = 2 * analysis.complete_blocks
    if is_over and used < design.periods:
        notes.append(
            f"The comparison uses {used} of the {design.periods} planned periods: a pair with a "
            "period missing or not run is left out, because it has nothing to compare."
        )
    return tuple(notes)


class _Words:
    """The sentences of a finished experiment, oriented towards the option ahead."""

    def __init__(self, design: Design, analysis: Analysis) -> None:
        assert analysis.mean is not None and analysis.low is not None
        assert analysis.high is not None
        self.design, self.analysis = design, analysis
        lead = analysis.leader or "a"
        self.ahead, self.behind = design.label(lead), design.label("b" if lead == "a" else "a")
        flip = lead == "b"
        self.lead = abs(analysis.mean)
        self.low = -analysis.high if flip else analysis.low
        self.high = -analysis.low if flip else analysis.high
        self.prob = analysis.prob_leader or 0.0
        self.pairs = _count(analysis.complete_blocks, "complete pair")
        self.mid = points_text(design.smallest_difference)

    def _difference(self) -> str:
        amount = points_text(self.lead)
        if self.design.outcome == "session_relief":
            return (
                f"{self.ahead.lower()} eased your pain by about {amount} more per session than "
                f"{self.behind.lower()} did"
            )
        return (
            f"your pain the morning after {self.ahead.lower()} was about {amount} lower than "
            f"after {self.behind.lower()}"
        )

    def _interval(self) -> str:
        return f"(95% interval {number_text(self.low)} to {number_text(self.high)})"

    def winner(self) -> tuple[str, str]:
        text = (
            f"Over {self.pairs}, {self._difference()} {self._interval()}. The chance that "
            f"{self.ahead.lower()} is better for you by at least {self.mid}, the difference you "
            f"said matters, is {percent_text(self.prob)}. This is what happened for you during "
            "this experiment; it can change over time, and you can always run it again."
        )
        return f"{self.ahead} helped you more", text

    def too_small(self) -> tuple[str, str]:
        text = (
            f"Over {self.pairs}, {self._difference()} {self._interval()}. That is less than "
            f"the {self.mid} you said matters, so for you the two seem to work about as well "
            "as each other: choose whichever you prefer."
        )
        return f"{self.ahead} came out slightly ahead", text

    def similar(self) -> tuple[str, str]:
        text = (
            f"Over {self.pairs}, the difference was about {points_text(self.lead)} "
            f"{self._interval()}, which stays within the {self.mid} you said matters. Choose "
            "whichever you prefer."
        )
        return "Both worked about the same for you", text

    def unclear(self) -> tuple[str, str]:
        if self.lead == 0:
            start = f"Over {self.pairs}, the two came out level on average"
        else:
            start = f"Over {self.pairs}, {self._difference()}"
        text = (
            f"{start} {self._interval()}. The interval includes no difference at all, so this "
            "could be chance. A longer experiment, with more pairs, could tell them apart if "
            "there is a difference that matters."
        )
        return "No clear difference yet", text


def number_text(value: float) -> str:
    text = f"{value:.1f}"
    return "0" if text in ("0.0", "-0.0") else text.removesuffix(".0")


def points_text(value: float) -> str:
    return f"{number_text(value)} point{'' if number_text(value) == '1' else 's'}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def percent_text(p: float) -> str:
    if p >= 0.995:
        return "more than 99%"
    if p < 0.005:
        return "less than 1%"
    return f"about {round(p * 100)}%"
