"""Our own clinical vignettes, run through facts and through the person's own words.

The thresholds are the release bar: nothing urgent or worse is ever placed
lower than its level; facts land exactly at least 95% of the time, words at
least 90%; self-care is not over-escalated (at least 85% exact either way).
"""

import tomllib
from collections import Counter
from pathlib import Path

import pytest

from unknot.core.api import triage_facts, triage_text
from unknot.core.model import Level

DATA = Path(__file__).resolve().parents[1] / "data"
# Two sets written independently of the rules: the first guided the work, the
# second ("holdout") was written afterwards to catch a parser tuned to the first.
VIGNETTES = [
    v
    for name in ("vignettes.toml", "vignettes_holdout.toml")
    for v in tomllib.loads((DATA / name).read_text())["vignette"]
]


def by_facts(v):
    return triage_facts(v["facts"]).level


def by_text(v, clock):
    return triage_text(v["text"], clock=clock).level


def test_the_set_is_broad_enough():
    levels = Counter(v["level"] for v in VIGNETTES)
    assert len(VIGNETTES) >= 60
    assert min(levels[level.slug] for level in Level) >= 10
    tags = Counter(t for v in VIGNETTES for t in v.get("tags", []))
    for tag in ("negated", "hypothetical", "historical", "other_person", "uncertain", "misspelt"):
        assert tags[tag] >= 3, tag


def test_every_vignette_cites_a_known_source(kb):
    for v in VIGNETTES:
        assert v["source"] in kb.sources, v["id"]


@pytest.mark.parametrize("v", VIGNETTES, ids=[v["id"] for v in VIGNETTES])
def test_urgent_and_emergency_cases_are_never_placed_lower(v, clock):
    expected = Level.from_slug(v["level"])
    if expected < Level.URGENT:
        return
    assert by_facts(v) >= expected, "from facts"
    assert by_text(v, clock) >= expected, f"from text: {v['text']}"


def accuracy(levels_pairs):
    pairs = list(levels_pairs)
    return sum(a == b for a, b in pairs) / len(pairs)


def test_facts_land_exactly_at_least_95_percent():
    pairs = [(by_facts(v), Level.from_slug(v["level"])) for v in VIGNETTES]
    assert accuracy(pairs) >= 0.95, _misses(pairs)


def test_words_land_exactly_at_least_90_percent(clock):
    pairs = [(by_text(v, clock), Level.from_slug(v["level"])) for v in VIGNETTES]
    assert accuracy(pairs) >= 0.90, _misses(pairs)


def test_self_care_is_not_over_escalated(clock):
    cases = [v for v in VIGNETTES if v["level"] == "self_care"]
    assert accuracy((by_facts(v), Level.SELF_CARE) for v in cases) >= 0.85
    assert accuracy((by_text(v, clock), Level.SELF_CARE) for v in cases) >= 0.85


def _misses(pairs):
    return [
        (v["id"], got.slug, want.slug)
        for v, (got, want) in zip(VIGNETTES, pairs, strict=True)
        if got != want
    ]
