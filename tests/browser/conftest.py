"""Browser tests: Playwright drives Debian's Chromium (headless) against pytest-django's
live server. Nothing is downloaded: the browser is /usr/bin/chromium and axe-core comes
from the npm registry through package-lock.json (`make unit` runs `npm ci`).

Helpers shared by the journeys live here: opening a page at a named viewport,
time travel for check-ins on several days, full-page screenshots under
`screenshots/`, and the axe-core check.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM
# calls from there unless told that this is deliberate (it is: the test body reads
# the database between browser steps, never concurrently with the live server).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SCREENSHOTS = REPO / "screenshots"
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")

VIEWPORTS = {
    "desktop": {"width": 1280, "height": 900},
    "phone": {"width": 360, "height": 780},
}

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def base_url(live_server: Any) -> str:
    """Relative URLs (`page.goto("/check/")`) go to the live server.

    This also replaces pytest-playwright's own base_url fixture, a session-scoped
    instance method that pytest 9 deprecates (an error under filterwarnings=error).
    """
    return str(live_server.url)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's Chromium, never a downloaded browser; quiet, with no background traffic."""
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session", autouse=True)
def _static_root() -> None:
    """whitenoise warns (an error here) when STATIC_ROOT is missing in a fresh data dir."""
    from django.conf import settings

    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


Opener = Callable[..., Any]


def _no_break_yet(route: Any) -> None:
    route.fulfill(status=204, headers={"X-Next-Break-In": "900"})


@pytest.fixture
def open_page(new_context: Callable[..., Any]) -> Opener:
    """open_page(viewport="desktop", js=True, bypass_csp=False, breaks=False) -> a fresh Page.

    Each call makes its own browser context (fresh cookies) pointed at the live
    server, so `page.goto("/check/")` works. `bypass_csp` is for the axe tests
    only: the app's strict CSP (script-src 'self') rightly blocks injected scripts.

    Every page asks /breaks/overlay/ in the background whether a movement break is due.
    Unless a test is about breaks (`breaks=True`), that question is answered in the
    browser with "not for 15 minutes": a request still running when the test ends would
    race the database flush between tests, and other tests should see only their pages.
    """

    def _open(
        viewport: str = "desktop",
        *,
        js: bool = True,
        bypass_csp: bool = False,
        breaks: bool = False,
    ) -> Any:
        context = new_context(
            viewport=VIEWPORTS[viewport],
            java_script_enabled=js,
            bypass_csp=bypass_csp,
            locale="en-GB",
            timezone_id="UTC",
        )
        context.set_default_timeout(10_000)
        if not breaks:
            context.route("**/breaks/overlay/**", _no_break_yet)
        return context.new_page()

    return _open


@pytest.fixture
def shoot(request: pytest.FixtureRequest) -> Callable[..., Path]:
    """shoot(page, viewport, step="") saves screenshots/<test>[-<step>]-<viewport>.png."""

    def _shoot(page: Any, viewport: str, step: str = "") -> Path:
        SCREENSHOTS.mkdir(exist_ok=True)
        name = request.node.originalname + (f"-{step}" if step else "") + f"-{viewport}"
        path = SCREENSHOTS / (re.sub(r"[^A-Za-z0-9_.-]+", "_", name) + ".png")
        page.screenshot(path=str(path), full_page=True)
        return path

    return _shoot


@contextmanager
def _on_day(day: int, hour: int = 9) -> Iterator[datetime]:
    """Run the enclosed steps on day `day` of a fixed fortnight (day 1 = Monday 2 March 2026).

    time_machine patches the clock of the whole process, the live-server thread
    included, and `tick=True` lets time run so that two check-ins on one day keep
    their order.
    """
    moment = datetime(2026, 3, 1 + day, hour, 0, tzinfo=UTC)
    with time_machine.travel(moment, tick=True):
        yield moment


@pytest.fixture
def on_day() -> Callable[..., Any]:
    """with on_day(3): ... runs the steps on the third day of the fixed fortnight."""
    return _on_day


SEVERE = ("serious", "critical")


def _check_axe(page: Any, *, exclude: tuple[str, ...] = ()) -> None:
    """Run axe-core on the page and fail on any serious or critical violation.

    The page must come from a context opened with bypass_csp=True, or the
    injected script is blocked by the app's Content-Security-Policy.
    """
    assert AXE.exists(), f"{AXE} is missing: run `cd tests/browser && npm ci`"
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async (exclude) => {
            const context = exclude.length ? {exclude: exclude.map((s) => [s])} : document;
            const result = await axe.run(context, {resultTypes: ["violations"]});
            return result.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map((n) => n.target.join(" ")),
            }));
        }""",
        list(exclude),
    )
    severe = [v for v in violations if v["impact"] in SEVERE]
    if severe:
        lines = [
            f"- {v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["targets"][:8])
            for v in severe
        ]
        pytest.fail(f"axe found {len(severe)} serious/critical on {page.url}:\n" + "\n".join(lines))


@pytest.fixture
def check_axe() -> Callable[..., None]:
    """check_axe(page) fails the test on serious or critical axe-core violations."""
    return _check_axe
