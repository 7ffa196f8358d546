"""The server-rendered pages: they answer, they keep people safe, they keep what was typed,
and they stay inside the strict Content-Security-Policy.

These run against the real database (SQLite by default, PostgreSQL with DATABASE_URL)
through Django's test client, without a browser; tests/browser drives Chromium.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from typing import Any

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory

from unknot.web.journal import services
from unknot.web.journal.models import Activity, CheckIn, FunctionScore, Knot, Session

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
HUGE = "x" * 6000
SHOULDER = "/check/result/?loc=shoulder_top:right&pain=4&days=3"
CLOT = (
    "/check/result/?loc=calf:left&pain=6&days=2&symptoms=swelling&symptoms=warmth"
    "&conditions=recent_long_travel"
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen() -> Any:
    """Every page sees the same Saturday; tick=False keeps dates exact."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def me() -> Any:
    return services.local_user()


@pytest.fixture
def knot(me: Any) -> Knot:
    return services.create_knot(
        me,
        services.KnotInput(
            region="shoulder_top",
            side="right",
            muscle="upper_trapezius",
            activities=["Turning my head to drive"],
        ),
    )


@pytest.fixture
def someone_elses_knot() -> Knot:
    other = get_user_model().objects.create(username="someone-else")
    return services.create_knot(other, services.KnotInput(region="calf", side="left"))


