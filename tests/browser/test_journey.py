"""The whole journey a new person takes, from an empty journal to a chart of a week,
at a laptop's size and at a small phone's: find the knot on the body map, get the
safety check, track the knot, check in on several days, log a session, see the trend.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from unknot.web.journal.models import CheckIn, Knot, Session

pytestmark = pytest.mark.browser

VIEWPORTS = ["desktop", "phone"]
RIGHT_SHOULDER_TOP = '[data-region="shoulder_top"][data-side="right"][data-view="front"]'


def main(page: Page):
    return page.get_by_role("main")


def choose_on_the_map(page: Page, selector: str) -> None:
    """Click a shape on the body map; with JavaScript that ticks its checkbox too."""
    region = page.locator(selector)
    region.click()
    expect(region).to_have_attribute("aria-checked", "true")


def check_in_from_today(page: Page, pain: int) -> None:
    """Today's one-tap check-in: one pain button on the knot's card.

    With JavaScript, htmx swaps the card in place (the page is not reloaded) and the
    card's "Saved" message takes the focus, so a screen reader announces it.
    """
    page.goto("/")
    page.evaluate("() => { window.stillTheSamePage = true; }")
    card = main(page).get_by_role("article").first
    card.get_by_role("button", name=f"Pain {pain} out of 10", exact=True).click()
    saved = card.get_by_role("status")
    expect(saved).to_contain_text(f"pain {pain} out of 10")
    expect(saved).to_be_focused()
    assert page.evaluate("() => window.stillTheSamePage === true"), "the page was reloaded"


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_person_finds_tracks_and_follows_a_knot_from_an_empty_journal(
    open_page, viewport, shoot, on_day
):
    page = open_page(viewport)

    with on_day(1):
        # An empty journal: a welcome, a way in, and the sample-data offer.
        page.goto("/")
        expect(main(page).get_by_role("article")).to_have_count(0)
        expect(main(page).get_by_role("button", name="Explore with sample data")).to_be_visible()
        shoot(page, viewport, "1-today-empty")
        main(page).get_by_role("link", name="Where does it hurt?").click()
        expect(page).to_have_url(re.compile(r"/check/$"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Where does it hurt?")

        # The top of the right shoulder, picked on the figure itself.
        choose_on_the_map(page, RIGHT_SHOULDER_TOP)
        expect(page.locator('input[name="loc"][value="shoulder_top:right"]')).to_be_checked()
        expect(page.locator("[data-picked]")).to_contain_text("Right top of the shoulder")
        pain = page.get_by_role("group", name="How strong is it right now?")
        pain.get_by_role("radio", name="4", exact=True).check()
        page.get_by_label("How many days has it been going on?").fill("3")
        shoot(page, viewport, "2-check")
        page.get_by_role("button", name="Show my result").click()

        # The result: the care level first, then the muscles that may be involved.
        expect(page).to_have_url(re.compile(r"/check/result/\?"))
        panel = main(page).locator(".triage-panel")
        expect(panel).to_have_class(re.compile(r"\blevel-self_care\b"))
        expect(panel).to_contain_text("Self-care")
        trapezius = (
            main(page)
            .get_by_role("article")
            .filter(has=page.get_by_role("heading", name=re.compile("Upper trapezius")))
        )
        expect(trapezius).to_have_count(1)
        shoot(page, viewport, "3-result")
        trapezius.get_by_role("link", name=re.compile(r"^Track this knot")).click()

        # The new-knot form arrives filled in from the check.
        expect(page).to_have_url(re.compile(r"/knots/new/\?"))
        expect(page.get_by_label("Body area")).to_have_value("shoulder_top")
        expect(page.get_by_label("Side")).to_have_value("right")
        expect(page.get_by_label(re.compile("^Muscle it may be in"))).to_have_value(
            "upper_trapezius"
        )
        # The pain given at the check becomes the knot's first check-in.
        first_pain = page.get_by_role("group", name=re.compile("^Pain right now"))
        expect(first_pain.get_by_role("radio", name="4", exact=True)).to_be_checked()
        page.get_by_role("group", name=re.compile("^Size")).get_by_label("Fingertip").check()
        page.get_by_role("group", name=re.compile("^How it feels")).get_by_label("Achy").check()
        page.get_by_label("Activity 1", exact=True).fill("Turning my head to drive")
        shoot(page, viewport, "4-new-knot")
        page.get_by_role("button", name="Start tracking").click()

        expect(page).to_have_url(re.compile(r"/knots/\d+/$"))
        knot = Knot.objects.get()
        assert (knot.region, knot.side, knot.muscle, knot.size) == (
            "shoulder_top",
            "right",
            "upper_trapezius",
            "fingertip",
        )
        assert knot.feel == ["achy"]
        assert [a.name for a in knot.activities.all()] == ["Turning my head to drive"]
        check_in_from_today(page, 5)

    with on_day(3):
        check_in_from_today(page, 4)

    with on_day(6):
        check_in_from_today(page, 4)

    with on_day(8):
        page.goto(f"/knots/{knot.pk}/")
        session = page.locator("#session")
        session.get_by_text("Log a session by hand").click()  # the guided player is the main way
        session.get_by_label("What did you do?").select_option("self_release")
        session.get_by_label(re.compile("^Tool")).select_option("massage_ball")
        session.get_by_label("Minutes").fill("10")
        session.get_by_label("Pain before").select_option("5")
        session.get_by_label("Pain after").select_option("3")
        session.get_by_role("button", name="Save session").click()
        expect(main(page)).to_contain_text("Session saved")

        # The day's check-in from the knot page, with the activity's function score.
        checkin = page.locator("#checkin")
        checkin.get_by_role("radio", name="3", exact=True).check()
        checkin.get_by_label("Turning my head to drive").fill("6")
        checkin.get_by_role("button", name="Save check-in").click()
        expect(main(page)).to_contain_text("Check-in saved: pain 3 out of 10")

        pains = list(
            CheckIn.objects.filter(knot=knot).order_by("at").values_list("pain", flat=True)
        )
        assert pains == [4, 5, 4, 4, 3]
        days = sorted({c.at.date().isoformat() for c in CheckIn.objects.filter(knot=knot)})
        assert days == ["2026-03-02", "2026-03-04", "2026-03-07", "2026-03-09"]
        assert Session.objects.filter(knot=knot, pain_before=5, pain_after=3).count() == 1

        # The chart: one point a day with a check-in, one session marker, a function point.
        page.goto(f"/knots/{knot.pk}/")
        # One drawing for wide screens and one for narrow ones; CSS shows one of them.
        chart = page.locator("#chart svg.chart").filter(visible=True)
        expect(chart).to_have_count(1)
        expect(chart.locator(".chart-pain-dot")).to_have_count(4)
        expect(chart.locator(".chart-session")).to_have_count(1)
        expect(chart.locator(".chart-function-dot")).to_have_count(1)
        expect(chart.locator("title").first).to_contain_text("Mar 2026")
        for day in ("2 Mar", "4 Mar", "7 Mar", "9 Mar"):
            expect(chart.locator(".chart-pain-dot title", has_text=day)).to_have_count(1)

        # The history: five check-ins and the session, with its tool and relief.
        history = page.locator("#history").get_by_role("listitem")
        expect(history).to_have_count(6)
        expect(page.locator("#history")).to_contain_text("with massage ball, 10 min")
        expect(page.locator("#history")).to_contain_text("pain 5 → 3")
        expect(page.locator("#history")).to_contain_text("Turning my head to drive: 6/10")
        shoot(page, viewport)

        # The body map now shows the knot, coloured by its latest pain.
        page.goto("/check/")
        region = page.locator(RIGHT_SHOULDER_TOP)
        expect(region).to_have_class(re.compile(r"\bpain-3\b"))
        expect(region).to_have_attribute("aria-checked", "false")
        other = page.locator('[data-region="shoulder_top"][data-side="left"][data-view="front"]')
        assert _fill(region) != _fill(other), "the knot's place is not coloured on the map"


def _fill(locator) -> str:
    return locator.evaluate("(el) => getComputedStyle(el).fill")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_body_map_region_can_be_chosen_with_the_keyboard_alone(open_page, viewport):
    page = open_page(viewport)
    page.goto("/check/")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('bm-region')"):
            break
    else:
        pytest.fail("Tab never reached a region of the body map")
    focused = page.locator(":focus")
    region, side = focused.get_attribute("data-region"), focused.get_attribute("data-side")
    # The focus shows: the focused shape is drawn differently from a resting one.
    resting = page.locator(f'.bm-region:not([data-region="{region}"][data-side="{side}"])').first
    assert _outline(focused) != _outline(resting), "no visible focus on the body map"
    expect(focused).to_have_attribute("aria-checked", "false")
    page.keyboard.press("Space")
    expect(focused).to_have_attribute("aria-checked", "true")
    value = f"{region}:{side}"
    expect(page.locator(f'input[name="loc"][value="{value}"]')).to_be_checked()
    # Space toggles: a second press takes the place off again.
    page.keyboard.press("Space")
    expect(focused).to_have_attribute("aria-checked", "false")
    expect(page.locator(f'input[name="loc"][value="{value}"]')).not_to_be_checked()


def test_each_figure_is_one_tab_stop_and_the_arrow_keys_move_between_places(open_page):
    """A keyboard user gets past the map in a few key presses instead of one per place."""
    page = open_page("desktop")
    page.goto("/check/")
    active = "() => document.activeElement"
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate(f"{active}.classList.contains('bm-region')"):
            break
    first = page.evaluate(f"{active}.id")
    assert page.locator(".bm-region[tabindex='0']").count() == 2  # front and back
    page.keyboard.press("ArrowDown")
    below = page.evaluate(f"{active}.id")
    assert below != first and page.evaluate(f"{active}.classList.contains('bm-region')")
    page.keyboard.press("ArrowUp")
    assert page.evaluate(f"{active}.id") != below
    page.keyboard.press("End")
    page.keyboard.press("Space")
    assert page.evaluate(f"{active}.getAttribute('aria-checked')") == "true"
    # Two Tabs: to the back figure, then out of the map altogether.
    page.keyboard.press("Tab")
    assert page.evaluate(f"{active}.dataset.view") == "back"
    page.keyboard.press("Tab")
    assert not page.evaluate(f"{active}.classList.contains('bm-region')")


def test_a_focused_body_map_region_shows_its_name(open_page):
    """A sighted keyboard user sees which place has the focus before choosing it
    (the issue: "every region clickable, keyboard-focusable, visible label")."""
    page = open_page("desktop")
    page.goto("/check/")
    region = page.locator(RIGHT_SHOULDER_TOP)
    region.focus()
    expect(region).to_be_focused()
    expect(region).to_have_attribute("aria-checked", "false")
    name = region.get_attribute("aria-label")
    assert name == "Right top of the shoulder"
    shown = page.get_by_role("main").get_by_text(name).filter(visible=True)
    expect(
        shown, f"{name!r} is not shown anywhere while its region has the focus"
    ).not_to_have_count(0)


def _outline(locator) -> tuple[str, str, str]:
    return tuple(
        locator.evaluate(
            "(el) => { const s = getComputedStyle(el);"
            " return [s.stroke, s.strokeWidth, s.outlineStyle]; }"
        )
    )


def test_sample_data_is_clearly_marked_and_removable(open_page, shoot):
    page = open_page("phone")
    page.goto("/")
    main(page).get_by_role("button", name="Explore with sample data").click()
    banner = page.get_by_role("complementary", name="Sample data")
    expect(banner).to_contain_text("sample data")
    cards = main(page).get_by_role("article")
    expect(cards).to_have_count(3)
    for i in range(3):
        expect(cards.nth(i).get_by_text("Sample", exact=True)).to_be_visible()
    expect(main(page).get_by_role("heading", name="Next thing to do")).to_be_visible()
    expect(main(page).get_by_role("heading", name="Needs attention")).to_be_visible()
    assert Knot.objects.filter(is_sample=True).count() == 3

    banner.get_by_role("button", name="Remove sample data").click()
    expect(main(page).get_by_role("article")).to_have_count(0)
    expect(main(page).get_by_role("button", name="Explore with sample data")).to_be_visible()
    assert Knot.objects.count() == 0


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_muscle_library_filters_as_you_type(open_page, viewport):
    page = open_page(viewport)
    page.goto("/muscles/")
    everything = page.locator(".muscle-list > li").count()
    page.get_by_role("searchbox", name="Search muscles").fill("traps")
    expect(page).to_have_url(re.compile(r"/muscles/\?q=traps$"))
    results = page.get_by_role("link", name="Upper trapezius")
    expect(results).to_be_visible()
    assert 0 < page.locator(".muscle-list > li").count() < everything
    results.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Upper trapezius")


def test_the_stylesheet_is_served_by_the_app_and_applied(open_page):
    page = open_page("desktop")
    responses = []
    page.on("response", lambda r: responses.append((r.url, r.status)))
    page.goto("/")
    css = [(url, status) for url, status in responses if url.endswith(".css")]
    assert css and all(status == 200 for _, status in css), css
    # app.css sets the page's layout: no default margin, a flex column.
    body = page.evaluate(
        "() => { const s = getComputedStyle(document.body); return [s.margin, s.display]; }"
    )
    assert body == ["0px", "flex"], f"app.css did not apply: body margin/display {body}"
    # The skip link waits out of sight and comes into view on the first Tab.
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.bounding_box()["y"] < 0
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    assert skip.bounding_box()["y"] >= 0


def test_no_page_asks_any_other_host_for_anything(open_page, live_server):
    """Privacy: every asset comes from the app itself, and nothing breaks the strict CSP."""
    from unknot.web.journal import sample, services

    knot = sample.load(services.local_user())[0]
    page = open_page("phone")
    requests: list[str] = []
    problems: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    for url in (
        "/",
        "/check/",
        "/check/result/?loc=shoulder_top%3Aright&pain=4&days=3",
        f"/knots/{knot.pk}/",
        f"/knots/{knot.pk}/edit/",
        "/knots/",
        "/muscles/",
        "/muscles/upper_trapezius/",
    ):
        page.goto(url)
        page.wait_for_load_state("networkidle")
    # The interactive parts too: the map, a search as you type, a one-tap check-in.
    page.goto("/check/")
    page.locator(RIGHT_SHOULDER_TOP).click()
    page.goto("/muscles/")
    page.get_by_role("searchbox").first.fill("neck")
    page.wait_for_load_state("networkidle")
    page.goto("/")
    page.get_by_role("main").get_by_role("article").first.get_by_role(
        "button", name="Pain 3 out of 10"
    ).click()
    page.wait_for_load_state("networkidle")

    origin = live_server.url.rstrip("/") + "/"
    foreign = sorted({u for u in requests if not u.startswith((origin, "data:"))})
    assert not foreign, f"requests to other hosts: {foreign}"
    assert not problems, "console errors (CSP violations, missing files, script errors):\n" + (
        "\n".join(problems)
    )
