"""The journal as an HL7 FHIR R4 Bundle (type "collection") for a clinic.

What is in it, and why in this shape:
* Patient: the name (only if the person gave one for the report), the year of birth, and
  what plans are fitted to (tools, warmth or cold, minutes, the causes answers) in an
  unknot extension, so an import rebuilds the same plan.
* A Condition per knot: a self-reported problem-list item (verification "unconfirmed":
  nobody examined it), with its place as bodySite (text, unknot's region id and the
  SNOMED CT laterality qualifier) and the journal's own fields in an unknot extension.
  The person's health conditions from the profile are Conditions too.
* An Observation per check-in: pain on LOINC 72514-3; and, when activities were scored,
  the Patient-Specific Functional Scale (a local code: LOINC has none that we found).
* A symptom Observation per knot, shaped after the HL7 Symptoms IG's SymptomObservation
  (LOINC 75325-1) with quality, severity, trend, and what makes it better or worse.
  It is a summary: an import ignores it and rebuilds it.
* A Procedure per self-care session, with pain before and after as Observations that
  are part of it.
* The current plan as a CarePlan per knot, the steps the person left out as cancelled.

Every resource id is derived from its position (the 3rd knot, its 12th check-in), not a
database id, so exporting, importing into an empty journal and exporting again gives the
same Bundle. The Bundle is checked with fhir.resources' R4B models before it is returned
(R4-compatible for these resources), and our own checks of codes live in the tests.
"""

from __future__ import annotations

import json
from datetime import datetime
from statistics import mean
from typing import Any

from unknot.core.clock import Clock, SystemClock
from unknot.core.kb import KnowledgeBase, default_kb
from unknot.reports import fhir_codes as codes
from unknot.reports import fhir_symptom
from unknot.reports.fhir_care import add_session, body_site, care_plan, pain_observation
from unknot.reports.fhir_codes import ref, resource_id, when
from unknot.web.journal import plans, services
from unknot.web.journal.models import Knot, StopReason, Strategy
from unknot.web.reports.services import notes_of

STRATEGIES = dict(Strategy.choices)
STOP_REASONS = dict(StopReason.choices)
Json = dict[str, Any]


