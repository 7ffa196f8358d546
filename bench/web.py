"""Server time of the busiest pages against a trivial view, on three years of history.

A throwaway SQLite database (WAL, as `unknot serve` uses it) gets 10 knots with
a check-in every day for three years (two PSFS scores each) and two sessions a
week. Django's test Client then calls each page in-process, so the numbers are
the server's work only (middleware, queries, templates), not a network.

Each page is compared with a trivial view that goes through the same
middleware: the ratio is what the page costs beyond the cost of any request.
The requests take turns (trivial, Today, knot, API, trivial, ...) and the
ratios use the server thread's CPU time, so a burst of work from another
process on the machine does not tilt them; wall-clock times are printed too.
Targets: every page under 5x the trivial view, and the knot page must cost
about the same for a knot with three years of history as for one with six
weeks (it shows a bounded window and a page of history, never everything).
The six-week knot is a copy of the long knot's last six weeks, row for row, so
the two pages show the same chart, plan and history and differ only in the
history that lies before.
The last line is for machines: today_ratio, knot_ratio, checkins_ratio and
history_growth.

Run: .venv/bin/python bench/web.py
"""

from __future__ import annotations

import os
import platform
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import types
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from typing import Any

# Settings are read once, at import: the environment must be in place before Django loads.
DATA_DIR = tempfile.mkdtemp(prefix="unknot-bench-")
os.environ["UNKNOT_DATA_DIR"] = DATA_DIR
os.makedirs(os.path.join(DATA_DIR, "static"))  # whitenoise warns when STATIC_ROOT is missing
os.environ.pop("DATABASE_URL", None)  # always the throwaway SQLite, never a real database
os.environ["UNKNOT_MODE"] = "local"
os.environ["UNKNOT_DEBUG"] = "false"
os.environ["DJANGO_SETTINGS_MODULE"] = "unknot.web.settings"

import django  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402

RUNS = 60
WARMUP = 10
TARGET_RATIO = 5.0
KNOTS = 10
YEARS_DAYS = 3 * 365 + 1
SHORT_DAYS = 6 * 7
GROWTH_LIMIT = 1.1  # two equal pages measured in turns differ by less than this
SEED = 3
ROWS = {"today": "Today", "knot": "knot page (3 years)", "checkins": "GET api checkins (3 years)"}


