"""A calf "knot" that is swollen and warm after a long flight may be a blood clot. Whether
the person says it in words or ticks it on the map, the app must end on the emergency
screen, with nothing on it that leads towards treating it as a knot.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from unknot.web.journal.models import Knot

pytestmark = pytest.mark.browser

VIEWPORTS = ["desktop", "phone"]
WORDS = "My left calf has been swollen and warm since I flew back from Sydney three days ago"
LEFT_CALF = '[data-region="calf"][data-side="left"][data-view="back"]'


def assert_emergency_screen_with_no_path_to_self_care(page: Page) -> None:
    main = page.get_by_role("main")
    expect(page).to_have_url(re.compile(r"/check/result/\?"))
    panel = main.locator(".triage-panel")
    expect(panel).to_be_visible()
    expect(panel).to_have_class(re.compile(r"\blevel-emergency\b"))
    expect(panel.get_by_text(re.compile("emergency", re.I)).first).to_be_visible()
    expect(panel.get_by_role("heading", level=1)).to_contain_text(re.compile("emergency", re.I))

    # The panel is the first thing in main, and in sight without scrolling.
    first = page.evaluate(
        """() => {
            // The first piece of visible text in main, in reading order.
            const main = document.querySelector("main");
            const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const node = walker.currentNode;
                const el = node.parentElement;
                if (!node.textContent.trim() || !el.getClientRects().length) continue;
                if (getComputedStyle(el).visibility === "hidden") continue;
                return el.closest(".triage-panel") ? "panel" : el.outerHTML.slice(0, 160);
            }
            return "nothing";
        }"""
    )
    assert first == "panel", f"the first visible thing in main is not the emergency panel: {first}"
    box = panel.bounding_box()
    assert box is not None and box["y"] < page.viewport_size["height"] / 2

    # Nothing that leads to tracking, to muscles or to a self-care plan.
    expect(page.locator('a[href*="/knots/new"]')).to_have_count(0)
    expect(page.locator('a[href*="/knots/"]')).to_have_count(0)
    expect(page.locator('a[href*="/muscles/"]')).to_have_count(0)
    expect(page.locator('form[action*="/knots/"]')).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile(r"\btrack", re.I))).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile(r"\btrack", re.I))).to_have_count(0)
    expect(main.locator(".muscle-card")).to_have_count(0)
    expect(main.get_by_role("heading", name=re.compile("muscles? that may", re.I))).to_have_count(0)
    expect(main.get_by_role("heading", name=re.compile("first safe steps", re.I))).to_have_count(0)
    expect(
        main.get_by_text(re.compile("self-release|massage ball|foam roller", re.I))
    ).to_have_count(0)
    # And calling for help is one tap away.
    expect(panel.locator('a[href^="tel:"]').first).to_be_visible()
    assert Knot.objects.count() == 0


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_swollen_warm_calf_after_a_flight_described_in_words_ends_on_the_emergency_screen(
    open_page, viewport, shoot
):
    page = open_page(viewport)
    page.goto("/check/")
    page.get_by_label("Or describe it in your own words").fill(WORDS)
    page.get_by_role("button", name="Show my result").click()
    assert_emergency_screen_with_no_path_to_self_care(page)
    shoot(page, viewport)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_swollen_warm_calf_after_a_flight_picked_on_the_map_ends_on_the_emergency_screen(
    open_page, viewport, shoot
):
    page = open_page(viewport)
    page.goto("/check/")
    calf = page.locator(LEFT_CALF)
    calf.click()
    expect(calf).to_have_attribute("aria-checked", "true")
    expect(page.locator('input[name="loc"][value="calf:left"]')).to_be_checked()
    page.get_by_role("checkbox", name="Swelling", exact=True).check()
    page.get_by_role("checkbox", name="Warmth", exact=True).check()
    page.get_by_role("checkbox", name="Recent long journey", exact=True).check()
    page.get_by_role("button", name="Show my result").click()
    assert_emergency_screen_with_no_path_to_self_care(page)
    shoot(page, viewport)
