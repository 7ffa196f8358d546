"""The shape of knowledge-base records, and the checker that reports every deviation.

Kept apart from the loader in kb.py: this file says what a record may hold,
kb.py turns valid records into model objects and cross-checks them.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from unknot.core import model

SCHEMA_VERSION = 1

REGION_GROUPS = frozenset(
    [
        "head",
        "face",
        "neck",
        "shoulder",
        "chest",
        "upper_arm",
        "elbow",
        "forearm",
        "hand",
        "upper_back",
        "low_back",
        "abdomen",
        "hip",
        "thigh",
        "knee",
        "lower_leg",
        "ankle",
        "foot",
    ]
)
MUSCLE_GROUPS = frozenset(
    [
        "head_face",
        "neck_shoulder",
        "shoulder_chest",
        "upper_back",
        "arm",
        "forearm_hand",
        "trunk",
        "hip",
        "thigh",
        "lower_leg_foot",
    ]
)
VIEWS = frozenset({"front", "back", "both"})
PRESSURES = ("light", "light_to_moderate", "moderate")
EVIDENCE = frozenset({"expert_opinion", "observational", "trial"})
SOURCE_KINDS = frozenset({"web", "book", "article", "guideline"})


@dataclass(frozen=True)
class Problem:
    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.field}: {self.message}"


class WordGroups:
    """Type marker: a list of lists of words (see `near` in docs/kb-authoring.md)."""


# Field specs: name -> (expected type, required). `list` means a list of strings.
Spec = Mapping[str, tuple[type, bool]]
_COMMON: Spec = {"schema_version": (int, True), "id": (str, True)}
SPECS: dict[str, Spec] = {
    "sources": {
        "title": (str, True),
        "publisher": (str, True),
        "url": (str, True),
        "kind": (str, True),
        "accessed": (str, True),
    },
    "regions": {
        "name": (str, True),
        "group": (str, True),
        "view": (str, True),
        "sided": (bool, True),
        "aliases": (list, True),
        "description": (str, True),
    },
    "symptoms": {
        "name": (str, True),
        "aliases": (list, True),
        "question": (str, True),
        "is_red_flag": (bool, True),
        "sources": (list, False),
        "near": (WordGroups, False),
    },
    "tools": {
        "name": (str, True),
        "aliases": (list, True),
        "is_percussive": (bool, True),
        "is_deep": (bool, True),
        "description": (str, True),
        "sources": (list, False),
    },
    "muscles": {
        "name": (str, True),
        "aliases": (list, True),
        "group": (str, True),
        "summary": (str, True),
        "trigger_point": (str, True),
        "regions": (list, True),
        "referral_primary": (list, True),
        "referral_spillover": (list, True),
        "aggravating": (list, True),
        "signs": (list, False),
        "cautions": (list, True),
        "sources": (list, True),
        "evidence": (str, True),
        "reviewed": (str, True),
        "self_release": (dict, True),
        "stretch": (dict, True),
    },
    "rules": {
        "title": (str, True),
        "level": (str, True),
        "is_red_flag": (bool, True),
        "blocks_self_release": (bool, False),
        "rationale": (str, True),
        "advice": (str, True),
        "sources": (list, True),
        "when": (dict, True),
        "examples": (tuple, True),
    },
    "precautions": {
        "text": (str, True),
        "when": (dict, False),
        "excluded_tools": (list, False),
        "excluded_pressure": (list, False),
        "excluded_regions_for_percussion": (list, False),
        "blocks_self_release": (bool, False),
        "blocks_heat_cold": (bool, False),
        "sources": (list, True),
    },
}
SPECS["conditions"] = SPECS["symptoms"]
# The causes questionnaire: six contributing factors, each scored by a few questions.
FACTORS = ("overuse", "underuse", "posture", "sudden_movement", "stress", "poor_recovery")
SPECS["factors"] = {
    "name": (str, True),
    "summary": (str, True),
    "what_to_change": (list, True),
    "sources": (list, True),
}
SPECS["questions"] = {
    "factor": (str, True),
    "order": (int, False),
    "text": (str, True),
    "answers": (tuple, True),
    "sources": (list, True),
}
ANSWER: Spec = {"label": (str, True), "value": (int, True)}
SELF_RELEASE: Spec = {
    "tools": (list, True),
    "position": (str, True),
    "instructions": (str, True),
    "pressure": (str, True),
    "hold_s": (int, True),
    "repetitions": (int, True),
    "avoid": (list, False),
}
STRETCH: Spec = {
    "name": (str, True),
    "instructions": (str, True),
    "hold_s": (int, True),
    "repetitions": (int, True),
    "is_recommended": (bool, True),
    "note": (str, False),
}
# Relief strategies the muscles do not carry themselves (self-release and the
# stretch live in each muscle): heat, cold, movement, relaxation, hydration, habits.
STRATEGY_KINDS = ("heat", "cold", "movement", "relaxation", "hydration", "habit")
SPECS["strategies"] = {
    "kind": (str, True),
    "title": (str, True),
    "instructions": (str, True),
    "seconds": (int, True),
    "min_seconds": (int, False),
    "repetitions": (int, False),
    "why": (str, True),
    "sources": (list, True),
    "temperature": (str, False),
    "max_minutes": (int, False),
    "skin_check": (str, False),
    "regions": (list, False),
    "cause": (str, False),
    "inhale_s": (int, False),
    "exhale_s": (int, False),
}
# Kind-specific fields: which kinds may carry each one, and which kinds need it.
STRATEGY_FIELD_KINDS: Mapping[str, frozenset[str]] = {
    "temperature": frozenset({"heat", "cold"}),
    "max_minutes": frozenset({"heat", "cold"}),
    "skin_check": frozenset({"heat", "cold"}),
    "regions": frozenset({"movement"}),
    "repetitions": frozenset({"movement"}),
    "cause": frozenset({"habit"}),
    "inhale_s": frozenset({"relaxation"}),
    "exhale_s": frozenset({"relaxation"}),
}
STRATEGY_REQUIRED: Mapping[str, tuple[str, ...]] = {
    "heat": ("temperature", "max_minutes", "skin_check"),
    "cold": ("temperature", "max_minutes", "skin_check"),
    "movement": ("regions", "repetitions"),
    "habit": ("cause",),
}

# Movements for breaks (kb/movements/): the kinds of break they fill, where they are
# done, what they need, and the limits of their illustrations (inlined into pages, so
# nothing in them may run, style or fetch anything).
BREAK_KINDS = ("movement", "sit_stand", "water", "posture_reset")
POSITIONS = ("sitting", "standing", "floor", "any")
EQUIPMENT = model.EQUIPMENT
MOVEMENT_SECONDS = (20, 300)
MOVEMENT_STEPS = (2, 6)
ILLUSTRATION_MAX_BYTES = 4096
SPECS["movements"] = {
    "name": (str, True),
    "break_kind": (str, True),
    "seconds": (int, True),
    "position": (str, True),
    "equipment": (list, True),
    "muscles": (list, True),
    "regions": (list, True),
    "steps": (list, True),
    "cautions": (list, True),
    "avoid_with": (list, True),
    "illustration": (str, True),
    "sources": (list, True),
}
# Folders a knowledge base may do without (older checkouts, small test fixtures).
OPTIONAL_FOLDERS = frozenset({"movements"})


class Loader:
    """Collects problems while turning raw TOML tables into model objects."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []

    def report(self, file: str, fld: str, message: str) -> None:
        self.problems.append(Problem(file, fld, message))

    def read_folder(self, kind: str) -> dict[str, tuple[str, dict[str, Any]]]:
        folder = self.root / kind
        records: dict[str, tuple[str, dict[str, Any]]] = {}
        if not folder.is_dir():
            if kind not in OPTIONAL_FOLDERS:
                self.report(f"{kind}/", "-", "folder is missing")
            return records
        for path in sorted(folder.glob("*.toml")):
            rel = f"{kind}/{path.name}"
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                self.report(rel, "-", f"not valid TOML: {exc}")
                continue
            if self.check_fields(rel, "", data, {**_COMMON, **SPECS[kind]}):
                if data["id"] != path.stem:
                    self.report(rel, "id", f"must equal the file name {path.stem!r}")
                    continue
                if data["schema_version"] != SCHEMA_VERSION:
                    self.report(rel, "schema_version", f"must be {SCHEMA_VERSION}")
                    continue
                records[data["id"]] = (rel, data)
        return records

    def check_fields(self, file: str, prefix: str, data: Mapping[str, Any], spec: Spec) -> bool:
        ok = True
        for key in data:
            if key not in spec:
                self.report(file, prefix + key, f"unknown key; allowed: {', '.join(spec)}")
                ok = False
        for key, (typ, required) in spec.items():
            if key not in data:
                if required:
                    self.report(file, prefix + key, "missing")
                    ok = False
                continue
            value = data[key]
            if not _is_type(value, typ):
                self.report(file, prefix + key, f"expected {_type_name(typ)}")
                ok = False
            elif typ is str and not value.strip() and key != "url":
                self.report(file, prefix + key, "must not be empty")
                ok = False
        return ok

    def check_ids(
        self, file: str, fld: str, ids: Iterable[str], known: Mapping[str, Any], kind: str
    ) -> None:
        for item in ids:
            if item not in known:
                self.report(file, fld, f"unknown {kind} {item!r}{suggest(item, known)}")

    def check_enum(self, file: str, fld: str, value: str, allowed: Iterable[str]) -> None:
        allowed = sorted(allowed)
        if value not in allowed:
            self.report(file, fld, f"{value!r} is not one of {', '.join(allowed)}")

    def check_range(self, file: str, fld: str, value: int, low: int, high: int) -> None:
        if not low <= value <= high:
            self.report(file, fld, f"{value} is outside {low}..{high}")


def _is_type(value: Any, typ: type) -> bool:
    if typ is WordGroups:
        return (
            isinstance(value, list)
            and len(value) >= 2
            and all(
                isinstance(g, list) and g and all(isinstance(w, str) and w for w in g)
                for g in value
            )
        )
    if typ is list:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if typ is tuple:  # a list of tables
        return isinstance(value, list) and all(isinstance(v, dict) for v in value)
    if typ is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if typ is dict:
        return isinstance(value, dict)
    return isinstance(value, typ)


def _type_name(typ: type) -> str:
    return {
        WordGroups: "two or more lists of words",
        list: "a list of strings",
        tuple: "a list of tables",
        dict: "a table",
        int: "a whole number",
        bool: "true or false",
        str: "a string",
    }[typ]


def suggest(item: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(item, list(known), n=3, cutoff=0.6)
    return f" (did you mean {', '.join(close)}?)" if close else ""