def trivial(_request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


def install_urls() -> None:
    """The app's own routes plus the baseline; the app itself gets no benchmark-only route."""
    from django.conf import settings
    from django.urls import clear_url_caches, include, path

    module = types.ModuleType("unknot_bench_urls")
    module.urlpatterns = [  # type: ignore[attr-defined]
        path("bench/trivial/", trivial),
        path("", include(settings.ROOT_URLCONF)),
    ]
    sys.modules[module.__name__] = module
    settings.ROOT_URLCONF = module.__name__
    clear_url_caches()


def setup() -> None:
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    install_urls()


# --- data ------------------------------------------------------------------------------------


def new_knot(owner: Any, index: int, days: int, today: date) -> Any:
    from unknot.web.journal import services

    regions = [
        ("shoulder_top", "right", "upper_trapezius"),
        ("calf", "left", "gastrocnemius"),
        ("low_back", "right", "quadratus_lumborum"),
        ("neck_back", "left", "splenius_capitis"),
        ("jaw", "right", "masseter"),
    ]
    region, side, muscle = regions[index % len(regions)]
    data = services.KnotInput(
        region=region,
        side=side,
        muscle=muscle,
        size="pea",
        feel=["achy"],
        symptoms=["tender_spot"],
        started_on=today - timedelta(days=days),
        notes=f"Benchmark knot {index + 1}.",
        activities=["Working at the laptop", "Running 5 km"],
    )
    return services.create_knot(owner, data)


def fill_history(knot: Any, days: int, now: datetime, rng: random.Random) -> None:
    """A check-in a day with two scores, and a session every Monday and Thursday (bulk)."""
    from unknot.web.journal.models import CheckIn, FunctionScore, Session

    first, second = knot.activities.all()
    checkins, sessions, pain = [], [], rng.randint(2, 6)
    for ago in range(days, -1, -1):
        day = now.date() - timedelta(days=ago)
        pain = max(0, min(9, pain + rng.choice((-1, 0, 0, 1))))
        at = min(datetime.combine(day, dtime(8, rng.randint(0, 59)), tzinfo=UTC), now)
        checkins.append(CheckIn(knot=knot, at=at, pain=pain, notes="" if ago % 5 else "ok"))
        if day.weekday() in (0, 3):
            sessions.append(
                Session(
                    knot=knot,
                    at=at - timedelta(minutes=30),
                    strategy="heat",
                    tool="heat_pack",
                    minutes=15,
                    pain_before=pain,
                    pain_after=max(0, pain - 2),
                )
            )
    CheckIn.objects.bulk_create(checkins, batch_size=2000)
    FunctionScore.objects.bulk_create(
        (
            FunctionScore(checkin=c, activity=a, score=10 - c.pain)
            for c in checkins
            for a in (first, second)
        ),
        batch_size=2000,
    )
    Session.objects.bulk_create(sessions, batch_size=2000)


def recent_copy(owner: Any, knot: Any, days: int, now: datetime) -> Any:
    """A new knot in the same place whose journal is `knot`'s last `days` days, row for row:
    the two knot pages then show the same chart, plan and history, and differ only in how
    much history lies before (what the growth figure is about)."""
    from django.db import transaction

    from unknot.web.journal.models import CheckIn, FunctionScore, Session

    since = now - timedelta(days=days)
    with transaction.atomic():
        copy = new_knot(owner, 0, (now.date() - knot.started_on).days, now.date())
        activities = dict(zip(knot.activities.all(), copy.activities.all(), strict=True))
        checkins = list(knot.checkins.filter(at__gte=since).order_by("at", "id"))
        copies = CheckIn.objects.bulk_create(
            CheckIn(knot=copy, at=c.at, pain=c.pain, notes=c.notes) for c in checkins
        )
        by_original = {c.pk: new for c, new in zip(checkins, copies, strict=True)}
        FunctionScore.objects.bulk_create(
            FunctionScore(
                checkin=by_original[f.checkin_id], activity=activities[f.activity], score=f.score
            )
            for f in FunctionScore.objects.filter(checkin__in=checkins).select_related("activity")
        )
        Session.objects.bulk_create(
            Session(
                knot=copy,
                at=s.at,
                strategy=s.strategy,
                tool=s.tool,
                minutes=s.minutes,
                pain_before=s.pain_before,
                pain_after=s.pain_after,
            )
            for s in knot.sessions.filter(at__gte=since)
        )
    return copy


def build(owner: Any, count: int, days: int, now: datetime, offset: int = 0) -> list[Any]:
    from django.db import transaction

    rng = random.Random(SEED + offset)
    knots = []
    with transaction.atomic():
        for i in range(count):
            knot = new_knot(owner, offset + i, days, now.date())
            fill_history(knot, days, now, rng)
            knots.append(knot)
    return knots


# --- timing ----------------------------------------------------------------------------------


class Timing:
    """Wall-clock time is what a person waits for; the server thread's CPU time is the same
    work without the noise of other processes on the machine, so the ratios use it."""

    def __init__(self, name: str, wall_ms: list[float], cpu_ms: list[float], queries: int) -> None:
        self.name, self.queries = name, queries
        self.median, self.p95 = statistics.median(wall_ms), percentile_95(wall_ms)
        self.cpu_median, self.cpu_p95 = statistics.median(cpu_ms), percentile_95(cpu_ms)


def percentile_95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[-1]


def measure(gets: dict[str, Callable[[], Any]], notes: list[str]) -> dict[str, Timing]:
    """Time each request RUNS times, taking turns, so that a burst of load from another
    process hits every row alike and the ratios stay fair. A page that fails is reported
    in `notes` and left out (while the app is being built, some pages may not exist yet)."""
    ready, queries = {}, {}
    for name, get in gets.items():
        try:
            for _ in range(WARMUP):
                check(name, get())
            queries[name] = count_queries(name, get)
            ready[name] = get
        except Exception as exc:
            notes.append(f"FAILED {name}: {type(exc).__name__}: {exc}")
    wall: dict[str, list[float]] = {name: [] for name in ready}
    cpu: dict[str, list[float]] = {name: [] for name in ready}
    for _ in range(RUNS):
        for name, get in ready.items():
            start, start_cpu = time.perf_counter(), time.thread_time()
            response = get()
            cpu[name].append((time.thread_time() - start_cpu) * 1000)
            wall[name].append((time.perf_counter() - start) * 1000)
            check(name, response)
    return {name: Timing(name, wall[name], cpu[name], queries[name]) for name in ready}


def count_queries(name: str, get: Callable[[], Any]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        check(name, get())
    return len(captured.captured_queries)


def check(name: str, response: Any) -> None:
    if response.status_code != 200:
        raise RuntimeError(f"HTTP {response.status_code}, expected 200")


def url_for(name: str, *args: Any) -> str | None:
    """A page's address, or None when that page is not routed yet (the row is skipped)."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def row(t: Timing, base: Timing | None) -> str:
    line = (
        f"{t.name:<28}{t.median:>8.2f}{t.p95:>8.2f}{t.cpu_median:>8.2f}{t.cpu_p95:>8.2f}"
        f"{t.queries:>5}"
    )
    if base is None:
        return line
    ratio = t.cpu_median / base.cpu_median
    return (
        f"{line}{ratio:>8.1f}x  <{TARGET_RATIO:.0f}x {'met' if ratio < TARGET_RATIO else 'MISSED'}"
    )


HEADER = (
    f"{'':<28}{'wall ms':>16}{'cpu ms':>16}\n{'request':<28}{'median':>8}{'p95':>8}"
    f"{'median':>8}{'p95':>8}{'sql':>5}{'ratio':>9}  target"
)


def api_checkins_url(knot: Any) -> str | None:
    try:
        from unknot.web.api import urls  # noqa: F401
    except ImportError:
        return None
    return f"/api/v1/knots/{knot.pk}/checkins"


# --- report ----------------------------------------------------------------------------------


def environment(knots: int) -> list[str]:
    from django.db import connection

    from unknot.web.journal.models import CheckIn, FunctionScore, Session

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    return [
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"SQLite {sqlite3.sqlite_version} (journal_mode={mode}), {platform.machine()}",
        f"data: {DATA_DIR} (temporary, removed afterwards)",
        f"rows: {knots} knots, {CheckIn.objects.count()} check-ins, "
        f"{FunctionScore.objects.count()} function scores, {Session.objects.count()} sessions",
        f"{RUNS} timed requests per row (taking turns) after {WARMUP} warm-up requests; "
        "in-process test Client; ratios from the server thread's CPU time",
        f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs",
    ]


def main() -> None:
    setup()
    from django.test import Client

    from unknot.core.clock import SystemClock
    from unknot.web.journal import services

    now = SystemClock().now().astimezone(UTC)
    owner = services.local_user()
    long_knots = build(owner, KNOTS, YEARS_DAYS, now)
    client = Client()
    notes: list[str] = []
    urls = {
        "trivial view": "/bench/trivial/",
        "Today": url_for("journal:today"),
        "knot page (3 years)": url_for("journal:knot", long_knots[0].pk),
        "GET api checkins (3 years)": api_checkins_url(long_knots[0]),
    }
    notes += [f"skipped {name}: not routed yet" for name, url in urls.items() if url is None]
    gets = {name: getter(client, url) for name, url in urls.items() if url is not None}
    timings = measure(gets, notes)
    # The short knot comes after, so that Today is measured with the ten long knots only.
    short = recent_copy(owner, long_knots[0], SHORT_DAYS, now)
    growth = history_growth(client, long_knots[0], short, notes)
    report(timings, growth, notes, KNOTS + 1)


def getter(client: Any, url: str) -> Callable[[], Any]:
    return lambda: client.get(url)


def history_growth(client: Any, long_knot: Any, short_knot: Any, notes: list[str]) -> float | None:
    """Knot page for three years of history over the same page for six weeks."""
    urls = {
        "knot page (3 years)": url_for("journal:knot", long_knot.pk),
        "knot page (6 weeks)": url_for("journal:knot", short_knot.pk),
    }
    if None in urls.values():
        notes.append("skipped history growth: the knot page is not routed yet")
        return None
    timings = measure({name: getter(client, url) for name, url in urls.items()}, notes)
    if len(timings) < 2:
        return None
    long_t, short_t = timings.values()
    notes += ["history growth, measured in turns:", row(long_t, None), row(short_t, None)]
    return long_t.cpu_median / short_t.cpu_median


def report(timings: dict[str, Timing], growth: float | None, notes: list[str], knots: int) -> None:
    for line in environment(knots):
        print(line)
    print()
    print(HEADER)
    base = timings["trivial view"]
    print(row(base, None))
    for key in ROWS.values():
        if key in timings:
            print(row(timings[key], base))
    print()
    for note in notes:
        print(note)
    if growth is not None:
        verdict = "met" if growth < GROWTH_LIMIT else "MISSED"
        print(
            f"knot page, 3 years of history vs 6 weeks: {growth:.2f}x  "
            f"(target ~1x, <{GROWTH_LIMIT}x: {verdict})"
        )

    ratios = [
        f"{label}_ratio="
        + (f"{timings[key].cpu_median / base.cpu_median:.2f}" if key in timings else "nan")
        for label, key in ROWS.items()
    ]
    print(" ".join(ratios), f"history_growth={'nan' if growth is None else f'{growth:.2f}'}")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(DATA_DIR, ignore_errors=True)
