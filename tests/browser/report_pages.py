"""The "Your data" page in the states axe-core and the 360-pixel check look at (imported
by test_accessibility.py into its PAGES)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from report_data import four_weeks


def with_four_weeks(page: Page) -> None:
    four_weeks()
    page.goto("/settings/")


def with_errors(page: Page) -> None:
    """A broken import: its message next to the field, and the summary at the top."""
    four_weeks()
    page.goto("/settings/")
    broken = Path(tempfile.mkdtemp()) / "broken.json"
    broken.write_text("{not json")
    page.get_by_label("File to import").set_input_files(str(broken))
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator("#import-file-error")).to_be_visible()


def delete_refused(page: Page) -> None:
    four_weeks()
    page.goto("/settings/")
    page.get_by_label("To confirm, type DELETE").fill("please")
    page.get_by_role("button", name="Delete everything").click()
    expect(page.locator("#delete-confirm-error")).to_be_visible()


REPORT_PAGES: dict[str, Callable[[Page], object]] = {
    "your-data-empty": lambda page: page.goto("/settings/"),
    "your-data": with_four_weeks,
    "your-data-import-error": with_errors,
    "your-data-delete-refused": delete_refused,
}
