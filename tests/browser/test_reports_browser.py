"""The "Your data" page in the browser, after four simulated weeks of a shoulder knot: the
person downloads the report for their physical therapist (a real PDF of two to four
pages), then tries to import a broken file and sees a clear error next to the field,
with nothing changed. At a laptop's size and a small phone's, with screenshots."""

from __future__ import annotations

import io
import json

import pytest
import time_machine
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from report_data import NOW, four_weeks
from unknot.reports import data_export

pytestmark = pytest.mark.browser

VIEWPORTS = ["desktop", "phone"]


@pytest.fixture
def journal():
    with time_machine.travel(NOW, tick=True):
        yield four_weeks()


def open_your_data(page: Page) -> None:
    page.goto("/profile/")
    page.get_by_role("link", name="Report and your data").click()
    expect(page.get_by_role("heading", level=1, name="Your data")).to_be_visible()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_person_downloads_the_report_and_a_bad_import_changes_nothing(
    open_page, shoot, viewport, journal, tmp_path
):
    page = open_page(viewport)
    with time_machine.travel(NOW, tick=True):
        open_your_data(page)
        expect(page.locator("#monitoring")).to_contain_text("28 of 30")
        shoot(page, viewport, "1-your-data")

        with page.expect_download() as caught:
            page.get_by_role("button", name="Download the report (PDF)").click()
        download = caught.value
        assert download.suggested_filename == "unknot-report-2026-11-28.pdf"
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
        pages = PdfReader(io.BytesIO(saved.read_bytes())).pages
        assert 2 <= len(pages) <= 4
        assert "Self-care report for a physical therapist" in pages[0].extract_text()

        before = data_export.count_rows(journal.owner)
        broken = tmp_path / "from-a-friend.json"
        broken.write_text(json.dumps({"format": "unknot-export", "version": 3, "data": {}}))
        page.get_by_label("File to import").set_input_files(str(broken))
        page.get_by_role("button", name="Import", exact=True).click()

        error = page.locator("#import-file-error")
        expect(error).to_contain_text("newer version of unknot")
        expect(error).to_contain_text("Your journal has not changed.")
        expect(page.get_by_label("File to import")).to_have_attribute("aria-invalid", "true")
        expect(page.locator(".error-summary")).to_be_visible()
        page.locator("#import").scroll_into_view_if_needed()
        shoot(page, viewport, "2-import-error")
        assert data_export.count_rows(journal.owner) == before


def test_deleting_everything_asks_for_the_word_and_works_without_javascript(
    open_page, shoot, journal
):
    page = open_page("desktop", js=False)
    with time_machine.travel(NOW, tick=True):
        page.goto("/settings/")
        page.get_by_label("To confirm, type DELETE").fill("delete")
        page.get_by_role("button", name="Delete everything").click()
        expect(page.locator("#delete-confirm-error")).to_contain_text("Nothing was deleted")
        assert data_export.has_data(journal.owner)
        page.get_by_label("To confirm, type DELETE").fill("DELETE")
        page.get_by_role("button", name="Delete everything").click()
        expect(page.locator(".messages")).to_contain_text("Everything was deleted")
        expect(page.locator("#delete")).to_contain_text("there is nothing to delete")
        shoot(page, "desktop", "deleted")
        assert not data_export.has_data(journal.owner)
