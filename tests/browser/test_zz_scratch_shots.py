import pytest
from playwright.sync_api import expect

from unknot.web.journal import doses, profiles, services
from unknot.web.journal.services import KnotInput

pytestmark = pytest.mark.browser


def knot():
    k = services.create_knot(services.local_user(), KnotInput(region="shoulder_top", side="right", muscle="upper_trapezius"))
    services.add_checkin(k, pain=4)
    return k


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_shots(open_page, viewport):
    k = knot()
    page = open_page(viewport)
    h = 780 if viewport == "phone" else 900
    def shots(name, n=3):
        total = page.evaluate("() => document.documentElement.scrollHeight")
        w = page.viewport_size["width"]
        for i in range(min(n, (total + h - 1) // h)):
            page.screenshot(path=f"/tmp/shots/{name}-{viewport}-{i}.png", full_page=True, clip={"x": 0, "y": i * h, "width": w, "height": min(h, total - i * h)})
    page.goto(f"/knots/{k.pk}/")
    shots("knot", 4)
    page.goto(f"/knots/{k.pk}/session/play/")
    shots("intro", 2)
    page.goto(f"/knots/{k.pk}/session/play/?pain_before=5&step=1")
    shots("step1", 3)
    page.goto(f"/knots/{k.pk}/session/play/?pain_before=5&step=5")
    page.get_by_role("button", name="Start the timer").click()
    page.wait_for_timeout(1500)
    shots("step5", 2)
    page.goto(f"/knots/{k.pk}/session/play/?pain_before=5&done=7")
    shots("finish", 2)
    page.goto("/profile/")
    shots("profile", 4)
    profiles.save_causes(services.local_user(), {"stress_level": 3, "posture_workspace": 2, "recovery_sleep": 1})
    page.goto("/causes/")
    shots("causes", 3)
    me = services.local_user()
    doses.add_exposure(me, activity="run", pain_during=4, pain_after=3, next_morning="worse")
    doses.add_exposure(me, activity="run", pain_during=6, pain_after=6)
    page.goto("/dose/?activity=run")
    shots("dose", 4)
    page.goto("/muscles/upper_trapezius/")
    page.locator(".stretch-guide").screenshot(path=f"/tmp/shots/stretch-{viewport}.png")
    page.goto(f"/knots/{k.pk}/session/play/?pain_before=5&step=1")
    page.get_by_role("button", name="Stop: Tingling").click()
    shots("recheck", 2)
