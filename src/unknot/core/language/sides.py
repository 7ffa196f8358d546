"""Which side a region is on: "left calf", "calf on the right", "both shoulders", "calves"."""

from __future__ import annotations

from collections.abc import Sequence

from unknot.core.language.tokens import BOUNDARY, Token
from unknot.core.model import Region, Side

_SIDE_WORDS = {
    "left": Side.LEFT,
    "right": Side.RIGHT,
    "both": Side.BOTH,
    "bilateral": Side.BOTH,
    "either": Side.BOTH,
    "l": Side.LEFT,
    "r": Side.RIGHT,
}
# Words that may stand between a side and its region: "left upper calf",
# "right side of my neck", "under my right shoulder blade".
_BETWEEN = frozenset(
    {
        "my",
        "the",
        "upper",
        "lower",
        "inner",
        "outer",
        "side",
        "sided",
        "of",
        "hand",
        "handed",
        "sore",
        "tight",
        "achy",
        "painful",
        "stiff",
        "whole",
    }
)


def side_of(
    tokens: Sequence[Token],
    start: int,
    end: int,
    previous: tuple[int, Side | None] | None,
    region: Region,
) -> Side | None:
    if not region.is_sided:
        return None
    inside = {_SIDE_WORDS[t.text] for t in tokens[start:end] if t.text in _SIDE_WORDS}
    side = (Side.BOTH if len(inside) > 1 else inside.pop()) if inside else None
    side = side or _before(tokens, start) or _after(tokens, end)
    if side is None and previous is not None:
        prev_end, prev_side = previous
        # "left calf and thigh": a side carries over a short list.
        gap = [t.text for t in tokens[prev_end:start]]
        if prev_side is not None and gap and all(w in {"and", "or", ",", "my", "the"} for w in gap):
            side = prev_side
    if side is None and _is_plural(tokens[end - 1].raw, region):
        side = Side.BOTH
    if side is None:
        side = _earlier_in_clause(tokens, start, previous[0] if previous else 0)
    return side


def _earlier_in_clause(tokens: Sequence[Token], start: int, floor: int) -> Side | None:
    # "numbness down my left leg into the top of my foot": the side was given
    # for a word that is not a region of its own ("leg"), earlier in the clause.
    for i in range(start - 1, max(floor, start - 15) - 1, -1):
        word = tokens[i].text
        if word in BOUNDARY:
            return None
        if word in {"left", "right"}:
            return _SIDE_WORDS[word]
    return None


def _before(tokens: Sequence[Token], start: int) -> Side | None:
    i = start - 1
    sides: set[Side] = set()
    while i >= 0 and start - i <= 5:
        word = tokens[i].text
        if word in _SIDE_WORDS:
            sides.add(_SIDE_WORDS[word])
            # "left and right calf"
            if i >= 2 and tokens[i - 1].text in {"and", "or"} and tokens[i - 2].text in _SIDE_WORDS:
                sides.add(_SIDE_WORDS[tokens[i - 2].text])
            break
        if word not in _BETWEEN or word in BOUNDARY:
            break
        i -= 1
    if len(sides) > 1:
        return Side.BOTH
    return sides.pop() if sides else None


def _after(tokens: Sequence[Token], end: int) -> Side | None:
    # "calf on the left", "neck, right side", "on both sides"
    window = [t.text for t in tokens[end : end + 4]]
    if window[:1] in (["on"], [","]) or window[:2] == ["on", "the"]:
        for word in window:
            if word in _SIDE_WORDS:
                return _SIDE_WORDS[word]
            if word in BOUNDARY:
                break
    return None


def _is_plural(raw: str, region: Region) -> bool:
    """Did the person make a singular place plural ("calves", "shoulders")?

    A place whose own name is plural ("Toes", "Fingers") says nothing about sides.
    """
    if region.name.lower().endswith("s"):
        return False
    return raw in {"calves", "feet", "heels", "shins"} or (
        raw.endswith("s") and not raw.endswith("ss")
    )
