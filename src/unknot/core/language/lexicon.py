"""The phrase index: every alias of the knowledge base, ready for longest-match lookup.

Built once per knowledge base. Words that are not in the index are tried
against it for typos ("numbess", "sholder") and run-together words
("shoulderblade"), but never the everyday words in `COMMON`, so that "pain"
does not turn into "palm".
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from rapidfuzz.distance import Levenshtein
from rapidfuzz.process import extractOne

from unknot.core.kb import KnowledgeBase
from unknot.core.language.tokens import stem, words

# Determiners are ignored *inside* aliases so that "back of my neck", "back of
# the neck" and "back of neck" meet. Sides are read separately (sides.py), so
# "goes down my left arm" matches the alias "goes down my arm".
FILLER = frozenset({"my", "the", "a", "an", "left", "right"})

COMMON = frozenset(
    """
about above across after again against ago almost also always am and any anything are area
around arm arms away back bad badly bag been before being below between bit body both but
came can cause caused chair change check come comes coming could day days desk did does
doing done down during each easy else even ever every eye feel feeling feels find fine first
foot for from game gave gets getting give goes going gone good got great gym had hand hands
hard has have having head hello help here high hold home hour hours how hurt hurting hurts
into its just keep kind knot knots know last late later leg legs less lift like little long
look looks lot lots made make many maybe mean might mine month months more morning most move
moving much muscle muscles must near need never new next nice night none normal not now off
often okay once one only onto other our out over pain pains painful part past place play
please point pretty put quite rather really rest same says seem seems send should side sides
since sit sitting sleep slept some something sometimes soon sore sort spot start started
still stop such sure take tell than thank thanks that then there these they thing think this
those though through time times tired today told too took touch tried try turn under until
upon used using very walk walking want was wasn week weeks well went were what when where
which while who why will with without work working worry worried would yeah year years yes
yesterday yet you your lump lumps tight tense tension massage press pressed pressing roll
roller ball stretch stretching running run ran lifting weights sport sports training train
bike cycling swim swimming yoga pilates laptop phone computer mouse typing driving drive car
flight plane
""".split()
)


# Phrases that contain a finding's word but mean something else; matching them
# first consumes the words ("fell asleep" is not a fall).
NOT_FINDINGS = (
    "fell asleep",
    "fall asleep",
    "falling asleep",
    "hot bath",
    "hot shower",
    "hot water bottle",
    "hot pack",
    "hot tub",
    "warm up",
    "warmed up",
    "warming up",
    "warm bath",
    "warm shower",
    "warm compress",
    "heat pack",
    "ice pack",
    "cold pack",
    "cold shower",
    "cold weather",
    "weak spot",
    "weak point",
    "numbers",
    "sweat it out",
    "fever dream",
    "red light",
    "swelling goes down",
)


@dataclass(frozen=True)
class Entry:
    kind: str  # "region" | "symptom" | "condition"
    id: str
    alias: str


class Lexicon:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.index: dict[tuple[str, ...], list[Entry]] = defaultdict(list)
        vocab: set[str] = set()
        for kind, records in (
            ("region", kb.regions),
            ("symptom", kb.symptoms),
            ("condition", kb.conditions),
        ):
            for rid, record in records.items():
                for alias in dict.fromkeys([record.name.lower(), *record.aliases]):
                    toks = [w for w in words(alias) if w not in FILLER]
                    if not toks:
                        continue
                    key = tuple(stem(w) for w in toks)
                    if not any(e.kind == kind and e.id == rid for e in self.index[key]):
                        self.index[key].append(Entry(kind, rid, alias))
                    vocab.update(w for w in toks if w.isalpha())
        self.ignore = {tuple(stem(w) for w in words(p) if w not in FILLER) for p in NOT_FINDINGS}
        # Co-occurrence patterns: (kind, id, groups of stems), all groups within a window.
        self.near: list[tuple[str, str, tuple[frozenset[str], ...]]] = []
        for kind, records in (("symptom", kb.symptoms), ("condition", kb.conditions)):
            for rid, term in records.items():
                for_groups = term.near
                if for_groups:
                    groups = tuple(frozenset(stem(w) for w in g) for g in for_groups)
                    self.near.append((kind, rid, groups))
                    vocab.update(w for g in for_groups for w in g)
        # For each first word, the phrase lengths worth trying, longest first.
        lengths: dict[str, set[int]] = defaultdict(set)
        for key in [*self.index, *self.ignore]:
            lengths[key[0]].add(len(key))
        self.lengths = {first: sorted(ls, reverse=True) for first, ls in lengths.items()}
        self.vocab = vocab
        self._choices = sorted(w for w in vocab if len(w) >= 4)
        self._stems = {stem(w) for w in vocab}
        self._cache: dict[str, list[str]] = {}

    def lookup(self, stems: tuple[str, ...]) -> list[Entry]:
        return self.index.get(stems, [])

    def correct(self, word: str, protected: frozenset[str]) -> list[str]:
        """The word as the lexicon would spell it: itself, a typo fix, or a split compound."""
        cached = self._cache.get(word)
        if cached is None:
            cached = self._correct(word, protected)
            self._cache[word] = cached
        return cached

    def _correct(self, word: str, protected: frozenset[str]) -> list[str]:
        if (
            not word.isalpha()
            or len(word) < 4
            or word in self.vocab
            or word in COMMON
            or word in protected
            or stem(word) in self._stems
        ):
            return [word]
        for cut in range(3, len(word) - 2):
            left, right = word[:cut], word[cut:]
            if left in self.vocab and right in self.vocab:
                return [left, right]
        limit = 1 if len(word) <= 6 else 2
        best = extractOne(word, self._choices, scorer=Levenshtein.distance, score_cutoff=limit)
        if best is None or is_english_word(word):
            return [word]
        return [best[0]]


@functools.cache
def _english() -> Any:
    # Loaded only when a word looks like a typo of a knowledge-base word: a real
    # English word ("couch", "hotel") must never be "corrected" into one.
    from spellchecker import SpellChecker

    return SpellChecker(distance=1).word_frequency


def is_english_word(word: str) -> bool:
    return bool(_english()[word] >= 50)
