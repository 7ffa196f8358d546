"""The report for a physical therapist: built from four simulated weeks, read back from the
PDF with pypdf, and every figure in it checked against the database. The pages are also
rendered with pdftoppm (screenshots/report-page-N.png) for people to look at."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path
from statistics import mean

import pytest
from pypdf import PdfReader

from report_data import ACTIVITIES, QUESTIONS, clock, four_weeks, moment
from system_tools import needs_tools
from unknot.core.clock import FixedClock
from unknot.reports import content, pdf
from unknot.reports.content import ReportError
from unknot.web.journal import services
from unknot.web.journal.models import Session

pytestmark = pytest.mark.django_db
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


def read(data: bytes) -> list[str]:
    """Each page's text, with runs of white space made single spaces."""
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages]


@pytest.fixture
def report() -> tuple[object, bytes, list[str]]:
    journal = four_weeks()
    data = pdf.render(content.build(journal.owner, clock()))
    return journal, data, read(data)


def test_the_report_is_two_to_four_a4_pages(report):
    _journal, data, pages = report
    assert data.startswith(b"%PDF-")
    assert 2 <= len(pages) <= 4
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points


def test_page_one_says_who_and_when_and_the_knots_at_a_glance(report):
    _journal, _data, pages = report
    first = pages[0]
    assert "Self-care report for a physical therapist" in first
    assert "Made on 28 November 2026" in first
    assert "Alex Example" in first and "1984" in first
    assert "It is not a diagnosis" in first
    assert re.search(r"1 Right top of the shoulder 2 Getting better Self-care", first)
    assert "28 of 30 days with data" in first
    assert "21 self-care sessions" in first
    for line in QUESTIONS.splitlines():
        assert line in first
    assert "Where the knots are" in first


def test_the_knot_page_has_the_triage_and_the_psfs_scores_of_the_database(report):
    journal, _data, pages = report
    text = " ".join(pages[1:])
    assert "1 · Right top of the shoulder" in text
    assert "Muscle that may be involved: Upper trapezius" in text
    assert "Self-care: no warning signs in the person's answers" in text
    assert "Red-flag answers: none reported." in text
    for activity in journal.knot.activities.order_by("position"):
        scores = list(activity.scores.order_by("checkin__at").values_list("score", flat=True))
        change = scores[-1] - scores[0]
        assert f"{activity.name} {scores[0]} (1 Nov) {scores[-1]} (28 Nov) {change:+d}" in text


def test_what_was_tried_matches_the_sessions_in_the_database(report):
    journal, _data, pages = report
    text = " ".join(pages[1:])
    rows = Session.objects.filter(knot=journal.knot)
    for strategy, label, tool in (
        ("heat", "Heat", "Heat pack"),
        ("self_release", "Self-release (pressure)", "Massage ball"),
    ):
        mine = rows.filter(strategy=strategy)
        relief = mean(s.pain_before - s.pain_after for s in mine)
        minutes = sum(s.minutes for s in mine)
        expected = f"{label} {tool} {mine.count()} {minutes} {relief:.1f} (n={mine.count()})"
        assert expected in text


def test_the_last_part_has_dosing_adherence_and_notes(report):
    _journal, _data, pages = report
    text = " ".join(pages[1:])
    assert "Movement dosing history" in text
    assert "26 Nov Run 2 1 Better Green" in text
    assert "Days with data 28 of 30" in text
    assert "Self-care sessions 21" in text
    assert "Recent notes from check-ins" in text
    assert "21 Nov Right top of the shoulder Drove to my sister's" in text
    assert "It started after a week of long video calls" in text  # the knot's own notes
    assert "Left out by the person: Slow breathing" in text
    assert "A cool pack on the sore spot: 3 minutes (chosen instead of gentle warmth" in text


