"""Today: the knots that matter now, a one-tap check-in each, and the next thing to do."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_POST

from unknot.core.kb import KnowledgeBase, default_kb
from unknot.core.model import Level
from unknot.core.referral import rank
from unknot.core.screening import first_steps
from unknot.web.journal import services, today_panels
from unknot.web.journal.models import Knot
from unknot.web.journal.owner_reads import OwnerReads, for_request
from unknot.web.journal.routes import current, route
from unknot.web.journal.services import KnotStatus
from unknot.web.journal.views import (
    LEVELS,
    TREND_WORDS,
    LevelInfo,
    ago,
    clock,
    knot_muscle,
    knot_title,
    pain_class,
)
from unknot.web.journal.views_markup import attention_item
from unknot.web.journal.views_markup import knot_card as knot_card_html


@dataclass
class KnotCard:
    """One knot on the Today page, with everything its card shows."""

    knot: Knot
    title: str
    muscle_name: str
    status: KnotStatus
    level: LevelInfo
    trend_word: str
    last_seen: str
    is_checked_today: bool
    pain_class: str
    url: str  # the knot's page
    checkin_url: str
    next_url: str  # back to this card on Today
    play_url: str  # the guided session player, when the knot has a plan to follow
    saved_pain: int | None = None
    errors: list[str] = field(default_factory=list)
    html: SafeString | None = None  # the card's markup, made last (see with_html)


@dataclass(frozen=True)
class NextStep:
    text: str
    link: str
    link_text: str


@dataclass(frozen=True)
class CardUrls:
    """The routes a card links to, each from its pattern (see routes.py)."""

    today: str
    knot: Callable[[int], str]
    checkin: Callable[[int], str]
    play: Callable[[int], str]

    @classmethod
    def make(cls) -> CardUrls:
        links = current()
        return cls(
            links.route("journal:today"),
            links.maker("journal:knot"),
            links.maker("journal:knot_checkin"),
            links.maker("journal:session_play"),
        )


def knot_card(status: KnotStatus, kb: KnowledgeBase, today: date, urls: CardUrls) -> KnotCard:
    knot = status.knot
    muscle = knot_muscle(kb, knot)
    return KnotCard(
        knot=knot,
        title=knot_title(kb, knot),
        muscle_name=muscle.name if muscle else "",
        status=status,
        level=LEVELS[status.triage.level],
        trend_word=TREND_WORDS[status.verdict.trend],
        last_seen=ago(status.last_checkin, today),
        is_checked_today=status.last_checkin is not None
        and timezone.localdate(status.last_checkin) == today,
        pain_class=pain_class(status.latest_pain),
        url=urls.knot(knot.pk),
        checkin_url=urls.checkin(knot.pk),
        next_url=f"{urls.today}#knot-{knot.pk}",
        # The plan exists only at the self-care level (journal.plans.KnotPlan.is_allowed).
        play_url=urls.play(knot.pk) if status.triage.level == Level.SELF_CARE else "",
    )


def _priority(card: KnotCard) -> tuple[int, float]:
    # Most urgent first, then the knot whose last check-in is oldest.
    seen = card.status.last_checkin
    return (-int(card.status.triage.level), seen.timestamp() if seen else 0.0)


def next_step(cards: list[KnotCard], kb: KnowledgeBase) -> NextStep | None:
    """The single most useful thing to do now."""
    if not cards:
        return None
    top = cards[0]
    knot_url = top.url
    if top.status.triage.level >= Level.URGENT:
        return NextStep(
            f"Your {top.title.lower()} knot needs a doctor's look: {top.status.triage.advice}",
            knot_url,
            "See why",
        )
    waiting = [c for c in cards if not c.is_checked_today]
    if waiting:
        card = waiting[0]
        when = (
            "no check-ins yet"
            if card.status.last_checkin is None
            else f"last check-in {card.last_seen}"
        )
        return NextStep(
            f"Check in on your {card.title.lower()} knot — {when}.",
            f"#knot-{card.knot.pk}",
            "Check in now",
        )
    # A gentle step suits a knot with no warning signs best; any knot that allows self-care next.
    allowed = [c for c in cards if c.status.triage.self_care_allowed]
    calm = [c for c in allowed if c.status.triage.level == Level.SELF_CARE]
    gentle = (calm or allowed or [top])[0]
    return _first_step(gentle, kb, gentle.url)


def _first_step(card: KnotCard, kb: KnowledgeBase, knot_url: str) -> NextStep | None:
    muscle = knot_muscle(kb, card.knot)
    if muscle is None:
        ranked = rank([card.knot.region], kb, limit=1)
        muscle = kb.muscles[ranked[0].muscle] if ranked else None
    steps = first_steps(muscle, card.status.triage, kb) if muscle else []
    if not steps:
        return NextStep(
            "All checked in for today. Well done — see you tomorrow.", knot_url, "Open your knot"
        )
    step = steps[0]
    if card.play_url:
        return NextStep(
            f"All checked in. Something gentle for your {card.title.lower()} knot: a guided "
            f"session, starting with {step.title.lower()}. It times each step and logs itself.",
            card.play_url,
            "Start the session",
        )
    return NextStep(
        f"All checked in. Something gentle for your {card.title.lower()} knot: "
        f"{step.title.lower()}, holding about {step.seconds} seconds, {step.repetitions} times.",
        route("journal:muscle", muscle.id) if muscle else knot_url,
        "How to do it",
    )


def today_context(owner: Any, reads: OwnerReads | None = None) -> dict[str, Any]:
    """Today's cards (most urgent first), its next step and what needs attention. Each card's
    markup comes from views_markup.knot_card (see with_html), not from a template loop.
    `reads` shares the knots and profile with Today's panels (see owner_reads.py)."""
    kb, today, urls = default_kb(), clock().today(), CardUrls.make()
    reads = reads or OwnerReads(owner)
    knots = reads.knots
    active = reads.active_knots
    statuses = services.knot_statuses(active, clock(), reads.profile)
    cards = sorted((knot_card(s, kb, today, urls) for s in statuses), key=_priority)
    return {
        "nav": "today",
        "cards": cards,
        "next_step": next_step(cards, kb),
        "attention": mark_safe(
            "\n".join(attention_item(c) for c in cards if c.level.needs_attention)
        ),
        "has_sample": any(k.is_sample for k in knots),
        "check_url": route("journal:check"),
    }


