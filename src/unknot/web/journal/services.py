"""The journal's operations, shared by the pages and the JSON API.

Views and API endpoints parse input and call one function here; every rule
about what may be stored lives here, so both shells refuse the same bad input
with the same messages, and nothing is stored half-way (each write is one
transaction).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from unknot.core.clock import Clock, SystemClock
from unknot.core.facts import closest
from unknot.core.kb import KnowledgeBase, default_kb
from unknot.core.model import Facts, Level, Location, Side, Trend, TriageResult
from unknot.core.trends import Reading, Verdict, classify
from unknot.core.triage import evaluate
from unknot.web.journal.models import (
    Activity,
    CheckIn,
    Exposure,
    Feel,
    FunctionScore,
    Knot,
    Profile,
    Session,
    Size,
    Strategy,
)
from unknot.web.plain_sql import ModelReader

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


WORSE_REPORT_DAYS = 14  # how long a session stopped because it hurt more counts as "worse"


def reported_worse(knot: Knot, today: date) -> bool:
    """A guided session was stopped because it hurt more in the last two weeks. The guidance
    says to stop and seek advice when pain worsens, so triage treats it as getting worse."""
    on = knot.worse_reported_on
    return on is not None and 0 <= (today - on).days < WORSE_REPORT_DAYS


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
        trend=Trend.WORSE if reported_worse(knot, today) else verdict.trend,
        recurring=knot.recurring,
    )


def knot_triage(
    knot: Knot, profile: Profile, today: date, verdict: Verdict, latest_pain: int | None
) -> TriageResult:
    """The knot's triage today, with a note saying when a stopped session counts in it."""
    facts = knot_facts(knot, profile, today, verdict, latest_pain)
    notes: tuple[str, ...] = ()
    if reported_worse(knot, today) and knot.worse_reported_on is not None:
        day = knot.worse_reported_on
        notes = (
            f"On {day.strftime('%A')} {day.day} {day.strftime('%B')} a guided session was "
            "stopped because it hurt more, so this counts as getting worse for two weeks.",
        )
    return evaluate(facts, default_kb(), notes)


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
    recent = readings(knot, since=today - timedelta(days=TREND_DAYS))
    latest = knot.checkins.order_by("-at", "-pk").values_list("pain", "at").first()
    verdict = classify(recent, today)
    pain = latest[0] if latest else None
    return KnotStatus(
        knot,
        pain,
        latest[1] if latest else None,
        verdict,
        knot_triage(knot, profile, today, verdict, pain),
    )


def active_knots(owner: Any) -> list[Knot]:
    return list(Knot.objects.filter(owner=owner, is_archived=False))


def has_sample_data(owner: Any) -> bool:
    return Knot.objects.filter(owner=owner, is_sample=True).exists()


def remove_sample_data(owner: Any) -> int:
    """Delete the sample knots (with everything hanging off them) and sample activity bouts."""
    with transaction.atomic():
        deleted, _ = Knot.objects.filter(owner=owner, is_sample=True).delete()
        bouts, _ = Exposure.objects.filter(owner=owner, is_sample=True).delete()
    return int(deleted + bouts)


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
    ids = [k.pk for k in knots]
    # Three weeks settle the trend of a knot checked in during the week before last (see
    # _settled); only the others are read again over the five weeks knot_status reads.
    recent, latest = _recent_readings(ids, day_start(today - timedelta(days=SHORT_TREND_DAYS)))
    again = [pk for pk in ids if not _settled(recent.get(pk, ()), today)]
    if again:
        more, newest = _recent_readings(again, day_start(today - timedelta(days=TREND_DAYS)))
        recent |= {pk: more.get(pk, []) for pk in again}
        latest |= newest
    latest |= _latest_checkins([k.pk for k in knots if k.pk not in latest])
    profiles = _profiles(knots, profile)
    statuses = []
    for knot in knots:
        pain, at = latest.get(knot.pk, (None, None))
        verdict = classify(recent[knot.pk], today)
        triage = knot_triage(knot, profiles[knot.owner_id], today, verdict, pain)
        statuses.append(KnotStatus(knot, pain, at, verdict, triage))
    return statuses


def _settled(readings: Iterable[Reading], today: date) -> bool:
    """Whether readings from SHORT_TREND_DAYS days back give the same trend as the full
    TREND_DAYS. classify() compares the last seven days with the seven days ending at the
    newest earlier check-in; older readings never change that newest one. So when it falls
    in the week before last (7 to 14 days ago), the week ending there lies inside the short
    read, and nothing older is looked at."""
    first, last = today - timedelta(days=SHORT_TREND_DAYS - 6), today - timedelta(days=7)
    return any(first <= r.day <= last for r in readings)


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