def test_red_flag_answers_and_the_care_level_are_printed_and_two_knots_fit_four_pages():
    journal = four_weeks()
    knot = journal.knot
    knot.symptoms = [*knot.symptoms, "numbness"]
    knot.save()
    services.create_knot(
        journal.owner,
        services.KnotInput(region="calf", side="left", activities=["Walking uphill"]),
        clock=clock(),
    )
    pages = read(pdf.render(content.build(journal.owner, clock())))
    text = " ".join(pages)
    assert "Red-flag answers: Numbness." in text
    assert "No self-care plan: the safety check says to see a professional first." in text
    assert "See a professional: unknot suggested having a professional look at this" in text
    assert "2 · Left calf" in text and "No check-ins or sessions" not in text  # drawn, not text
    assert len(pages) <= 4


def test_one_knot_can_be_reported_and_an_unknown_one_is_a_clear_error():
    journal = four_weeks()
    other = services.create_knot(
        journal.owner, services.KnotInput(region="calf", side="left"), clock=clock()
    )
    both = content.build(journal.owner, clock())
    assert [k.title for k in both.knots] == ["Right top of the shoulder", "Left calf"]
    one = content.build(journal.owner, clock(), knot_id=other.pk)
    assert [k.title for k in one.knots] == ["Left calf"]
    with pytest.raises(ReportError, match="There is no knot 999999"):
        content.build(journal.owner, clock(), knot_id=999999)


def test_an_empty_journal_has_nothing_to_report():
    with pytest.raises(ReportError, match="nothing to report yet"):
        content.build(services.local_user(), clock())


def test_any_character_the_person_types_prints():
    journal = four_weeks()
    from unknot.web.reports import services as report_services

    report_services.save_notes(
        journal.owner,
        name="Zoë Ångström-Łukasz",
        questions="Is ½ an hour of heat too long? “Yes” – or no?",
    )
    text = " ".join(read(pdf.render(content.build(journal.owner, clock()))))
    assert "Zoë Ångström-Łukasz" in text
    assert "Is ½ an hour of heat too long? “Yes” – or no?" in text


def test_the_activity_names_are_the_psfs_activities():
    journal = four_weeks()
    found = content.build(journal.owner, clock())
    assert [p.activity for p in found.knots[0].psfs] == ACTIVITIES


@needs_tools("pdftoppm")
def test_the_pages_render_as_images_for_people_to_look_at(report):
    _journal, data, pages = report
    SCREENSHOTS.mkdir(exist_ok=True)
    source = SCREENSHOTS / "report.pdf"
    source.write_bytes(data)
    for old in SCREENSHOTS.glob("report-page-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(source), str(SCREENSHOTS / "report-page")],
        check=True,
        timeout=60,
    )
    images = sorted(SCREENSHOTS.glob("report-page-*.png"))
    assert len(images) == len(pages)
    assert all(image.stat().st_size > 10_000 for image in images)


def test_an_experiment_is_reported_with_its_progress_and_verdict():
    from unknot.web.experiments import services as experiments
    from unknot.web.experiments.creation import Setup, create_experiment

    journal = four_weeks()
    create_experiment(journal.owner, Setup(seed=7), knot=journal.knot, clock=FixedClock(moment(14)))
    (summary,) = experiments.summaries(journal.owner)
    text = " ".join(read(pdf.render(content.build(journal.owner, clock()))))
    assert "Personal experiments" in text and "No experiments yet." not in text
    assert summary.title in text
    assert f"{summary.periods_recorded} of {summary.periods_planned} periods recorded" in text
    assert " ".join(summary.verdict.split()[:6]) in text


def test_movement_breaks_are_counted_from_the_breaks_app_and_no_data_is_not_zero():
    from unknot.web.breaks import services as breaks

    journal = four_weeks()
    text = " ".join(read(pdf.render(content.build(journal.owner, clock()))))
    assert "Movement breaks not in use in these 30 days" in text  # no data is not "0 taken"
    for day in (20, 21, 21, 26):
        done = breaks.OutcomeInput(kind="water", outcome="done", at=moment(day, 11))
        breaks.record_outcome(journal.owner, done, clock=clock())
    report = content.build(journal.owner, clock())
    per_day = breaks.breaks_per_day(journal.owner, report.span.start, report.span.end)
    assert report.breaks == sum(per_day.values()) and report.breaks_days == len(per_day) == 3
    text = " ".join(read(pdf.render(report)))
    assert f"Movement breaks {report.breaks} taken, on the 3 days breaks were in use" in text
