"""Breaks per day as a stacked bar chart, drawn on the server as SVG like charts.py.

Done, skipped and put off are stacked per day; colours come from classes in app.css
(the Content-Security-Policy forbids inline styles), and the table beside the chart and
the summary sentence tell the same numbers in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from unknot.web.breaks.services import Tally
from unknot.web.charts import NARROW, WIDE, _day

PARTS = (("done", "Done"), ("skipped", "Skipped"), ("postponed", "Put off"))


@dataclass(frozen=True)
class BarChart:
    svg: str
    svg_narrow: str
    summary: str
    is_empty: bool


def bar_chart(days: Sequence[Tally], *, chart_id: str = "breaks") -> BarChart:
    summary = describe(days)
    empty = not any(t.done or t.skipped or t.postponed for t in days)
    if not days:
        return BarChart("", "", summary, True)
    return BarChart(
        _draw(days, f"{chart_id}-wide", WIDE, summary),
        _draw(days, f"{chart_id}-narrow", NARROW, summary),
        summary,
        empty,
    )


def _draw(days: Sequence[Tally], chart_id: str, size: tuple[int, int], summary: str) -> str:
    width, height = size
    left, right, top, bottom = (
        (34, 10, 14, height - 34) if width < 500 else (40, 14, 16, height - 34)
    )
    tallest = max([t.done + t.skipped + t.postponed for t in days] + [4])
    top_value = -(-tallest // 4) * 4  # a multiple of four: four even grid steps
    slot = (width - left - right) / len(days)
    bar = max(min(slot * 0.62, 28), 3)
    css = "chart chart-wide" if size == WIDE else "chart chart-narrow"
    title = f"Breaks per day from {_day(days[0].start)} to {_day(days[-1].start)}"
    out = [
        f'<svg class="{css} break-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        'preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(summary)}</desc>',
        '<g class="chart-grid" aria-hidden="true">',
    ]

    def y_of(value: float) -> float:
        return round(bottom - (bottom - top) * value / top_value, 1)

    for step in range(5):
        value = top_value * step // 4
        y = y_of(value)
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{y}" y2="{y}"/>')
        out.append(
            f'<text class="chart-label" x="{left - 8}" y="{y + 4}" text-anchor="end">{value}</text>'
        )
    out.append("</g>")
    every = 1 if len(days) <= (7 if width < 500 else 14) else 2
    for i, tally in enumerate(days):
        x = round(left + slot * i + (slot - bar) / 2, 1)
        out += _stack(tally, x, bar, y_of)
        if i % every == 0:
            label = f"{tally.start.day}/{tally.start.month}"
            out.append(
                f'<text class="chart-label" x="{round(x + bar / 2, 1)}" y="{bottom + 20}" '
                f'text-anchor="middle" aria-hidden="true">{label}</text>'
            )
    out.append(
        f'<line class="chart-axis-line" x1="{left}" x2="{width - right}" '
        f'y1="{bottom}" y2="{bottom}" aria-hidden="true"/>'
    )
    out.append("</svg>")
    return "\n".join(out)


def _stack(tally: Tally, x: float, bar: float, y_of: object) -> list[str]:
    base, out = 0, []
    for name, label in PARTS:
        value = getattr(tally, name)
        if not value:
            continue
        y_low, y_high = y_of(base), y_of(base + value)  # type: ignore[operator]
        out.append(
            f'<rect class="bar-{name}" x="{x}" y="{y_high}" width="{round(bar, 1)}" '
            f'height="{round(y_low - y_high, 1)}"><title>{label}: {value} on '
            f"{_day(tally.start)}</title></rect>"
        )
        base += value
    return out


def describe(days: Sequence[Tally]) -> str:
    if not days:
        return "No days to show."
    done = sum(t.done for t in days)
    skipped = sum(t.skipped for t in days)
    postponed = sum(t.postponed for t in days)
    span = f"From {_day(days[0].start)} to {_day(days[-1].start)}"
    if not done + skipped + postponed:
        return f"{span}: no breaks yet."
    best = max(days, key=lambda t: (t.done, t.start))
    return (
        f"{span}: {done} break{'s' if done != 1 else ''} done, {skipped} skipped and "
        f"{postponed} put off. The most in one day was {best.done}, on {_day(best.start)}."
    )