class _Bundle:
    """Resources in the order they are added, each with its urn:uuid fullUrl."""

    def __init__(self) -> None:
        self.entries: list[Json] = []

    def add(self, resource: Json) -> Json:
        self.entries.append({"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource})
        return resource


def export_bundle(owner: Any, clock: Clock | None = None) -> Json:
    """The Bundle as a plain dict (validated with the R4B models)."""
    clock = clock or SystemClock()
    kb = default_kb()
    bundle = _Bundle()
    profile = services.profile_of(owner)
    patient = bundle.add(_patient(owner, profile))
    for n, condition in enumerate(profile.conditions, 1):
        if condition in kb.conditions:
            bundle.add(_health_condition(n, condition, patient, kb))
    knots = Knot.objects.filter(owner=owner).order_by("created_at", "pk")
    for n, knot in enumerate(knots, 1):
        _add_knot(bundle, n, knot, patient, profile, clock, kb)
    document = {
        "resourceType": "Bundle",
        "id": resource_id("bundle"),
        "type": "collection",
        "timestamp": when(clock.now()),
        "entry": bundle.entries,
    }
    validate(document)
    return document


def bundle_json(owner: Any, clock: Clock | None = None) -> str:
    return json.dumps(export_bundle(owner, clock), ensure_ascii=False, indent=1) + "\n"


def validate(document: Json) -> Any:
    """Parse with fhir.resources' R4B models: a structural check of every resource."""
    from fhir.resources.R4B.bundle import Bundle

    return Bundle.model_validate(document)


# --- the person -------------------------------------------------------------------------------


def _patient(owner: Any, profile: Any) -> Json:
    patient: Json = {"resourceType": "Patient", "id": resource_id("patient")}
    name = notes_of(owner).name
    if name:
        patient["name"] = [{"text": name}]
    if profile.birth_year:
        patient["birthDate"] = str(profile.birth_year)
    preferences = _preferences(profile)
    if preferences:
        patient["extension"] = [{"url": codes.EXT_PREFERENCES, "extension": preferences}]
    return patient


def _preferences(profile: Any) -> list[Json]:
    found: list[Json] = [{"url": "tool", "valueCode": t} for t in profile.tools]
    if profile.heat_cold:
        found.append({"url": "heatCold", "valueCode": profile.heat_cold})
    found.append({"url": "minutes", "valueInteger": profile.minutes})
    answers = (profile.causes or {}).get("answers") if isinstance(profile.causes, dict) else None
    if answers:
        text = json.dumps(answers, sort_keys=True)
        found.append({"url": "causesAnswers", "valueString": text})
    return found


def _health_condition(n: int, condition: str, patient: Json, kb: KnowledgeBase) -> Json:
    name = kb.conditions[condition].name
    return {
        "resourceType": "Condition",
        "id": resource_id("health", n),
        "clinicalStatus": codes.concept(codes.ACTIVE),
        "verificationStatus": codes.concept(codes.UNCONFIRMED),
        "category": [codes.concept(codes.PROBLEM)],
        "code": {
            "coding": [{"system": codes.HEALTH, "code": condition, "display": name}],
            "text": name,
        },
        "subject": ref(patient),
        "asserter": ref(patient),
    }


# --- a knot and everything about it -----------------------------------------------------------


def _add_knot(
    bundle: _Bundle,
    n: int,
    knot: Knot,
    patient: Json,
    profile: Any,
    clock: Clock,
    kb: KnowledgeBase,
) -> None:
    condition = bundle.add(_condition(n, knot, patient, kb))
    checkins = list(knot.checkins.order_by("at", "pk").prefetch_related("scores__activity"))
    for i, checkin in enumerate(checkins, 1):
        bundle.add(
            pain_observation(
                ("pain", n, i),
                checkin.at,
                checkin.pain,
                patient,
                condition,
                knot,
                kb,
                checkin.notes,
            )
        )
        scores = sorted(checkin.scores.all(), key=lambda s: (s.activity.position, s.activity_id))
        if scores:
            bundle.add(_function(n, i, checkin.at, scores, patient, condition))
    sessions = list(knot.sessions.order_by("at", "pk"))
    for i, session in enumerate(sessions, 1):
        add_session(bundle, n, i, session, patient, condition, knot, kb)
    status = services.knot_status(knot, clock, profile)
    bundle.add(
        fhir_symptom.symptom(
            resource_id("symptom", n),
            knot,
            checkins,
            sessions,
            status,
            patient,
            condition,
            body_site(knot, kb, codes.EXT_OBSERVATION_LATERALITY),
            kb,
        )
    )
    kp = plans.knot_plan(knot, status, profile, clock.today(), kb)
    bundle.add(care_plan(n, knot, kp, patient, condition, clock, kb))


def _condition(n: int, knot: Knot, patient: Json, kb: KnowledgeBase) -> Json:
    muscle = kb.muscles[knot.muscle].name.lower() if knot.muscle in kb.muscles else ""
    text = "Muscle knot (self-reported)" + (
        f"; muscle that may be involved: {muscle}" if muscle else ""
    )
    condition: Json = {
        "resourceType": "Condition",
        "id": resource_id("knot", n),
        "extension": [{"url": codes.EXT_KNOT, "extension": _knot_fields(knot)}],
        "clinicalStatus": codes.concept(codes.INACTIVE if knot.is_archived else codes.ACTIVE),
        "verificationStatus": codes.concept(codes.UNCONFIRMED),
        "category": [codes.concept(codes.PROBLEM)],
        "code": {"text": text},
        "bodySite": [body_site(knot, kb, codes.EXT_LATERALITY)],
        "subject": ref(patient),
        "onsetDateTime": knot.started_on.isoformat(),
        "recordedDate": when(knot.created_at),
        "asserter": ref(patient),
    }
    evidence = [_symptom_code(s, kb) for s in knot.symptoms]
    if evidence:
        condition["evidence"] = [{"code": evidence}]
    if knot.notes:
        condition["note"] = [{"text": knot.notes}]
    return condition


def _symptom_code(symptom: str, kb: KnowledgeBase) -> Json:
    name = kb.symptoms[symptom].name if symptom in kb.symptoms else symptom
    return {"coding": [{"system": codes.SYMPTOM, "code": symptom, "display": name}], "text": name}


def _knot_fields(knot: Knot) -> list[Json]:
    """The journal's own fields, so an import rebuilds the knot as it was."""
    fields: list[Json] = [{"url": "region", "valueCode": knot.region}]
    for name in ("side", "muscle", "size"):
        if getattr(knot, name):
            fields.append({"url": name, "valueCode": getattr(knot, name)})
    fields += [{"url": "feel", "valueCode": f} for f in knot.feel]
    fields += [{"url": "symptom", "valueCode": s} for s in knot.symptoms]
    if knot.limits:
        fields.append({"url": "limits", "valueString": knot.limits})
    fields.append({"url": "limitsDailyActivities", "valueBoolean": knot.limits_daily_activities})
    fields.append({"url": "recurring", "valueBoolean": knot.recurring})
    worse = getattr(knot, "worse_reported_on", None)
    if worse:
        fields.append({"url": "worseReportedOn", "valueDate": worse.isoformat()})
    if knot.is_sample:
        fields.append({"url": "sample", "valueBoolean": True})
    names = knot.activities.order_by("position", "pk").values_list("name", flat=True)
    fields += [{"url": "activity", "valueString": name} for name in names]
    return fields


def _function(
    n: int, i: int, at: datetime, scores: list[Any], patient: Json, condition: Json
) -> Json:
    average = round(mean(s.score for s in scores), 2)
    return {
        "resourceType": "Observation",
        "id": resource_id("function", n, i),
        "extension": [{"url": codes.EXT_SUPPORTING_INFO, "valueReference": ref(condition)}],
        "status": "final",
        "category": [codes.concept(codes.SURVEY)],
        "code": codes.concept(codes.PSFS_MEAN_CODE),
        "subject": ref(patient),
        "effectiveDateTime": when(at),
        "performer": [ref(patient)],
        "valueQuantity": {
            "value": average,
            "unit": "score",
            "system": codes.UCUM,
            "code": codes.SCORE_UNIT.code,
        },
        "component": [
            {
                "code": {"coding": [codes.coding(codes.PSFS_ITEM_CODE)], "text": s.activity.name},
                "valueInteger": s.score,
            }
            for s in scores
        ],
    }
