"""ConText, our way: is a finding affirmed, negated, hypothetical, historical,
about someone else, or uncertain?

After Harkema et al.'s ConText (2009) and Chapman's NegEx (2001): trigger
phrases open a scope that runs forwards (or, for post-triggers, backwards)
to the end of the clause; a clause ends at sentence punctuation, at a
contrast word ("but", "although"), at a new trigger, or, for someone else's
story, where the person starts speaking of themselves again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from unknot.core.language.tokens import BOUNDARY, Token


class Context(StrEnum):
    AFFIRMED = "affirmed"
    NEGATED = "negated"
    HYPOTHETICAL = "hypothetical"
    HISTORICAL = "historical"
    OTHER_PERSON = "other_person"
    UNCERTAIN = "uncertain"


# Which context wins when several scopes cover one finding: someone else's
# story beats everything, a hypothetical beats a denial ("if it's not better"
# is still a what-if), and uncertainty loses to anything more specific.
_PRIORITY = (
    Context.OTHER_PERSON,
    Context.HYPOTHETICAL,
    Context.NEGATED,
    Context.HISTORICAL,
    Context.UNCERTAIN,
)

FORWARD, BACKWARD, BOTH = "forward", "backward", "both"


def _t(
    phrases: str, context: Context | None, direction: str
) -> list[tuple[tuple[str, ...], Context | None, str]]:
    return [(tuple(p.split()), context, direction) for p in phrases.split("|")]


TRIGGERS = [
    # Pseudo-triggers: look like triggers but are not (they consume the words).
    *_t(
        "not only|not just|ever since|no idea|not bad|not too bad|not that bad|no matter|"
        "not even sure "
        "why|no reason|not a big deal|no problem|not that|no doubt",
        None,
        FORWARD,
    ),
    *_t(
        "not sure if|not sure whether|not sure|unsure if|unsure whether|unsure|not certain|"
        "can not tell if|can not tell|hard to tell|do not know if|do not know whether|maybe|"
        "perhaps|possibly|probably|might be|may be|could be|i think|i guess|i suspect|kind of|"
        "kinda|sort of|sorta|seems|seem|seemed|looks|look|looked|appears|a touch of|"
        "might|questionable",
        Context.UNCERTAIN,
        FORWARD,
    ),
    *_t("i think|maybe|possibly|or not|not sure|i guess|or something", Context.UNCERTAIN, BACKWARD),
    *_t(
        "no|not|without|never|denies|deny|denied|nor|neither|free of|absence of|negative for|"
        "zero|none|nothing|lack of|no sign of|no signs of|no sign|do not think|no longer|"
        "nothing like|"
        "there is no|not any",
        Context.NEGATED,
        FORWARD,
    ),
    *_t(
        "is gone|has gone|gone|went away|healed|has healed|has resolved|resolved|cleared up|"
        "is fine now|"
        "fine now|are gone|disappeared|has stopped|stopped|no more",
        Context.NEGATED,
        BACKWARD,
    ),
    *_t(
        "if|what if|in case|should i worry|should i be worried|would|could this|could it|"
        "what happens if|when should|will it|is it possible|worried that|worried it|afraid it|"
        "scared it|worried about|afraid of|scared of|concerned about|worry about|in the event|"
        "watch for|look out for|what about|how do i know|how would i know|"
        "supposed to|should i",
        Context.HYPOTHETICAL,
        FORWARD,
    ),
    *_t(
        "last year|years ago|year ago|months ago|month ago|in the past|used to|previously|"
        "history of|once had|as a child|as a kid|when i was|years back|back in|a while ago|"
        "long ago|last summer|last winter|last spring|last autumn|in my twenties|"
        "in my teens|childhood",
        Context.HISTORICAL,
        BOTH,
    ),
    *_t(
        "my dad|my father|my mum|my mom|my mother|my wife|my husband|my partner|my boyfriend|"
        "my girlfriend|my brother|my sister|my son|my daughter|my friend|my colleague|"
        "my coworker|my grandmother|my grandfather|my grandma|my grandpa|my nan|my aunt|"
        "my uncle|my family|my parents|my kid|my child|my boss|my neighbour|my neighbor|"
        "my cousin|my flatmate|my roommate|family history|someone|somebody|"
        "a friend|he|she|his|her|him|they|their|them|my parent",
        Context.OTHER_PERSON,
        FORWARD,
    ),
    *_t(
        "runs in my family|runs in the family|run in my family|run in the family|"
        "in my family|in the family",
        Context.OTHER_PERSON,
        BACKWARD,
    ),
]
_BY_FIRST: dict[str, list[tuple[tuple[str, ...], Context | None, str]]] = {}
for _trigger in sorted(TRIGGERS, key=lambda t: -len(t[0])):
    _BY_FIRST.setdefault(_trigger[0][0], []).append(_trigger)

TERMINATORS = frozenset(
    {
        "but",
        "however",
        "although",
        "though",
        "except",
        "yet",
        "whereas",
        "apart",
        "aside",
        "besides",
        "otherwise",
        "instead",
        "because",
        "so",
        "which",
        "while",
        "whilst",
        "still",
    }
)
_SELF = frozenset({"i", "me", "my", "mine", "myself"})
_CLAUSE_OPENERS = frozenset({"i", "my", "it", "this", "that", "the", "there", "now"})


@dataclass(frozen=True)
class Trigger:
    start: int
    end: int  # exclusive
    context: Context | None
    direction: str


def find_triggers(tokens: Sequence[Token]) -> list[Trigger]:
    found: list[Trigger] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.used:
            i += 1
            continue
        for phrase, context, direction in _BY_FIRST.get(tok.text, ()):
            end = i + len(phrase)
            if end <= len(tokens) and all(
                not tokens[j].used and tokens[j].text == w
                for j, w in zip(range(i, end), phrase, strict=True)
            ):
                found.append(Trigger(i, end, context, direction))
                i = end - 1
                break
        i += 1
    return found


def is_break(tokens: Sequence[Token], i: int) -> bool:
    """Does token i end a clause (scope) for context purposes?"""
    text = tokens[i].text
    if text in BOUNDARY or text in TERMINATORS:
        return True
    if text in {",", "and"} and i + 1 < len(tokens):
        return tokens[i + 1].text in _CLAUSE_OPENERS
    return False


def context_of(
    start: int, end: int, tokens: Sequence[Token], triggers: Sequence[Trigger]
) -> Context:
    """The context of the finding spanning tokens[start:end]."""
    hits: set[Context] = set()
    for trig in triggers:
        if trig.context is None:
            continue
        if start <= trig.start and trig.end <= end:
            # Inside a loosely worded finding: "face is not drooping".
            hits.add(trig.context)
            continue
        if (
            trig.direction in (FORWARD, BOTH)
            and trig.end <= start
            and _open(tokens, triggers, trig, trig.end, start)
        ):
            hits.add(trig.context)
        if (
            trig.direction in (BACKWARD, BOTH)
            and trig.start >= end
            and _open(tokens, triggers, trig, end, trig.start)
        ):
            hits.add(trig.context)
    if not hits and _question_without_trigger(tokens, end):
        hits.add(Context.UNCERTAIN)
    for context in _PRIORITY:
        if context in hits:
            return context
    return Context.AFFIRMED


def _open(
    tokens: Sequence[Token], triggers: Sequence[Trigger], trig: Trigger, lo: int, hi: int
) -> bool:
    """Does the trigger's scope reach across tokens[lo:hi]?"""
    for i in range(lo, hi):
        if is_break(tokens, i):
            return False
        if trig.context is Context.OTHER_PERSON and tokens[i].text in _SELF and not tokens[i].used:
            return False
    if trig.context is not Context.NEGATED:
        return True
    # A denial covers a list ("no numbness or tingling") but stops at the next
    # trigger ("no numbness, maybe some tingling"): wrongly negating a finding
    # is the dangerous mistake, so negation gets the shortest reasonable scope.
    return not any(
        other is not trig and other.context is not None and lo <= other.start < hi
        for other in triggers
    )


def _question_without_trigger(tokens: Sequence[Token], end: int) -> bool:
    # "maybe a bit swollen?" -- a finding in a sentence that ends in a question
    # mark is something the person is unsure of, unless a trigger says otherwise.
    for i in range(end, len(tokens)):
        if tokens[i].text == "?":
            return True
        if tokens[i].text in BOUNDARY:
            return False
    return False
