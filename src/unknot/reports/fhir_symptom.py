"""The symptom Observation of a knot, shaped after the HL7 FHIR Symptoms IG
(http://hl7.org/fhir/uv/symptoms, SymptomObservation): category "symptom", code LOINC
75325-1, the value "muscle knot", where it is felt, and components for its quality, its
severity (scale: LOINC 72514-3), its trend, and what makes it better or worse.

It sums up the journal for a reader; it adds no data of its own (an import skips it and
the export builds it again). The components' values are text, with unknot's own codes
where they help: the guide's SNOMED CT value sets are not shipped (see fhir_codes.py).
We do not claim conformance (no meta.profile): the shape follows the guide where it fits.
"""

from __future__ import annotations

from collections import defaultdict
from statistics import mean
from typing import Any

from unknot.core.kb import KnowledgeBase
from unknot.reports import fhir_codes as codes
from unknot.reports.fhir_codes import ref, when
from unknot.web.journal.models import Feel, Knot, Strategy
from unknot.web.journal.views import TREND_WORDS

STRATEGIES = dict(Strategy.choices)
Json = dict[str, Any]


def symptom(
    resource_id: str,
    knot: Knot,
    checkins: list[Any],
    sessions: list[Any],
    status: Any,
    patient: Json,
    condition: Json,
    site: Json,
    kb: KnowledgeBase,
) -> Json:
    period: Json = {"start": knot.started_on.isoformat()}
    if checkins:
        period["end"] = when(checkins[-1].at)
    observation: Json = {
        "resourceType": "Observation",
        "id": resource_id,
        "extension": [{"url": codes.EXT_SUPPORTING_INFO, "valueReference": ref(condition)}],
        "status": "final",
        "category": [codes.concept(codes.SYMPTOM_CATEGORY)],
        "code": codes.concept(codes.SYMPTOM_CODE),
        "subject": ref(patient),
        "effectivePeriod": period,
        "performer": [ref(patient)],
        "valueCodeableConcept": {"text": "Muscle knot (self-reported)"},
        "bodySite": site,
    }
    components = _components(knot, sessions, status, kb)
    if components:
        observation["component"] = components
    return observation


def _components(knot: Knot, sessions: list[Any], status: Any, kb: KnowledgeBase) -> list[Json]:
    found = []
    feel = [Feel(f).label.lower() for f in knot.feel if f in Feel.values]
    if feel:
        found.append(_component(codes.QUALITY, ", ".join(feel).capitalize()))
    if status.latest_pain is not None:
        severity = _component(codes.SEVERITY, f"Latest pain {status.latest_pain} out of 10")
        severity["extension"] = [
            {"url": codes.EXT_SCALE, "valueCodeableConcept": codes.concept(codes.PAIN_SEVERITY)}
        ]
        found.append(severity)
    if status.verdict.trend is not None:
        words = f"{TREND_WORDS[status.verdict.trend]}. {status.verdict.summary}"
        found.append(_component(codes.TREND, words))
    if knot.limits:
        found.append(_component(codes.EXACERBATING, knot.limits))
    found += _reliefs(sessions, kb)
    return found


def _component(code: codes.Code, text: str) -> Json:
    return {"code": codes.concept(code), "valueCodeableConcept": {"text": text}}


def _reliefs(sessions: list[Any], kb: KnowledgeBase) -> list[Json]:
    """What eased it: each strategy whose sessions lowered the pain on average."""
    by_strategy: dict[str, list[int]] = defaultdict(list)
    for s in sessions:
        if s.pain_before is not None and s.pain_after is not None:
            by_strategy[s.strategy].append(s.pain_before - s.pain_after)
    found = []
    ranked = sorted(by_strategy.items(), key=lambda kv: (-mean(kv[1]), kv[0]))
    for strategy, reliefs in ranked:
        if mean(reliefs) <= 0:
            continue
        label = STRATEGIES.get(strategy, strategy)
        text = (
            f"{label}: pain {mean(reliefs):.1f} lower on average over {len(reliefs)} "
            f"session{'s' if len(reliefs) != 1 else ''}"
        )
        component = _component(codes.ALLEVIATING, text)
        component["valueCodeableConcept"]["coding"] = [
            {"system": codes.STRATEGY, "code": strategy, "display": label}
        ]
        found.append(component)
    return found
