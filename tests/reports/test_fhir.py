"""The FHIR R4 Bundle: it parses with fhir.resources' R4B models, its codes and bindings
pass our own checks (the library checks structure only), its figures match the journal,
and both imports work: unknot's own Bundle comes back identical, another system's pain
readings become check-ins, and a bad Bundle changes nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from report_data import ACTIVITIES, DAYS, PAIN, clock, four_weeks
from unknot.reports import data_export, fhir_codes, fhir_export, fhir_import, tables
from unknot.reports.data_export import DataError
from unknot.web.journal.models import CheckIn, Knot, PlanChoice, Session
from unknot.web.reports.models import ReportNotes

pytestmark = pytest.mark.django_db
OTHER_SYSTEM = Path(__file__).resolve().parents[1] / "data" / "fhir_other_system_pain.json"

# Required bindings of the elements we fill (FHIR R4), which the library does not check.
REQUIRED = {
    ("Observation", "status"): {"registered", "preliminary", "final", "amended"},
    ("Procedure", "status"): {
        "preparation",
        "in-progress",
        "not-done",
        "on-hold",
        "stopped",
        "completed",
        "entered-in-error",
        "unknown",
    },
    ("CarePlan", "status"): {
        "draft",
        "active",
        "on-hold",
        "revoked",
        "completed",
        "entered-in-error",
        "unknown",
    },
    ("CarePlan", "intent"): {"proposal", "plan", "order", "option"},
    ("Bundle", "type"): {"collection"},
}
ACTIVITY_STATUS = {
    "not-started",
    "scheduled",
    "in-progress",
    "on-hold",
    "completed",
    "cancelled",
    "stopped",
    "unknown",
    "entered-in-error",
}
CLINICAL = {"active", "recurrence", "relapse", "inactive", "remission", "resolved"}


def someone(name: str) -> Any:
    return get_user_model().objects.create(username=name)


def snapshot(owner: Any) -> dict[str, int]:
    return {t.label: t.rows_of(owner).count() for t in tables.plan()}


@pytest.fixture
def bundle() -> tuple[Any, dict[str, Any]]:
    journal = four_weeks()
    return journal, fhir_export.export_bundle(journal.owner, clock())


def resources(document: dict[str, Any], kind: str | None = None) -> list[dict[str, Any]]:
    found = [e["resource"] for e in document["entry"]]
    return [r for r in found if kind is None or r["resourceType"] == kind]


def codings(value: Any) -> list[dict[str, Any]]:
    """Every coding anywhere inside a resource."""
    if isinstance(value, dict):
        own = [value] if "system" in value and "code" in value else []
        return own + [c for v in value.values() for c in codings(v)]
    if isinstance(value, list):
        return [c for v in value for c in codings(v)]
    return []


def code_of(resource: dict[str, Any]) -> str:
    return resource["code"]["coding"][0]["code"]


def test_the_bundle_parses_with_the_r4b_models(bundle):
    _journal, document = bundle
    parsed = fhir_export.validate(document)
    kinds = {type(e.resource).__name__ for e in parsed.entry}
    assert kinds == {"Patient", "Condition", "Observation", "Procedure", "CarePlan"}


def test_every_reference_points_inside_the_bundle_and_ids_are_unique(bundle):
    _journal, document = bundle
    urls = [e["fullUrl"] for e in document["entry"]]
    assert len(urls) == len(set(urls))
    text = json.dumps(document)
    for reference in {r["reference"] for r in _references(document)}:
        assert reference in urls, reference
    assert "urn:uuid:" in text


def _references(value: Any) -> list[dict[str, str]]:
    if isinstance(value, dict):
        own = [value] if set(value) == {"reference"} else []
        return own + [r for v in value.values() for r in _references(v)]
    if isinstance(value, list):
        return [r for v in value for r in _references(v)]
    return []


def test_every_loinc_and_snomed_code_is_one_we_verified_and_local_codes_say_so(bundle):
    _journal, document = bundle
    verified = {(c.system, c.code): c.display for c in fhir_codes.EXTERNAL}
    for coding in codings(document):
        system = coding["system"]
        if system in (fhir_codes.LOINC, fhir_codes.SNOMED):
            assert (system, coding["code"]) in verified, coding
            assert coding["display"] == verified[(system, coding["code"])]
        elif system == fhir_codes.UCUM or system.startswith(
            ("http://terminology.hl7.org/", "http://hl7.org/fhir/uv/symptoms/")
        ):
            assert (system, coding["code"]) in verified, coding
        else:
            assert system.startswith(fhir_codes.LOCAL), coding


def test_no_snomed_body_structure_codes_are_shipped(bundle):
    _journal, document = bundle
    snomed = {c["code"] for c in codings(document) if c["system"] == fhir_codes.SNOMED}
    assert snomed <= {c.code for c in fhir_codes.LATERALITY.values()}


def test_required_bindings_hold(bundle):
    _journal, document = bundle
    assert document["type"] in REQUIRED[("Bundle", "type")]
    for resource in resources(document):
        for (kind, element), allowed in REQUIRED.items():
            if resource["resourceType"] == kind and element in resource:
                assert resource[element] in allowed, (kind, element, resource[element])
        for activity in resource.get("activity", []):
            assert activity["detail"]["status"] in ACTIVITY_STATUS
        if resource["resourceType"] == "Condition":
            assert code_of_status(resource) in CLINICAL
            assert resource["verificationStatus"]["coding"][0]["code"] == "unconfirmed"


def code_of_status(condition: dict[str, Any]) -> str:
    return condition["clinicalStatus"]["coding"][0]["code"]


def test_the_knot_is_a_condition_with_its_body_site_and_laterality(bundle):
    journal, document = bundle
    (condition,) = [c for c in resources(document, "Condition") if "bodySite" in c]
    site = condition["bodySite"][0]
    assert site["text"] == "Right top of the shoulder"
    assert site["coding"][0] == {
        "system": fhir_codes.REGION,
        "code": "shoulder_top",
        "display": "Top of the shoulder",
    }
    side = site["extension"][0]["valueCodeableConcept"]["coding"][0]
    assert (side["system"], side["code"], side["display"]) == (
        fhir_codes.SNOMED,
        "24028007",
        "Right",
    )
    assert condition["onsetDateTime"] == journal.knot.started_on.isoformat()
    assert "upper trapezius" in condition["code"]["text"]


def test_pain_and_function_observations_match_the_journal(bundle):
    journal, document = bundle
    observations = resources(document, "Observation")
    pains = [o for o in observations if code_of(o) == "72514-3" and "partOf" not in o]
    assert [o["valueInteger"] for o in pains] == PAIN
    stored = list(CheckIn.objects.filter(knot=journal.knot).order_by("at"))
    assert [o["effectiveDateTime"] for o in pains] == [fhir_export.when(c.at) for c in stored]
    functions = [o for o in observations if code_of(o) == fhir_codes.PSFS_MEAN]
    assert len(functions) == DAYS
    first = functions[0]
    assert [c["code"]["text"] for c in first["component"]] == ACTIVITIES
    scores = [c["valueInteger"] for c in first["component"]]
    assert first["valueQuantity"]["value"] == round(sum(scores) / len(scores), 2)
    assert first["valueQuantity"]["code"] == "{score}"


def test_the_symptom_observation_follows_the_symptoms_ig_where_it_fits(bundle):
    _journal, document = bundle
    (symptom,) = [o for o in resources(document, "Observation") if code_of(o) == "75325-1"]
    assert symptom["category"][0]["coding"][0]["code"] == "symptom"
    parts = {code_of(c): c["valueCodeableConcept"]["text"] for c in symptom["component"]}
    assert parts["56823-8"] == "Achy, dull"  # quality
    assert parts["64750-3"] == "Latest pain 2 out of 10"  # severity
    assert parts["89253-9"].startswith("Getting better")  # trend
    assert parts["100752-5"] == "Turning my head to reverse the car"  # what makes it worse
    eased = [
        c["valueCodeableConcept"]["text"] for c in symptom["component"] if code_of(c) == "100753-3"
    ]  # what makes it better, most relief first
    assert eased == [
        "Self-release (pressure): pain 2.0 lower on average over 7 sessions",
        "Heat: pain 1.0 lower on average over 7 sessions",  # ties: by the strategy's id
        "Gentle stretch: pain 1.0 lower on average over 7 sessions",
    ]


def test_sessions_are_procedures_with_pain_before_and_after(bundle):
    journal, document = bundle
    procedures = resources(document, "Procedure")
    assert len(procedures) == Session.objects.filter(knot=journal.knot).count() == 21
    first = procedures[0]
    assert first["status"] == "completed"
    assert first["code"]["coding"][0]["code"] == "self_release"
    assert first["usedCode"][0]["text"] == "Massage ball"
    parts = [
        o
        for o in resources(document, "Observation")
        if o.get("partOf") == [{"reference": f"urn:uuid:{first['id']}"}]
    ]
    assert sorted(o["valueInteger"] for o in parts) == [4, 6]


def test_the_plan_is_a_careplan_with_the_persons_choices(bundle):
    _journal, document = bundle
    (plan,) = resources(document, "CarePlan")
    assert plan["status"] == "active" and plan["intent"] == "plan"
    steps = {a["detail"]["code"]["text"]: a["detail"]["status"] for a in plan["activity"]}
    assert "cancelled" in steps.values()
    dropped = [a for a in plan["activity"] if a["detail"]["status"] == "cancelled"]
    assert dropped[0]["detail"]["statusReason"]["text"] == "Left out by the person"


def test_export_import_into_an_empty_journal_and_export_again_is_identical(bundle):
    _journal, document = bundle
    text = json.dumps(document)
    other = someone("other")
    result = fhir_import.import_bundle(other, text, clock())
    assert (result.knots, result.checkins, result.sessions) == (1, 28, 21)
    assert fhir_export.export_bundle(other, clock()) == document
    assert PlanChoice.objects.filter(knot__owner=other).count() == 2
    assert ReportNotes.objects.get(owner=other).name == "Alex Example"


def test_another_systems_pain_readings_become_check_ins_of_one_knot_per_place():
    me = someone("person")
    result = fhir_import.import_bundle(me, OTHER_SYSTEM.read_bytes(), clock())
    assert (result.knots, result.checkins, result.sessions) == (2, 8, 0)
    assert "1 MedicationStatement" in result.summary
    shoulder = Knot.objects.get(owner=me, region="shoulder_top")
    assert shoulder.side == "right"
    assert [c.pain for c in shoulder.checkins.order_by("at")] == [6, 6, 5, 4, 4]
    assert str(shoulder.started_on) == "2026-11-16"
    first = shoulder.checkins.order_by("at").first()
    assert first.notes == "Reported at the physiotherapy clinic."
    assert first.at.isoformat() == "2026-11-16T08:15:00+00:00"
    calf = Knot.objects.get(owner=me, region="calf")
    assert calf.side == "left" and calf.checkins.count() == 3
    assert ReportNotes.objects.get(owner=me).name == "Sam Rivera"


def test_another_systems_readings_join_the_knot_the_person_tracks_at_that_place():
    journal = four_weeks()
    result = fhir_import.import_bundle(journal.owner, OTHER_SYSTEM.read_bytes(), clock())
    assert (result.knots, result.checkins) == (1, 8)  # a new calf knot; the shoulder is theirs
    assert Knot.objects.filter(owner=journal.owner).count() == 2
    assert journal.knot.checkins.count() == 28 + 5
    assert ReportNotes.objects.get(owner=journal.owner).name == "Alex Example"  # kept


def test_importing_the_same_bundle_twice_adds_nothing_the_second_time():
    me = someone("person")
    fhir_import.import_bundle(me, OTHER_SYSTEM.read_bytes(), clock())
    before = snapshot(me)
    again = fhir_import.import_bundle(me, OTHER_SYSTEM.read_bytes(), clock())
    assert (again.knots, again.checkins) == (0, 0)
    assert "8 readings were in your journal already." in again.summary
    assert snapshot(me) == before


def test_unknots_own_bundle_is_not_imported_twice(bundle):
    _journal, document = bundle
    other = someone("other")
    fhir_import.import_bundle(other, json.dumps(document), clock())
    before = snapshot(other)
    with pytest.raises(DataError, match="already in your journal"):
        fhir_import.import_bundle(other, json.dumps(document), clock())
    assert snapshot(other) == before


def other_system(change) -> str:
    document = json.loads(OTHER_SYSTEM.read_text())
    change(document)
    return json.dumps(document)


def observation(document: dict[str, Any], n: int) -> dict[str, Any]:
    return document["entry"][n]["resource"]


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda d: observation(d, 8).update(valueInteger=11), "whole number from 0 to 10"),
        (lambda d: observation(d, 8).update(valueInteger="seven"), "not valid R4"),
        (lambda d: observation(d, 8).pop("bodySite"), "cannot tell where on the body"),
        (
            lambda d: observation(d, 8).update(effectiveDateTime="2027-01-01T10:00:00Z"),
            "in the future",
        ),
        (lambda d: d.update(resourceType="Patient"), "not a FHIR Bundle"),
    ],
)
def test_a_bad_bundle_is_refused_and_changes_nothing(change, words):
    me = someone("person")
    before = snapshot(me)
    with pytest.raises(DataError) as caught:
        fhir_import.import_bundle(me, other_system(change), clock())
    assert words in str(caught.value)
    assert snapshot(me) == before
    assert not data_export.has_data(me)
