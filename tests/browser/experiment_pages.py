"""The experiment pages for test_accessibility.py's PAGES, each at its fullest: the set-up
form (and with errors), a running experiment with today's one-tap question, Today's panel,
the list, and the results of a finished one with its chart. Experiments of sessions are
used where they need to be finished: sessions follow one another, so no time has to pass.
"""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from unknot.web.experiments import services as experiments
from unknot.web.experiments.models import Experiment
from unknot.web.journal import services
from unknot.web.journal.models import Knot

RELIEF = {"a": (4, 5, 3, 4, 5, 4), "b": (2, 3, 2, 1, 3, 2)}


def _neck() -> Knot:
    knot = services.create_knot(
        services.local_user(),
        services.KnotInput(region="neck_side", side="right", muscle="levator_scapulae"),
    )
    services.add_checkin(knot, pain=5)
    return knot


def _running(unit: str = "day") -> Experiment:
    setup = experiments.Setup(unit=unit, seed=2026)
    return experiments.create_experiment(services.local_user(), setup, _neck())


def _finished() -> Experiment:
    exp = _running("session")
    for period in exp.periods.order_by("number"):
        if period.number == 3:
            experiments.mark_missed(exp)
        else:
            experiments.record_outcome(exp, value=RELIEF[period.option][period.block - 1])
    return exp


def _setup_with_errors(page: Page) -> None:
    page.goto(f"/experiments/new/?knot={_neck().pk}")
    page.get_by_role("radio", name="Two things of your choice").check()
    page.get_by_role("button", name="Start the experiment").click()
    expect(page.locator(".error-summary")).to_be_visible()


EXPERIMENT_PAGES: dict[str, Callable[[Page], object]] = {
    "experiment-new": lambda page: page.goto(f"/experiments/new/?knot={_neck().pk}"),
    "experiment-new-with-errors": _setup_with_errors,
    "experiment-follow": lambda page: page.goto(f"/experiments/{_running().pk}/"),
    "experiment-today": lambda page: (_running(), page.goto("/")),
    "experiments": lambda page: (_running(), _finished(), page.goto("/experiments/")),
    "experiment-results": lambda page: page.goto(f"/experiments/{_finished().pk}/results/"),
}
