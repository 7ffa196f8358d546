"""Normalising and tokenising a person's own words.

Everything downstream (lexicon, context, numbers) works on the same token
list, so one normalisation decides what "isn't", "7/10" or "shoulder-blade"
mean everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CONTRACTIONS = (
    (re.compile(r"\bcan'?t\b|\bcannot\b"), "can not"),
    (re.compile(r"\bwon'?t\b"), "will not"),
    (re.compile(r"\bain'?t\b"), "is not"),
    (
        re.compile(r"\b(is|are|was|were|do|does|did|has|have|had|could|should|would)n'?t\b"),
        r"\1 not",
    ),
    (re.compile(r"n't\b"), " not"),
    (re.compile(r"\bi'?m\b"), "i am"),
    (re.compile(r"\b(it|that|there|what|he|she)'s\b"), r"\1 is"),
    (re.compile(r"\b(i|you|we|they)'ve\b"), r"\1 have"),
    (re.compile(r"\b(i|you|we|they)'d\b"), r"\1 would"),
    (re.compile(r"\b(i|you|we|they)'ll\b"), r"\1 will"),
    (re.compile(r"\b(\w+)'s\b"), r"\1"),  # possessive: "dad's calf" -> "dad calf"
)
_OUT_OF_TEN = re.compile(r"(\d+(?:\.\d+)?)\s*(?:/|out\s+of|outta)\s*(?:10|ten)\b")
_TOKEN = re.compile(r"[a-z]+|\d+(?:\.\d+)?|[.,;:!?()]")
BOUNDARY = frozenset(".;:!?()")


@dataclass
class Token:
    text: str  # the normalised word as written (after typo correction)
    stem: str  # what lexicon matching compares
    index: int
    raw: str = ""  # before typo correction
    used: bool = False  # consumed by a lexicon, number or trend match
    kind: str = ""  # what consumed it: "region", "symptom", "condition", ...


def normalise(text: str) -> str:
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    text = _OUT_OF_TEN.sub(lambda m: f" {m.group(1)} outoften ", text)
    text = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", text)  # left-sided -> left sided
    text = re.sub(r"(?<=\d)-(?=[a-z])", " ", text)  # 72-year-old -> 72 year old
    for pattern, repl in _CONTRACTIONS:
        text = pattern.sub(repl, text)
    return text


def words(text: str) -> list[str]:
    return _TOKEN.findall(normalise(text))


_SUFFIXES = ("nesses", "ness", "ings", "ing", "edly", "ed", "ies", "es", "s", "ly")
_IRREGULAR = {
    "calves": "calf",
    "calve": "calf",
    "feet": "foot",
    "teeth": "tooth",
    "swollen": "swell",
    "swelled": "swell",
    "ribs": "rib",
    "thighs": "thigh",
    "knees": "knee",
    "hips": "hip",
    "achy": "ach",
    "aching": "ach",
    "aches": "ach",
    "ache": "ach",
    "fell": "fall",
    "fallen": "fall",
    "felt": "feel",
    "tingly": "tingl",
    "numbly": "numb",
    "hot": "hot",
    "lying": "lie",
}


def stem(word: str) -> str:
    """A deliberately small stemmer: enough that "tingling", "tingles" and "tingle" meet."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if not word.isalpha() or len(word) <= 3:
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word
