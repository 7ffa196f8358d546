"""Command start-up: `unknot --help` as a ratio to a bare `python -c pass`.

Both are measured in the same run as fresh processes (median of many), so
the ratio is what the person waits for beyond starting Python at all.
Target: `unknot --help` under 0.3 s.

Run: make bench   (or: .venv/bin/python bench/startup.py)
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

RUNS = 15
TARGET_S = 0.3


def median_s(argv: list[str]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    median_s([sys.executable, "-m", "unknot", "--help"])  # warm the file cache
    bare = median_s([sys.executable, "-c", "pass"])
    help_s = median_s([sys.executable, "-m", "unknot", "--help"])
    print(f"python -c pass: {bare * 1000:6.1f} ms")
    print(
        f"unknot --help:  {help_s * 1000:6.1f} ms  ratio {help_s / bare:5.1f}x  "
        f"target <{TARGET_S * 1000:.0f} ms: {'met' if help_s < TARGET_S else 'MISSED'}"
    )
    print(
        f"startup_ratio={help_s / bare:.1f} help_ms={help_s * 1000:.1f} bare_ms={bare * 1000:.1f}"
    )


if __name__ == "__main__":
    main()