# --- a knot's status from check-ins already read ---------------------------------------------

TREND_DAYS = 35  # how far back knot_status and knot_statuses read check-ins for the trend
SHORT_TREND_DAYS = 20  # knot_statuses reads this far back first (see _settled)


def status_of(
    knot: Knot,
    recent: Sequence[Reading],
    latest: tuple[int, datetime] | None,
    today: date,
    profile: Profile,
) -> KnotStatus:
    """`knot_status` from check-ins the caller has read anyway (the knot page reads them for
    its chart): `recent` has the readings of the last TREND_DAYS days, `latest` the newest
    check-in's (pain, moment). The same answer as knot_status, without a query."""
    verdict = classify(recent, today)
    pain, at = latest if latest else (None, None)
    return KnotStatus(knot, pain, at, verdict, knot_triage(knot, profile, today, verdict, pain))


# --- plain-SQL reads for the busiest pages ---------------------------------------------------
#
# Today and the knot page read the same few things on every view. Django's query compiler
# costs more per query than the database does here (a simple query costs about half of a
# whole trivial request), so these reads are plain, parameterised SQL, the same on SQLite
# and PostgreSQL (the tests run on both). Rows come back as tuples, or as model instances
# converted the way the ORM converts them (_Reader). Every write still goes through the ORM.
#
# The knot page's slices of check-ins and sessions have the form (this knot AND at >= since)
# OR id IN (the newest n of this knot): each side uses the (knot, at) index (SQLite reads
# them as a MULTI-INDEX OR), so only the rows asked for are read, however long the history.
# A few dozen rows are put in order in Python (newest first: at, then id): the database's
# sort of the same rows costs more than reading them. When the history page is bounded by
# the check-ins, the sessions need only the first side, a range on the index.

_NEWEST = 'SELECT "id" FROM {t} WHERE "knot_id" = %s ORDER BY "at" DESC, "id" DESC LIMIT %s'
_SLICE = 'SELECT {cols} FROM {t} WHERE ("knot_id" = %s AND "at" >= %s) OR "id" IN (' + _NEWEST + ")"
_RANGE = 'SELECT {cols} FROM {t} WHERE "knot_id" = %s AND "at" >= %s'
_CHECKIN_COLS = '"id", "at", "pain", "notes"'
_SESSION_COLS = '"id", "at", "strategy", "tool", "minutes", "pain_before", "pain_after", "notes"'
_CHECKINS_SQL = _SLICE.format(cols=_CHECKIN_COLS, t=CheckIn._meta.db_table)
_SESSIONS_SQL = _SLICE.format(cols=_SESSION_COLS, t=Session._meta.db_table)
_SESSIONS_SINCE_SQL = _RANGE.format(cols=_SESSION_COLS, t=Session._meta.db_table)
_SCORES_FROM = (
    f' FROM {FunctionScore._meta.db_table} s JOIN {Activity._meta.db_table} a ON a."id" = '
    's."activity_id" WHERE s."checkin_id" IN ({ids})'
)
_SCORES_SQL = 'SELECT s."checkin_id", s."activity_id", a."name", s."score"' + _SCORES_FROM
_SCORES_SQL += ' ORDER BY s."id"'
# The knot page has read the knot's activities already: their names come from there.
_SCORES_UNORDERED_SQL = (
    f'SELECT "checkin_id", "activity_id", "score", "id" FROM {FunctionScore._meta.db_table}'
    ' WHERE "checkin_id" IN ({ids})'
)
_MAX_PARAMS = 900  # SQLite before 3.32 takes at most 999 parameters in one statement
_ACTIVITIES_SQL = (
    f'SELECT "id", "name" FROM {Activity._meta.db_table} WHERE "knot_id" = %s'
    ' ORDER BY "position", "id"'
)


@dataclass(frozen=True)
class JournalSlice:
    """Rows of one knot's journal as tuples, newest first (see journal_slice)."""

    activities: list[tuple[int, str]]  # (id, name) of its PSFS activities, in their order
    checkins: list[tuple[int, datetime, int, str]]  # (id, at, pain, notes)
    scores: list[tuple[int, int, str, int]]  # see function_scores
    sessions: list[tuple[int, datetime, str, str, int, int | None, int | None, str]]
    # (id, at, strategy, tool, minutes, pain_before, pain_after, notes)


