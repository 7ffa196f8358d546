"""Triage throughput, for facts and for a person's own words.

Each is printed as a ratio to `json.loads` of the same input, measured in the
same run, so the figure means the same on a fast or a slow machine. The
absolute figures are printed too, against the targets (facts < 50 us,
text < 2 ms on the project's 2-core machine).

Run: make bench   (or: .venv/bin/python bench/triage.py)
"""

from __future__ import annotations

import json
import time
import tomllib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from unknot.core.clock import FixedClock
from unknot.core.facts import parse_facts
from unknot.core.kb import default_kb
from unknot.core.language import understand
from unknot.core.triage import evaluate

ROOT = Path(__file__).resolve().parents[1]
FACTS_TARGET_US, TEXT_TARGET_US = 50.0, 2000.0


def per_call_us(fn: Callable[[], object], calls: int, repeats: int = 7) -> float:
    """The best of `repeats` runs of the mean time per call, in microseconds.

    The best run, as `timeit` recommends: slower runs measure the machine's
    other work, not the code.
    """
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        runs.append((time.perf_counter() - start) / calls * 1e6)
    return min(runs)


def cycle(items: list[str]) -> Callable[[], str]:
    state = {"i": 0}

    def next_item() -> str:
        state["i"] = (state["i"] + 1) % len(items)
        return items[state["i"]]

    return next_item


def main() -> None:
    kb = default_kb()
    vignettes = tomllib.loads((ROOT / "tests/data/vignettes.toml").read_text())["vignette"]
    facts_json = [json.dumps(v["facts"]) for v in vignettes]
    texts = [v["text"] for v in vignettes]
    texts_json = [json.dumps(t) for t in texts]
    today = FixedClock(datetime(2026, 11, 28, tzinfo=UTC)).today()

    nf, nt = cycle(facts_json), cycle(texts)
    njf, njt = cycle(facts_json), cycle(texts_json)
    for text in texts:  # warm the lexicon and the typo cache once, as a running app would
        understand(text, kb, today)

    base_facts = per_call_us(lambda: json.loads(njf()), 20_000)
    facts_us = per_call_us(lambda: evaluate(parse_facts(json.loads(nf()), kb), kb), 5_000)
    base_text = per_call_us(lambda: json.loads(njt()), 20_000)
    text_us = per_call_us(lambda: evaluate(understand(nt(), kb, today).facts, kb), 500)

    print(f"inputs: {len(vignettes)} vignettes, {len(kb.rules)} rules")
    print(
        f"facts: {facts_us:8.1f} us/call  json.loads baseline {base_facts:6.2f} us  "
        f"ratio {facts_us / base_facts:7.1f}x  target <{FACTS_TARGET_US:.0f} us: "
        f"{'met' if facts_us < FACTS_TARGET_US else 'MISSED'}"
    )
    print(
        f"text:  {text_us:8.1f} us/call  json.loads baseline {base_text:6.2f} us  "
        f"ratio {text_us / base_text:7.1f}x  target <{TEXT_TARGET_US:.0f} us: "
        f"{'met' if text_us < TEXT_TARGET_US else 'MISSED'}"
    )
    print(
        f"facts_ratio={facts_us / base_facts:.1f} text_ratio={text_us / base_text:.1f} "
        f"facts_us={facts_us:.1f} text_us={text_us:.1f}"
    )


if __name__ == "__main__":
    main()
