"""Other parts of unknot add panels to Today through journal.today_panels."""

import pytest
from django.utils.safestring import mark_safe

from unknot.web.journal import today_panels

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered():
    saved = dict(today_panels._MAKERS)
    today_panels._MAKERS.clear()
    yield today_panels.register
    today_panels._MAKERS.clear()
    today_panels._MAKERS.update(saved)


def test_registered_panels_show_on_today_in_their_order(client, registered):
    registered(
        "late", lambda request, owner: today_panels.Panel("Second", mark_safe("<p>b</p>"), 60)
    )
    registered(
        "early", lambda request, owner: today_panels.Panel("First", mark_safe("<p>a</p>"), 10)
    )
    html = client.get("/").content.decode()
    assert html.index("First") < html.index("Second")


def test_a_panel_with_nothing_to_say_is_left_out(client, registered):
    registered("quiet", lambda request, owner: None)
    assert "today-panel" not in client.get("/").content.decode()


def test_a_failing_panel_does_not_break_today(client, registered, caplog):
    def broken(request, owner):
        raise RuntimeError("boom")

    registered("broken", broken)
    registered("fine", lambda request, owner: today_panels.Panel("Still here", mark_safe("")))
    response = client.get("/")
    assert response.status_code == 200
    assert "Still here" in response.content.decode()
    assert "broken" in caplog.text
