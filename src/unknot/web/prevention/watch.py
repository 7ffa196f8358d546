"""Early warnings for a person: their risk areas, today's check-in, and nudges with an
early plan. The operations shared by the pages, the Today panel, the JSON API and the
command line; the rules themselves are core/early_warning.py's.

Writes validate first and raise services.InvalidInput with plain messages per field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, connection, transaction

from unknot.core import early_warning as ew
from unknot.core.clock import Clock, SystemClock
from unknot.core.kb import KnowledgeBase, default_kb
from unknot.core.model import Side
from unknot.web.journal.forms import place_name
from unknot.web.journal.owner_reads import OwnerReads
from unknot.web.journal.profiles import planner_profile
from unknot.web.journal.services import InvalidInput, _Errors, _pain, _slug
from unknot.web.plain_sql import ModelReader
from unknot.web.prevention.models import AreaCheckIn, PreventionSettings, WatchedArea
from unknot.web.prevention.recovery import settings_of

HISTORY_DAYS = 60  # how far back the answers are read: the signals look at 17 days at most
QUIET_DAYS = 7  # "Not now" quiets a nudge for a week


def config_of(settings: PreventionSettings) -> ew.Config:
    return ew.Config(every_days=settings.every_days, per_day=settings.per_day)


# Read on every view of Today: plain SQL (see plain_sql.py).
_WATCHED = ModelReader(WatchedArea)
_ANSWERS = ModelReader(AreaCheckIn)


def areas_of(owner: Any, reads: OwnerReads | None = None) -> list[ew.Area]:
    """Active knots' places, past knots' places, then the places the person watches.
    `reads` lets Today share the knots it has read already."""
    knots = (reads or OwnerReads(owner)).knots  # newest first
    own = _WATCHED.values(
        ("region", "side"), '"owner_id" = %s ORDER BY "created_at", "id"', [owner.pk]
    )
    return ew.risk_areas(
        ((k.region, k.side, k.muscle) for k in knots if not k.is_archived),
        ((k.region, k.side, k.muscle) for k in knots if k.is_archived),
        own,
    )


def answers_of(owner: Any, since: date) -> list[ew.Answer]:
    rows = _ANSWERS.values(
        ("region", "side", "day", "pain"),
        '"owner_id" = %s AND "day" >= %s ORDER BY "day", "id"',
        [owner.pk, connection.ops.adapt_datefield_value(since)],
    )
    return [ew.Answer(day, ew.area_key(region, side), pain) for region, side, day, pain in rows]


def checkins_since(owner: Any, since: date) -> list[AreaCheckIn]:
    return list(AreaCheckIn.objects.filter(owner=owner, day__gte=since).order_by("day", "id"))


def _place(errors: _Errors, region: Any, side: Any, kb: KnowledgeBase) -> tuple[str, str]:
    region = _slug(errors, "region", region, kb.regions, "body region", required=True)
    side = _slug(errors, "side", side or "", [s.value for s in Side], "side")
    if region and side in ("left", "right") and not kb.regions[region].is_sided:
        side = ""
    return region, side


# --- writes ---------------------------------------------------------------------------------


def record(
    owner: Any,
    *,
    region: Any,
    side: Any = "",
    pain: Any = None,
    skip: bool = False,
    clock: Clock | None = None,
    kb: KnowledgeBase | None = None,
) -> AreaCheckIn:
    """Today's answer for one area: a pain from 0 to 10, or a skip. Answering again the
    same day replaces the day's answer."""
    kb = kb or default_kb()
    clock = clock or SystemClock()
    errors = _Errors()
    region, side = _place(errors, region, side, kb)
    value = None if skip else _pain(errors, "pain", pain)
    errors.raise_if_any()
    now = clock.now()
    found, _ = AreaCheckIn.objects.update_or_create(
        owner=owner,
        region=region,
        side=side,
        day=clock.today(),
        defaults={"pain": value, "at": now},
    )
    return found