def with_html(request: HttpRequest, cards: list[KnotCard]) -> list[KnotCard]:
    """The cards with their markup, once their messages are set (see today_card)."""
    token = get_token(request)
    for card in cards:
        card.html = knot_card_html(card, token)
    return cards


@require_GET
def today(request: HttpRequest) -> HttpResponse:
    context = today_context(request.user, for_request(request, request.user))
    with_html(request, context["cards"])
    context["panels"] = today_panels.panels(request, request.user)
    return render(request, "unknot/today.html", context)


@require_POST
def sample_load(request: HttpRequest) -> HttpResponse:
    from unknot.web.journal import sample  # written separately; only needed here

    if services.has_sample_data(request.user):
        messages.info(request, "The sample data is already here.")
    else:
        sample.load(request.user)
        messages.success(
            request,
            "Sample data added: three knots with six weeks of history. "
            "Remove it any time with the button at the top.",
        )
    return redirect("journal:today")


@require_POST
def sample_remove(request: HttpRequest) -> HttpResponse:
    services.remove_sample_data(request.user)
    messages.success(request, "Sample data removed. Your own knots are untouched.")
    return redirect("journal:today")


def today_card(
    request: HttpRequest, knot: Knot, saved: int | None = None, errors: list[str] | None = None
) -> HttpResponse:
    """After a one-tap check-in: the card alone for htmx (plus the next step, out of band),
    or the whole Today page with the card's message when there is no JavaScript."""
    context = today_context(request.user, for_request(request, request.user))
    card = next((c for c in context["cards"] if c.knot.pk == knot.pk), None)
    if card is None:  # an archived knot: show its card anyway, it was just checked in
        status = services.knot_status(knot, clock())
        card = knot_card(status, default_kb(), clock().today(), CardUrls.make())
    card.saved_pain, card.errors = saved, list(errors or [])
    if request.htmx:
        with_html(request, [card])
        return render(request, "unknot/_today_swap.html", {**context, "card": card})
    with_html(request, context["cards"])
    return render(request, "unknot/today.html", context)
