"""The parts of the FHIR export about care: where a knot is (bodySite), pain readings on
LOINC 72514-3, self-care sessions as Procedures (with pain before and after as
Observations that are part of them), and the plan as a CarePlan."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from unknot.core.clock import Clock
from unknot.core.kb import KnowledgeBase
from unknot.reports import fhir_codes as codes
from unknot.reports.fhir_codes import ref, resource_id, when
from unknot.web.journal import plans
from unknot.web.journal.forms import place_name
from unknot.web.journal.models import Knot, Session, StopReason, Strategy

STRATEGIES = dict(Strategy.choices)
STOP_REASONS = dict(StopReason.choices)
Json = dict[str, Any]


def body_site(knot: Knot, kb: KnowledgeBase, laterality_url: str) -> Json:
    region = kb.regions.get(knot.region)
    site: Json = {
        "coding": [
            {
                "system": codes.REGION,
                "code": knot.region,
                "display": region.name if region else knot.region,
            }
        ],
        "text": place_name(kb, knot.region, knot.side),
    }
    side = codes.LATERALITY.get(knot.side)
    if side is not None:
        site["extension"] = [{"url": laterality_url, "valueCodeableConcept": codes.concept(side)}]
    return site


def pain_observation(
    key: tuple[Any, ...],
    at: datetime,
    pain: int,
    patient: Json,
    condition: Json,
    knot: Knot,
    kb: KnowledgeBase,
    notes: str = "",
    part_of: Json | None = None,
    moment: str = "",
) -> Json:
    observation: Json = {
        "resourceType": "Observation",
        "id": resource_id(*key),
        "extension": [{"url": codes.EXT_SUPPORTING_INFO, "valueReference": ref(condition)}],
        "status": "final",
        "category": [codes.concept(codes.SURVEY)],
        "code": codes.concept(codes.PAIN_SEVERITY, "Pain (0-10)"),
        "subject": ref(patient),
        "effectiveDateTime": when(at),
        "performer": [ref(patient)],
        "valueInteger": pain,
        "bodySite": body_site(knot, kb, codes.EXT_OBSERVATION_LATERALITY),
    }
    if part_of is not None:
        observation["extension"].append({"url": codes.EXT_SESSION_PAIN, "valueCode": moment})
        observation["partOf"] = [ref(part_of)]
    if notes:
        observation["note"] = [{"text": notes}]
    return observation


def add_session(
    bundle: Any,  # fhir_export's _Bundle: add(resource) -> resource
    n: int,
    i: int,
    session: Session,
    patient: Json,
    condition: Json,
    knot: Knot,
    kb: KnowledgeBase,
) -> None:
    label = STRATEGIES.get(session.strategy, session.strategy)
    procedure: Json = {
        "resourceType": "Procedure",
        "id": resource_id("session", n, i),
        "status": "stopped" if getattr(session, "stop_reason", "") else "completed",
        "code": {
            "coding": [{"system": codes.STRATEGY, "code": session.strategy, "display": label}],
            "text": f"Self-care: {label.lower()}",
        },
        "subject": ref(patient),
        "performedPeriod": {
            "start": when(session.at),
            "end": when(session.at + timedelta(minutes=session.minutes)),
        },
        "performer": [{"actor": ref(patient)}],
        "reasonReference": [ref(condition)],
        "bodySite": [body_site(knot, kb, codes.EXT_LATERALITY)],
    }
    stop = getattr(session, "stop_reason", "")
    if stop:
        procedure["statusReason"] = {
            "coding": [
                {"system": codes.STOP_REASON, "code": stop, "display": STOP_REASONS.get(stop, stop)}
            ],
            "text": STOP_REASONS.get(stop, stop),
        }
    if session.tool:
        name = kb.tools[session.tool].name if session.tool in kb.tools else session.tool
        procedure["usedCode"] = [
            {
                "coding": [{"system": codes.TOOL, "code": session.tool, "display": name}],
                "text": name,
            }
        ]
    if session.notes:
        procedure["note"] = [{"text": session.notes}]
    bundle.add(procedure)
    for moment, pain in (("before", session.pain_before), ("after", session.pain_after)):
        if pain is not None:
            at = (
                session.at
                if moment == "before"
                else session.at + timedelta(minutes=session.minutes)
            )
            bundle.add(
                pain_observation(
                    ("session-pain", n, i, moment),
                    at,
                    pain,
                    patient,
                    condition,
                    knot,
                    kb,
                    part_of=procedure,
                    moment=moment,
                )
            )


def care_plan(
    n: int,
    knot: Knot,
    kp: plans.KnotPlan,
    patient: Json,
    condition: Json,
    clock: Clock,
    kb: KnowledgeBase,
) -> Json:
    title = place_name(kb, knot.region, knot.side)
    plan: Json = {
        "resourceType": "CarePlan",
        "id": resource_id("plan", n),
        "status": "active" if kp.is_allowed else "on-hold",
        "intent": "plan",
        "title": f"Self-care plan: {title}",
        "description": kp.plan.advice
        or (
            "A gentle self-care routine built by unknot from the "
            "person's safety check and preferences."
        ),
        "subject": ref(patient),
        "created": when(clock.now()),
        "addresses": [ref(condition)],
    }
    activities = [_activity(item, "not-started") for item in kp.items]
    activities += [_activity(item, "cancelled", "Left out by the person") for item in kp.dropped]
    activities += [
        {
            "detail": {
                "code": {"text": w.what},
                "status": "cancelled",
                "statusReason": {"text": w.why},
            }
        }
        for w in kp.plan.withheld
    ]
    if activities:
        plan["activity"] = activities
    return plan


def _activity(item: plans.PlanItem, status: str, reason: str = "") -> Json:
    step = item.step
    text = step.instructions
    if step.seconds:
        text = f"{text} About {plans.duration(step.seconds)}."
    detail: Json = {
        "code": {
            "coding": [{"system": codes.PLAN_STEP, "code": item.key, "display": step.title}],
            "text": step.title,
        },
        "status": status,
        "description": text,
    }
    if reason:
        detail["statusReason"] = {"text": reason}
        detail["extension"] = [{"url": codes.EXT_PLAN_CHOICE, "valueString": "drop"}]
    elif item.key != item.choice_key:
        detail["extension"] = [
            {"url": codes.EXT_PLAN_CHOICE, "valueString": f"swap:{item.choice_key}"}
        ]
    return {"detail": detail}
