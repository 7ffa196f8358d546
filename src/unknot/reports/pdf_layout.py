"""The report's building blocks on the page (fpdf2): text, headings, label/value lines,
ruled tables, key-figure tiles, the framed safety box and pictures. One sans-serif family,
black and greys only (see pdf.py)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import Any

INK, GREY, RULE, FILL = (17, 17, 17), (95, 95, 95), (190, 190, 190), (240, 240, 240)
LEFT, TOP, WIDTH = 18, 16, 174
BODY, SMALL = 9.5, 8
CHART_H = 52  # mm
PAGE_BOTTOM = 279  # mm: A4 height less the bottom margin


def write(doc: Any, text: str, size: float = BODY, style: str = "", color: Any = INK) -> None:
    doc.set_font("Sans", style, size)
    doc.set_text_color(*color)
    doc.multi_cell(WIDTH, size * 0.48, text, align="L", new_x="LMARGIN", new_y="NEXT")


def heading(
    doc: Any, text: str, size: float = 12, space: float = 5, note: str = "", needs: float = 30
) -> None:
    """A heading, with an optional short explanation in small grey type after it. It starts
    a new page unless `needs` mm (it and the start of what follows) fit on this one."""
    if doc.get_y() + needs > PAGE_BOTTOM:
        doc.add_page()
    doc.ln(space)
    if not note:
        write(doc, text, size, "B")
    else:
        doc.set_font("Sans", "B", size)
        doc.set_text_color(*INK)
        doc.cell(doc.get_string_width(text) + 2.5, size * 0.48, text)
        doc.set_font("Sans", "", 7.8)
        doc.set_text_color(*GREY)
        doc.cell(0, size * 0.48, note, new_x="LMARGIN", new_y="NEXT")
    doc.ln(1.2)


def columns(doc: Any, pairs: Sequence[tuple[str, str]], key_width: float = 20) -> None:
    """Label and value pairs in two columns (short facts), filled row by row."""
    half = (WIDTH - 6) / 2
    for i in range(0, len(pairs), 2):
        top, bottom = doc.get_y(), doc.get_y()
        for j, (label, value) in enumerate(pairs[i : i + 2]):
            doc.set_xy(LEFT + j * (half + 6), top)
            doc.set_font("Sans", "", BODY)
            doc.set_text_color(*GREY)
            doc.cell(key_width, 5.2, label)
            doc.set_text_color(*INK)
            doc.multi_cell(half - key_width, 5.2, value, align="L", new_x="LEFT", new_y="NEXT")
            bottom = max(bottom, doc.get_y())
        doc.set_xy(LEFT, bottom)


def _column_height(doc: Any, items: Sequence[str], width: float) -> float:
    doc.set_font("Sans", "", BODY)
    lines = [
        len(doc.multi_cell(width - 4.5, 5, item, dry_run=True, output="LINES")) for item in items
    ]
    return 5 * sum(lines)


def bullets_height(doc: Any, items: Sequence[str]) -> float:
    """How tall bullets_in_columns draws `items` (mm), so a page break comes before them."""
    half = (WIDTH - 6) / 2
    split = (len(items) + 1) // 2
    return max(_column_height(doc, part, half) for part in (items[:split], items[split:]))


def bullets_in_columns(doc: Any, items: Sequence[str]) -> None:
    """A bulleted list in two columns, down the first and then the second; never split
    across pages (the columns would not line up)."""
    half = (WIDTH - 6) / 2
    split = (len(items) + 1) // 2
    if doc.get_y() + bullets_height(doc, items) > PAGE_BOTTOM:
        doc.add_page()
    top, bottom = doc.get_y(), doc.get_y()
    for column, part in enumerate((items[:split], items[split:])):
        doc.set_y(top)
        for item in part:
            doc.set_font("Sans", "", BODY)
            doc.set_text_color(*INK)
            bullet(doc, item, LEFT + column * (half + 6), half)
        bottom = max(bottom, doc.get_y())
    doc.set_y(bottom)


def pairs(doc: Any, pairs: Sequence[tuple[str, str]], key_width: float = 38) -> None:
    """Label and value lines, the labels in grey."""
    for label, value in pairs:
        doc.set_font("Sans", "", BODY)
        doc.set_text_color(*GREY)
        doc.cell(key_width, 5.2, label)
        doc.set_text_color(*INK)
        doc.multi_cell(WIDTH - key_width, 5.2, value, align="L", new_x="LMARGIN", new_y="NEXT")


def table(
    doc: Any,
    widths: Sequence[float],
    head: Sequence[str],
    rows: Sequence[Sequence[str]],
    align: str,
) -> None:
    """A table with ruled rows; `align` has a letter per column: L (text), R or C (numbers)."""
    from fpdf.fonts import FontFace

    doc.set_font("Sans", "", 8.8)
    doc.set_text_color(*INK)
    doc.set_draw_color(*RULE)
    with doc.table(
        col_widths=widths,
        width=WIDTH,
        borders_layout="HORIZONTAL_LINES",
        text_align=[{"R": "RIGHT", "C": "CENTER"}.get(a, "LEFT") for a in align],
        headings_style=FontFace(emphasis="BOLD", fill_color=FILL),
        line_height=5.2,
        padding=(1.2, 1.6),
        first_row_as_headings=True,
        align="LEFT",
    ) as table:
        for row in [head, *rows]:
            line = table.row()
            for value in row:
                line.cell(value)
    doc.ln(1.5)


def tiles(doc: Any, tiles: Sequence[tuple[str, str]]) -> None:
    """Key figures side by side: a large number over a short label, in a light frame."""
    gap = 4
    width = (WIDTH - gap * (len(tiles) - 1)) / len(tiles)
    top = doc.get_y()
    doc.set_draw_color(*RULE)
    for i, (number, label) in enumerate(tiles):
        x = LEFT + i * (width + gap)
        doc.rect(x, top, width, 17)
        doc.set_xy(x + 3, top + 2.2)
        doc.set_font("Sans", "B", 15)
        doc.set_text_color(*INK)
        doc.cell(width - 6, 7, number)
        doc.set_xy(x + 3, top + 9.6)
        doc.set_font("Sans", "", 7.8)
        doc.set_text_color(*GREY)
        doc.cell(width - 6, 5, label)
    doc.set_y(top + 17 + 2)


def box(doc: Any, lines: Sequence[tuple[str, str]], bold_first: bool = True) -> None:
    """A framed block (the safety check): readable on paper without colour."""
    doc.ln(2.5)
    top = doc.get_y()
    for i, (style, text) in enumerate(lines):
        doc.set_font("Sans", "B" if (i == 0 and bold_first) else style, BODY if i else 10.5)
        doc.set_text_color(*INK)
        if text.startswith(BULLET):
            bullet(doc, text[len(BULLET) :], LEFT + 3, WIDTH - 6)
        else:
            doc.set_x(LEFT + 3)
            doc.multi_cell(WIDTH - 6, 5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        if i == 0:
            doc.ln(0.8)
    bottom = doc.get_y() + 2
    doc.set_draw_color(*INK)
    doc.set_line_width(0.35)
    doc.rect(LEFT, top - 2.5, WIDTH, bottom - top + 2.5)
    doc.set_line_width(0.2)
    doc.set_y(bottom + 1)


BULLET = "•  "


def bullet(doc: Any, text: str, x: float = LEFT, width: float = WIDTH) -> None:
    """A bulleted line whose wrapped lines hang under its text, not under the bullet."""
    doc.set_x(x)
    doc.cell(4.5, 5, "•")
    doc.multi_cell(width - 4.5, 5, text, align="L", new_x="LMARGIN", new_y="NEXT")


def svg(doc: Any, svg: bytes, x: float, width: float) -> None:
    doc.image(io.BytesIO(svg), x=x, y=doc.get_y(), w=width)


def day(day: date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def short(day: date) -> str:
    return f"{day.day} {day.strftime('%b')}"


def num(value: float | None, unit: str = "") -> str:
    if value is None:
        return "–"
    text = f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
    return f"{text}{unit}"
