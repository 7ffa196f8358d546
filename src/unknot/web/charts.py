"""The knot's trend chart, drawn on the server as SVG.

Server-side SVG works without JavaScript, prints, scales to any screen and
needs no third-party library. Everything is coloured by classes in app.css (the
page's Content-Security-Policy forbids inline styles), and the same numbers are
told in words for people who cannot see the picture.

Pain (0 = none, 10 = worst) and the function score (PSFS, 0 = cannot do it, 10 = as
before) share the 0-10 axis; the legend says which way is better for each.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from typing import NamedTuple

from unknot.core.trends import DayPoint

GAP_DAYS = 3  # a daily-pain line is broken across a longer gap: no invented readings
WIDE, NARROW = (720, 300), (360, 260)  # the phone gets its own drawing, not a shrunken one
# English month names as strftime("%b") gives them, without its cost (a chart names every day)
_MONTHS = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# Named tuples rather than frozen dataclasses: as immutable and read the same way, and cheaper
# to make (the knot page makes one for each day of its chart).


class SessionMark(NamedTuple):
    day: date
    label: str  # "Heat, 15 min"


class FunctionPoint(NamedTuple):
    day: date
    score: float  # mean of that day's activity scores


@dataclass(frozen=True)
class Chart:
    svg: str  # markup for wide screens, safe to insert as is (every text is escaped)
    svg_narrow: str  # the same chart drawn for a phone
    summary: str  # the same story in words
    is_empty: bool


def trend_chart(
    points: Sequence[DayPoint],
    sessions: Sequence[SessionMark],
    function: Sequence[FunctionPoint],
    *,
    chart_id: str = "trend",
) -> Chart:
    """Daily pain, its 7-day average, sessions and function over `points`' days."""
    if not points:
        return Chart("", "", "No days to show.", True)
    summary = describe(points, sessions, function)
    empty = all(p.pain is None for p in points) and not function and not sessions
    marks = _Marks(points, sessions, function, summary)
    return Chart(
        draw(marks, f"{chart_id}-wide", WIDE),
        draw(marks, f"{chart_id}-narrow", NARROW),
        summary,
        empty,
    )


class _Marks:
    """What both drawings show, worked out once: each mark's day (counted from the first
    day), its value and its words. Only the coordinates differ between the drawings.

    Dots and squares fall on the same days and values repeat, so each day's and each
    value's words are written once (`days`, `nums`): the knot page draws this on every view.
    """

    def __init__(
        self,
        points: Sequence[DayPoint],
        sessions: Sequence[SessionMark],
        function: Sequence[FunctionPoint],
        summary: str,
    ) -> None:
        self.start, self.end = points[0].day, points[-1].day
        self.title = f"Pain and function from {_day(self.start)} to {_day(self.end)}"
        self.desc = escape(summary)
        first = self.start.toordinal()
        texts = _number_texts()
        # Every mark falls on a day of `points`: each day's words, written once.
        days = {p.day: f"{p.day.day} {_MONTHS[p.day.month]} {p.day.year}" for p in points}
        self.avg = [(p.day.toordinal() - first, p.avg7) for p in points if p.avg7 is not None]
        read = [p for p in points if p.pain is not None]
        self.pain = [(p.day.toordinal() - first, p.pain) for p in read]
        self.dots = [
            (i, value, f"Pain {texts.get(value) or _num(value)} on {days[p.day]}")
            for (i, value), p in zip(self.pain, read, strict=True)
        ]
        self.function = [(f.day.toordinal() - first, f.score) for f in function]
        self.squares = [
            (
                i,
                score,
                f"Function {texts.get(score) or _num(score)} on {days.get(f.day) or _day(f.day)}",
            )
            for (i, score), f in zip(self.function, function, strict=True)
        ]
        self.sessions = [
            (
                s.day.toordinal() - first,
                f"Self-care on {days.get(s.day) or _day(s.day)}: {escape(s.label)}",
            )
            for s in sessions
        ]
        self.offsets = {i for i, _ in self.avg} | {i for i, _ in self.function}
        self.offsets |= {i for i, _ in self.pain} | {i for i, _ in self.sessions}
        self.values = {v for _, v in self.avg} | {v for _, v in self.pain}
        self.values |= {v for _, v in self.function} | set(range(0, 11, 2))


def draw(marks: _Marks, chart_id: str, size: tuple[int, int]) -> str:
    """One SVG drawing of the chart at `size` (its viewBox; CSS scales it to the page)."""
    scale = _Scale(marks, *size)
    css = "chart chart-wide" if size == WIDE else "chart chart-narrow"
    if scale.days > 120:
        css += " chart-long"  # a year of sessions: triangles only, no guide lines
    parts = [
        f'<svg class="{css}" viewBox="0 0 {scale.width} {scale.height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        'preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{marks.title}</title>',
        f'<desc id="{chart_id}-desc">{marks.desc}</desc>',
        *_grid(scale),
        *_x_axis(scale),
        *_sessions(scale, marks.sessions),
        _line(scale, marks.avg, "chart-avg", gap=1),
        _line(scale, marks.pain, "chart-pain", gap=GAP_DAYS),
        *_dots(scale, marks.dots),
        _line(scale, marks.function, "chart-function", gap=GAP_DAYS),
        *_squares(scale, marks.squares),
        "</svg>",
    ]
    return "\n".join(filter(None, parts))  # an empty line (no readings) is left out