def add_area(
    owner: Any,
    *,
    region: Any,
    side: Any = "",
    clock: Clock | None = None,
    kb: KnowledgeBase | None = None,
) -> WatchedArea:
    """Watch a place (again, if it already is: nothing changes)."""
    kb = kb or default_kb()
    errors = _Errors()
    region, side = _place(errors, region, side, kb)
    errors.raise_if_any()
    today = (clock or SystemClock()).today()
    try:
        with transaction.atomic():
            found, _ = WatchedArea.objects.get_or_create(
                owner=owner, region=region, side=side, defaults={"added_on": today}
            )
    except IntegrityError:  # two requests at once: the other one added it
        found = WatchedArea.objects.get(owner=owner, region=region, side=side)
    return found


def new_spot(
    owner: Any,
    *,
    region: Any,
    side: Any = "",
    pain: Any = None,
    clock: Clock | None = None,
    kb: KnowledgeBase | None = None,
) -> AreaCheckIn:
    """A new sore spot: watch the place and log today's pain there, in one go."""
    errors = _Errors()
    _pain(errors, "pain", pain)
    _place(errors, region, side, kb or default_kb())
    errors.raise_if_any()
    with transaction.atomic():
        add_area(owner, region=region, side=side, clock=clock, kb=kb)
        return record(owner, region=region, side=side, pain=pain, clock=clock, kb=kb)


def remove_area(owner: Any, pk: int) -> bool:
    """Stop watching one of the person's own places (its answers stay in the history)."""
    deleted, _ = WatchedArea.objects.filter(owner=owner, pk=pk).delete()
    return bool(deleted)


def quiet(owner: Any, key: str, clock: Clock | None = None, days: int = QUIET_DAYS) -> date:
    """ "Not now": the nudge for the area `key` stays away for `days` days."""
    if key not in {a.key for a in areas_of(owner)}:
        raise InvalidInput({"area": ["There is no such risk area."]})
    until = (clock or SystemClock()).today() + timedelta(days=days)
    found = settings_of(owner)
    found.quiet = {**(found.quiet or {}), key: until.isoformat()}
    found.save(update_fields=["quiet"])
    return until


# --- reads ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Nudge:
    signal: ew.Signal
    early: ew.EarlyPlan
    place: str  # "Right top of the shoulder"

    @property
    def key(self) -> str:
        return self.signal.area.key


@dataclass(frozen=True)
class WatchState:
    today: date
    areas: list[ew.Area]
    due: list[ew.Area]  # to ask about today
    nudges: list[Nudge]
    answers: list[ew.Answer]
    config: ew.Config

    def latest(self, area: ew.Area) -> ew.Answer | None:
        mine = [a for a in self.answers if a.area == area.key]
        return mine[-1] if mine else None


def state(
    owner: Any,
    clock: Clock | None = None,
    kb: KnowledgeBase | None = None,
    reads: OwnerReads | None = None,
) -> WatchState:
    """Everything the early-warning pages show: two reads when no place is asked about
    (the usual Today), five with the answers, the settings and, for a nudge, the profile.
    `reads` lets Today share the knots and profile it has read already."""
    kb = kb or default_kb()
    reads = reads or OwnerReads(owner)
    today = (clock or SystemClock()).today()
    areas = areas_of(owner, reads)
    if not any(a.is_asked for a in areas):  # nothing to ask or nudge: Today stays cheap
        return WatchState(today, areas, [], [], [], ew.Config())
    found = settings_of(owner)
    config = config_of(found)
    answers = answers_of(owner, today - timedelta(days=HISTORY_DAYS))
    quiet_until = found.quiet or {}
    signals = [
        s
        for s in ew.signals(areas, answers, today, config)
        if quiet_until.get(s.area.key, "") < today.isoformat()
    ]
    profile = planner_profile(reads.profile, today, kb) if signals else None
    nudges = [
        Nudge(s, ew.early_plan(s, profile, kb), place_name(kb, s.area.region, s.area.side))
        for s in signals
        if profile is not None
    ]
    return WatchState(
        today, areas, ew.prompts(areas, answers, today, config), nudges, answers, config
    )


def question(area: ew.Area, kb: KnowledgeBase | None = None) -> str:
    """'Right top of the shoulder: how does it feel today?' (a place's name does not fit
    inside a sentence for every region, so it comes first)."""
    return f"{place_name(kb or default_kb(), area.region, area.side)}: how does it feel today?"
