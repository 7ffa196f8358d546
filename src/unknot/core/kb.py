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

from unknot.core.kb_movements import build_movements
from unknot.core.model import (
    Answer,
    Example,
    Factor,
    Level,
    Movement,
    Muscle,
    Precaution,
    Question,
    Region,
    Rule,
    SelfRelease,
    Source,
    Strategy,
    Stretch,
    Term,
    Tool,
)
from unknot.core.rules import ConditionError, Vocabulary, compile_condition, required_atoms
from unknot.core.schema import (
    ANSWER,
    EVIDENCE,
    FACTORS,
    MUSCLE_GROUPS,
    PRESSURES,
    REGION_GROUPS,
    SELF_RELEASE,
    SOURCE_KINDS,
    SPECS,
    STRATEGY_FIELD_KINDS,
    STRATEGY_KINDS,
    STRATEGY_REQUIRED,
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
    factors: Mapping[str, Factor] = field(default_factory=dict)  # in schema.FACTORS order
    questions: Mapping[str, Question] = field(default_factory=dict)  # by factor, then id
    strategies: Mapping[str, Strategy] = field(default_factory=dict)  # by kind, then id
    movements: Mapping[str, Movement] = field(default_factory=dict)  # by id

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
    factors, questions = _build_causes(ld, raw["factors"], raw["questions"], sources)
    strategies = _build_strategies(ld, raw["strategies"], regions, muscles, sources)
    movements = build_movements(
        ld, raw["movements"], regions, muscles, conditions, sources, root / "movements"
    )
    _check_unique_aliases(ld, "regions", raw["regions"])
    _check_unique_aliases(ld, "symptoms/conditions", {**raw["symptoms"], **raw["conditions"]})
    _check_unique_aliases(ld, "muscles", raw["muscles"])
    if ld.problems:
        return None, ld.problems
    ordered = tuple(sorted(rules, key=lambda r: (not r.is_red_flag, -r.level, r.id)))
    kb = KnowledgeBase(
        regions,
        symptoms,
        conditions,
        muscles,
        tools,
        ordered,
        tuple(precautions),
        sources,
        vocab,
        factors=factors,
        questions=questions,
        strategies=strategies,
        movements=movements,
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


def _build_strategies(
    ld: Loader,
    raw: Mapping[str, tuple[str, dict[str, Any]]],
    regions: Mapping[str, Region],
    muscles: Mapping[str, Muscle],
    sources: Mapping[str, Source],
) -> dict[str, Strategy]:
    """Heat, cold, movements, relaxation, hydration and habits, checked kind by kind."""
    out: dict[str, Strategy] = {}
    for sid, (rel, d) in raw.items():
        kind = d["kind"]
        if kind not in STRATEGY_KINDS:
            hint = (
                "; self-release and the stretch come from each muscle's own tables"
                if kind in ("self_release", "stretch")
                else ""
            )
            ld.report(rel, "kind", f"{kind!r} is not one of {', '.join(STRATEGY_KINDS)}{hint}")
            continue
        for fld, kinds in STRATEGY_FIELD_KINDS.items():
            if fld in d and kind not in kinds:
                ld.report(rel, fld, f"only used by {' and '.join(sorted(kinds))} records")
        missing = [f for f in STRATEGY_REQUIRED.get(kind, ()) if f not in d]
        for fld in missing:
            ld.report(rel, fld, f"missing (every {kind} record needs it)")
        if not d["sources"]:
            ld.report(rel, "sources", "a strategy needs at least one source")
        ld.check_ids(rel, "sources", d["sources"], sources, "source")
        seconds = d["seconds"]
        is_reminder = kind in ("hydration", "habit")
        if is_reminder:
            ld.check_range(rel, "seconds", seconds, 0, 120)
        else:
            ld.check_range(rel, "seconds", seconds, 10, 1800)
        min_seconds = d.get("min_seconds", seconds)
        ld.check_range(rel, "min_seconds", min_seconds, 0, seconds)
        if kind in ("heat", "cold") and "max_minutes" in d:
            ld.check_range(rel, "max_minutes", d["max_minutes"], 1, 20)
            if seconds > d["max_minutes"] * 60:
                ld.report(rel, "seconds", "is longer than max_minutes allows")
        if "repetitions" in d:
            ld.check_range(rel, "repetitions", d["repetitions"], 1, 30)
        if kind == "movement" and "regions" in d:
            if not d["regions"]:
                ld.report(rel, "regions", "a movement needs at least one region")
            ld.check_ids(rel, "regions", d["regions"], regions, "region")
        if "cause" in d:
            ld.check_enum(rel, "cause", d["cause"], FACTORS)
        if ("inhale_s" in d) != ("exhale_s" in d):
            ld.report(rel, "inhale_s", "give both inhale_s and exhale_s, or neither")
        for fld in ("inhale_s", "exhale_s"):
            if fld in d:
                ld.check_range(rel, fld, d[fld], 2, 10)
        if missing:
            continue
        out[sid] = Strategy(
            sid,
            kind,
            d["title"],
            d["instructions"],
            seconds,
            d["why"],
            tuple(d["sources"]),
            min_seconds,
            d.get("repetitions", 1),
            d.get("temperature", ""),
            d.get("max_minutes", 0),
            d.get("skin_check", ""),
            tuple(d.get("regions", ())),
            d.get("cause", ""),
            d.get("inhale_s", 0),
            d.get("exhale_s", 0),
        )
    if raw:  # coverage: every plan can be built from what is here
        _check_strategy_coverage(ld, out, muscles)
    order = {kind: i for i, kind in enumerate(STRATEGY_KINDS)}
    return dict(sorted(out.items(), key=lambda item: (order[item[1].kind], item[0])))


def _check_strategy_coverage(
    ld: Loader, strategies: Mapping[str, Strategy], muscles: Mapping[str, Muscle]
) -> None:
    kinds = {s.kind for s in strategies.values()}
    for kind in ("heat", "cold", "relaxation", "hydration"):
        if kind not in kinds:
            ld.report("strategies/", "kind", f"no {kind} record; every plan may need one")
    causes = {s.cause for s in strategies.values() if s.kind == "habit"}
    for factor in FACTORS:
        if factor not in causes:
            ld.report("strategies/", "cause", f"no habit record for the factor {factor!r}")
    covered = {r for s in strategies.values() if s.kind == "movement" for r in s.regions}
    for mid, muscle in sorted(muscles.items()):
        if not covered & set(muscle.regions):
            ld.report(
                "strategies/",
                "regions",
                f"no movement suits the muscle {mid!r} (its regions: {', '.join(muscle.regions)})",
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
        "movements": lambda k: k.movements,
    }
    return sorted(getter[kind](kb))


def _build_causes(
    ld: Loader,
    raw_factors: Mapping[str, tuple[str, dict[str, Any]]],
    raw_questions: Mapping[str, tuple[str, dict[str, Any]]],
    sources: Mapping[str, Source],
) -> tuple[dict[str, Factor], dict[str, Question]]:
    """The causes questionnaire: the six factors and the questions that score them."""
    factors: dict[str, Factor] = {}
    for fid, (rel, d) in raw_factors.items():
        ld.check_enum(rel, "id", fid, FACTORS)
        if not 3 <= len(d["what_to_change"]) <= 5:
            ld.report(rel, "what_to_change", "needs three to five suggestions")
        if not d["sources"]:
            ld.report(rel, "sources", "a factor needs at least one source")
        ld.check_ids(rel, "sources", d["sources"], sources, "source")
        factors[fid] = Factor(
            fid, d["name"], d["summary"], tuple(d["what_to_change"]), tuple(d["sources"])
        )
    for fid in FACTORS:
        if fid not in raw_factors:
            ld.report(f"factors/{fid}.toml", "-", "missing: every contributing factor needs a file")
    questions: dict[str, Question] = {}
    position: dict[str, int] = {}
    for qid, (rel, d) in raw_questions.items():
        position[qid] = d.get("order", 99)
        ld.check_range(rel, "order", position[qid], 1, 99)
        ld.check_ids(rel, "factor", [d["factor"]], factors, "factor")
        if not d["sources"]:
            ld.report(rel, "sources", "a question needs at least one source")
        ld.check_ids(rel, "sources", d["sources"], sources, "source")
        answers = _build_answers(ld, rel, d["answers"])
        if answers is not None:
            questions[qid] = Question(qid, d["factor"], d["text"], answers, tuple(d["sources"]))
    for fid in factors:
        if sum(q.factor == fid for q in questions.values()) < 2:
            ld.report(raw_factors[fid][0], "-", "needs at least two questions in questions/")
    order = {fid: i for i, fid in enumerate(FACTORS)}
    ordered = sorted(
        questions.values(), key=lambda q: (order.get(q.factor, len(order)), position[q.id], q.id)
    )
    factors = {fid: factors[fid] for fid in FACTORS if fid in factors}
    return factors, {q.id: q for q in ordered}


def _build_answers(ld: Loader, rel: str, raw: list[dict[str, Any]]) -> tuple[Answer, ...] | None:
    answers = []
    for i, a in enumerate(raw):
        if not ld.check_fields(rel, f"answers[{i}].", a, ANSWER):
            return None
        ld.check_range(rel, f"answers[{i}].value", a["value"], 0, 3)
        answers.append(Answer(a["label"], a["value"]))
    values = [a.value for a in answers]
    if len(answers) < 2:
        ld.report(rel, "answers", "needs at least two answers")
    elif len(set(values)) != len(values) or len({a.label for a in answers}) != len(answers):
        ld.report(rel, "answers", "each answer needs its own label and its own value")
    elif 0 not in values or max(values) == 0:
        ld.report(rel, "answers", "needs an answer worth 0 (not at all) and one worth more")
    return tuple(answers)
