"""Lay descriptions of where it hurts, with textbook answers: top 3 for at least 90%."""

import tomllib
from pathlib import Path

from unknot.core.api import rank_text, where

DATA = Path(__file__).resolve().parents[1] / "data"
QUERIES = tomllib.loads((DATA / "where_queries.toml").read_text())["query"]


def hit(candidates, expected):
    return any(c.muscle in expected for c in candidates[:3])


def test_there_are_enough_queries():
    assert len(QUERIES) >= 40


def test_a_textbook_muscle_is_in_the_top_three_from_region_ids():
    misses = [q["text"] for q in QUERIES if not hit(where(q["regions"]).candidates, q["expected"])]
    assert 1 - len(misses) / len(QUERIES) >= 0.90, misses


def test_a_textbook_muscle_is_in_the_top_three_from_plain_words(clock):
    misses = [
        q["text"]
        for q in QUERIES
        if not hit(rank_text(q["text"], clock=clock).candidates, q["expected"])
    ]
    assert 1 - len(misses) / len(QUERIES) >= 0.90, misses


def test_the_words_are_read_as_the_regions_they_name(clock):
    misses = []
    for q in QUERIES:
        found = {loc.region for loc in rank_text(q["text"], clock=clock).locations}
        if not set(q["regions"]) <= found:
            misses.append((q["text"], sorted(found), q["regions"]))
    # A secondary check (the bar above is what matters): most wordings name the
    # same regions the query author listed.
    assert len(misses) <= len(QUERIES) * 0.15, misses
