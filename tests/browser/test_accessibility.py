"""axe-core (from the npm registry, injected by the test) finds no serious or critical
accessibility problem on any page, at a laptop's size and at a small phone's.

The page is opened in a context that bypasses the app's Content-Security-Policy:
the policy (script-src 'self') rightly refuses the injected axe script.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

import pytest
from experiment_pages import EXPERIMENT_PAGES  # tests/browser/experiment_pages.py
from playwright.sync_api import Page, expect
from prevention_pages import PREVENTION_PAGES  # tests/browser/prevention_pages.py
from report_pages import REPORT_PAGES  # tests/browser/report_pages.py

from unknot.web.journal import doses, profiles, sample, services
from unknot.web.journal.models import Knot

pytestmark = pytest.mark.browser

VIEWPORTS = ["desktop", "phone"]


def result(text: str) -> str:
    return "/check/result/?" + urlencode({"text": text})


# One sentence per care level (the language layer reads them; tests/core pins the levels).
RESULTS = {
    "self_care": result("tight knot at the top of my right shoulder, pain 4, for 3 days"),
    "see_professional": result(
        "knot in my right shoulder for three weeks, not getting better, pain 5"
    ),
    "urgent": result("my left shoulder knot with numbness and weakness in my arm"),
    "emergency": result("low back pain with numbness in the saddle area and trouble peeing"),
}


def a_sample_knot() -> Knot:
    sample.load(services.local_user())
    return Knot.objects.filter(is_sample=True).order_by("pk").first()


def today_with_sample_data(page: Page) -> None:
    page.goto("/")
    page.get_by_role("button", name="Explore with sample data").click()
    expect(page.get_by_role("complementary", name="Sample data")).to_be_visible()


def visit(url: str) -> Callable[[Page], object]:
    return lambda page: page.goto(url)


def visit_sample_knot(suffix: str = "") -> Callable[[Page], object]:
    return lambda page: page.goto(f"/knots/{a_sample_knot().pk}/{suffix}")


def a_trapezius_knot() -> Knot:
    """A sore upper trapezius that self-care suits, so it has a plan."""
    knot = services.create_knot(
        services.local_user(),
        services.KnotInput(region="shoulder_top", side="right", muscle="upper_trapezius"),
    )
    services.add_checkin(knot, pain=4)
    return knot


def visit_player(query: str = "") -> Callable[[Page], object]:
    return lambda page: page.goto(f"/knots/{a_trapezius_knot().pk}/session/play/{query}")


def stopped_for_tingling(page: Page) -> None:
    page.goto(f"/knots/{a_trapezius_knot().pk}/session/play/?pain_before=5&step=1")
    page.get_by_role("button", name="Stop: Tingling").click()
    expect(page.locator(".triage-panel")).to_be_visible()


def profile_with_errors(page: Page) -> None:
    page.goto("/profile/")
    page.get_by_label("Minutes for a session").fill("99")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".error-summary")).to_be_visible()


def causes_answered(page: Page) -> None:
    profiles.save_causes(services.local_user(), {"stress_level": 3, "posture_workspace": 2})
    page.goto("/causes/")


def dose_history(page: Page) -> None:
    me = services.local_user()
    doses.add_exposure(me, activity="run", pain_during=4, pain_after=3, next_morning="worse")
    doses.add_exposure(me, activity="run", pain_during=6, pain_after=6)
    page.goto("/dose/?activity=run")


def breaks_with_errors(page: Page) -> None:
    page.goto("/breaks/")
    page.get_by_label("A micro-break every").fill("500")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".error-summary")).to_be_visible()


# page name -> how to get there from an empty journal
PAGES: dict[str, Callable[[Page], object]] = {
    "today-empty": visit("/"),
    "today-sample": today_with_sample_data,
    "check": visit("/check/"),
    "check-with-errors": visit("/check/result/?pain=11&days=x"),
    **{f"result-{level}": visit(url) for level, url in RESULTS.items()},
    "knot-new": visit("/knots/new/?region=shoulder_top&side=right"),
    "knot": visit_sample_knot(),
    "knot-edit": visit_sample_knot("edit/"),
    "knots": lambda page: (a_sample_knot(), page.goto("/knots/")),
    "muscles": visit("/muscles/"),
    "muscles-search": visit("/muscles/?q=neck"),
    "muscle": visit("/muscles/upper_trapezius/"),
    "not-found": visit("/knots/999999/"),
    "knot-with-plan": lambda page: page.goto(f"/knots/{a_trapezius_knot().pk}/"),
    "session-intro": visit_player(),
    "session-step": visit_player("?pain_before=5&step=1"),
    "session-pacer": visit_player("?pain_before=5&step=5"),
    "session-finish": visit_player("?pain_before=5&done=7"),
    "session-checked-again": stopped_for_tingling,
    "profile": visit("/profile/"),
    "profile-with-errors": profile_with_errors,
    "causes": visit("/causes/"),
    "causes-result": causes_answered,
    "dose": visit("/dose/"),
    "dose-history": dose_history,
    **PREVENTION_PAGES,
    **EXPERIMENT_PAGES,
    **REPORT_PAGES,
    "breaks": visit("/breaks/"),
    "breaks-with-errors": breaks_with_errors,
    "breaks-movements": visit("/breaks/movements/"),
    "breaks-now": visit("/breaks/now/"),
}


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", list(PAGES))
def test_no_page_has_serious_or_critical_accessibility_problems(
    open_page, check_axe, shoot, viewport, name
):
    page = open_page(viewport, bypass_csp=True)
    PAGES[name](page)
    page.wait_for_load_state("load")
    shoot(page, viewport, name)
    check_axe(page)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_knot_form_with_errors_has_no_serious_accessibility_problems(
    open_page, check_axe, viewport
):
    page = open_page(viewport, bypass_csp=True)
    page.goto("/knots/new/")
    page.get_by_role("button", name="Start tracking").click()
    expect(page.locator(".error-summary")).to_be_visible()
    check_axe(page)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_result_levels_are_the_ones_the_pages_are_named_after(open_page, viewport):
    """Guards the page list above: each result URL really shows its care level."""
    page = open_page(viewport)
    for level, url in RESULTS.items():
        page.goto(url)
        expect(page.locator(".triage-panel")).to_have_class(f"triage-panel level-{level}")


WIDE_PAGES = {
    **PAGES,
    "result-calf-clot": visit(
        result("My left calf has been swollen and warm since I flew back from Sydney 3 days ago")
    ),
}

OVERFLOW = """() => {
    // What sticks out past the right edge of the screen: elements, innermost first, and
    // runs of text too long to wrap (a long address, say).
    const limit = document.documentElement.clientWidth + 1;
    const describe = (el) => {
        const cls = typeof el.className === "string" ? el.className : "";
        return `<${el.tagName.toLowerCase()} class="${cls}">`;
    };
    const wide = [...document.querySelectorAll("body *")].filter((el) => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.right > limit;
    });
    const culprits = wide
        .filter((el) => !wide.some((o) => o !== el && el.contains(o)))
        .map((el) => describe(el) + " " + (el.textContent || "").trim().slice(0, 50));
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    while (walker.nextNode()) {
        range.selectNodeContents(walker.currentNode);
        if (range.getBoundingClientRect().right > limit) {
            culprits.push(describe(walker.currentNode.parentElement) + " text "
                          + walker.currentNode.textContent.trim().slice(0, 50));
        }
    }
    return {
        scroll: document.documentElement.scrollWidth,
        width: document.documentElement.clientWidth,
        culprits: [...new Set(culprits)].slice(0, 6),
    };
}"""


@pytest.mark.parametrize("name", list(WIDE_PAGES))
def test_no_page_scrolls_sideways_on_a_360_pixel_phone(open_page, name):
    """Mobile first: at 360 px nothing sticks out, so the page never scrolls sideways."""
    page = open_page("phone")
    WIDE_PAGES[name](page)
    page.wait_for_load_state("load")
    found = page.evaluate(OVERFLOW)
    assert found["scroll"] <= found["width"], (
        f"{page.url} is {found['scroll']} px wide on a {found['width']} px screen; "
        "sticking out: " + "; ".join(found["culprits"])
    )