def journal_slice(knot: Knot, since: datetime, chart_from: datetime, newest: int) -> JournalSlice:
    """The knot's activities; its check-ins from `since` on, and at least its `newest` latest
    ones whenever they were; the function scores of the check-ins from `chart_from` on and of
    the `newest` latest ones (by check-in id: a list of ids reads faster than the same rows
    found again); and its sessions from `chart_from` on, and those that a page of `newest`
    entries can show: the ones since the `newest`-th latest check-in, or (a knot with fewer
    check-ins) its `newest` latest sessions. Newest first, each list."""
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(_ACTIVITIES_SQL, [knot.pk])
        activities = cursor.fetchall()
        cursor.execute(_CHECKINS_SQL, [knot.pk, adapt(since), knot.pk, newest])
        checkins = _newest_first(cursor.fetchall())
        ids = [c[0] for c in checkins if c[1] >= chart_from] + [c[0] for c in checkins[:newest]]
        names = dict(activities)
        scores = [
            (checkin, activity, names[activity], score)
            for checkin, activity, score in _bare_scores(cursor, list(dict.fromkeys(ids)))
        ]
        if len(checkins) >= newest:  # an older session would come after `newest` check-ins
            bound = min(chart_from, checkins[newest - 1][1])
            cursor.execute(_SESSIONS_SINCE_SQL, [knot.pk, adapt(bound)])
        else:
            cursor.execute(_SESSIONS_SQL, [knot.pk, adapt(chart_from), knot.pk, newest])
        sessions = _newest_first(cursor.fetchall())
    return JournalSlice(activities, checkins, scores, sessions)  # type: ignore[arg-type]


