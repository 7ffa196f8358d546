"""The report for a physical therapist as a PDF (fpdf2): two to four A4 pages.

Page 1 says who and when, the knots at a glance and where they are on the body; each knot
then gets a page (safety check, the pain and function chart, the Patient-Specific
Functional Scale, what was tried and the current plan); the last page has movement
dosing, experiments, adherence and the person's own notes and questions.

Typography is deliberately plain: one sans-serif family (DejaVu, which matplotlib ships,
so any character a person types prints), black and greys only, so a photocopy loses
nothing. The numbers come from content.py; this module only places them.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from unknot.reports import figures
from unknot.reports import pdf_layout as ui
from unknot.reports.content import KnotSection, Report
from unknot.reports.pdf_layout import BODY, CHART_H, GREY, INK, LEFT, RULE, SMALL, TOP, WIDTH
from unknot.web.charts import SessionMark, describe


def render(report: Report) -> bytes:
    """The report as PDF bytes."""
    logging.getLogger("fpdf.svg").setLevel(logging.ERROR)  # matplotlib's <metadata>: harmless
    doc = _new_document(report)
    _cover(doc, report)
    for section in report.knots:
        doc.running = ""
        doc.add_page()
        _knot_page(doc, section)
    doc.running = ""
    if doc.get_y() > 170:  # the last part starts a page of its own unless there is room
        doc.add_page()
    else:
        doc.ln(8)
        doc.set_draw_color(*INK)
        doc.line(LEFT, doc.get_y(), LEFT + WIDTH, doc.get_y())
        doc.ln(5)
    _history(doc, report)
    return bytes(doc.output())


def page_count(data: bytes) -> int:
    """How many pages a PDF made here has (its page objects; no PDF reader needed)."""
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", data))


def _new_document(report: Report) -> Any:
    import matplotlib
    from fpdf import FPDF

    fonts = f"{matplotlib.get_data_path()}/fonts/ttf"
    footer = f"unknot self-care report · made {ui.day(report.made_at.date())}"

    class Document(FPDF):  # type: ignore[misc]
        running = ""  # printed at the top of a page the text ran onto (not of a new section)

        def header(self) -> None:
            if self.running:
                self.set_font("Sans", "", 7.5)
                self.set_text_color(*GREY)
                self.cell(WIDTH, 4, self.running, new_x="LMARGIN", new_y="NEXT")
                self.ln(2)

        def footer(self) -> None:
            self.set_y(-12)
            self.set_draw_color(*RULE)
            self.line(LEFT, self.get_y() - 1, LEFT + WIDTH, self.get_y() - 1)
            self.set_font("Sans", "", 7.5)
            self.set_text_color(*GREY)
            self.cell(WIDTH / 2, 5, footer)
            self.cell(WIDTH / 2, 5, f"Page {self.page_no()} of {{nb}}", align="R")

    doc = Document(format="A4", unit="mm")
    doc.set_margins(LEFT, TOP, LEFT)
    doc.set_auto_page_break(True, margin=18)
    doc.add_font("Sans", "", f"{fonts}/DejaVuSans.ttf")
    doc.add_font("Sans", "B", f"{fonts}/DejaVuSans-Bold.ttf")
    doc.add_font("Sans", "I", f"{fonts}/DejaVuSans-Oblique.ttf")
    doc.set_title("Self-care report for a physical therapist")
    doc.set_creator("unknot")
    doc.set_creation_date(report.made_at)
    doc.add_page()
    return doc


# --- page 1 ---------------------------------------------------------------------------------


def _cover(doc: Any, report: Report) -> None:
    ui.write(doc, "UNKNOT  ·  SELF-CARE REPORT", 7.5, "B", GREY)
    doc.ln(1)
    ui.write(doc, "Self-care report for a physical therapist", 18, "B")
    ui.write(
        doc,
        f"Made on {ui.day(report.made_at.date())} from the person's own journal.",
        BODY,
        "",
        GREY,
    )
    if report.sample:
        ui.write(doc, "This report includes sample data, not a real person's journal.", BODY, "B")
    ui.heading(doc, "Who", 11, 4)
    age = (
        f"{report.birth_year} (about {report.made_at.year - report.birth_year})"
        if report.birth_year
        else "not given"
    )
    ui.pairs(
        doc,
        [
            ("Name", report.name or "not given"),
            ("Year of birth", age),
            ("Health notes", ", ".join(report.conditions) or "none given"),
        ],
    )
    doc.ln(2)
    ui.write(
        doc,
        "Everything here was recorded by the person themselves in unknot, a self-care "
        "app. It is not a diagnosis: muscles are named as ones that may be involved, and "
        "the safety check is a screening aid, not an examination.",
        SMALL,
        "I",
        GREY,
    )
    _glance(doc, report)
    _questions(doc, report)
    _map(doc, report)


def _glance(doc: Any, report: Report) -> None:
    ui.heading(doc, "At a glance", 11)
    rows = [
        [str(k.number), k.title, ui.num(k.latest_pain), k.trend.split(".")[0], k.level_label]
        for k in report.knots
    ]
    head = ["#", "Knot", "Latest pain", "Trend", "Safety check"]
    ui.table(doc, (8, 66, 26, 37, 37), head, rows, "LLCLL")
    doc.ln(1)
    tiles = [
        (f"{report.days_with_data} of {report.span.days}", "days with data"),
        (str(report.sessions_30), "self-care sessions"),
    ]
    if report.breaks is not None:
        used = report.breaks_days > 0
        tiles.append((str(report.breaks) if used else "–", _breaks_words(report)))
    ui.tiles(doc, tiles)
    span = report.span
    ui.write(
        doc, f"In the last 30 days ({ui.day(span.start)} to {ui.day(span.end)}).", 7.5, "", GREY
    )


def _breaks_words(report: Report, long: bool = False) -> str:
    if report.breaks_days == 0:
        return "movement breaks: not in use" if not long else "not in use in these 30 days"
    if not long:
        return "movement breaks taken"
    days = f"{report.breaks_days} day{'s' if report.breaks_days != 1 else ''}"
    return f"{report.breaks} taken, on the {days} breaks were in use"


def _questions(doc: Any, report: Report) -> None:
    if not report.questions:
        return
    ui.heading(doc, "The person's questions for you", 11)
    ui.write(doc, report.questions, BODY)


def _map(doc: Any, report: Report) -> None:
    ui.heading(doc, "Where the knots are", 11)
    marks = [figures.Mark(k.number, k.knot.region, k.knot.side or None) for k in report.knots]
    views = figures.views_for(marks)
    width = 46
    height = width * 440 / 200
    if doc.get_y() + height > 270:
        height = 270 - doc.get_y()
        width = height * 200 / 440
    top = doc.get_y()
    gap = 14
    x = LEFT + (WIDTH - len(views) * width - (len(views) - 1) * gap) / 2
    for view in views:
        doc.set_y(top)
        ui.svg(doc, figures.body_svg(view, marks), x, width)
        doc.set_xy(x, top + height + 0.5)
        doc.set_font("Sans", "B", 8)
        doc.set_text_color(*GREY)
        doc.cell(width, 4, f"{view.capitalize()} view", align="C")
        x += width + gap
    doc.set_y(top + height + 6)
    ui.write(
        doc,
        "Numbers match the knots above. The front view shows the person's right side on "
        "the left of the figure, as when facing them.",
        7.5,
        "",
        GREY,
    )


# --- a knot's page --------------------------------------------------------------------------

# The care level as said to a therapist (the app's own headlines speak to the person).
REPORT_HEADLINES = {
    "Self-care": "no warning signs in the person's answers",
    "See a professional": "unknot suggested having a professional look at this",
    "Urgent": "unknot suggested seeing a doctor today",
    "Emergency": "unknot told the person to call emergency services",
}


def _knot_page(doc: Any, knot: KnotSection) -> None:
    """One knot on one page (the plan may run onto the next when the text is long)."""
    ui.write(doc, f"{knot.number}  ·  {knot.title}", 15, "B")
    if knot.muscle:
        ui.write(doc, f"Muscle that may be involved: {knot.muscle}", BODY, "", GREY)
    doc.ln(2)
    ui.columns(doc, knot.facts)
    if knot.notes:
        ui.pairs(doc, [("Own notes", knot.notes)], 20)
    doc.running = f"{knot.number}  ·  {knot.title} (continued)"
    ui.heading(doc, "Safety check today", 11, 3)
    ui.box(doc, _safety_lines(knot))
    ui.heading(doc, "Pain and function", 11, 1)
    chart = figures.trend_svg(knot.points, knot.function, knot.session_days, (WIDTH, CHART_H))
    ui.svg(doc, chart, LEFT, WIDTH)
    doc.ln(CHART_H + 0.5)
    sessions = [SessionMark(d, "") for d in knot.session_days]
    ui.write(doc, describe(knot.points, sessions, knot.function), 7.5, "", GREY)
    _psfs(doc, knot)
    _tried(doc, knot)
    _plan(doc, knot)


def _safety_lines(knot: KnotSection) -> list[tuple[str, str]]:
    lines = [
        ("B", f"{knot.level_label}: {REPORT_HEADLINES.get(knot.level_label, '')}".rstrip(": "))
    ]
    lines += [("", f"{ui.BULLET}{reason}") for reason in knot.reasons]
    flags = ", ".join(knot.red_flags) if knot.red_flags else "none reported"
    lines.append(("", f"Red-flag answers: {flags}."))
    if knot.advice:
        lines.append(("I", f"What unknot told the person: {knot.advice}"))
    return lines


def _psfs(doc: Any, knot: KnotSection) -> None:
    note = "each activity from 0 (unable to do it) to 10 (as well as before the problem)"
    ui.heading(doc, "Patient-Specific Functional Scale", 11, 3, note)
    if not knot.psfs:
        ui.write(doc, "No activities were named for this knot.", BODY, "", GREY)
        return
    rows = []
    for row in knot.psfs:
        first = f"{row.first[1]}  ({ui.short(row.first[0])})" if row.first else "–"
        latest = f"{row.latest[1]}  ({ui.short(row.latest[0])})" if row.latest else "–"
        change = "–" if row.change is None else f"{row.change:+d}"
        rows.append([row.activity, first, latest, change])
    head = ["Activity", "First score", "Latest score", "Change"]
    ui.table(doc, (86, 32, 32, 24), head, rows, "LRRR")


def _tried(doc: Any, knot: KnotSection) -> None:
    note = "relief: pain before minus after, 0-10, over the n sessions with both"
    ui.heading(doc, "What was tried", 11, 3, note)
    if not knot.tried:
        ui.write(doc, "No self-care sessions were logged for this knot.", BODY, "", GREY)
        return
    rows = [
        [
            t.strategy,
            t.tool or "–",
            str(t.sessions),
            str(t.minutes),
            "–" if t.relief is None else f"{t.relief:.1f} (n={t.rated})",
        ]
        for t in knot.tried
    ]
    head = ["Strategy", "Tool", "Sessions", "Minutes", "Average relief"]
    ui.table(doc, (48, 40, 22, 24, 40), head, rows, "LLRRR")


def _plan(doc: Any, knot: KnotSection) -> None:
    needs = 12 + ui.bullets_height(doc, knot.plan_steps)
    ui.heading(doc, "Current self-care plan", 11, 3, needs=needs)
    ui.bullets_in_columns(doc, knot.plan_steps)
    if knot.plan_note:
        ui.write(doc, knot.plan_note, SMALL, "I", GREY)


# --- the last page --------------------------------------------------------------------------


def _history(doc: Any, report: Report) -> None:
    ui.write(doc, "Activity, adherence and notes", 15, "B")
    ui.heading(doc, "Movement dosing history", 11, 4)
    if report.bouts:
        rows = [
            [ui.short(b.day), b.activity, str(b.during), str(b.after), b.morning, b.light]
            for b in report.bouts
        ]
        head = ["Date", "Activity", "During", "After", "Next morning", "Light"]
        ui.table(doc, (20, 50, 20, 20, 38, 26), head, rows, "LLRRLL")
        ui.write(
            doc,
            "Pain during and straight after each bout, 0-10, and how the knot felt the "
            "next morning. The light is unknot's pain-monitoring guide for that bout.",
            7.8,
            "",
            GREY,
        )
    else:
        ui.write(doc, "No activities were logged.", BODY, "", GREY)
    _experiments(doc, report)
    ui.heading(doc, "Adherence in the last 30 days", 11, 4)
    pairs = [
        ("Days with data", f"{report.days_with_data} of {report.span.days}"),
        ("Self-care sessions", str(report.sessions_30)),
    ]
    if report.breaks is not None:
        pairs.append(("Movement breaks", _breaks_words(report, long=True)))
    ui.pairs(doc, pairs, 44)
    _notes(doc, report)


def _experiments(doc: Any, report: Report) -> None:
    if report.experiments is None:
        return
    ui.heading(doc, "Personal experiments", 11, 4)
    if not report.experiments:
        ui.write(doc, "No experiments yet.", BODY, "", GREY)
    for problem in report.problems:
        ui.write(doc, problem, SMALL, "I", GREY)
    for found in report.experiments:
        title = found["title"] + (f"  ({found['status']})" if found["status"] else "")
        ui.write(doc, title, BODY, "B")
        for line in (found["periods"], found.get("numbers", ""), found["verdict"]):
            if line:
                ui.write(doc, line, BODY)
        doc.ln(1)


def _notes(doc: Any, report: Report) -> None:
    if not report.questions:
        ui.heading(doc, "Questions for the therapist", 11, 4)
        ui.write(doc, "None written.", BODY, "", GREY)
    if report.checkin_notes:
        ui.heading(doc, "Recent notes from check-ins", 11, 4)
        rows = [[ui.short(day), title, note] for day, title, note in report.checkin_notes]
        ui.table(doc, (20, 44, 110), ["Date", "Knot", "Note"], rows, "LLL")