class _Scale:
    """Days and 0-10 values -> SVG coordinates inside the plot area of one drawing.

    Writing a coordinate (rounding it, then turning the number into text) costs more than
    anything else in a drawing, and a drawing has hundreds. Where a day falls and where a
    value falls depend only on the drawing's size and the number of days shown, so they
    come from tables worked out once per process for each (see _columns and _rows): `x`
    and `xs` give a day's x and its text, `y` and `ys` a value's; `sq_x` and `sq_y` a
    function square's corner; `left5` and `right5` the sides of a session's triangle.
    A mark outside the tables (a day before the first, a value with more decimals) is
    worked out for this drawing alone.
    """

    def __init__(self, marks: _Marks, width: int, height: int) -> None:
        self.start, self.end = marks.start, marks.end
        self.days = days = max((self.end - self.start).days, 1)
        self.width, self.height = width, height
        self.left, self.right, self.top = (40, 12, 14) if width < 500 else (46, 16, 16)
        self.bottom = height - 34  # the x axis line; labels go below it
        self.plot_w = width - self.left - self.right
        self.square = 7 if days <= 120 else 4  # a function square's side
        half = self.square / 2
        columns = _columns(width, days)
        offsets = marks.offsets or {0}
        if min(offsets) >= 0 and max(offsets) <= days:
            self.x, self.xs, self.sq_x, self.left5, self.right5 = columns
        else:
            self.x = {i: self.x_of(i) for i in marks.offsets}
            self.xs = {i: str(x) for i, x in self.x.items()}
            self.sq_x = {i: str(x - half) for i, x in self.x.items()}
            self.left5 = {i: str(x - 5) for i, x in self.x.items()}
            self.right5 = {i: str(x + 5) for i, x in self.x.items()}
        rows = _rows(width, height)
        self.y, self.ys = rows.y, rows.ys
        if not marks.values <= rows.y.keys():
            self.y = {v: self.y_of(v) for v in marks.values}
            self.ys = {v: str(y) for v, y in self.y.items()}
        squares = {v for _, v in marks.function}
        self.sq_y = rows.sq_y[self.square]
        if not squares <= self.sq_y.keys() or self.y is not rows.y:
            self.sq_y = {v: str(self.y[v] - half) for v in squares}

    def x_of(self, offset: int) -> float:
        """The x of the day `offset` days after the first."""
        return round(self.left + self.plot_w * offset / self.days, 1)

    def y_of(self, value: float) -> float:
        return round(self.top + (self.bottom - self.top) * (1 - value / 10), 1)


@dataclass(frozen=True)
class _Rows:
    y: dict[float, float]
    ys: dict[float, str]
    sq_y: dict[int, dict[float, str]]  # square side -> value -> its top edge


@functools.lru_cache(maxsize=8)
def _columns(
    width: int, days: int
) -> tuple[list[float], list[str], list[str], list[str], list[str]]:
    """For each day 0..days of a drawing `width` wide: x, its text, a square's left edge and
    a session triangle's left and right corners (the formulas of _Scale, written out)."""
    left = 40 if width < 500 else 46
    plot_w = width - left - (12 if width < 500 else 16)
    half = (7 if days <= 120 else 4) / 2
    x = [round(left + plot_w * i / days, 1) for i in range(days + 1)]
    return (
        x,
        [str(v) for v in x],
        [str(v - half) for v in x],
        [str(v - 5) for v in x],
        [str(v + 5) for v in x],
    )


@functools.lru_cache(maxsize=4)
def _rows(width: int, height: int) -> _Rows:
    """y and its text for every value 0-10 with two decimals (daily means and 7-day averages
    are rounded so), and a square's top edge for every value with one (function scores)."""
    top = 14 if width < 500 else 16
    high = height - 34 - top
    values = [round(k / 100, 2) for k in range(1001)]
    y = {v: round(top + high * (1 - v / 10), 1) for v in values}
    tenths = [round(k / 10, 1) for k in range(101)]
    return _Rows(
        y,
        {v: str(at) for v, at in y.items()},
        {side: {v: str(y[v] - side / 2) for v in tenths} for side in (7, 4)},
    )


def _grid(scale: _Scale) -> list[str]:
    out = ['<g class="chart-grid" aria-hidden="true">']
    for value in range(0, 11, 2):
        y = scale.y[value]
        out.append(f'<line x1="{scale.left}" x2="{scale.width - scale.right}" y1="{y}" y2="{y}"/>')
        out.append(
            f'<text class="chart-label" x="{scale.left - 8}" y="{y + 4}" '
            f'text-anchor="end">{value}</text>'
        )
    out.append("</g>")
    return out


