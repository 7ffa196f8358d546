""" "How sure is this?": what the baseline from the journal contributed to an experiment's
result, in plain words, for the results page, the CLI and the report's summary.

The numbers come from core (experiment_baseline.py and the analysis); this module only
says them. Every case is said as it is: the baseline was pooled (and whether that made
the interval narrower or wider), set aside because the experiment varied more than chance
explains, or there was none (no knot, or too few days or sessions before the start).
"""

from __future__ import annotations

from unknot.core.experiment_baseline import CHECK_LEVEL, MIN_PAIRS, Baseline, Source, Use
from unknot.core.experiment_verdict import number_text, points_text
from unknot.core.experiments import Analysis, Design
from unknot.web.journal.views_markup import long_date


def _what(baseline: Baseline, design: Design) -> tuple[str, str, str]:
    """(where it came from, what moved and how, what a pair is)."""
    span = f"from {long_date(baseline.first)} to {long_date(baseline.last)}"
    if baseline.source == Source.SESSIONS:
        return (
            f"your {baseline.count} sessions with pain rated before and after, {span},",
            "relief moves from one session to the next",
            "sessions",
        )
    gap = design.pair_gap_days
    between = "from one day to the next" if gap == 1 else f"between days {gap} apart"
    return (
        f"your check-ins on {baseline.count} days {span}",
        f"morning pain moves {between}",
        "days",
    )


def _oriented(a: Analysis, low: float, high: float) -> str:
    """An interval as the page shows it: in favour of the option ahead."""
    if a.leader == "b":
        low, high = -high, -low
    return f"{number_text(low)} to {number_text(high)} points"


def certainty_lines(analysis: Analysis, design: Design, has_knot: bool) -> list[str]:
    """What the baseline contributed, once there is a comparison ([] before)."""
    a = analysis
    if a.low is None or a.high is None or a.own_low is None or a.own_high is None:
        return []
    k, own = a.complete_blocks, points_text(a.spread or 0.0)
    if a.baseline is None:
        return [_without(design, has_knot, k)]
    source, moves, unit = _what(a.baseline, design)
    before = (
        f"Before this experiment, {source} showed how much your {moves}: about "
        f"{points_text(a.baseline.spread)}, over {a.baseline.pairs} pairs of {unit}."
    )
    if a.baseline_use == Use.SET_ASIDE:
        return [
            f"{before} During the experiment, the difference within your pairs varied far "
            f"more: about {own}, more than chance easily explains (an F-test at the "
            f"{CHECK_LEVEL:.0%} level).",
            "So your baseline was set aside, and the interval comes from the experiment's "
            f"{k} pairs alone. Something may have changed while it ran: the experiment "
            "itself, a flare, or the way you rated.",
        ]
    pooled, alone = _oriented(a, a.low, a.high), _oriented(a, a.own_low, a.own_high)
    if a.high - a.low < a.own_high - a.own_low:
        effect = f"narrower than the {alone} the experiment alone would give: your baseline "
        effect += "made the result surer"
    else:
        effect = f"wider than the {alone} the experiment alone would give: your "
        effect += "baseline was bumpier than the experiment, so it made the result more "
        effect += "cautious, not less"
    return [
        f"{before} During the experiment, the difference within your pairs varied by about {own}.",
        f"Your baseline's {a.baseline.pairs} pairs were counted as extra pairs in which the "
        f"two options did the same, so the interval rests on the spread of "
        f"{a.baseline.pairs + k} pairs instead of {k}. With your baseline the 95% interval "
        f"is {pooled}, {effect}.",
        "This rests on one assumption: that your pain varied during the experiment about as "
        "much as it did before. Had your pairs varied much more than your baseline, the "
        "baseline would have been set aside. The randomisation test never uses it.",
    ]


def _without(design: Design, has_knot: bool, k: int) -> str:
    alone = f"The interval comes from your {k} pairs alone, and so few pairs leave it wide."
    if not has_knot:
        return (
            "This experiment is not tied to a knot, so there was no journal to learn your "
            f"usual ups and downs from. {alone} An experiment started from a knot you check "
            "in on can draw on them."
        )
    if design.outcome == "next_morning_pain":
        few = f"fewer than {MIN_PAIRS} pairs of neighbouring days with a check-in"
        helps = "Checking in every day for a few weeks before your next experiment helps it."
    else:
        few = f"fewer than {2 * MIN_PAIRS} sessions with pain rated before and after"
        helps = "Rating your pain before and after your sessions helps the next experiment."
    return (
        f"When it started, this knot's journal had {few} in the six weeks before: too few "
        f"to say how much your pain usually moves. {alone} {helps}"
    )


def baseline_note(baseline: Baseline | None, design: Design) -> str:
    """The design's line on the baseline: what was measured when the experiment began."""
    if baseline is None:
        return (
            "When it started, there was no baseline from your journal to draw on, so the "
            "analysis uses the experiment's pairs alone."
        )
    source, moves, unit = _what(baseline, design)
    return (
        f"When it started, a baseline was measured from {source}: how much your {moves}, "
        f"about {points_text(baseline.spread)} over {baseline.pairs} pairs of {unit}. It was "
        "fixed then; nothing logged during the experiment changes it."
    )


def spread_basis(analysis: Analysis) -> str:
    """One line for the report and the API: where the interval's spread came from."""
    a = analysis
    if a.df is None:
        return ""
    if a.baseline_use == Use.POOLED and a.baseline is not None:
        return (
            f"paired t with {a.df} degrees of freedom: the experiment's pairs pooled with a "
            f"baseline of {a.baseline.pairs} pairs from the journal "
            f"(spread {number_text(a.baseline.spread)} points)"
        )
    if a.baseline_use == Use.SET_ASIDE:
        return (
            f"paired t with {a.df} degrees of freedom, the experiment's pairs alone: the "
            "baseline was set aside because the experiment varied more"
        )
    return f"paired t with {a.df} degrees of freedom, the experiment's pairs alone"
