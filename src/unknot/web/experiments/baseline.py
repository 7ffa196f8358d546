"""The baseline of an experiment: measured from the knot's journal when the experiment
starts, stored with it, and read back for every analysis.

Measured once, at the start, from the six weeks before: what the person logs during the
experiment never changes it, so it cannot be swayed by how the experiment is going. The
arithmetic, its assumption and its guards are core.experiment_baseline's.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from unknot.core.experiment_baseline import Baseline, Source, from_days, from_sessions, window
from unknot.core.experiments import Design
from unknot.web.journal.models import Knot
from unknot.web.journal.services import day_start


def measure(knot: Knot | None, design: Design, start: date) -> Baseline | None:
    """The baseline from the knot's journal before `start`, or None (no knot, or too few
    pairs): next-morning pain from each day's first check-in, relief from past sessions
    with both ratings."""
    if knot is None:
        return None
    low, _ = window(start)
    zone = timezone.get_current_timezone()
    moments = {"at__gte": day_start(low), "at__lt": day_start(start)}
    if design.outcome == "next_morning_pain":
        first: dict[date, float] = {}
        rows = knot.checkins.filter(**moments).order_by("at", "id").values_list("at", "pain")
        for at, pain in rows:
            first.setdefault(at.astimezone(zone).date(), float(pain))
        return from_days(first, start, design.pair_gap_days)
    sessions = (
        knot.sessions.filter(**moments, pain_before__isnull=False, pain_after__isnull=False)
        .order_by("at", "id")
        .values_list("at", "pain_before", "pain_after")
    )
    return from_sessions(
        [(at.astimezone(zone).date(), float(before - after)) for at, before, after in sessions],
        start,
    )


def stored_fields(baseline: Baseline | None) -> dict[str, Any]:
    """The Experiment fields that keep the baseline (empty ones when there is none)."""
    if baseline is None:
        return {"baseline_source": "", "baseline_spread": None, "baseline_pairs": 0}
    return {
        "baseline_source": baseline.source,
        "baseline_spread": baseline.spread,
        "baseline_pairs": baseline.pairs,
        "baseline_count": baseline.count,
        "baseline_first": baseline.first,
        "baseline_last": baseline.last,
    }


def baseline_of(exp: Any) -> Baseline | None:
    """The baseline stored with the experiment, or None."""
    if exp.baseline_source not in tuple(Source) or exp.baseline_spread is None:
        return None
    if exp.baseline_first is None or exp.baseline_last is None or exp.baseline_pairs < 1:
        return None
    return Baseline(
        exp.baseline_source,
        exp.baseline_spread,
        exp.baseline_pairs,
        exp.baseline_count,
        exp.baseline_first,
        exp.baseline_last,
    )
