"""The journal's operations, shared by the pages and the JSON API.

Views and API endpoints parse input and call one function here; every rule
about what may be stored lives here, so both shells refuse the same bad input
with the same messages, and nothing is stored half-way (each write is one
transaction).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from unknot.core.clock import Clock, SystemClock
from unknot.core.facts import closest
from unknot.core.kb import KnowledgeBase, default_kb
from unknot.core.model import Facts, Level, Location, Side, TriageResult
from unknot.core.trends import Reading, Verdict, classify
from unknot.core.triage import evaluate
from unknot.web.journal.models import (
    Activity,
    CheckIn,
    Feel,
    FunctionScore,
    Knot,
    Profile,
    Session,
    Size,
    Strategy,
)

LOCAL_USERNAME = "local"
MAX_ACTIVITIES = 5
MAX_NOTES = 5000
MAX_SHORT = 500


class InvalidInput(ValueError):
    """Input that cannot be stored; `errors` maps each field to plain messages."""

    def __init__(self, errors: Mapping[str, list[str]]) -> None:
        self.errors = {k: list(v) for k, v in errors.items()}
        first = next(iter(self.errors.items()))
        super().__init__(f"{first[0]}: {first[1][0]}")


class _Errors:
    def __init__(self) -> None:
        self.found: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.found.setdefault(field, []).append(message)

    def raise_if_any(self) -> None:
        if self.found:
            raise InvalidInput(self.found)


def local_user() -> Any:
    user, _ = get_user_model().objects.get_or_create(username=LOCAL_USERNAME)
    return user


def profile_of(owner: Any) -> Profile:
    profile, _ = Profile.objects.get_or_create(owner=owner)
    return profile


# --- validation helpers -------------------------------------------------------------------


def _pain(errors: _Errors, field: str, value: Any, required: bool = True) -> int | None:
    if value is None or value == "":
        if required:
            errors.add(field, "Choose a number from 0 (no pain) to 10 (worst imaginable).")
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        errors.add(field, "Use a whole number from 0 to 10.")
        return None
    if (isinstance(value, float) and not value.is_integer()) or not 0 <= number <= 10:
        errors.add(field, "Pain is rated from 0 (no pain) to 10 (worst imaginable).")
        return None
    return number


def _text(errors: _Errors, field: str, value: Any, limit: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        errors.add(field, "This should be text.")
        return ""
    value = value.strip()
    if len(value) > limit:
        errors.add(field, f"Please keep this under {limit} characters (it is {len(value)}).")
    return value


def _slug(
    errors: _Errors, field: str, value: Any, known: Iterable[str], what: str, required: bool = False
) -> str:
    if value in (None, ""):
        if required:
            errors.add(field, f"Choose a {what}.")
        return ""
    if not isinstance(value, str) or value not in set(known):
        near = closest(value, known) if isinstance(value, str) else []
        hint = f" Did you mean {', '.join(near)}?" if near else ""
        errors.add(field, f"Unknown {what}: {value!r}.{hint}")
        return ""
    return value


# --- knots ----------------------------------------------------------------------------------


@dataclass
class KnotInput:
    region: Any = None
    side: Any = ""
    muscle: Any = ""
    size: Any = ""
    feel: Any = ()
    symptoms: Any = ()
    limits: Any = ""
    limits_daily_activities: Any = False
    recurring: Any = False
    started_on: Any = None
    notes: Any = ""
    activities: Any = ()


def _clean_knot(data: KnotInput, kb: KnowledgeBase, today: date) -> dict[str, Any]:
    errors = _Errors()
    region = _slug(errors, "region", data.region, kb.regions, "body region", required=True)
    side = _slug(errors, "side", data.side or "", [s.value for s in Side], "side")
    if region and side and not kb.regions[region].is_sided and side in ("left", "right"):
        side = ""
    muscle = _slug(errors, "muscle", data.muscle or "", kb.muscles, "muscle")
    size = _slug(errors, "size", data.size or "", Size.values, "size")
    feel = _list_of(errors, "feel", data.feel, Feel.values, "feel")
    symptoms = _list_of(errors, "symptoms", data.symptoms, kb.symptoms, "symptom")
    started_on = _date(errors, "started_on", data.started_on, today)
    activities = _activities(errors, data.activities)
    cleaned = {
        "region": region,
        "side": side,
        "muscle": muscle,
        "size": size,
        "feel": feel,
        "symptoms": symptoms,
        "limits": _text(errors, "limits", data.limits, 200),
        "limits_daily_activities": bool(data.limits_daily_activities),
        "recurring": bool(data.recurring),
        "started_on": started_on,
        "notes": _text(errors, "notes", data.notes, MAX_NOTES),
    }
    errors.raise_if_any()
    cleaned["activities"] = activities
    return cleaned


def _list_of(
    errors: _Errors, field: str, values: Any, known: Iterable[str], what: str
) -> list[str]:
    if values in (None, ""):
        return []
    if isinstance(values, str) or not isinstance(values, (list, tuple)):
        errors.add(field, f"Expected a list of {what} values.")
        return []
    allowed = set(known)
    bad = [v for v in values if v not in allowed]
    if bad:
        errors.add(field, f"Unknown {what}: {', '.join(map(str, bad))}.")
    return list(dict.fromkeys(v for v in values if v in allowed))


def _date(errors: _Errors, field: str, value: Any, today: date) -> date | None:
    if value in (None, ""):
        return today
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            errors.add(field, "Use a date like 2026-11-28.")
            return None
    if not isinstance(value, date):
        errors.add(field, "Use a date like 2026-11-28.")
        return None
    if value > today:
        errors.add(field, "That date is in the future.")
        return None
    if value < today - timedelta(days=365 * 30):
        errors.add(field, "That date is too far in the past.")
        return None
    return value


def _activities(errors: _Errors, names: Any) -> list[str]:
    if names in (None, ""):
        return []
    if isinstance(names, str):
        names = [names]
    if not isinstance(names, (list, tuple)):
        errors.add("activities", "Expected a list of activity names.")
        return []
    cleaned = []
    for name in names:
        if not isinstance(name, str):
            errors.add("activities", "Each activity is a short text.")
            continue
        name = " ".join(name.split())
        if not name:
            continue
        if len(name) > 80:
            errors.add("activities", "Keep each activity under 80 characters.")
        elif name.lower() not in {n.lower() for n in cleaned}:
            cleaned.append(name)
    if len(cleaned) > MAX_ACTIVITIES:
        errors.add("activities", f"Name up to {MAX_ACTIVITIES} activities.")
    return cleaned


def create_knot(
    owner: Any,
    data: KnotInput,
    clock: Clock | None = None,
    kb: KnowledgeBase | None = None,
    is_sample: bool = False,
) -> Knot:
    kb = kb or default_kb()
    cleaned = _clean_knot(data, kb, (clock or SystemClock()).today())
    activities = cleaned.pop("activities")
    with transaction.atomic():
        knot = Knot.objects.create(owner=owner, is_sample=is_sample, **cleaned)
        Activity.objects.bulk_create(
            Activity(knot=knot, name=name, position=i) for i, name in enumerate(activities, 1)
        )
    return knot


def update_knot(
    knot: Knot, data: KnotInput, clock: Clock | None = None, kb: KnowledgeBase | None = None
) -> Knot:
    kb = kb or default_kb()
    cleaned = _clean_knot(data, kb, (clock or SystemClock()).today())
    activities = cleaned.pop("activities")
    with transaction.atomic():
        for field, value in cleaned.items():
            setattr(knot, field, value)
        knot.save()
        existing = {a.name.lower(): a for a in knot.activities.all()}
        keep = []
        for i, name in enumerate(activities, 1):
            activity = existing.get(name.lower()) or Activity(knot=knot, name=name)
            activity.name, activity.position = name, i
            activity.save()
            keep.append(activity.pk)
        # Scores of a dropped activity go with it: the person removed it on purpose.
        knot.activities.exclude(pk__in=keep).delete()
    return knot


def set_archived(knot: Knot, archived: bool) -> Knot:
    knot.is_archived = archived
    knot.save(update_fields=["is_archived", "updated_at"])
    return knot


# --- check-ins and sessions -----------------------------------------------------------------


def _moment(errors: _Errors, value: Any, clock: Clock) -> datetime | None:
    now = clock.now()
    if value in (None, ""):
        return now
    if isinstance(value, str):
        try:
            value = (
                datetime.fromisoformat(value)
                if "T" in value or " " in value
                else datetime.combine(date.fromisoformat(value), time(12, 0))
            )
        except ValueError:
            errors.add("at", "Use a date and time like 2026-11-28T08:30.")
            return None
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime.combine(value, time(12, 0))
    if not isinstance(value, datetime):
        errors.add("at", "Use a date and time like 2026-11-28T08:30.")
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value, now.tzinfo or timezone.get_current_timezone())
    if value > now + timedelta(minutes=5):
        errors.add("at", "That time is in the future.")
        return None
    return value


def add_checkin(
    knot: Knot,
    *,
    pain: Any,
    scores: Mapping[Any, Any] | None = None,
    notes: Any = "",
    at: Any = None,
    clock: Clock | None = None,
) -> CheckIn:
    clock = clock or SystemClock()
    errors = _Errors()
    value = _pain(errors, "pain", pain)
    text = _text(errors, "notes", notes, MAX_SHORT)
    moment = _moment(errors, at, clock)
    activities = {a.pk: a for a in knot.activities.all()}
    cleaned_scores: dict[int, int] = {}
    for key, raw in (scores or {}).items():
        if raw in (None, ""):
            continue
        try:
            activity_id = int(key)
        except (TypeError, ValueError):
            activity_id = -1
        if activity_id not in activities:
            errors.add("scores", f"Unknown activity {key!r} for this knot.")
            continue
        score = _pain(errors, f"score_{activity_id}", raw)
        if score is not None:
            cleaned_scores[activity_id] = score
    errors.raise_if_any()
    with transaction.atomic():
        checkin = CheckIn.objects.create(knot=knot, pain=value, notes=text, at=moment)
        FunctionScore.objects.bulk_create(
            FunctionScore(checkin=checkin, activity=activities[aid], score=s)
            for aid, s in cleaned_scores.items()
        )
    return checkin


def add_session(
    knot: Knot,
    *,
    strategy: Any,
    minutes: Any,
    tool: Any = "",
    pain_before: Any = None,
    pain_after: Any = None,
    notes: Any = "",
    at: Any = None,
    clock: Clock | None = None,
    kb: KnowledgeBase | None = None,
) -> Session:
    kb = kb or default_kb()
    clock = clock or SystemClock()
    errors = _Errors()
    chosen = _slug(errors, "strategy", strategy, Strategy.values, "strategy", required=True)
    used = _slug(errors, "tool", tool or "", kb.tools, "tool")
    try:
        mins = int(minutes)
        if (isinstance(minutes, float) and not minutes.is_integer()) or not 1 <= mins <= 240:
            raise ValueError
    except (TypeError, ValueError):
        errors.add("minutes", "Minutes should be a whole number from 1 to 240.")
        mins = 0
    before = _pain(errors, "pain_before", pain_before, required=False)
    after = _pain(errors, "pain_after", pain_after, required=False)
    text = _text(errors, "notes", notes, MAX_SHORT)
    moment = _moment(errors, at, clock)
    errors.raise_if_any()
    return Session.objects.create(
        knot=knot,
        strategy=chosen,
        tool=used,
        minutes=mins,
        pain_before=before,
        pain_after=after,
        notes=text,
        at=moment,
    )


# --- reading the journal --------------------------------------------------------------------


def readings(knot: Knot, since: date | None = None) -> list[Reading]:
    qs = knot.checkins.all()
    if since is not None:
        # A range on `at` uses the (knot, at) index; `at__date__gte` would cast every row of
        # the knot's history to a date (a Python call per row on SQLite), growing with history.
        qs = qs.filter(at__gte=day_start(since))
    zone = timezone.get_current_timezone()  # once: looking it up per row costs more than the row
    return [Reading(at.astimezone(zone).date(), pain) for at, pain in qs.values_list("at", "pain")]


def knot_facts(
    knot: Knot, profile: Profile, today: date, verdict: Verdict, latest_pain: int | None
) -> Facts:
    side = Side(knot.side) if knot.side else None
    age = today.year - profile.birth_year if profile.birth_year else None
    return Facts(
        locations=(Location(knot.region, side),),
        pain=latest_pain,
        days=max((today - knot.started_on).days, 0),
        age=age if age is None or 0 <= age <= 130 else None,
        symptoms=frozenset(knot.symptoms),
        conditions=frozenset(c for c in profile.conditions if c in default_kb().conditions),
        limits_daily_activities=knot.limits_daily_activities,
        trend=verdict.trend,
        recurring=knot.recurring,
    )


@dataclass(frozen=True)
class KnotStatus:
    knot: Knot
    latest_pain: int | None
    last_checkin: datetime | None
    verdict: Verdict
    triage: TriageResult

    @property
    def needs_attention(self) -> bool:
        return self.triage.level > Level.SELF_CARE


def knot_status(
    knot: Knot, clock: Clock | None = None, profile: Profile | None = None
) -> KnotStatus:
    """The knot as it stands today: latest pain, trend over recent weeks, and triage."""
    today = (clock or SystemClock()).today()
    profile = profile or profile_of(knot.owner)
    # Only the last five weeks matter for the trend: the cost does not grow with history.
    recent = readings(knot, since=today - timedelta(days=35))
    latest = knot.checkins.order_by("-at").values_list("pain", "at").first()
    verdict = classify(recent, today)
    facts = knot_facts(knot, profile, today, verdict, latest[0] if latest else None)
    return KnotStatus(
        knot,
        latest[0] if latest else None,
        latest[1] if latest else None,
        verdict,
        evaluate(facts, default_kb()),
    )


def active_knots(owner: Any) -> list[Knot]:
    return list(Knot.objects.filter(owner=owner, is_archived=False))


def has_sample_data(owner: Any) -> bool:
    return Knot.objects.filter(owner=owner, is_sample=True).exists()


def remove_sample_data(owner: Any) -> int:
    deleted, _ = Knot.objects.filter(owner=owner, is_sample=True).delete()
    return int(deleted)


def day_start(day: date) -> datetime:
    """The first moment of `day` in the current time zone: filter `at__gte=day_start(d)`
    rather than `at__date__gte=d`, so the database can use its index on `at`."""
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


def knot_statuses(
    knots: Sequence[Knot], clock: Clock | None = None, profile: Profile | None = None
) -> list[KnotStatus]:
    """`knot_status` for many knots (the Today page) in two or three queries instead of two
    per knot; the answers are the same. `profile`, if given, is the owner's of every knot."""
    today = (clock or SystemClock()).today()
    recent: dict[int, list[Reading]] = defaultdict(list)
    latest: dict[int, tuple[int, datetime]] = {}
    rows = CheckIn.objects.filter(
        knot__in=[k.pk for k in knots], at__gte=day_start(today - timedelta(days=35))
    )
    zone = timezone.get_current_timezone()
    for knot_id, at, pain in rows.order_by("at", "pk").values_list("knot_id", "at", "pain"):
        recent[knot_id].append(Reading(at.astimezone(zone).date(), pain))
        latest[knot_id] = (pain, at)  # ascending: the last row seen is the newest
    latest |= _latest_checkins([k.pk for k in knots if k.pk not in latest])
    profiles = _profiles(knots, profile)
    statuses = []
    for knot in knots:
        pain, at = latest.get(knot.pk, (None, None))
        verdict = classify(recent[knot.pk], today)
        facts = knot_facts(knot, profiles[knot.owner_id], today, verdict, pain)
        statuses.append(KnotStatus(knot, pain, at, verdict, evaluate(facts, default_kb())))
    return statuses


def _latest_checkins(knot_ids: list[int]) -> dict[int, tuple[int, datetime]]:
    """The newest check-in of knots that had none in the recent window, in one query."""
    if not knot_ids:
        return {}
    newest = CheckIn.objects.filter(knot=OuterRef("pk")).order_by("-at", "-pk")
    rows = Knot.objects.filter(pk__in=knot_ids).annotate(
        last_pain=Subquery(newest.values("pain")[:1]), last_at=Subquery(newest.values("at")[:1])
    )
    return {
        pk: (pain, at)
        for pk, pain, at in rows.values_list("pk", "last_pain", "last_at")
        if at is not None
    }


def _profiles(knots: Sequence[Knot], profile: Profile | None) -> dict[int, Profile]:
    owners = {k.owner_id for k in knots}
    if profile is not None:
        return dict.fromkeys(owners, profile)
    return {owner: Profile.objects.get_or_create(owner_id=owner)[0] for owner in owners}
