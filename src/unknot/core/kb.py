"""Load and validate the knowledge base: the only reader of knowledge files.

Every problem is reported as `file:field: message` and all of them are
collected before failing, so an author fixes a batch in one go instead of one
error per run.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from unknot.core.model import (
    Example,
    Level,
    Muscle,
    Precaution,
    Region,
    Rule,
    SelfRelease,
    Source,
    Stretch,
    Term,
    Tool,
)
from unknot.core.rules import ConditionError, Vocabulary, compile_condition, required_atoms

SCHEMA_VERSION = 1
DEFAULT_PATH = Path(__file__).resolve().parent.parent / "kb"

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


class KnowledgeBaseError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        shown = "\n".join(str(p) for p in problems[:20])
        more = f"\n... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{len(problems)} problem(s) in the knowledge base:\n{shown}{more}")


@dataclass(frozen=True, eq=False)  # identity equality: one loaded KB, cached lexicons
class KnowledgeBase:
    regions: Mapping[str, Region]
    symptoms: Mapping[str, Term]
    conditions: Mapping[str, Term]
    muscles: Mapping[str, Muscle]
    tools: Mapping[str, Tool]
    rules: tuple[Rule, ...]  # red flags first, then by level, most urgent first
    precautions: tuple[Precaution, ...]
    sources: Mapping[str, Source]
    vocabulary: Vocabulary = field(repr=False)

    def source_text(self, source_id: str) -> str:
        return self.sources[source_id].cite()

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


# Field specs: name -> (expected type, required). `list` means a list of strings.
Spec = Mapping[str, tuple[type, bool]]
_COMMON: Spec = {"schema_version": (int, True), "id": (str, True)}
_SPECS: dict[str, Spec] = {
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
_SPECS["conditions"] = _SPECS["symptoms"]
_SELF_RELEASE: Spec = {
    "tools": (list, True),
    "position": (str, True),
    "instructions": (str, True),
    "pressure": (str, True),
    "hold_s": (int, True),
    "repetitions": (int, True),
    "avoid": (list, False),
}
_STRETCH: Spec = {
    "name": (str, True),
    "instructions": (str, True),
    "hold_s": (int, True),
    "repetitions": (int, True),
    "is_recommended": (bool, True),
    "note": (str, False),
}


class _Loader:
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
            self.report(f"{kind}/", "-", "folder is missing")
            return records
        for path in sorted(folder.glob("*.toml")):
            rel = f"{kind}/{path.name}"
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                self.report(rel, "-", f"not valid TOML: {exc}")
                continue
            if self.check_fields(rel, "", data, {**_COMMON, **_SPECS[kind]}):
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
                self.report(file, fld, f"unknown {kind} {item!r}{_suggest(item, known)}")

    def check_enum(self, file: str, fld: str, value: str, allowed: Iterable[str]) -> None:
        allowed = sorted(allowed)
        if value not in allowed:
            self.report(file, fld, f"{value!r} is not one of {', '.join(allowed)}")

    def check_range(self, file: str, fld: str, value: int, low: int, high: int) -> None:
        if not low <= value <= high:
            self.report(file, fld, f"{value} is outside {low}..{high}")


def _is_type(value: Any, typ: type) -> bool:
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
        list: "a list of strings",
        tuple: "a list of tables",
        dict: "a table",
        int: "a whole number",
        bool: "true or false",
        str: "a string",
    }[typ]


def _suggest(item: str, known: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(item, list(known), n=3, cutoff=0.6)
    return f" (did you mean {', '.join(close)}?)" if close else ""


def load(root: Path | None = None) -> KnowledgeBase:
    """Load and validate the knowledge base; raise KnowledgeBaseError listing every problem."""
    kb, problems = _load(root or DEFAULT_PATH)
    if problems or kb is None:
        raise KnowledgeBaseError(problems)
    return kb


def check(root: Path | None = None) -> list[Problem]:
    """Every problem in the knowledge base at `root` (empty when it is sound)."""
    return _load(root or DEFAULT_PATH)[1]


@functools.cache
def default_kb() -> KnowledgeBase:
    """The packaged knowledge base, loaded once per process."""
    return load(DEFAULT_PATH)


def _load(root: Path) -> tuple[KnowledgeBase | None, list[Problem]]:
    ld = _Loader(root)
    raw = {kind: ld.read_folder(kind) for kind in _SPECS}
    sources = _build_sources(ld, raw["sources"])
    regions = _build_regions(ld, raw["regions"])
    symptoms = _build_terms(ld, raw["symptoms"], sources)
    conditions = _build_terms(ld, raw["conditions"], sources)
    tools = _build_tools(ld, raw["tools"], sources)
    vocab = Vocabulary(frozenset(regions), frozenset(symptoms), frozenset(conditions))
    muscles = _build_muscles(ld, raw["muscles"], regions, tools, sources)
    rules = _build_rules(ld, raw["rules"], vocab, sources)
    precautions = _build_precautions(ld, raw["precautions"], vocab, tools, sources)
    _check_unique_aliases(ld, "regions", raw["regions"])
    _check_unique_aliases(ld, "symptoms/conditions", {**raw["symptoms"], **raw["conditions"]})
    _check_unique_aliases(ld, "muscles", raw["muscles"])
    if ld.problems:
        return None, ld.problems
    ordered = tuple(sorted(rules, key=lambda r: (not r.is_red_flag, -r.level, r.id)))
    kb = KnowledgeBase(
        regions, symptoms, conditions, muscles, tools, ordered, tuple(precautions), sources, vocab
    )
    _check_examples(ld, kb, raw["rules"])
    return (None, ld.problems) if ld.problems else (kb, [])


def _build_sources(ld: _Loader, raw: Mapping[str, tuple[str, dict[str, Any]]]) -> dict[str, Source]:
    out = {}
    for sid, (rel, d) in raw.items():
        ld.check_enum(rel, "kind", d["kind"], SOURCE_KINDS)
        if d["url"] and not d["url"].startswith(("http://", "https://")):
            ld.report(rel, "url", "must start with http:// or https:// (or be empty for a book)")
        out[sid] = Source(sid, d["title"], d["publisher"], d["url"], d["kind"], d["accessed"])
    return out


def _build_regions(ld: _Loader, raw: Mapping[str, tuple[str, dict[str, Any]]]) -> dict[str, Region]:
    out = {}
    for rid, (rel, d) in raw.items():
        ld.check_enum(rel, "group", d["group"], REGION_GROUPS)
        ld.check_enum(rel, "view", d["view"], VIEWS)
        if len(d["aliases"]) < 3:
            ld.report(rel, "aliases", "needs at least three everyday phrasings")
        out[rid] = Region(
            rid,
            d["name"],
            d["group"],
            d["view"],
            d["sided"],
            tuple(a.lower() for a in d["aliases"]),
            d["description"],
        )
    return out


def _build_terms(
    ld: _Loader, raw: Mapping[str, tuple[str, dict[str, Any]]], sources: Mapping[str, Source]
) -> dict[str, Term]:
    out = {}
    for tid, (rel, d) in raw.items():
        ld.check_ids(rel, "sources", d.get("sources", []), sources, "source")
        if not d["aliases"]:
            ld.report(rel, "aliases", "needs at least one lay phrasing")
        out[tid] = Term(
            tid,
            d["name"],
            tuple(a.lower() for a in d["aliases"]),
            d["question"],
            d["is_red_flag"],
            tuple(d.get("sources", [])),
        )
    return out


def _build_tools(
    ld: _Loader, raw: Mapping[str, tuple[str, dict[str, Any]]], sources: Mapping[str, Source]
) -> dict[str, Tool]:
    out = {}
    for tid, (rel, d) in raw.items():
        ld.check_ids(rel, "sources", d.get("sources", []), sources, "source")
        out[tid] = Tool(
            tid,
            d["name"],
            tuple(a.lower() for a in d["aliases"]),
            d["is_percussive"],
            d["is_deep"],
            d["description"],
        )
    return out


def _build_muscles(
    ld: _Loader,
    raw: Mapping[str, tuple[str, dict[str, Any]]],
    regions: Mapping[str, Region],
    tools: Mapping[str, Tool],
    sources: Mapping[str, Source],
) -> dict[str, Muscle]:
    out = {}
    for mid, (rel, d) in raw.items():
        ld.check_enum(rel, "group", d["group"], MUSCLE_GROUPS)
        ld.check_enum(rel, "evidence", d["evidence"], EVIDENCE)
        for fld in ("regions", "referral_primary", "referral_spillover"):
            ld.check_ids(rel, fld, d[fld], regions, "region")
        if not d["regions"] or not d["referral_primary"]:
            ld.report(rel, "referral_primary", "regions and referral_primary need an entry")
        both = set(d["referral_primary"]) & set(d["referral_spillover"])
        if both:
            ld.report(rel, "referral_spillover", f"also listed as primary: {sorted(both)}")
        if not d["sources"]:
            ld.report(rel, "sources", "a muscle needs at least one source")
        ld.check_ids(rel, "sources", d["sources"], sources, "source")
        release = _build_release(ld, rel, d["self_release"], tools)
        stretch = _build_stretch(ld, rel, d["stretch"])
        if release is None or stretch is None:
            continue
        out[mid] = Muscle(
            mid,
            d["name"],
            tuple(a.lower() for a in d["aliases"]),
            d["group"],
            d["summary"],
            d["trigger_point"],
            tuple(d["regions"]),
            tuple(d["referral_primary"]),
            tuple(d["referral_spillover"]),
            tuple(d["aggravating"]),
            tuple(d.get("signs", [])),
            tuple(d["cautions"]),
            tuple(d["sources"]),
            d["evidence"],
            d["reviewed"],
            release,
            stretch,
        )
    return out


def _build_release(
    ld: _Loader, rel: str, d: dict[str, Any], tools: Mapping[str, Tool]
) -> SelfRelease | None:
    if not ld.check_fields(rel, "self_release.", d, _SELF_RELEASE):
        return None
    ld.check_ids(rel, "self_release.tools", d["tools"], tools, "tool")
    ld.check_enum(rel, "self_release.pressure", d["pressure"], PRESSURES)
    ld.check_range(rel, "self_release.hold_s", d["hold_s"], 10, 120)
    ld.check_range(rel, "self_release.repetitions", d["repetitions"], 1, 6)
    return SelfRelease(
        tuple(d["tools"]),
        d["position"],
        d["instructions"],
        d["pressure"],
        d["hold_s"],
        d["repetitions"],
        tuple(d.get("avoid", [])),
    )


def _build_stretch(ld: _Loader, rel: str, d: dict[str, Any]) -> Stretch | None:
    if not ld.check_fields(rel, "stretch.", d, _STRETCH):
        return None
    ld.check_range(rel, "stretch.hold_s", d["hold_s"], 10, 90)
    ld.check_range(rel, "stretch.repetitions", d["repetitions"], 1, 6)
    return Stretch(
        d["name"],
        d["instructions"],
        d["hold_s"],
        d["repetitions"],
        d["is_recommended"],
        d.get("note", ""),
    )


def _build_rules(
    ld: _Loader,
    raw: Mapping[str, tuple[str, dict[str, Any]]],
    vocab: Vocabulary,
    sources: Mapping[str, Source],
) -> list[Rule]:
    out = []
    for rid, (rel, d) in raw.items():
        try:
            level = Level.from_slug(d["level"])
        except ValueError as exc:
            ld.report(rel, "level", str(exc))
            continue
        if not d["sources"]:
            ld.report(rel, "sources", "every rule cites at least one source")
        ld.check_ids(rel, "sources", d["sources"], sources, "source")
        when = _compile(ld, rel, d["when"], vocab)
        examples = _build_examples(ld, rel, d["examples"])
        if when is None:
            continue
        out.append(
            Rule(
                rid,
                d["title"],
                level,
                d["is_red_flag"],
                d.get("blocks_self_release", False),
                d["rationale"],
                d["advice"],
                tuple(d["sources"]),
                when,
                examples,
                required_atoms(when),
            )
        )
    return out


def _compile(ld: _Loader, rel: str, tree: Any, vocab: Vocabulary) -> Any:
    try:
        return compile_condition(tree, vocab)
    except ConditionError as exc:
        ld.report(rel, exc.path, exc.message)
        return None


def _build_examples(ld: _Loader, rel: str, raw: Any) -> tuple[Example, ...]:
    examples = []
    for i, ex in enumerate(raw):
        fld = f"examples[{i}]"
        if not isinstance(ex, dict) or set(ex) - {"facts", "expect_match"} or "facts" not in ex:
            ld.report(rel, fld, "an example is { facts = {...}, expect_match = true|false }")
            continue
        examples.append(Example(ex["facts"], bool(ex.get("expect_match", True))))
    if not any(e.expect_match for e in examples):
        ld.report(rel, "examples", "needs at least one example that fires the rule")
    return tuple(examples)


def _build_precautions(
    ld: _Loader,
    raw: Mapping[str, tuple[str, dict[str, Any]]],
    vocab: Vocabulary,
    tools: Mapping[str, Tool],
    sources: Mapping[str, Source],
) -> list[Precaution]:
    out = []
    for pid, (rel, d) in raw.items():
        ld.check_ids(rel, "sources", d["sources"], sources, "source")
        ld.check_ids(rel, "excluded_tools", d.get("excluded_tools", []), tools, "tool")
        ld.check_ids(
            rel,
            "excluded_regions_for_percussion",
            d.get("excluded_regions_for_percussion", []),
            dict.fromkeys(vocab.regions),
            "region",
        )
        for p in d.get("excluded_pressure", []):
            ld.check_enum(rel, "excluded_pressure", p, PRESSURES)
        when = _compile(ld, rel, d["when"], vocab) if "when" in d else None
        out.append(
            Precaution(
                pid,
                d["text"],
                when,
                frozenset(d.get("excluded_tools", [])),
                frozenset(d.get("excluded_pressure", [])),
                frozenset(d.get("excluded_regions_for_percussion", [])),
                d.get("blocks_self_release", False),
                d.get("blocks_heat_cold", False),
                tuple(d["sources"]),
                required_atoms(when) if when is not None else None,
            )
        )
    return out


def _check_unique_aliases(
    ld: _Loader, label: str, raw: Mapping[str, tuple[str, dict[str, Any]]]
) -> None:
    seen: dict[str, str] = {}
    for rid, (rel, d) in raw.items():
        names = [d.get("name", "")] if label != "regions" else []
        for alias in [*names, *d.get("aliases", [])]:
            key = " ".join(alias.lower().split())
            if not key:
                continue
            if key in seen and seen[key] != rid:
                ld.report(rel, "aliases", f"{alias!r} is also used by {seen[key]} ({label})")
            seen.setdefault(key, rid)


def _check_examples(
    ld: _Loader, kb: KnowledgeBase, raw: Mapping[str, tuple[str, dict[str, Any]]]
) -> None:
    # Imported here: facts parsing depends on a loaded knowledge base.
    from unknot.core.facts import FactsError, parse_facts

    for rule in kb.rules:
        rel = raw[rule.id][0]
        for i, ex in enumerate(rule.examples):
            try:
                facts = parse_facts(ex.facts, kb)
            except FactsError as exc:
                ld.report(rel, f"examples[{i}].facts", str(exc))
                continue
            if rule.when.holds(facts) != ex.expect_match:
                want = "fire" if ex.expect_match else "not fire"
                ld.report(rel, f"examples[{i}]", f"the rule should {want} on this example")


def iter_ids(kb: KnowledgeBase, kind: str) -> list[str]:
    getter: dict[str, Callable[[KnowledgeBase], Iterable[str]]] = {
        "regions": lambda k: k.regions,
        "muscles": lambda k: k.muscles,
        "symptoms": lambda k: k.symptoms,
        "conditions": lambda k: k.conditions,
        "rules": lambda k: (r.id for r in k.rules),
    }
    return sorted(getter[kind](kb))
