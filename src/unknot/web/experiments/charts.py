"""Every period's outcome by option, drawn on the server as SVG like the knot's trend chart
(web/charts.py): the same sizes, grid, labels and classes, a drawing for wide screens and
one for phones, a title and a description for screen readers, and a table alongside.

Pairs of periods (blocks) sit on alternating bands, so each comparison the analysis makes
is one band; option A is a circle, option B a square (shape as well as colour), a missed
period is a cross on the axis, and each option's average is a dashed line.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from unknot.web.charts import NARROW, WIDE, Chart


@dataclass(frozen=True)
class Point:
    number: int  # the period, 1.. in time order
    block: int
    option: str  # "a" or "b"
    value: float | None  # None: missed or not run
    is_missed: bool


@dataclass(frozen=True)
class Series:
    """What the drawing needs to know about the experiment."""

    label_a: str
    label_b: str
    measure: str  # "Relief" or "Next-morning pain"
    points: tuple[Point, ...]
    mean_a: float | None
    mean_b: float | None


def outcome_chart(series: Series, chart_id: str = "outcomes") -> Chart:
    if not series.points:
        return Chart("", "", "No periods to show.", True)
    summary = describe(series)
    low, high = _range(series)
    return Chart(
        _draw(series, f"{chart_id}-wide", WIDE, low, high, summary),
        _draw(series, f"{chart_id}-narrow", NARROW, low, high, summary),
        summary,
        all(p.value is None for p in series.points),
    )


def _range(series: Series) -> tuple[int, int]:
    """Pain is 0 to 10; relief can be below zero (worse after) and rarely reaches 10."""
    if series.measure != "Relief":
        return 0, 10
    values = [p.value for p in series.points if p.value is not None] or [0.0]
    low = min(0, 2 * math.floor(min(values) / 2))
    high = max(6, 2 * math.ceil(max(values) / 2))
    return low, high


class _Scale:
    def __init__(self, count: int, size: tuple[int, int], low: int, high: int) -> None:
        self.width, self.height = size
        self.left, self.right, self.top = (40, 12, 14) if self.width < 500 else (46, 16, 16)
        self.bottom = self.height - 34
        self.count, self.low, self.high = count, low, high
        self.step = (self.width - self.left - self.right) / count

    def x(self, number: int) -> float:
        return round(self.left + self.step * (number - 0.5), 1)

    def y(self, value: float) -> float:
        share = (value - self.low) / (self.high - self.low)
        return round(self.bottom - (self.bottom - self.top) * share, 1)


def _draw(
    series: Series, chart_id: str, size: tuple[int, int], low: int, high: int, summary: str
) -> str:
    scale = _Scale(len(series.points), size, low, high)
    css = "chart chart-wide" if size == WIDE else "chart chart-narrow"
    title = f"{series.measure} in each period: {series.label_a} or {series.label_b.lower()}"
    parts = [
        f'<svg class="{css} experiment-chart" viewBox="0 0 {scale.width} {scale.height}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        'preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(summary)}</desc>',
        *_bands(scale, series, size == WIDE),
        *_grid(scale),
        *_means(scale, series),
        *_marks(scale, series),
        "</svg>",
    ]
    return "\n".join(parts)


def _bands(scale: _Scale, series: Series, wide: bool) -> list[str]:
    out = ['<g class="chart-axis" aria-hidden="true">']
    blocks = sorted({p.block for p in series.points})
    for block in blocks:
        first = 2 * block - 1
        x = round(scale.left + scale.step * (first - 1), 1)
        width = round(scale.step * 2, 1)
        if block % 2:
            out.append(
                f'<rect class="chart-block" x="{x}" y="{scale.top}" width="{width}" '
                f'height="{scale.bottom - scale.top}"/>'
            )
        text = f"Pair {block}" if wide else str(block)
        out.append(
            f'<text class="chart-label" x="{round(x + width / 2, 1)}" y="{scale.bottom + 20}" '
            f'text-anchor="middle">{text}</text>'
        )
    out.append("</g>")
    return out


def _grid(scale: _Scale) -> list[str]:
    step = 2 if scale.high - scale.low > 8 else 1
    out = ['<g class="chart-grid" aria-hidden="true">']
    for value in range(scale.low, scale.high + 1, step):
        y = scale.y(value)
        css = ' class="chart-zero"' if value == 0 and scale.low < 0 else ""
        out.append(
            f'<line{css} x1="{scale.left}" x2="{scale.width - scale.right}" y1="{y}" y2="{y}"/>'
        )
        out.append(
            f'<text class="chart-label" x="{scale.left - 8}" y="{y + 4}" text-anchor="end">'
            f"{value}</text>"
        )
    out.append("</g>")
    return out


def _means(scale: _Scale, series: Series) -> list[str]:
    out = []
    for option, mean, label in (
        ("a", series.mean_a, series.label_a),
        ("b", series.mean_b, series.label_b),
    ):
        if mean is None:
            continue
        y = scale.y(mean)
        out.append(
            f'<line class="chart-mean chart-mean-{option}" x1="{scale.left}" '
            f'x2="{scale.width - scale.right}" y1="{y}" y2="{y}">'
            f"<title>Average with {escape(label.lower())}: {_num(mean)}</title></line>"
        )
    return out


def _marks(scale: _Scale, series: Series) -> list[str]:
    out = []
    for p in series.points:
        x = scale.x(p.number)
        label = series.label_a if p.option == "a" else series.label_b
        said = f"Period {p.number} (pair {p.block}), {escape(label.lower())}"
        if p.value is None:
            if p.is_missed:
                y = scale.bottom - 6
                out.append(
                    f'<path class="chart-missed" d="M{x - 4},{y - 4} L{x + 4},{y + 4} '
                    f'M{x - 4},{y + 4} L{x + 4},{y - 4}"><title>{said}: missed</title></path>'
                )
            continue
        y = scale.y(p.value)
        title = f"<title>{said}: {series.measure.lower()} {_num(p.value)}</title>"
        if p.option == "a":
            out.append(f'<circle class="chart-opt-a" cx="{x}" cy="{y}" r="5">{title}</circle>')
        else:
            out.append(
                f'<rect class="chart-opt-b" x="{x - 4.5}" y="{y - 4.5}" width="9" height="9">'
                f"{title}</rect>"
            )
    return out


def describe(series: Series) -> str:
    """The chart in plain sentences: what each option's periods averaged, and what was missed."""
    parts = []
    for option, label, mean in (
        ("a", series.label_a, series.mean_a),
        ("b", series.label_b, series.mean_b),
    ):
        done = sum(1 for p in series.points if p.option == option and p.value is not None)
        average = f", average {series.measure.lower()} {_num(mean)}" if mean is not None else ""
        parts.append(f"{label}: {done} period{'s' if done != 1 else ''} recorded{average}")
    missed = sum(1 for p in series.points if p.is_missed)
    text = f"{len(series.points)} periods. " + "; ".join(parts) + "."
    if missed:
        text += f" {missed} missed."
    return text


def _num(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