def _newest_first(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Rows (id first, moment second) as the ORM gives them (see _moments), newest first, as
    ORDER BY "at" DESC, "id" DESC would put them."""
    rows = _moments(rows)
    rows.sort(key=_moment_and_id, reverse=True)
    return rows


def _moment_and_id(row: tuple[Any, ...]) -> tuple[datetime, int]:
    return row[1], row[0]


def function_scores(checkin_ids: list[int]) -> list[tuple[int, int, str, int]]:
    """(check-in id, activity id, activity name, score) of the check-ins' function scores, in
    the order they were saved; in plain SQL like journal_slice (the API lists pages of them)."""
    with connection.cursor() as cursor:
        return _scores(cursor, checkin_ids)


def _scores(cursor: Any, checkin_ids: list[int]) -> list[tuple[int, int, str, int]]:
    """The scores with their activity's name, in the order they were saved."""
    return _in_chunks(cursor, _SCORES_SQL, checkin_ids)


def _bare_scores(cursor: Any, checkin_ids: list[int]) -> list[tuple[int, int, int]]:
    """(check-in id, activity id, score), in the order they were saved: put in that order
    here (the id comes back last, then goes), which costs less than the database's sort."""
    found = _in_chunks(cursor, _SCORES_UNORDERED_SQL, checkin_ids)
    found.sort(key=_last)
    return [row[:3] for row in found]


def _in_chunks(cursor: Any, sql: str, ids: list[int]) -> list[Any]:
    found = []
    for i in range(0, len(ids), _MAX_PARAMS):
        chunk = ids[i : i + _MAX_PARAMS]
        cursor.execute(sql.format(ids=", ".join(["%s"] * len(chunk))), chunk)
        found += cursor.fetchall()
    return found


def _last(row: tuple[Any, ...]) -> Any:
    return row[-1]


def _moments(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The rows with their moment (2nd column) as the ORM gives it: SQLite hands back naive UTC."""
    zone = connection.timezone  # once: the connection proxy costs more than a row
    return [r if r[1].tzinfo else (r[0], r[1].replace(tzinfo=zone), *r[2:]) for r in rows]


MAX_ID = 2**63 - 1  # the largest id a database row can have


_KNOTS = ModelReader(Knot)
_PROFILES = ModelReader(Profile)


def find_knot(owner: Any, pk: int) -> Knot | None:
    """The owner's knot `pk`, or None: the same Knot as get() gives, at a fraction of its cost
    (the knot pages read it on every view)."""
    if not 0 < pk <= MAX_ID or owner.pk is None:
        return None
    found = _KNOTS.read('"id" = %s AND "owner_id" = %s', [pk, owner.pk])
    return found[0] if found else None


def read_profile(owner: Any) -> Profile:
    """profile_of without the ORM's cost, for the busiest pages (profile_of creates it if there
    is none yet)."""
    found = _PROFILES.read('"owner_id" = %s', [owner.pk])
    return found[0] if found else profile_of(owner)


_RECENT_SQL = (
    f'SELECT "knot_id", "at", "pain" FROM {CheckIn._meta.db_table}'
    ' WHERE "knot_id" IN ({ids}) AND "at" >= %s ORDER BY "at", "id"'
)


def _recent_rows(
    knot_ids: list[int], since: datetime, query: str = _RECENT_SQL
) -> list[tuple[Any, ...]]:
    """(knot id, at, pain) of the knots' check-ins from `since` on, oldest first, in plain SQL
    (Today reads a few hundred on every view), each moment as the database gives it (see
    _moments); `query` may select the moment differently (see _RECENT_TEXT_SQL)."""
    if not knot_ids:
        return []
    found = []
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        for i in range(0, len(knot_ids), _MAX_PARAMS):
            chunk = knot_ids[i : i + _MAX_PARAMS]
            sql = query.format(ids=", ".join(["%s"] * len(chunk)))
            cursor.execute(sql, [*chunk, adapt(since)])
            found += cursor.fetchall()
    return found


# The same rows with each moment as SQLite keeps it, naive UTC text ("2026-03-02 08:15:00"):
# a column that is an expression is not parsed on the way out.
_RECENT_TEXT_SQL = _RECENT_SQL.replace('"at", "pain"', 'CAST("at" AS TEXT), "pain"', 1)

Newest = dict[int, tuple[int, datetime]]


def _recent_readings(
    knot_ids: list[int], since: datetime
) -> tuple[dict[int, list[Reading]], Newest]:
    """Each knot's readings (its day in the current time zone, pain) from `since` on, oldest
    first, and its newest check-in's (pain, moment), the moment as the ORM gives it.

    Today reads a few hundred check-ins on every view, and parsing their moments cost more
    than the rest of the reading. Where SQLite and the person both keep time in UTC (as
    unknot is set up), the day is the first ten characters of the stored text and only the
    newest moment of each knot is parsed; elsewhere the moments come parsed (PostgreSQL
    does it in C) and each day is worked out from its moment."""
    recent: dict[int, list[Reading]] = defaultdict(list)
    newest: dict[int, tuple[int, Any]] = {}
    zone = timezone.get_current_timezone()
    if (
        connection.vendor == "sqlite"
        and _zone_name(connection.timezone) == _zone_name(zone) == "UTC"
    ):
        days: dict[str, date] = {}
        for knot_id, text, pain in _recent_rows(knot_ids, since, _RECENT_TEXT_SQL):
            key = text[:10]
            day = days.get(key)
            if day is None:
                day = days[key] = date.fromisoformat(key)
            recent[knot_id].append(Reading(day, pain))
            newest[knot_id] = (pain, text)  # ascending: the last row seen is the newest
        utc = connection.timezone
        moment = lambda text: datetime.fromisoformat(text).replace(tzinfo=utc)  # noqa: E731
    else:
        local_date = _local_date(zone)
        for knot_id, at, pain in _recent_rows(knot_ids, since):
            recent[knot_id].append(Reading(local_date(at), pain))
            newest[knot_id] = (pain, at)
        moment = _aware
    return recent, {pk: (pain, moment(at)) for pk, (pain, at) in newest.items()}


def _aware(moment: datetime) -> datetime:
    """A moment from the database as the ORM gives it (SQLite hands back naive UTC)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=connection.timezone)


def _local_date(zone: tzinfo) -> Callable[[datetime], date]:
    """The day in `zone` of a moment from the database, naive or aware (see _moments). When
    the database keeps its naive moments in that same zone (UTC on both sides, as unknot is
    set up), the day is the moment's own date, without making it aware first."""
    db_zone = connection.timezone
    if db_zone == zone or {_zone_name(db_zone), _zone_name(zone)} == {"UTC"}:
        return lambda at: at.date() if at.tzinfo is None else at.astimezone(zone).date()
    return lambda at: _aware(at).astimezone(zone).date()


def _zone_name(zone: tzinfo) -> str:
    if zone is UTC:
        return "UTC"
    return str(getattr(zone, "key", ""))


def knots_of(owner: Any) -> list[Knot]:
    """Every knot of the owner, archived ones too, newest first (Knot's own order): Today shows
    the active ones and asks whether any is sample data, from this one read."""
    return _KNOTS.read('"owner_id" = %s ORDER BY "created_at" DESC', [owner.pk])
