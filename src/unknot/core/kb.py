"""Load and validate the knowledge base: the only reader of knowledge files.

Every problem is reported as `file:field: message` and all of them are
collected before failing, so an author fixes a batch in one go instead of one
error per run.
"""

from __future__ import annotations

import functools
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
from unknot.core.schema import (
    EVIDENCE,
    MUSCLE_GROUPS,
    PRESSURES,
    REGION_GROUPS,
    SELF_RELEASE,
    SOURCE_KINDS,
    SPECS,
    STRETCH,
    VIEWS,
    Loader,
    Problem,
)

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "kb"
__all__ = ["DEFAULT_PATH", "KnowledgeBase", "KnowledgeBaseError", "Problem", "check", "load"]


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
    ld = Loader(root)
    raw = {kind: ld.read_folder(kind) for kind in SPECS}
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


def _build_sources(ld: Loader, raw: Mapping[str, tuple[str, dict[str, Any]]]) -> dict[str, Source]:
    out = {}
    for sid, (rel, d) in raw.items():
        ld.check_enum(rel, "kind", d["kind"], SOURCE_KINDS)
        if d["url"] and not d["url"].startswith(("http://", "https://")):
            ld.report(rel, "url", "must start with http:// or https:// (or be empty for a book)")
        out[sid] = Source(sid, d["title"], d["publisher"], d["url"], d["kind"], d["accessed"])
    return out


def _build_regions(ld: Loader, raw: Mapping[str, tuple[str, dict[str, Any]]]) -> dict[str, Region]:
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
    ld: Loader, raw: Mapping[str, tuple[str, dict[str, Any]]], sources: Mapping[str, Source]
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
            tuple(tuple(w.lower() for w in group) for group in d.get("near", [])),
        )
    return out


def _build_tools(
    ld: Loader, raw: Mapping[str, tuple[str, dict[str, Any]]], sources: Mapping[str, Source]
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
    ld: Loader,
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
    ld: Loader, rel: str, d: dict[str, Any], tools: Mapping[str, Tool]
) -> SelfRelease | None:
    if not ld.check_fields(rel, "self_release.", d, SELF_RELEASE):
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


def _build_stretch(ld: Loader, rel: str, d: dict[str, Any]) -> Stretch | None:
    if not ld.check_fields(rel, "stretch.", d, STRETCH):
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
    ld: Loader,
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


def _compile(ld: Loader, rel: str, tree: Any, vocab: Vocabulary) -> Any:
    try:
        return compile_condition(tree, vocab)
    except ConditionError as exc:
        ld.report(rel, exc.path, exc.message)
        return None


def _build_examples(ld: Loader, rel: str, raw: Any) -> tuple[Example, ...]:
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
    ld: Loader,
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
    ld: Loader, label: str, raw: Mapping[str, tuple[str, dict[str, Any]]]
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
    ld: Loader, kb: KnowledgeBase, raw: Mapping[str, tuple[str, dict[str, Any]]]
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