def page(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def text_of(html: str) -> str:
    """The page's words without tags, spaces squeezed: what a reader sees."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# --- every page answers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/check/",
        SHOULDER,
        "/check/result/?text=tight+knot+top+of+my+left+shoulder",
        "/knots/",
        "/knots/new/",
        "/muscles/",
        "/muscles/?q=traps",
        "/muscles/upper_trapezius/",
    ],
)
def test_each_page_answers(client, url):
    page(client, url)


@pytest.mark.parametrize("suffix", ["", "edit/", "?days=90", "?days=365", "?page=2"])
def test_each_page_of_a_knot_answers(client, knot, suffix):
    page(client, f"/knots/{knot.pk}/{suffix}")


def test_another_persons_knot_is_not_found_on_any_route(client, someone_elses_knot):
    pk = someone_elses_knot.pk
    for url in (f"/knots/{pk}/", f"/knots/{pk}/edit/"):
        page(client, url, 404)
    for url, data in (
        (f"/knots/{pk}/checkin/", {"pain": "3"}),
        (f"/knots/{pk}/session/", {"strategy": "heat", "minutes": "10"}),
        (f"/knots/{pk}/archive/", {"archived": "1"}),
    ):
        assert client.post(url, data).status_code == 404
    assert CheckIn.objects.count() == Session.objects.count() == 0
    assert not Knot.objects.get(pk=pk).is_archived


def test_an_unknown_page_and_an_unknown_muscle_get_the_friendly_not_found_page(client):
    for url in ("/no-such-page/", "/muscles/no_such_muscle/", "/knots/999999/"):
        html = page(client, url, 404)
        assert "We could not find that page" in html
        assert "not a diagnostic device" in html


def test_the_server_error_page_is_in_the_same_style():
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
    assert "unknot/app.css" in response.content.decode()


# --- "Where does it hurt?" ---------------------------------------------------------------------


def test_an_ordinary_knot_shows_the_care_level_then_muscles_with_a_track_button(client):
    html = page(client, SHOULDER)
    assert 'class="triage-panel level-self_care"' in html
    assert "Muscles that may be involved" in html
    assert 'class="muscle-card' in html
    assert "Upper trapezius" in html
    track = re.search(r'href="(/knots/new/\?[^"]*muscle=upper_trapezius[^"]*)"', html)
    assert track, "no Track this knot link for the upper trapezius"
    link = track.group(1).replace("&amp;", "&")
    assert "region=shoulder_top" in link and "side=right" in link and "pain=4" in link
    # The triage panel comes before the muscles.
    assert html.index("triage-panel") < html.index("Muscles that may be involved")


def test_an_emergency_shows_the_emergency_panel_and_no_way_towards_self_care(client):
    html = page(client, CLOT)
    assert 'class="triage-panel level-emergency"' in html
    assert "Call emergency services now (999 / 911 / 112)" in html
    assert 'href="tel:999"' in html
    for forbidden in (
        "/knots/new/",
        "/muscles/",
        "/knots/",
        "muscle-card",
        "Track this knot",
        "Muscles that may be involved",
        "First safe steps",
    ):
        assert forbidden not in html, forbidden
    assert Knot.objects.count() == 0


def test_an_emergency_told_in_words_is_just_as_unmissable(client):
    words = "my left calf is swollen and warm since I flew back from Sydney three days ago"
    html = page(client, f"/check/result/?text={words.replace(' ', '+')}")
    assert 'class="triage-panel level-emergency"' in html
    assert "/knots/new/" not in html and "muscle-card" not in html


def test_a_warning_sign_without_a_place_still_gets_its_result(client):
    html = page(client, "/check/result/?symptoms=chest_pain&symptoms=shortness_of_breath")
    assert 'class="triage-panel level-emergency"' in html


def test_words_and_ticked_places_are_merged(client):
    html = text_of(page(client, "/check/result/?loc=calf:left&text=sore+right+shoulder+top"))
    assert "Left calf" in html
    assert re.search(r"Right (top of the shoulder|shoulder)", html)
    assert "What we understood" in html


def test_a_check_with_no_place_at_all_asks_for_one_next_to_the_map_and_keeps_the_rest(client):
    html = page(client, "/check/result/?pain=4&days=3&trend=worse&limits=on&conditions=diabetes")
    assert "Pick at least one place on the map or describe it in words" in html
    assert 'id="f-loc-error"' in html
    assert 'aria-describedby="f-loc-error"' in html
    assert re.search(r'name="days" type="number"[^>]* value="3"', html)
    assert re.search(r'name="pain" value="4" checked', html)
    assert re.search(r'name="trend" value="worse" checked', html)
    assert re.search(r'name="limits" value="on" checked', html)
    assert re.search(r'name="conditions" value="diabetes" checked', html)


def test_a_check_with_pain_eleven_shows_the_message_by_the_field_and_keeps_the_words(client):
    html = page(client, "/check/result/?loc=shoulder_top:right&pain=11&days=3&text=after+typing")
    assert "<h1>Where does it hurt?</h1>" in html
    assert 'id="f-pain-error"' in html and "0 (no pain) to 10" in html
    assert re.search(r'id="f-pain" aria-describedby="f-pain-hint f-pain-error"', html)
    assert ">after typing</textarea>" in html
    assert re.search(r'value="shoulder_top:right" aria-label="[^"]+" checked', html)


def test_words_without_a_place_are_answered_with_a_hint(client):
    html = page(client, "/check/result/?text=it+hurts+a+bit")
    assert "could not find a body area in your words" in html
    assert ">it hurts a bit</textarea>" in html


# --- tracking a knot ---------------------------------------------------------------------------


def test_the_track_link_fills_in_the_new_knot_form(client):
    html = page(
        client,
        "/knots/new/?region=shoulder_top&side=right&muscle=upper_trapezius"
        "&pain=4&days=3&symptoms=tender_spot",
    )
    assert re.search(r'<option value="shoulder_top" selected>', html)
    assert re.search(r'<option value="right" selected>', html)
    assert re.search(r'<option value="upper_trapezius" selected>', html)
    assert re.search(r'name="pain" value="4" checked', html)
    assert 'value="2026-11-25"' in html  # started three days ago
    assert '<input type="hidden" name="symptoms" value="tender_spot">' in html


def test_tracking_a_knot_stores_it_with_its_first_check_in(client, me):
    response = client.post(
        "/knots/new/",
        {
            "region": "shoulder_top",
            "side": "right",
            "muscle": "upper_trapezius",
            "size": "fingertip",
            "feel": ["achy", "dull"],
            "pain": "4",
            "started_on": "2026-11-25",
            "activities": ["Turning my head to drive", "", "", "", ""],
            "notes": "After moving",
        },
    )
    knot = Knot.objects.get(owner=me)
    assert response.status_code == 302 and response["Location"] == f"/knots/{knot.pk}/"
    assert (knot.size, knot.feel, knot.notes) == ("fingertip", ["achy", "dull"], "After moving")
    assert list(knot.checkins.values_list("pain", flat=True)) == [4]
    assert [a.name for a in knot.activities.all()] == ["Turning my head to drive"]


def test_a_new_knot_without_a_region_keeps_everything_typed_and_stores_nothing(client):
    html = client.post(
        "/knots/new/",
        {
            "region": "",
            "side": "left",
            "feel": ["sharp"],
            "limits": "Driving",
            "activities": ["Sleeping on my side", "", "", "", ""],
            "notes": "Started after a move",
        },
    ).content.decode()
    assert 'id="f-region-error"' in html and "Choose a body region" in html
    assert 'aria-invalid="true" aria-describedby="f-region-error"' in html
    assert 'href="#f-region"' in html  # the error summary links to the field
    assert re.search(r'name="feel" value="sharp" checked', html)
    assert 'value="Sleeping on my side"' in html and 'value="Driving"' in html
    assert ">Started after a move</textarea>" in html
    assert Knot.objects.count() == 0


def test_huge_notes_are_refused_with_a_message_and_nothing_is_stored(client):
    html = client.post(
        "/knots/new/", {"region": "calf", "side": "left", "notes": HUGE, "pain": "3"}
    ).content.decode()
    assert 'id="f-notes-error"' in html and "under 5000 characters" in html
    assert HUGE in html
    assert Knot.objects.count() == CheckIn.objects.count() == 0


def test_an_impossible_first_pain_stores_nothing_even_when_the_knot_is_fine(client):
    html = client.post(
        "/knots/new/", {"region": "calf", "side": "left", "pain": "11"}
    ).content.decode()
    assert 'id="f-pain-error"' in html
    assert Knot.objects.count() == CheckIn.objects.count() == 0


def test_editing_a_knot_with_bad_input_keeps_it_unchanged_and_shows_the_typing(client, knot):
    html = client.post(
        f"/knots/{knot.pk}/edit/",
        {
            "region": "calf",
            "side": "left",
            "notes": HUGE,
            "activities": ["Running"],
        },
    ).content.decode()
    assert 'id="f-notes-error"' in html
    assert re.search(r'<option value="calf" selected>', html)
    knot.refresh_from_db()
    assert (knot.region, knot.notes) == ("shoulder_top", "")
    assert [a.name for a in knot.activities.all()] == ["Turning my head to drive"]


def test_editing_a_knot_saves_and_returns_to_it(client, knot):
    response = client.post(
        f"/knots/{knot.pk}/edit/",
        {
            "region": "shoulder_top",
            "side": "left",
            "started_on": "2026-11-20",
            "activities": ["Turning my head to drive", "Carrying shopping"],
        },
    )
    assert response.status_code == 302
    knot.refresh_from_db()
    assert knot.side == "left"
    assert [a.name for a in knot.activities.all()] == [
        "Turning my head to drive",
        "Carrying shopping",
    ]


def test_a_knot_can_be_archived_and_brought_back(client, knot):
    client.post(f"/knots/{knot.pk}/archive/", {"archived": "1"})
    knot.refresh_from_db()
    assert knot.is_archived
    assert f"/knots/{knot.pk}/checkin/" not in page(client, "/")
    assert "Archived" in page(client, "/knots/")
    client.post(f"/knots/{knot.pk}/archive/", {"archived": "0"})
    knot.refresh_from_db()
    assert not knot.is_archived


# --- check-ins and sessions --------------------------------------------------------------------


def test_the_one_tap_check_in_without_javascript_saves_and_goes_back_to_today(client, knot):
    response = client.post(
        f"/knots/{knot.pk}/checkin/",
        {"pain": "3", "from": "today", "next": f"/#knot-{knot.pk}"},
        follow=True,
    )
    assert response.redirect_chain == [(f"/#knot-{knot.pk}", 302)]
    assert "Check-in saved: pain 3 out of 10" in response.content.decode()
    assert list(knot.checkins.values_list("pain", flat=True)) == [3]


def test_the_one_tap_check_in_with_htmx_swaps_only_the_card(client, knot):
    response = client.post(
        f"/knots/{knot.pk}/checkin/", {"pain": "6", "from": "today"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<article class="knot-card')
    assert f'id="knot-{knot.pk}"' in html
    assert 'role="status"' in html and "Saved: pain 6 out of 10" in html
    assert "<html" not in html
    assert list(knot.checkins.values_list("pain", flat=True)) == [6]
    # The saved message is inline, not queued for the next page as well.
    assert "Check-in saved" not in page(client, "/")


def test_a_one_tap_check_in_out_of_range_is_refused_on_the_card(client, knot):
    html = client.post(
        f"/knots/{knot.pk}/checkin/", {"pain": "11", "from": "today"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'class="field-error" role="alert"' in html
    assert CheckIn.objects.count() == 0


def test_an_open_redirect_is_not_followed(client, knot):
    response = client.post(
        f"/knots/{knot.pk}/checkin/", {"pain": "3", "next": "https://example.com/"}
    )
    assert response["Location"] == f"/knots/{knot.pk}/"


def test_a_check_in_on_the_knot_page_stores_the_function_score(client, knot):
    activity = Activity.objects.get(knot=knot)
    response = client.post(
        f"/knots/{knot.pk}/checkin/",
        {
            "pain": "3",
            f"score_{activity.pk}": "7",
            "notes": "Better after a walk",
            "next": f"/knots/{knot.pk}/",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Check-in saved: pain 3 out of 10" in html
    assert "Turning my head to drive: 7/10" in html
    assert FunctionScore.objects.get().score == 7


def test_a_bad_check_in_keeps_what_was_typed_and_stores_nothing(client, knot):
    activity = Activity.objects.get(knot=knot)
    html = client.post(
        f"/knots/{knot.pk}/checkin/",
        {"pain": "11", f"score_{activity.pk}": "12", "notes": "Long day"},
    ).content.decode()
    assert 'id="ci-pain-error"' in html
    assert f'id="ci-score_{activity.pk}-error"' in html
    assert 'value="Long day"' in html and 'value="12"' in html
    assert CheckIn.objects.count() == FunctionScore.objects.count() == 0


def test_huge_check_in_notes_are_refused(client, knot):
    html = client.post(f"/knots/{knot.pk}/checkin/", {"pain": "3", "notes": HUGE}).content.decode()
    assert 'id="ci-notes-error"' in html and "under 500 characters" in html
    assert CheckIn.objects.count() == 0


def test_a_session_is_logged_and_shown_in_the_history(client, knot):
    response = client.post(
        f"/knots/{knot.pk}/session/",
        {
            "strategy": "self_release",
            "tool": "massage_ball",
            "minutes": "10",
            "pain_before": "5",
            "pain_after": "3",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Session saved" in html
    assert "with massage ball, 10 min" in html and "pain 5 → 3" in html


def test_a_bad_session_shows_each_message_and_stores_nothing(client, knot):
    html = client.post(
        f"/knots/{knot.pk}/session/",
        {"strategy": "", "minutes": "0", "pain_after": "11", "notes": "ball"},
    ).content.decode()
    for field in ("strategy", "minutes", "pain_after"):
        assert f'id="se-{field}-error"' in html, field
    assert 'id="se-notes" name="notes" type="text" value="ball"' in html
    assert Session.objects.count() == 0


# --- the knot page -------------------------------------------------------------------------------


def test_the_knot_page_draws_the_chart_and_tells_it_in_words(client, knot):
    for days_ago, pain in ((10, 6), (5, 5), (1, 3)):
        services.add_checkin(knot, pain=pain, at=NOW - timedelta(days=days_ago))
    services.add_session(knot, strategy="heat", minutes=15, at=NOW - timedelta(days=4))
    html = page(client, f"/knots/{knot.pk}/")
    assert html.count('<svg class="chart') == 2  # one drawing for wide screens, one for phones
    assert '<title id="chart-' in html and '<desc id="chart-' in html
    assert html.count('class="chart-pain-dot"') == 6  # three days, in each drawing
    assert html.count('class="chart-session"') == 2
    assert "3 days with a check-in" in html
    assert "1 self-care session" in html


def test_the_knot_page_says_plainly_when_the_trend_rule_fires(client, me):
    knot = services.create_knot(
        me, services.KnotInput(region="calf", side="left", started_on="2026-11-01")
    )
    for days_ago, pain in ((13, 3), (12, 3), (11, 3), (3, 6), (2, 7), (1, 7)):
        services.add_checkin(knot, pain=pain, at=NOW - timedelta(days=days_ago))
    html = page(client, f"/knots/{knot.pk}/")
    assert "Your check-ins show this knot getting worse" in html
    assert "level-see_professional" in html


def test_the_history_is_paged_thirty_at_a_time(client, knot):
    for i in range(35):
        services.add_checkin(knot, pain=i % 11, at=NOW - timedelta(hours=i + 1))
    first = page(client, f"/knots/{knot.pk}/")
    assert first.count('class="history-item') == 30
    assert "?page=2#history" in first
    second = page(client, f"/knots/{knot.pk}/?page=2")
    assert second.count('class="history-item') == 5
    assert "?page=1#history" in second


# --- Today and the sample data -----------------------------------------------------------------


def test_an_empty_today_offers_the_check_and_the_sample_data(client):
    html = page(client, "/")
    assert 'href="/check/"' in html and "Where does it hurt?" in html
    assert 'action="/sample/"' in html and "Explore with sample data" in html


def test_today_shows_each_knot_with_a_one_tap_check_in_and_the_next_thing_to_do(client, knot):
    html = page(client, "/")
    assert f'action="/knots/{knot.pk}/checkin/"' in html
    assert html.count('name="pain" value=') == 11
    assert 'aria-label="Pain 10 out of 10"' in html
    assert "Next thing to do" in html and "Check in on your right top of the shoulder knot" in html
    assert "Find a knot" in html


def test_today_flags_a_knot_that_needs_attention(client, me):
    services.create_knot(
        me,
        services.KnotInput(
            region="low_back", side="left", symptoms=["numbness"], started_on="2026-11-20"
        ),
    )
    html = page(client, "/")
    assert "Needs attention" in html
    assert re.search(r'class="badge level-(urgent|see_professional|emergency)"', html)


def test_sample_data_is_marked_and_removable(client, me, knot):
    response = client.post("/sample/", follow=True)
    html = response.content.decode()
    assert "You are looking at sample data" in html and 'action="/sample/remove/"' in html
    assert Knot.objects.filter(owner=me, is_sample=True).count() == 3
    client.post("/sample/remove/")
    assert list(Knot.objects.filter(owner=me)) == [knot]
    assert "You are looking at sample data" not in page(client, "/")


# --- the muscle library ----------------------------------------------------------------------


def test_the_library_lists_every_muscle_and_finds_one_by_its_nickname(client, kb):
    assert page(client, "/muscles/").count('class="muscle-item"') == len(kb.muscles)
    found = page(client, "/muscles/?q=traps")
    assert "Upper trapezius" in found and found.count('class="muscle-item"') < len(kb.muscles)


def test_the_live_search_answers_htmx_with_the_results_alone(client):
    html = client.get("/muscles/?q=calf", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html and "Gastrocnemius" in html


def test_a_muscle_card_shows_every_part_of_the_card(client, kb):
    from unknot.core.cards import muscle_json

    card = muscle_json(kb.muscles["upper_trapezius"], kb)
    html = text_of(page(client, "/muscles/upper_trapezius/"))
    for text in (
        card["trigger_point"],
        card["self_release"]["position"],
        card["stretch"]["instructions"],
        *card["cautions"],
        *card["signs"],
        *card["aggravating"],
        *card["self_release"]["avoid"],
    ):
        assert text_of(text.replace("'", "&#x27;")) in html, text
    assert "Sources" in html and len(card["sources"]) >= 1


# --- security: CSP, no inline script or style ----------------------------------------------------


class _InlineFinder(HTMLParser):
    """Collects what a strict CSP (script-src 'self'; style-src 'self') would block."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _value in attrs}
        if tag == "script" and "src" not in names:
            self.problems.append("inline <script>")
        if tag == "style":
            self.problems.append("<style> block")
        if "style" in names:
            self.problems.append(f"style= on <{tag}>")
        self.problems += [f"{n}= on <{tag}>" for n in names if n.startswith(("on", "hx-on"))]
        self.problems += [
            f"javascript: URL on <{tag}>"
            for _n, value in attrs
            if value and value.strip().lower().startswith("javascript:")
        ]


def test_every_page_sends_the_csp_and_has_no_inline_script_or_style(client, knot):
    services.add_checkin(knot, pain=4)
    requests = [
        ("get", "/", {}),
        ("get", "/check/", {}),
        ("get", SHOULDER, {}),
        ("get", CLOT, {}),
        ("get", "/check/result/?pain=11", {}),
        ("get", "/knots/", {}),
        ("get", "/knots/new/", {}),
        ("get", f"/knots/{knot.pk}/", {}),
        ("get", f"/knots/{knot.pk}/edit/", {}),
        ("get", "/muscles/", {}),
        ("get", "/muscles/upper_trapezius/", {}),
        ("get", "/nothing-here/", {}),
        ("post", "/knots/new/", {"region": "", "notes": HUGE}),
        ("post", f"/knots/{knot.pk}/checkin/", {"pain": "11"}),
        ("post", f"/knots/{knot.pk}/checkin/", {"pain": "2", "from": "today"}),
        ("get", f"/knots/{knot.pk}/session/play/", {}),
        ("get", f"/knots/{knot.pk}/session/play/?pain_before=4&step=1", {}),
        ("get", f"/knots/{knot.pk}/session/play/?pain_before=4&step=5", {}),
        ("get", f"/knots/{knot.pk}/session/play/?pain_before=4&done=3", {}),
        ("post", f"/knots/{knot.pk}/plan/choose/", {"step": "heat:heat", "action": "drop"}),
        ("get", "/profile/", {}),
        ("post", "/profile/", {"minutes": "0"}),
        ("get", "/causes/", {}),
        ("post", "/causes/", {}),
        ("get", "/dose/", {}),
        ("post", "/dose/", {"activity": ""}),
        ("post", f"/knots/{knot.pk}/session/stop/", {"reason": "tingling"}),
        ("get", f"/knots/{knot.pk}/session/recheck/?why=tingling", {}),
    ]
    for method, url, data in requests:
        htmx = data.get("from") == "today" or url.endswith("/plan/choose/")
        extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        response = getattr(client, method)(url, data, **extra)
        assert "script-src 'self'" in response["Content-Security-Policy"], url
        assert "style-src 'self'" in response["Content-Security-Policy"], url
        finder = _InlineFinder()
        finder.feed(response.content.decode())
        assert not finder.problems, (url, sorted(set(finder.problems)))


def test_every_form_that_changes_something_posts_with_a_csrf_token(client, knot):
    urls = ("/", f"/knots/{knot.pk}/", f"/knots/{knot.pk}/edit/", "/knots/new/", "/profile/")
    urls += ("/causes/", "/dose/", f"/knots/{knot.pk}/session/play/?pain_before=4&step=1")
    for url in urls:
        html = page(client, url)
        forms = re.findall(r"<form[^>]*method=\"post\"[^>]*>(.*?)</form>", html, re.S)
        assert forms, url
        assert all("csrfmiddlewaretoken" in form for form in forms), url


def test_htmx_is_served_by_the_app_and_configured_for_the_csp(client):
    html = page(client, "/")
    assert '<script src="/static/django_htmx/htmx-2.min.js" defer></script>' in html
    assert '"includeIndicatorStyles":false' in html
    for asset in ("django_htmx/htmx-2.min.js", "unknot/app.js", "unknot/app.css"):
        response = client.get(f"/static/{asset}")
        response.close()  # a file response: close it, or the open file warns
        assert response.status_code == 200, asset


@pytest.mark.parametrize(
    ("url", "current"),
    [("/", "Today"), ("/check/", "Where it hurts"), ("/knots/", "Knots"), ("/muscles/", "Muscles")],
)
def test_the_main_navigation_marks_the_current_section_only(client, url, current):
    html = page(client, url)
    nav = html[html.index('<nav class="site-nav"') : html.index("</nav>")]
    assert nav.count('aria-current="page"') == 1
    assert f'aria-current="page">{current}</a>' in nav
    for label in ("Today", "Where it hurts", "Knots", "Muscles", "Prevention", "You"):
        assert f">{label}</a></li>" in nav


def test_a_knot_page_belongs_to_the_knots_section(client, knot):
    html = page(client, f"/knots/{knot.pk}/")
    nav = html[html.index('<nav class="site-nav"') : html.index("</nav>")]
    assert nav.count('aria-current="page"') == 1
    assert '<a href="/knots/" aria-current="page">Knots</a>' in nav


def test_typed_text_in_a_refused_form_comes_back_escaped_with_a_summary(client, knot):
    typed = '"><script>alert(1)</script>'
    html = client.post(
        f"/knots/{knot.pk}/session/",
        {"strategy": "", "minutes": typed, "pain_after": "11", "notes": typed},
    ).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert html.count("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;") == 2  # minutes, note
    assert 'id="se-error-summary" role="alert"' in html and "Please check 3 things" in html
    assert '<a href="#se-strategy">' in html and '<details class="log-by-hand" open>' in html
    assert 'aria-invalid="true" aria-describedby="se-minutes-error"' in html