def _ticks(start: date, end: date, most: int) -> list[date]:
    """Mondays (every one, or every second or fourth) or month starts, at most `most` of them."""
    span = (end - start).days
    if span > 120:
        months, day = [], start.replace(day=1)
        while day <= end:
            if day >= start:
                months.append(day)
            day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
        step = -(-len(months) // most)
        return months[::step]
    first = start + timedelta(days=(7 - start.weekday()) % 7)
    mondays = [
        first + timedelta(days=i) for i in range(0, span + 1, 7) if first + timedelta(days=i) <= end
    ]
    step = 1 if len(mondays) <= most else 2 if len(mondays) <= 2 * most else 4
    return mondays[::step]


def _x_axis(scale: _Scale) -> list[str]:
    bottom = scale.bottom
    out = [
        '<g class="chart-axis" aria-hidden="true">',
        f'<line x1="{scale.left}" x2="{scale.width - scale.right}" y1="{bottom}" y2="{bottom}"/>',
    ]
    yearly, xs = scale.days > 120, scale.xs
    for day in _ticks(scale.start, scale.end, max(scale.plot_w // 64, 2)):
        offset = (day - scale.start).days
        x = xs[offset] if isinstance(xs, list) else scale.x_of(offset)
        text = _MONTHS[day.month] if yearly else f"{day.day} {_MONTHS[day.month]}"
        out.append(f'<line x1="{x}" x2="{x}" y1="{bottom}" y2="{bottom + 5}"/>')
        out.append(
            f'<text class="chart-label" x="{x}" y="{bottom + 20}" '
            f'text-anchor="middle">{text}</text>'
        )
    out.append("</g>")
    return out


def _line(scale: _Scale, values: Sequence[tuple[int, float]], css: str, gap: int) -> str:
    """One path; a new segment starts after a missing stretch longer than `gap` days."""
    if not values:
        return ""
    xs, ys = scale.xs, scale.ys
    commands, last = [], values[0][0] - gap - 1
    for i, value in values:
        commands.append(f"{'M' if i - last > gap else 'L'}{xs[i]},{ys[value]}")
        last = i
    return f'<path class="{css}" d="{" ".join(commands)}" aria-hidden="true"/>'


def _dots(scale: _Scale, dots: Sequence[tuple[int, float, str]]) -> list[str]:
    css = "chart-pain-dot" if scale.days <= 120 else "chart-pain-dot is-small"
    xs, ys = scale.xs, scale.ys
    return [
        f'<circle class="{css}" cx="{xs[i]}" cy="{ys[value]}" r="3.5">'
        f"<title>{title}</title></circle>"
        for i, value, title in dots
    ]


def _squares(scale: _Scale, squares: Sequence[tuple[int, float, str]]) -> list[str]:
    size, x, y = scale.square, scale.sq_x, scale.sq_y
    return [
        f'<rect class="chart-function-dot" x="{x[i]}" y="{y[score]}" width="{size}" '
        f'height="{size}"><title>{title}</title></rect>'
        for i, score, title in squares
    ]


def _sessions(scale: _Scale, sessions: Sequence[tuple[int, str]]) -> list[str]:
    top, bottom, peak = scale.top, scale.bottom, scale.bottom - 9
    xs, left, right = scale.xs, scale.left5, scale.right5
    return [
        f'<g class="chart-session"><line x1="{xs[i]}" x2="{xs[i]}" y1="{top}" '
        f'y2="{bottom}"/><path d="M{left[i]},{bottom} L{xs[i]},{peak} L{right[i]},{bottom} Z"/>'
        f"<title>{title}</title></g>"
        for i, title in sessions
    ]


def describe(
    points: Sequence[DayPoint], sessions: Sequence[SessionMark], function: Sequence[FunctionPoint]
) -> str:
    """The chart in a few plain sentences (for screen readers and as the figure caption)."""
    start, end = points[0].day, points[-1].day
    read = [p for p in points if p.pain is not None]
    days = f"From {_day(start)} to {_day(end)}"
    if not read:
        text = f"{days}: no check-ins yet."
    else:
        first, last = read[0], read[-1]
        text = (
            f"{days}: {len(read)} day{'s' if len(read) != 1 else ''} with a check-in. "
            f"Pain was {_num(first.pain)} on {_day(first.day)} and {_num(last.pain)} on "
            f"{_day(last.day)}"
        )
        if last.avg7 is not None:
            text += f"; the 7-day average is now {_num(last.avg7)}"
        text += "."
    if sessions:
        text += f" {len(sessions)} self-care session{'s' if len(sessions) != 1 else ''}."
    if function:
        text += (
            f" Function score (higher is better) went from {_num(function[0].score)} "
            f"to {_num(function[-1].score)}."
        )
    return text


@functools.lru_cache(maxsize=1)
def _number_texts() -> dict[float, str]:
    """_num's words for every value 0-10 with up to two decimals (daily means and averages
    are rounded so, function scores to one), worked out once per process like _rows."""
    return {v: _num(v) for v in (round(k / 100, 2) for k in range(1001))}


def _num(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _day(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month]} {day.year}"
