"""What every page shares: finding the person's knot, safe redirects, and the words
the pages use for care levels and trends.

The pages themselves live in views_today.py, views_check.py, views_knots.py and
views_muscles.py; each view parses its input and calls the services.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from unknot.core.clock import Clock, SystemClock
from unknot.core.kb import KnowledgeBase
from unknot.core.model import Level, Muscle, Trend, TriageResult
from unknot.web.journal.forms import place_name
from unknot.web.journal.models import Knot
from unknot.web.journal.services import find_knot

# The rules that read the journal's trend: when they fire the knot page says so plainly.
TREND_RULES = {
    "getting_worse": (
        "Your check-ins show this knot getting worse. Pause pressure on this spot and book a "
        "physical therapist or doctor in the coming days."
    ),
    "no_improvement_two_weeks": (
        "It has been two weeks or more and your check-ins do not show it getting better. "
        "That is the time to have a physical therapist or doctor take a look."
    ),
}
TREND_WORDS = {
    Trend.BETTER: "Getting better",
    Trend.SAME: "About the same",
    Trend.WORSE: "Getting worse",
    None: "No trend yet",
}


@dataclass(frozen=True)
class LevelInfo:
    """How a care level is shown: always a word, never colour alone."""

    slug: str
    label: str
    headline: str

    @property
    def needs_attention(self) -> bool:
        return self.slug != "self_care"


LEVELS = {
    Level.EMERGENCY: LevelInfo(
        "emergency", "Emergency", "Call emergency services now (999 / 911 / 112)"
    ),
    Level.URGENT: LevelInfo("urgent", "Urgent", "See a doctor today"),
    Level.SEE_PROFESSIONAL: LevelInfo(
        "see_professional", "See a professional", "Have a physical therapist or doctor look at this"
    ),
    Level.SELF_CARE: LevelInfo("self_care", "Self-care", "No warning signs in your answers"),
}


def clock() -> Clock:
    """The pages' one clock (tests move time with time-machine, which it follows)."""
    return SystemClock()


def owned_knot(request: HttpRequest, pk: int) -> Knot:
    """The person's own knot, or 404: another person's knot does not exist for them."""
    knot = find_knot(request.user, pk)
    if knot is None:
        raise Http404("No such knot.")
    return knot


def next_url(request: HttpRequest, default: str) -> str:
    """Where to go after a POST: the form's `next`, if it points back into this site."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def knot_title(kb: KnowledgeBase, knot: Knot) -> str:
    """'Right shoulder (top)': the knot as the person would name it."""
    return place_name(kb, knot.region, knot.side)


def knot_muscle(kb: KnowledgeBase, knot: Knot) -> Muscle | None:
    return kb.muscles.get(knot.muscle) if knot.muscle else None


def ago(moment: datetime | None, today: date) -> str:
    """'today', 'yesterday', '3 days ago', '5 weeks ago'."""
    if moment is None:
        return "never"
    days = (today - timezone.localdate(moment)).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 21:
        return f"{days} days ago"
    return f"{days // 7} weeks ago"


def trend_notes(result: TriageResult) -> list[str]:
    """The trend rule's plain sentence, for each trend rule that fired."""
    return [TREND_RULES[r.rule] for r in result.reasons if r.rule in TREND_RULES]


def pain_class(pain: Any) -> str:
    return f"pain-{round(pain)}" if pain is not None else "pain-none"
