"""Numbers and states in plain words: pain scores, age, duration, trend, limits, recurrence.

Matched on the normalised text before symptoms and contexts, so that the words
they use ("no better", "since last month") are not misread as negations or
history by the context step.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from unknot.core.model import Trend

_UNITS = {
    "zero": 0,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_DECADES = {
    "twenties": 20,
    "thirties": 30,
    "forties": 40,
    "fifties": 50,
    "sixties": 60,
    "seventies": 70,
    "eighties": 80,
    "nineties": 90,
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def numbers_to_digits(tokens: list[str]) -> list[str]:
    """Word numbers to digits ("seventy two" -> "72"); "one" stays a word (too ambiguous)."""
    out: list[str] = []
    for tok in tokens:
        value = _UNITS.get(tok)
        if value is None:
            out.append(tok)
            continue
        if (
            out
            and out[-1].isdigit()
            and int(out[-1]) % 10 == 0
            and int(out[-1]) >= 20
            and value < 10
        ):
            out[-1] = str(int(out[-1]) + value)
        else:
            out.append(str(value))
    return out


@dataclass
class Quantities:
    pain: int | None = None
    age: int | None = None
    days: int | None = None
    trend: Trend | None = None
    limits_daily_activities: bool | None = None
    recurring: bool | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)  # character spans used


_AGE = [
    re.compile(
        r"\b(?:i am|aged|age|im)\s+(\d{1,3})\b(?!\s*(?:outoften|days?|weeks?|months?|"
        r"kg|kilos?|lbs?|pounds|cm|km|miles|minutes?|mins?|hours?|percent|times))"
    ),
    re.compile(r"\b(\d{1,3})\s*(?:years?|yrs?|y)\s*old\b"),
    re.compile(r"\b(\d{1,3})\s*(?:yo|y o|yr old)\b"),
    re.compile(r"\b(\d{2})\s?(?:f|m)\b"),  # "24f", "58 m"
    # A message that opens with a bare number: "62 and a smoker", "34, jaw aching".
    re.compile(r"^(\d{2})\b(?=\s*(?:,|and\b|\.|here\b|now\b))"),
]
_AGE_DECADE = re.compile(r"\bin (?:my|his|her) (?:(\d)0s|(" + "|".join(_DECADES) + r"))\b")
_PAIN = [
    re.compile(r"\b(\d+(?:\.\d+)?) (?:outoften|out of 10)\b"),
    re.compile(
        r"\b(?:pain|it is|is|at|about|around|like|maybe|rate it|rated|rating|level|"
        r"score|solid|roughly|probably|easily)\s+(?:a |an |at |about |around |like |"
        r"maybe |solid |strong |good )?(\d{1,2})\b(?!\s*(?:days?|weeks?|months?|years?|"
        r"hours?|minutes?|mins?|am|pm|km|k|miles|kg|kilos?|lbs|times|year|yo|y))"
    ),
]
_UNIT_DAYS = {
    "day": 1,
    "days": 1,
    "week": 7,
    "weeks": 7,
    "wk": 7,
    "wks": 7,
    "month": 30,
    "months": 30,
    "year": 365,
    "years": 365,
    "fortnight": 14,
    "fortnights": 14,
    "hour": 0,
    "hours": 0,
}
_COUNT = r"(\d+|a|an|one|a couple of|couple of|a couple|a few|few|several|a good few)"
_UNIT = r"(days?|weeks?|wks?|months?|years?|hours?|fortnights?)"
_DURATION = [
    re.compile(
        r"\b(?:for|past|last|over|almost|nearly|around|about|been|been there|going on|now|than)\s+"
        r"(?:the )?(?:past |last |about |almost |nearly |over |around )?"
        + _COUNT
        + r"\s+"
        + _UNIT
        + r"\b"
    ),
    re.compile(
        r"\b" + _COUNT + r"\s+" + _UNIT + r"\s+(?:ago|now|already|straight|running|"
        r"in a row|or so|and counting)\b"
    ),
]
_SINCE = re.compile(r"\b(?:since|started|began|start|begun|from)\b((?:\s+[a-z0-9]+){1,8})")
_COUNT_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "a couple of": 2,
    "couple of": 2,
    "a couple": 2,
    "a few": 3,
    "few": 3,
    "several": 4,
    "a good few": 4,
}

_TREND = [
    (
        Trend.SAME,
        re.compile(
            r"\b(?:no better|not (?:any |much |really |getting |gotten |"
            r"got )?better|not (?:really )?improv\w*|has not improved|have not "
            r"improved|no improvement|no change|not changed|has not changed|"
            r"unchanged|(?:about |pretty much |still )?the same|same as before|"
            r"no different|not going away|still there|not shifting)\b"
        ),
    ),
    (
        Trend.WORSE,
        re.compile(
            r"\b(?:(?:getting|got|gotten|becoming|become|gets|get|grown|"
            r"growing) (?:much |a lot |a bit |slightly |even |steadily )?worse"
            r"(?! (?:when|if|with|after|on|at|in|during|while|whenever|"
            r"than usual))|worse and worse|worsening|worse (?:every|each) day|"
            r"worse (?:than|since) (?:yesterday|before|last week|it was|"
            r"when it started)|keeps getting worse|spreading|"
            r"more and more painful)\b"
        ),
    ),
    (
        Trend.BETTER,
        re.compile(
            r"\b(?:(?:getting|got|gotten|feels?|feeling|is|it is|bit|lot|"
            r"much|slightly|somewhat|little) better|improving|improved|"
            r"easing|eased|settling|on the mend|less (?:sore|painful))\b"
        ),
    ),
]


def _phrases(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")


# Sleep is not here: pain that wakes you is the symptom night_pain.
_LIMITS = _phrases(
    r"stops? me",
    "stopping me",
    "off work",
    r"(?:missed|missing|miss) work",
    "bed ?bound",
    r"can not (?:work|do my|do anything|get out of bed|get dressed|drive|function|"
    r"concentrate|play|go to work|lift my|carry|cope)",
    r"unable to (?:work|do|drive|function)",
    r"(?:limits|limiting|affecting|affects|ruining|ruins|interferes with|interfering with) "
    r"(?:my )?(?:daily|day|life|work|everyday|normal)",
    r"can barely (?:work|function|cope|get through|get by|do anything)",
    r"hard to (?:work|do anything|get through)",
)
_RECURRING = _phrases(
    r"keeps? coming back",
    "comes back",
    "came back",
    r"(?:has|have|has now) come back",
    r"(?:second|third|fourth|fifth|\d+(?:st|nd|rd|th)) time",
    "recurring",
    "recurrent",
    "again and again",
    r"keeps? getting",
    "always get",
    "always comes",
    "back again",
    r"every (?:few|couple of) (?:weeks|months|days)",
    "once again",
    r"same (?:knot|spot) again",
    r"happens? (?:a lot|often|all the time)",
    "on and off",
)


def find_quantities(text: str, today: date) -> Quantities:
    found = Quantities()
    taken: list[tuple[int, int]] = []

    def claim_span(span: tuple[int, int]) -> bool:
        if any(span[0] < e and s < span[1] for s, e in taken):
            return False
        taken.append(span)
        return True

    def claim(match: re.Match[str]) -> bool:
        return claim_span(match.span())

    found.age = _first(_AGE, text, claim, lambda v: 10 <= v <= 120)
    decade = _AGE_DECADE.search(text)
    if found.age is None and decade and claim(decade):
        found.age = int(decade.group(1)) * 10 if decade.group(1) else _DECADES[decade.group(2)]
    found.days = _duration(text, claim, claim_span, today)
    found.pain = _first(_PAIN, text, claim, lambda v: 0 <= v <= 10)
    for trend, pattern in _TREND:
        match = pattern.search(text)
        if match and claim(match):
            found.trend = trend
            break
    for attr, pattern in (("limits_daily_activities", _LIMITS), ("recurring", _RECURRING)):
        match = pattern.search(text)
        if match and claim(match):
            setattr(found, attr, True)
    found.spans = taken
    return found


def _first(
    patterns: list[re.Pattern[str]],
    text: str,
    claim: Callable[[re.Match[str]], bool],
    ok: Callable[[int], bool],
) -> int | None:
    for pattern in patterns:
        for match in pattern.finditer(text):
            value = math.ceil(float(match.group(1)))  # 6.5/10 counts as 7: err upwards
            if ok(value) and claim(match):
                return value
    return None


def _duration(
    text: str,
    claim: Callable[[re.Match[str]], bool],
    claim_span: Callable[[tuple[int, int]], bool],
    today: date,
) -> int | None:
    # Several durations in one message: keep the longest (when unsure, escalate).
    best: int | None = None
    for pattern in _DURATION:
        for match in pattern.finditer(text):
            count, unit = match.group(1), match.group(2)
            if _is_past_event(text, match):
                continue  # "tore it two years ago": history, not how long this has hurt
            n = int(count) if count.isdigit() else _COUNT_WORDS[count]
            days = n * _UNIT_DAYS[unit]
            if claim(match):
                best = days if best is None else max(best, days)
    if best is None:
        best = _day_words(text)
    for match in _SINCE.finditer(text):
        found = _since(match, today)
        if found is None:
            continue
        days, spans = found
        # Claim only "since" and the time words, so "since I flew back on
        # Tuesday" still leaves "flew back" for the lexicon.
        if all(claim_span(span) for span in spans):
            best = days if best is None else max(best, days)
    return best


def _is_past_event(text: str, match: re.Match[str]) -> bool:
    if not match.group(2).startswith("year") or not match.group(0).endswith("ago"):
        return False
    before = text[max(0, match.start() - 25) : match.start()]
    return not re.search(r"\b(?:started|began|start|since|first|hurt|hurting|had it)\b", before)


def _day_words(text: str) -> int | None:
    """A lone day word: "after a walk yesterday" means it has hurt for about a day."""
    for phrase, days in (
        ("fortnight", 14),
        ("yesterday", 1),
        ("last night", 1),
        ("this morning", 0),
        ("today", 0),
        ("tonight", 0),
    ):
        if re.search(rf"\b{phrase}\b", text):
            return days
    return None


def _since(match: re.Match[str], today: date) -> tuple[int, list[tuple[int, int]]] | None:
    head = match.span(0)[0], match.span(0)[0] + len(match.group(0)) - len(match.group(1))
    tail = match.group(1)
    offset = match.start(1)
    fixed = (
        ("last night", 1),
        ("yesterday", 1),
        ("this morning", 0),
        ("today", 0),
        ("last week", 7),
        ("last weekend", _days_since(today, 5) + 7),
        ("the weekend", _days_since(today, 5)),
        ("last month", 30),
        ("last year", 365),
    )
    for phrase, days in fixed:
        at = tail.find(phrase)
        if at != -1 and at < 40:
            return days, [head, (offset + at, offset + at + len(phrase))]
    for word in WEEKDAYS:
        found = re.search(rf"\b{word}\b", tail)
        if found:
            return _days_since(today, WEEKDAYS.index(word)), [
                head,
                (offset + found.start(), offset + found.end()),
            ]
    return None


def _days_since(today: date, weekday: int) -> int:
    """Days since the most recent `weekday` strictly before today (Monday=0)."""
    delta = (today.weekday() - weekday) % 7
    return delta or 7
