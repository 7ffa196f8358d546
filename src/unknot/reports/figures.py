"""The report's two pictures, drawn for paper: the pain and function chart (matplotlib,
as SVG so it stays sharp when printed) and the body map with the knots marked.

Both must read in black and white, since reports get printed and photocopied: lines
differ by dash and marker as well as by shade, and the marked areas are dark grey
with a white numbered badge rather than a colour.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from unknot.core.trends import DayPoint
from unknot.web import bodymap
from unknot.web.charts import FunctionPoint

INK, GREY, LIGHT = "#111111", "#6b6b6b", "#c8c8c8"
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def trend_svg(
    points: Sequence[DayPoint],
    function: Sequence[FunctionPoint],
    session_days: Sequence[date],
    size_mm: tuple[float, float] = (174, 62),
) -> bytes:
    """Daily pain (dots and line), its 7-day average (dashed), the function score
    (squares, dotted) and self-care sessions (ticks along the bottom), on 0-10."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.dates import DateFormatter, DayLocator, WeekdayLocator

    plt.rcParams.update({"svg.fonttype": "path", "font.family": "DejaVu Sans", "font.size": 8})
    fig, ax = plt.subplots(figsize=(size_mm[0] / 25.4, size_mm[1] / 25.4))
    try:
        _plot(ax, points, function, session_days)
        span = (points[-1].day - points[0].day).days if points else 0
        ax.xaxis.set_major_locator(WeekdayLocator(byweekday=0) if span > 10 else DayLocator())
        ax.xaxis.set_major_formatter(DateFormatter("%-d %b"))
        _style(ax, points)
        fig.tight_layout(pad=0.4)
        out = io.BytesIO()
        fig.savefig(out, format="svg", metadata={"Date": None})
    finally:
        plt.close(fig)
    return out.getvalue()


def _plot(
    ax: Any,
    points: Sequence[DayPoint],
    function: Sequence[FunctionPoint],
    session_days: Sequence[date],
) -> None:
    read = [(p.day, p.pain) for p in points if p.pain is not None]
    avg = [(p.day, p.avg7) for p in points if p.avg7 is not None]
    if avg:
        ax.plot(*zip(*avg, strict=True), color=GREY, lw=1.2, ls=(0, (4, 2)), label="7-day average")
    if read:
        ax.plot(
            *zip(*read, strict=True), color=INK, lw=1.4, marker="o", ms=3.2, label="Pain (0-10)"
        )
    if function:
        days = [f.day for f in function]
        ax.plot(
            days,
            [f.score for f in function],
            color=INK,
            lw=1,
            ls=":",
            marker="s",
            ms=3.4,
            mfc="white",
            mec=INK,
            label="Function (PSFS, higher is better)",
        )
    if session_days:
        ax.plot(
            session_days,
            [0.35] * len(session_days),
            ls="none",
            marker="|",
            ms=7,
            color=GREY,
            mew=1.2,
            label="Self-care session",
        )


def _style(ax: Any, points: Sequence[DayPoint]) -> None:
    ax.set_ylim(0, 10.3)
    ax.set_yticks(range(0, 11, 2))
    if points:
        first = datetime.combine(points[0].day, time()) - timedelta(hours=12)
        last = datetime.combine(points[-1].day, time()) + timedelta(hours=12)
        ax.set_xlim(first, last)  # half a day of room: a single day still has a width
    ax.grid(axis="y", color=LIGHT, lw=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color(GREY)
    ax.tick_params(colors=INK, length=3, labelsize=7.5)
    ax.tick_params(axis="y", length=0)
    if not ax.get_legend_handles_labels()[0]:
        ax.text(
            0.5,
            0.5,
            "No check-ins or sessions in this time yet",
            transform=ax.transAxes,
            ha="center",
            va="center",
            color=GREY,
            fontsize=8,
        )
        return
    ax.legend(
        loc="lower left",
        bbox_to_anchor=(0, 1.0),
        ncols=4,
        frameon=False,
        fontsize=7,
        handlelength=2.4,
        borderaxespad=0.2,
        columnspacing=1.4,
    )


# --- the body map -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    number: int
    region: str
    side: str | None


def _centre(path: str) -> tuple[float, float]:
    """The middle of a region's outline (its bounding box), from its SVG path data."""
    values = [float(v) for v in _NUMBER.findall(path)]
    xs, ys = values[0::2], values[1::2]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


def body_svg(view: str, marks: Sequence[Mark]) -> bytes:
    """unknot's body map for print: the silhouette, the knots' areas in dark grey and a
    numbered badge on each. Regions without a knot are not drawn (a quieter figure)."""
    picked = [(m.region, m.side) for m in marks]
    svg = bodymap.render_svg(view, selected=picked, interactive=False, id_prefix=f"pdf-{view}")
    svg = re.sub(r"<title>.*?</title>", "", svg)
    svg = re.sub(r'<text class="bm-view-label"[^>]*>[^<]*</text>', "", svg)
    svg = re.sub(
        r'class="bm-region is-selected[^"]*"',
        f'fill="#4a4a4a" stroke="{INK}" stroke-width="0.6"',
        svg,
    )
    svg = svg.replace('class="bm-region"', 'fill="none" stroke="none"')
    badges = _badges(view, marks)
    return svg.replace("</svg>", badges + "</svg>").encode()


def _badges(view: str, marks: Sequence[Mark]) -> str:
    """A numbered badge beside each marked area, away from the body's midline, with a
    thin line to the area: on a small area a badge on top would hide what it marks."""
    outlines = bodymap.shapes(view)
    out, placed = [], set()
    for mark in marks:
        for side in _drawn_sides(mark):
            path = outlines.get((mark.region, side))
            if path is None or (mark.number, side) in placed:
                continue
            placed.add((mark.number, side))
            x, y = _centre(path)
            away = -1 if x < bodymap.WIDTH / 2 else 1
            bx = min(max(x + away * 30, 10), bodymap.WIDTH - 10)
            out.append(
                f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{bx:.1f}" y2="{y:.1f}" stroke="{INK}" '
                f'stroke-width="0.9"/><circle cx="{x:.1f}" cy="{y:.1f}" r="1.8" fill="{INK}"/>'
                f'<circle cx="{bx:.1f}" cy="{y:.1f}" r="8" fill="white" stroke="{INK}" '
                f'stroke-width="1.1"/><text x="{bx:.1f}" y="{y + 3.6:.1f}" font-size="10.5" '
                f'font-family="Helvetica" font-weight="bold" text-anchor="middle" '
                f'fill="{INK}">{mark.number}</text>'
            )
    return "".join(out)


def _drawn_sides(mark: Mark) -> list[str]:
    try:
        sides = bodymap.region_sides(mark.region)
    except KeyError:
        return []
    if sides == ["center"]:
        return ["center"]
    return [mark.side] if mark.side in ("left", "right") else ["left", "right"]


def views_for(marks: Sequence[Mark]) -> list[str]:
    """The views on which at least one mark is drawn (front first); both if none is."""
    shown = [v for v in bodymap.VIEWS if any(_on(v, m) for m in marks)]
    return shown or list(bodymap.VIEWS)


def _on(view: str, mark: Mark) -> bool:
    outlines = bodymap.shapes(view)
    return any((mark.region, side) in outlines for side in _drawn_sides(mark))
