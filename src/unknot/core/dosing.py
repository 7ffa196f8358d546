"""Movement dosing, or "Can I still train?": a traffic light for one activity.

It follows the pain-monitoring model used in physiotherapy (Silbernagel et al. 2007):
pain during an activity may reach about 5 out of 10, as long as it has settled by the next
morning and does not build up from week to week. The rules, in order:

1. Pain during the activity: up to `safe_max` (3 by default; some use 2) is green, up to
   `upper_max` (5) amber, above it red.
2. Pain straight afterwards above `upper_max` makes it at least amber.
3. Pain that has not settled by the next morning ("worse", or a morning pain higher than
   before the activity) makes it at least amber, and red if any pain was above `upper_max`
   or the morning after the previous session of this activity was worse too.
4. A build-up, the average pain during this activity over the last 7 days at least
   `build_points` (1) above the 7 days before, raises the light one step.

Every rule can only make the light redder as pain rises, so more pain never gives a greener
light (the tests check this with Hypothesis).

The model was tested for Achilles tendon pain (tendinopathy). Using it for muscle knots is an
extrapolation, and every answer says so briefly (`NOTE`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

MORNINGS = ("better", "same", "worse")
SOURCE = "silbernagel_2007"
SOURCES = (
    SOURCE,
    "bim_the_pain_monitoring_model",
    "providephysiotherapy_pain_traffic_light",
    "pelvico_the_pain_traffic_light",
)
NOTE = (
    "This traffic light follows a pain-monitoring model that physiotherapists tested for "
    "tendon pain; using it for muscle knots is a sensible extrapolation, not a proven rule."
)
_SEE_HELP = (
    "If it comes with numbness, tingling or swelling, or the pain keeps growing, stop and do "
    "the safety check."
)


class Light(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Light.GREEN: 0, Light.AMBER: 1, Light.RED: 2}
_BY_RANK = (Light.GREEN, Light.AMBER, Light.RED)


@dataclass(frozen=True)
class DoseSettings:
    safe_max: int = 3  # pain during up to this is green (the original figure uses 2)
    upper_max: int = 5  # pain above this is too much (red)
    build_points: float = 1.0  # week-on-week rise in average pain that counts as building up

    def __post_init__(self) -> None:
        if not 0 <= self.safe_max < self.upper_max <= 10:
            raise ValueError("settings need 0 <= safe_max < upper_max <= 10")
        if self.build_points <= 0:
            raise ValueError("build_points must be more than 0")


@dataclass(frozen=True)
class Exposure:
    """One session of an activity and how the knot responded.

    `next_morning` is "better", "same" or "worse" (compared with before the activity), a
    0-10 pain number for the next morning, or None when it is not known yet. A morning
    number is compared with `pain_before` when given, else with the morning after the
    previous session of the same activity.
    """

    activity: str
    pain_during: int
    pain_after: int
    next_morning: str | int | None
    day: date
    pain_before: int | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.activity, str) or not self.activity.strip():
            raise ValueError("name the activity, e.g. 'run' or 'deadlift'")
        if len(self.activity) > 100:
            raise ValueError("the activity name is too long (at most 100 characters)")
        _check_pain("pain during", self.pain_during)
        _check_pain("pain after", self.pain_after)
        if self.pain_before is not None:
            _check_pain("pain before", self.pain_before)
        morning = self.next_morning
        if isinstance(morning, str):
            if morning not in MORNINGS:
                raise ValueError(
                    f"next morning {morning!r} is not one of better, same, worse "
                    "or a pain number 0-10"
                )
        elif morning is not None:
            _check_pain("next-morning pain", morning)
        if not isinstance(self.day, date):
            raise ValueError("day must be a date")

    @property
    def key(self) -> str:
        """The activity name as compared across sessions ("Long  Run" == "long run")."""
        return activity_key(self.activity)

    def to_json(self) -> dict[str, Any]:
        return {
            "activity": self.activity,
            "pain_during": self.pain_during,
            "pain_after": self.pain_after,
            "next_morning": self.next_morning,
            "day": self.day.isoformat(),
            "pain_before": self.pain_before,
        }

    @classmethod
    def from_json(cls, obj: Mapping[str, Any]) -> Exposure:
        """Strict: unknown keys, missing keys and wrong types raise ValueError."""
        if not isinstance(obj, Mapping):
            raise ValueError("an exposure is a JSON object")
        allowed = {"activity", "pain_during", "pain_after", "next_morning", "day", "pain_before"}
        unknown = sorted(set(obj) - allowed)
        if unknown:
            raise ValueError(f"unknown field {unknown[0]!r}; allowed: {', '.join(sorted(allowed))}")
        for name in ("activity", "pain_during", "pain_after", "day"):
            if name not in obj:
                raise ValueError(f"missing field {name!r}")
        try:
            day = date.fromisoformat(obj["day"])
        except (TypeError, ValueError):
            raise ValueError(f"day {obj['day']!r} is not a date like 2026-11-28") from None
        return cls(
            obj["activity"],
            obj["pain_during"],
            obj["pain_after"],
            obj.get("next_morning"),
            day,
            obj.get("pain_before"),
        )


@dataclass(frozen=True)
class Adjustment:
    kind: str  # keep_going | change_form | reduce_load | shorten_range | swap_activity | rest_day
    text: str

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind, "text": self.text}


@dataclass(frozen=True)
class Dose:
    light: Light
    headline: str
    why: str
    adjustments: tuple[Adjustment, ...]
    morning: str | None  # better | same | worse as judged, None when not known
    is_building: bool
    source: str = SOURCE
    sources: tuple[str, ...] = SOURCES
    note: str = NOTE

    def to_json(self) -> dict[str, Any]:
        return {
            "light": self.light.value,
            "headline": self.headline,
            "why": self.why,
            "adjustments": [a.to_json() for a in self.adjustments],
            "source": self.source,
            "sources": list(self.sources),
            "note": self.note,
            "morning": self.morning,
            "is_building": self.is_building,
        }


@dataclass(frozen=True)
class ActivityTrend:
    activity: str
    sessions: int  # all sessions of this activity up to the reference day
    last_week: float | None  # mean pain during, the 7 days ending on the reference day
    week_before: float | None  # mean pain during, the 7 days before those
    change: float | None
    is_building: bool
    worse_mornings: int  # in the last 7 days
    summary: str

    def to_json(self) -> dict[str, Any]:
        return {
            "activity": self.activity,
            "sessions": self.sessions,
            "last_week": self.last_week,
            "week_before": self.week_before,
            "change": self.change,
            "is_building": self.is_building,
            "worse_mornings": self.worse_mornings,
            "summary": self.summary,
        }


def activity_key(activity: str) -> str:
    return " ".join(activity.casefold().split())


def assess(
    exposure: Exposure, history: Sequence[Exposure] = (), settings: DoseSettings | None = None
) -> Dose:
    """The traffic light for one session, given earlier sessions (any activity, any order).

    `history` holds earlier sessions only, not `exposure` itself; sessions after its day are
    ignored.
    """
    cfg = settings or DoseSettings()
    earlier = _same_activity(exposure, history)
    morning = _judge_morning(exposure, earlier)
    previous_worse = bool(earlier) and _judge_morning(earlier[-1], earlier[:-1]) == "worse"
    peak = max(
        exposure.pain_during,
        exposure.pain_after,
        exposure.next_morning if isinstance(exposure.next_morning, int) else 0,
    )
    recent, before = _weeks(exposure.day, [*earlier, exposure])
    building = _is_building(recent, before, cfg)

    during = _zone(exposure.pain_during, cfg)
    level = during.rank
    if exposure.pain_after > cfg.upper_max:
        level = max(level, 1)
    if morning == "worse":
        twice = previous_worse
        level = max(level, 2 if peak > cfg.upper_max or twice else 1)
    if building:
        level = min(level + 1, 2)
    light = _BY_RANK[level]

    name = exposure.activity.strip()
    why = _why(exposure, cfg, during, morning, previous_worse, building, recent, before, light)
    return Dose(
        light=light,
        headline=_headline(light, name, during, morning, building),
        why=why,
        adjustments=_adjustments(light, name, during, morning, previous_worse, building),
        morning=morning,
        is_building=building,
    )


def trend_for(
    activity: str,
    history: Sequence[Exposure],
    today: date | None = None,
    settings: DoseSettings | None = None,
) -> ActivityTrend:
    """How one activity has been going: this week against last week, and worse mornings.

    `today` defaults to the day of the latest session of the activity.
    """
    key = activity_key(activity)
    sessions = sorted((e for e in history if e.key == key), key=lambda e: e.day)
    name = activity.strip()
    if today is None:
        today = sessions[-1].day if sessions else date.min
    sessions = [e for e in sessions if e.day <= today]
    if not sessions:
        title = name[:1].upper() + name[1:]
        return ActivityTrend(name, 0, None, None, None, False, 0, f"{title}: no sessions yet.")
    recent, before = _weeks(today, sessions)
    last_week = _mean(recent)
    week_before = _mean(before)
    change = (
        round(last_week - week_before, 2)
        if last_week is not None and week_before is not None
        else None
    )
    building = _is_building(recent, before, settings or DoseSettings())
    worse = sum(
        1
        for i, e in enumerate(sessions)
        if today - timedelta(days=6) <= e.day and _judge_morning(e, sessions[:i]) == "worse"
    )
    summary = _trend_summary(name, len(sessions), last_week, week_before, change, building, worse)
    return ActivityTrend(
        name, len(sessions), last_week, week_before, change, building, worse, summary
    )


def _check_pain(label: str, value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 10:
        raise ValueError(
            f"{label} must be a whole number from 0 (none) to 10 (worst), not {value!r}"
        )


def _same_activity(exposure: Exposure, history: Sequence[Exposure]) -> list[Exposure]:
    # sorted() is stable: sessions on the same day keep the order they were given in.
    return sorted(
        (e for e in history if e.key == exposure.key and e.day <= exposure.day),
        key=lambda e: e.day,
    )


def _judge_morning(exposure: Exposure, earlier: Sequence[Exposure]) -> str | None:
    """better | same | worse, or None when there is nothing to compare the morning with."""
    morning = exposure.next_morning
    if morning is None or isinstance(morning, str):
        return morning
    baseline = exposure.pain_before
    if baseline is None:
        baseline = next(
            (e.next_morning for e in reversed(earlier) if isinstance(e.next_morning, int)), None
        )
    if baseline is None:
        return "same" if morning == 0 else None
    return "worse" if morning > baseline else "better" if morning < baseline else "same"


def _weeks(day: date, sessions: Sequence[Exposure]) -> tuple[list[int], list[int]]:
    recent = [e.pain_during for e in sessions if day - timedelta(days=6) <= e.day <= day]
    before = [
        e.pain_during
        for e in sessions
        if day - timedelta(days=13) <= e.day <= day - timedelta(days=7)
    ]
    return recent, before


def _is_building(recent: list[int], before: list[int], cfg: DoseSettings) -> bool:
    r, b = _mean(recent), _mean(before)
    return r is not None and b is not None and r - b >= cfg.build_points


def _mean(values: Sequence[int]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def _zone(pain: int, cfg: DoseSettings) -> Light:
    if pain <= cfg.safe_max:
        return Light.GREEN
    return Light.AMBER if pain <= cfg.upper_max else Light.RED


def _headline(light: Light, name: str, during: Light, morning: str | None, building: bool) -> str:
    title = name[:1].upper() + name[1:]
    if light is Light.GREEN:
        return f"{title}: green. Carry on."
    if light is Light.RED:
        if building and during is not Light.RED and morning != "worse":
            return f"{title}: red. The pain has been building week on week, so cut back now."
        return f"{title}: red. Too much this time; change it or take a day off."
    if morning == "worse":
        return f"{title}: amber. Ease off a little."
    if building:
        return f"{title}: amber. The pain is building up, so step back a little."
    return f"{title}: amber. Fine in moderation; hold the dose for now."


def _why(
    e: Exposure,
    cfg: DoseSettings,
    during: Light,
    morning: str | None,
    previous_worse: bool,
    building: bool,
    recent: list[int],
    before: list[int],
    light: Light,
) -> str:
    parts = []
    if during is Light.GREEN:
        parts.append(
            f"Pain during it was {e.pain_during}/10, inside the comfortable range "
            f"(0 to {cfg.safe_max})."
        )
    elif during is Light.AMBER:
        parts.append(
            f"Pain during it was {e.pain_during}/10: acceptable, as long as it settles "
            "by the next morning."
        )
    else:
        parts.append(
            f"Pain during it was {e.pain_during}/10, above the {cfg.upper_max}/10 "
            "that is a sensible ceiling."
        )
    if e.pain_after > cfg.upper_max:
        parts.append(f"Afterwards it reached {e.pain_after}/10, which is more than it should.")
    if morning in ("better", "same"):
        parts.append("It had settled by the next morning, which is what matters most.")
    elif morning == "worse":
        parts.append("The next morning it was worse than before, so it had not settled.")
        if previous_worse:
            parts.append("That is the second session in a row with a worse morning after.")
    elif e.next_morning is None:
        parts.append(
            "How the knot feels tomorrow morning matters most: if it is worse than "
            "before, ease off next time."
        )
    else:
        parts.append(
            f"The next morning was {e.next_morning}/10, but I can't tell whether that is "
            "worse than usual; next time also give your pain before the activity."
        )
    if building:
        parts.append(
            f"Over the last 7 days the pain during it averaged {_mean(recent):.1f}/10, "
            f"up from {_mean(before):.1f}/10 the week before: it is building up."
        )
    if light is Light.RED:
        if morning == "worse" and previous_worse:
            parts.append(
                "If it keeps flaring even after you ease off, a physical therapist can help "
                "you find a dose that works."
            )
        parts.append(_SEE_HELP)
    return " ".join(parts)


def _adjustments(
    light: Light,
    name: str,
    during: Light,
    morning: str | None,
    previous_worse: bool,
    building: bool,
) -> tuple[Adjustment, ...]:
    texts = _texts_for(name)
    if light is Light.GREEN:
        kinds = ["keep_going"]
    elif light is Light.AMBER:
        if morning == "worse":
            kinds = ["reduce_load", "shorten_range", "change_form"]
        elif building:
            kinds = ["reduce_load", "change_form"]
        elif during is Light.AMBER:
            kinds = ["hold", "change_form", "shorten_range"]
        else:  # only the pain straight afterwards was high
            kinds = ["change_form", "reduce_load"]
    elif morning == "worse":
        kinds = ["rest_day", "swap_activity", "reduce_load"]
    else:
        kinds = ["reduce_load", "shorten_range", "change_form", "swap_activity"]
    out = []
    for kind in kinds:
        if kind == "hold":
            out.append(Adjustment("keep_going", _HOLD))
        else:
            out.append(Adjustment(kind, texts[kind]))
    return tuple(out)


_HOLD = (
    "Keep going, but hold at this amount: don't add more until it feels easier and "
    "the mornings stay calm."
)
_GENERAL = {
    "keep_going": (
        "Keep going at this level. If the mornings after stay calm for a week, add a "
        "little: a few more minutes, one more set or a little more weight."
    ),
    "change_form": (
        "Change how you do it: slow down, keep the movements smooth, and stop each bout "
        "before the muscle starts to strain."
    ),
    "reduce_load": (
        "Reduce the load: do about a quarter less next time (less time, fewer repetitions "
        "or less effort), and build back up only while the mornings stay calm."
    ),
    "shorten_range": (
        "Shorten the range of motion: stop each movement before the point where the knot "
        "starts to pull."
    ),
    "swap_activity": (
        "Swap it for a few days for a gentler activity that leaves the knot quiet, such "
        "as an easy walk or a swim."
    ),
    "rest_day": (
        "Rest from it for a day or two (easy everyday movement is still good), then come "
        "back at a lower dose."
    ),
}
# Activity-specific wording, so the adjustment is something a person can do tomorrow.
_KINDS: dict[str, tuple[frozenset[str], dict[str, str]]] = {
    "run": (
        frozenset(
            "run runs running jog jogs jogging sprint sprints sprinting marathon 5k 10k "
            "trail parkrun".split()
        ),
        {
            "change_form": (
                "Change how you run: shorter, lighter steps at a slightly slower pace, on "
                "flat, softer ground rather than hills or hard roads."
            ),
            "reduce_load": (
                "Reduce the load: run a shorter distance or at an easier pace, or mix "
                "running with walking breaks."
            ),
            "shorten_range": "Shorten your stride, and leave out hills and sprints for now.",
            "swap_activity": "Swap a run for cycling, swimming or brisk walking for a few days.",
        },
    ),
    "lift": (
        frozenset(
            "lift lifts lifting squat squats deadlift deadlifts bench press presses row rows "
            "rowing curl curls weights gym kettlebell kettlebells pull-up pull-ups push-up "
            "push-ups lunge lunges".split()
        ),
        {
            "change_form": (
                "Change the form: lower the weight slowly, keep it close to your body, and "
                "stop a couple of repetitions before you would have to."
            ),
            "reduce_load": (
                "Reduce the load: take about a quarter off the weight, or do fewer sets."
            ),
            "shorten_range": (
                "Shorten the range of motion: stop each repetition before the point where "
                "the knot pulls, for example squat to a box or press from a higher start."
            ),
            "swap_activity": (
                "Swap the exercise for one that works the same area without the pain, such "
                "as a machine or cable version instead of free weights."
            ),
        },
    ),
    "yoga": (
        frozenset("yoga pilates stretch stretches stretching mobility".split()),
        {
            "change_form": (
                "Change the form: use blocks or a strap, bend your knees in forward folds, "
                "and breathe slowly in each pose."
            ),
            "reduce_load": (
                "Reduce the load: hold poses for fewer breaths and skip the strongest ones."
            ),
            "shorten_range": (
                "Shorten the range: come out of each stretch at a gentle pull, well before "
                "the knot aches."
            ),
            "swap_activity": (
                "Swap to a gentle or restorative class, or an easy walk, for a few days."
            ),
        },
    ),
    "drive": (
        frozenset("drive drives driving car commute commuting flight flying".split()),
        {
            "change_form": (
                "Change how you sit: seat upright with your lower back supported, and set "
                "the mirrors so you don't lean forward."
            ),
            "reduce_load": (
                "Reduce the load: split a long drive into legs of about an hour, with a "
                "short walk at every stop."
            ),
            "shorten_range": (
                "Shorten the time in one position: shift how you sit now and then, and roll "
                "your shoulders at every stop."
            ),
            "swap_activity": (
                "Swap where you can: take the train, share the driving, or split the "
                "journey over two days."
            ),
        },
    ),
    "cycle": (
        frozenset("cycle cycles cycling bike biking ride riding spin spinning".split()),
        {
            "change_form": (
                "Change how you ride: check the saddle height and reach, and spin an easier "
                "gear at a steady pace."
            ),
            "reduce_load": "Reduce the load: a shorter or flatter ride, in an easier gear.",
            "shorten_range": (
                "Shorten the time in one position: change your hand position often and ease "
                "off on long climbs."
            ),
            "swap_activity": "Swap a ride for walking or swimming for a few days.",
        },
    ),
}


def _texts_for(name: str) -> dict[str, str]:
    words = set(activity_key(name).replace(",", " ").split())
    for keywords, texts in _KINDS.values():
        if words & keywords:
            return {**_GENERAL, **texts}
    return _GENERAL


def _trend_summary(
    name: str,
    sessions: int,
    last_week: float | None,
    week_before: float | None,
    change: float | None,
    building: bool,
    worse: int,
) -> str:
    title = name[:1].upper() + name[1:]
    if last_week is None:
        return f"{title}: no sessions in the last 7 days ({sessions} before that)."
    mornings = {0: "", 1: " One session this week left the next morning worse."}.get(
        worse, f" {worse} sessions this week left the next morning worse."
    )
    if week_before is None or change is None:
        return (
            f"{title}: pain during it averaged {last_week:.1f}/10 over the last 7 days; "
            f"not enough history yet to compare with the week before.{mornings}"
        )
    if building:
        return (
            f"{title}: building up. Pain during it averaged {last_week:.1f}/10 this week, "
            f"up from {week_before:.1f}/10 the week before; go back to last week's amount."
            f"{mornings}"
        )
    if change <= -1:
        return (
            f"{title}: easing. Pain during it averaged {last_week:.1f}/10 this week, down "
            f"from {week_before:.1f}/10 the week before.{mornings}"
        )
    return (
        f"{title}: steady. Pain during it averaged {last_week:.1f}/10 this week and "
        f"{week_before:.1f}/10 the week before.{mornings}"
    )
