"""Every code the FHIR export uses, with its system and where it was checked.

Rules kept here (see docs and the tests in tests/reports/test_fhir.py):
* LOINC codes are free to use. Each one below was read in a published source, named
  next to it; none is guessed.
* SNOMED CT needs a licence outside the free (CC BY 4.0) IPS subset, and a guessed code
  can mean something else entirely. unknot therefore ships no SNOMED CT body-structure
  codes: a knot's place is sent as text plus unknot's own region id (a local code system,
  below). The three laterality qualifiers are the exception: they were checked in HL7's
  own value set for body-structure laterality (FHIR Extensions Pack,
  http://hl7.org/fhir/ValueSet/structure-laterality-vs, and mCODE's
  mcode-laterality-qualifier-vs) and are used the same way by many public FHIR
  implementations. Whether they are in the IPS free subset was not verified.
* No LOINC code for the Patient-Specific Functional Scale was found (searches of LOINC
  pages and public FHIR guides found none), so the function score uses a local code
  system, plainly marked as unknot's own.
* Local code systems and extensions live under http://unknot.example/fhir/, a name that
  says "not an official terminology". A receiving system can read the text of every
  coded element without knowing them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
SYMPTOM_TEMPORARY = "http://hl7.org/fhir/uv/symptoms/CodeSystem/SymptomTemporary"
SYMPTOM_PROFILE = "http://hl7.org/fhir/uv/symptoms/StructureDefinition/SymptomObservation"

# HL7 extensions (FHIR core / Extensions Pack)
EXT_SUPPORTING_INFO = "http://hl7.org/fhir/StructureDefinition/workflow-supportingInfo"
EXT_OBSERVATION_LATERALITY = (
    "http://hl7.org/fhir/StructureDefinition/observation-structureLaterality"
)
EXT_SCALE = "http://hl7.org/fhir/uv/symptoms/StructureDefinition/AssessmentScaleInformation"

# unknot's own (local) systems and extensions
LOCAL = "http://unknot.example/fhir"
REGION = f"{LOCAL}/CodeSystem/region"  # knowledge-base region ids
MUSCLE = f"{LOCAL}/CodeSystem/muscle"  # knowledge-base muscle ids
STRATEGY = f"{LOCAL}/CodeSystem/strategy"  # the journal's self-care strategies
TOOL = f"{LOCAL}/CodeSystem/tool"  # knowledge-base tool ids
HEALTH = f"{LOCAL}/CodeSystem/health-condition"  # knowledge-base condition ids
PLAN_STEP = f"{LOCAL}/CodeSystem/plan-step"  # a plan step's stable key
FEEL = f"{LOCAL}/CodeSystem/feel"  # how the knot feels: dull, achy, sharp, radiating
SYMPTOM = f"{LOCAL}/CodeSystem/symptom"  # knowledge-base symptom ids
STOP_REASON = f"{LOCAL}/CodeSystem/stop-reason"
PSFS = f"{LOCAL}/CodeSystem/psfs"
PSFS_MEAN = "psfs-mean"  # the mean of a check-in's activity scores
PSFS_ITEM = "psfs-activity"  # one activity's score; the activity is the code's text
EXT_KNOT = f"{LOCAL}/StructureDefinition/knot"  # what the journal keeps of a knot
EXT_PREFERENCES = f"{LOCAL}/StructureDefinition/preferences"  # what plans are fitted to
EXT_LATERALITY = f"{LOCAL}/StructureDefinition/laterality"  # on Condition.bodySite (see below)
EXT_PLAN_CHOICE = f"{LOCAL}/StructureDefinition/plan-choice"  # a step the person swapped
EXT_SESSION_PAIN = f"{LOCAL}/StructureDefinition/session-pain"  # "before" or "after"
KNOT_ID = f"{LOCAL}/knot"  # identifier system: the knot's number in this journal


@dataclass(frozen=True)
class Code:
    system: str
    code: str
    display: str
    source: str  # where it was checked


PAIN_SEVERITY = Code(
    LOINC,
    "72514-3",
    "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
    "https://loinc.org/72514-3 (named in HL7 Belgium's pain-scale value set and the French "
    "ANS measurement guide's pain severity profile)",
)
SYMPTOM_CODE = Code(
    LOINC,
    "75325-1",
    "Symptom",
    "HL7 Symptoms IG 1.0.0, SymptomObservation: code = http://loinc.org#75325-1",
)
QUALITY = Code(
    LOINC,
    "56823-8",
    "Problem quality or description",
    "HL7 Symptoms IG 1.0.0, SymptomObservation component[quality]",
)
SEVERITY = Code(
    LOINC,
    "64750-3",
    "Severity of symptoms",
    "HL7 Symptoms IG 1.0.0, SymptomObservation component[severity]",
)
TREND = Code(
    LOINC, "89253-9", "Trend", "HL7 Symptoms IG 1.0.0, SymptomObservation component[trend]"
)
EXACERBATING = Code(
    LOINC,
    "100752-5",
    "Exacerbating factors - Reported",
    "HL7 Symptoms IG 1.0.0, SymptomObservation component[triggersOrExacerbatingFactors]",
)
ALLEVIATING = Code(
    LOINC,
    "100753-3",
    "Alleviating factors - Reported",
    "HL7 Symptoms IG 1.0.0, SymptomObservation component[alleviatingFactors]",
)
SYMPTOM_CATEGORY = Code(
    SYMPTOM_TEMPORARY,
    "symptom",
    "Symptom",
    "HL7 Symptoms IG 1.0.0, CodeSystem SymptomTemporary (category[symptomCode])",
)
SURVEY = Code(
    OBSERVATION_CATEGORY,
    "survey",
    "Survey",
    "FHIR R4 observation-category code system (terminology.hl7.org)",
)
PROBLEM = Code(
    CONDITION_CATEGORY,
    "problem-list-item",
    "Problem List Item",
    "FHIR R4 condition-category code system (terminology.hl7.org)",
)
ACTIVE = Code(CONDITION_CLINICAL, "active", "Active", "FHIR R4 condition-clinical code system")
INACTIVE = Code(CONDITION_CLINICAL, "inactive", "Inactive", "FHIR R4 condition-clinical")
UNCONFIRMED = Code(
    CONDITION_VERIFICATION,
    "unconfirmed",
    "Unconfirmed",
    "FHIR R4 condition-ver-status code system: self-reported, not confirmed by a clinician",
)
LATERALITY = {
    "left": Code(SNOMED, "7771000", "Left", "HL7 structure-laterality-vs; mCODE laterality"),
    "right": Code(SNOMED, "24028007", "Right", "HL7 structure-laterality-vs; mCODE laterality"),
    "both": Code(SNOMED, "51440002", "Right and left", "HL7 structure-laterality-vs; mCODE"),
    "center": Code(SNOMED, "399488007", "Midline", "HL7 structure-laterality-vs; mCODE"),
}
PSFS_MEAN_CODE = Code(
    PSFS,
    PSFS_MEAN,
    "Patient-Specific Functional Scale, mean of the activity scores (0-10)",
    "local: no LOINC code for PSFS was found",
)
PSFS_ITEM_CODE = Code(
    PSFS,
    PSFS_ITEM,
    "Patient-Specific Functional Scale, one activity's score (0-10)",
    "local: no LOINC code for PSFS was found",
)
SCORE_UNIT = Code(UCUM, "{score}", "score", "UCUM annotation for a unitless score")

EXTERNAL = (
    PAIN_SEVERITY,
    SYMPTOM_CODE,
    QUALITY,
    SEVERITY,
    TREND,
    EXACERBATING,
    ALLEVIATING,
    SYMPTOM_CATEGORY,
    SURVEY,
    PROBLEM,
    ACTIVE,
    INACTIVE,
    UNCONFIRMED,
    SCORE_UNIT,
    *LATERALITY.values(),
)


def coding(code: Code) -> dict[str, str]:
    return {"system": code.system, "code": code.code, "display": code.display}


def concept(code: Code, text: str | None = None) -> dict[str, object]:
    return {"coding": [coding(code)], "text": text or code.display}


def ref(resource: dict[str, Any]) -> dict[str, str]:
    """A reference to a resource of the same Bundle, by its urn:uuid fullUrl."""
    return {"reference": f"urn:uuid:{resource['id']}"}


def when(moment: datetime) -> str:
    """A FHIR dateTime in UTC."""
    return moment.astimezone(UTC).isoformat()


NAMESPACE = uuid.UUID("6d1c0b1e-8a53-4f0e-9a4e-2f6e6b7a2d10")  # unknot's, for uuid5 ids


def resource_id(kind: str, *position: int) -> str:
    """A stable id for the n-th resource of a kind (uuid5 of unknot's namespace)."""
    return str(uuid.uuid5(NAMESPACE, "/".join([kind, *map(str, position)])))
