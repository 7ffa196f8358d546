"""Plain words in, facts out: `understand("left calf swollen since my flight")`.

The pipeline: normalise and tokenise, fix typos against the knowledge base's
own vocabulary, read numbers and states (pain, age, duration, trend), match
the longest aliases of regions, symptoms and conditions, then decide each
finding's context (negated, hypothetical, historical, someone else's,
uncertain) and the side of each region. What was set aside, and why, is
reported back so the person can see what was understood.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from unknot.core.kb import KnowledgeBase
from unknot.core.language.context import Context, Trigger, context_of, find_triggers
from unknot.core.language.lexicon import FILLER, Entry, Lexicon
from unknot.core.language.quantities import WEEKDAYS, find_quantities, numbers_to_digits
from unknot.core.language.sides import side_of
from unknot.core.language.tokens import BOUNDARY, Token, stem, words
from unknot.core.model import Facts, Location

__all__ = ["Finding", "Understanding", "understand"]


@dataclass(frozen=True)
class Finding:
    kind: str  # region | symptom | condition
    id: str
    context: Context
    words: str  # the words it was read from


@dataclass(frozen=True)
class Understanding:
    facts: Facts
    findings: tuple[Finding, ...]
    notes: tuple[str, ...] = field(default=())


@functools.lru_cache(maxsize=4)
def lexicon_for(kb: KnowledgeBase) -> Lexicon:
    return Lexicon(kb)


def _protected() -> frozenset[str]:
    from unknot.core.language.context import TRIGGERS

    words_in_triggers = {w for phrase, _c, _d in TRIGGERS for w in phrase}
    return frozenset(
        words_in_triggers
        | set(WEEKDAYS)
        | {
            "days",
            "weeks",
            "months",
            "years",
            "hours",
            "left",
            "right",
            "both",
            "since",
            "better",
            "worse",
            "worst",
            "same",
            "outoften",
            "ago",
            "yesterday",
            "today",
        }
    )


_PROTECTED = _protected()


def understand(text: str, kb: KnowledgeBase, today: date) -> Understanding:
    lexicon = lexicon_for(kb)
    tokens, fixes = _tokens(text, lexicon)
    quantities = find_quantities(" ".join(t.text for t in tokens), today)
    _mark_spans(tokens, quantities.spans)
    matches = _match(tokens, lexicon)
    matches += _near(tokens, lexicon)
    triggers = find_triggers(tokens)
    findings = _findings(tokens, matches, triggers)
    locations = _locations(tokens, matches, findings, kb)
    symptoms = {f.id for f in findings if f.kind == "symptom" and _counts(f)}
    conditions = {f.id for f in findings if f.kind == "condition" and _counts(f)}
    facts = Facts(
        locations=locations,
        pain=quantities.pain,
        days=quantities.days,
        age=quantities.age,
        symptoms=frozenset(symptoms),
        conditions=frozenset(conditions),
        limits_daily_activities=quantities.limits_daily_activities,
        trend=quantities.trend,
        recurring=quantities.recurring,
    )
    return Understanding(facts, tuple(findings), tuple(_notes(findings, fixes, kb, facts)))


def _tokens(text: str, lexicon: Lexicon) -> tuple[list[Token], list[tuple[str, str]]]:
    tokens: list[Token] = []
    fixes: list[tuple[str, str]] = []
    for raw in numbers_to_digits(words(text)):
        fixed = lexicon.correct(raw, _PROTECTED)
        if fixed != [raw]:
            fixes.append((raw, " ".join(fixed)))
        for word in fixed:
            tokens.append(Token(word, stem(word), len(tokens), raw))
    return tokens, fixes


def _mark_spans(tokens: Sequence[Token], spans: Sequence[tuple[int, int]]) -> None:
    pos = 0
    for tok in tokens:
        start, end = pos, pos + len(tok.text)
        if any(start < e and s < end for s, e in spans):
            tok.used = True
        pos = end + 1


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    entries: tuple[Entry, ...]


def _match(tokens: Sequence[Token], lexicon: Lexicon) -> list[_Match]:
    """Longest-first alias matching that skips "my"/"the" and never crosses a sentence."""
    seq = [t.index for t in tokens if t.text not in FILLER]
    # Phrases that only look like findings go first, so that "i fell" cannot
    # claim the "fell" of "fell asleep".
    _scan(tokens, seq, lexicon, lambda key: key in lexicon.ignore)
    return _scan(tokens, seq, lexicon, lexicon.lookup)


def _scan(
    tokens: Sequence[Token], seq: list[int], lexicon: Lexicon, lookup: Callable[[Any], Any]
) -> list[_Match]:
    found: list[_Match] = []
    p = 0
    while p < len(seq):
        first = tokens[seq[p]]
        step = 1
        for length in lexicon.lengths.get(first.stem, ()):
            idx = seq[p : p + length]
            if len(idx) < length or any(tokens[i].used or tokens[i].text in BOUNDARY for i in idx):
                continue
            hit = lookup(tuple(tokens[i].stem for i in idx))
            if hit:
                for i in range(idx[0], idx[-1] + 1):
                    tokens[i].used = True
                    tokens[i].kind = "ignore" if hit is True else hit[0].kind
                if hit is not True:
                    found.append(_Match(idx[0], idx[-1] + 1, tuple(hit)))
                step = length
                break
        p += step
    return found


NEAR_WINDOW = 6


def _near(tokens: Sequence[Token], lexicon: Lexicon) -> list[_Match]:
    """Findings said in a looser way: every word group of a pattern close together in
    one sentence ("my pee looked like cola" -> dark urine)."""
    free = [t for t in tokens if t.kind in ("", "region")]
    found = []
    for kind, rid, groups in lexicon.near:
        hits = [[t.index for t in free if t.stem in group] for group in groups]
        if not all(hits):
            continue
        for anchor in hits[0]:
            span = [anchor]
            for others in hits[1:]:
                near = [i for i in others if abs(i - anchor) <= NEAR_WINDOW]
                if not near:
                    break
                span.append(min(near, key=lambda i: abs(i - anchor)))
            else:
                lo, hi = min(span), max(span)
                if not any(tokens[i].text in BOUNDARY for i in range(lo, hi)):
                    found.append(_Match(lo, hi + 1, (Entry(kind, rid, "near"),)))
                    break
    return found


def _findings(
    tokens: Sequence[Token], matches: Sequence[_Match], triggers: Sequence[Trigger]
) -> list[Finding]:
    out = []
    for m in matches:
        context = context_of(m.start, m.end, tokens, triggers)
        text = " ".join(t.raw for t in tokens[m.start : m.end])
        for entry in m.entries:
            out.append(Finding(entry.kind, entry.id, context, text))
    return out


def _counts(f: Finding) -> bool:
    if f.context in (Context.AFFIRMED, Context.UNCERTAIN):
        return True
    # A past illness is still part of a person's history ("had a clot in 2015"),
    # but an old injury is not a *recent* one.
    return (
        f.kind == "condition" and f.context is Context.HISTORICAL and not f.id.startswith("recent_")
    )


def _locations(
    tokens: Sequence[Token],
    matches: Sequence[_Match],
    findings: Sequence[Finding],
    kb: KnowledgeBase,
) -> tuple[Location, ...]:
    region_matches = [(m, e) for m in matches for e in m.entries if e.kind == "region"]
    by_start = {(f.id, f.words): f.context for f in findings if f.kind == "region"}
    chosen: dict[tuple[str, str], Location] = {}
    fallback: dict[tuple[str, str], Location] = {}
    previous = None
    for m, entry in region_matches:
        words = " ".join(t.raw for t in tokens[m.start : m.end])
        context = by_start[(entry.id, words)]
        side = side_of(tokens, m.start, m.end, previous, kb.regions[entry.id])
        previous = (m.end, side)
        loc = Location(entry.id, side)
        key = (entry.id, side.value if side else "")
        if context in (Context.AFFIRMED, Context.UNCERTAIN):
            chosen[key] = loc
        elif context is not Context.OTHER_PERSON:
            fallback[key] = loc
    # A place mentioned only in a what-if is still the place the person asks about.
    picked = chosen or fallback
    return tuple(sorted(picked.values(), key=lambda loc: (loc.region, loc.side or "")))


_NOTE = {
    Context.NEGATED: "You said you do not have: {}.",
    Context.HYPOTHETICAL: "You asked about {} as a what-if, so it was not counted. "
    "If it does happen, check again.",
    Context.HISTORICAL: "{} was in the past, so it was not counted as happening now.",
    Context.OTHER_PERSON: "{} is about someone else, so it was not counted for you.",
    Context.UNCERTAIN: "You were not sure about {}; to be safe it was counted as present.",
}


def _notes(
    findings: Sequence[Finding], fixes: Sequence[tuple[str, str]], kb: KnowledgeBase, facts: Facts
) -> list[str]:
    notes = [f"Read “{raw}” as “{fixed}”." for raw, fixed in fixes]
    grouped: dict[Context, list[str]] = {}
    for f in findings:
        if f.kind == "region" or f.context is Context.AFFIRMED:
            continue
        if f.kind == "condition" and f.context is Context.HISTORICAL:
            continue
        records = kb.symptoms if f.kind == "symptom" else kb.conditions
        name = records[f.id].name.lower()
        if name not in grouped.setdefault(f.context, []):
            grouped[f.context].append(name)
    for context, names in grouped.items():
        # A finding both denied and affirmed elsewhere counts; don't claim otherwise.
        names = (
            [n for n in names if not _present(n, facts, kb)]
            if context is not Context.UNCERTAIN
            else names
        )
        if names:
            notes.append(_NOTE[context].format(_join(names)))
    return notes


def _present(name: str, facts: Facts, kb: KnowledgeBase) -> bool:
    return any(kb.symptoms[s].name.lower() == name for s in facts.symptoms) or any(
        kb.conditions[c].name.lower() == name for c in facts.conditions
    )


def _join(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
