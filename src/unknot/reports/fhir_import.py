"""Reading a FHIR R4 Bundle into the journal: unknot's own (everything it exported comes
back) and other systems' (pain ratings on LOINC 72514-3 become check-ins).

Where a resource came from decides how it is read:
* unknot's Conditions carry the journal's fields in an extension and become the same
  knots; its check-in, function and session resources point at their Condition.
* Another system's pain Observation is placed by the Condition it points to (the
  Symptoms IG's supportingInfo extension, or `focus`), else by its body site: unknot's
  region code, or the site's words read by unknot's language layer ("Right shoulder").
  Readings of one place join the person's own active knot there, or else become one new
  knot, started on the day of the first reading. A reading already in the journal (same
  knot, moment and pain) is not added again, so importing a clinic's file twice is safe;
  unknot's own Bundle imported a second time is refused (it would double everything).
* What unknot does not read (other observations, medications ...) is counted as skipped
  and named in the result, never guessed at.

Everything goes through the journal's services, so an import obeys the same rules as
typing it in; all of it happens in one transaction, so a bundle that fails anywhere
changes nothing. Unlike the JSON import, a Bundle is added to what is there: it is how
a clinic's readings reach a journal already in use. The profile's blanks are filled in;
what the person set is kept.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.dateparse import parse_datetime

from unknot.core.clock import Clock, SystemClock
from unknot.core.kb import default_kb
from unknot.reports import fhir_codes as codes
from unknot.reports.data_export import DataError
from unknot.reports.fhir_read import Resource, codes_of, ext, ext_all, knot_input
from unknot.web.journal import profiles, services
from unknot.web.journal.models import Knot, PlanChoice
from unknot.web.journal.services import InvalidInput
from unknot.web.reports.models import ReportNotes

Json = dict[str, Any]


@dataclass
class FhirImported:
    knots: int = 0
    checkins: int = 0
    sessions: int = 0
    choices: int = 0
    duplicates: int = 0  # readings that were in the journal already
    skipped: Counter[str] = field(default_factory=Counter)

    @property
    def summary(self) -> str:
        parts = [
            _count(self.knots, "knot"),
            _count(self.checkins, "check-in"),
            _count(self.sessions, "self-care session"),
        ]
        text = f"Added {', '.join(parts)} from the FHIR Bundle."
        if self.duplicates:
            verb = "was" if self.duplicates == 1 else "were"
            text += f" {_count(self.duplicates, 'reading')} {verb} in your journal already."
        if self.skipped:
            kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(self.skipped.items()))
            text += f" Left out what unknot does not read: {kinds}."
        return text


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def read_bundle(text: str | bytes) -> Json:
    """The Bundle as a dict, checked with the R4B models; DataError if it is not one."""
    try:
        document = json.loads(text)
    except (UnicodeDecodeError, ValueError):
        raise DataError("This file is not a JSON file (it may be damaged).") from None
    if not isinstance(document, dict) or document.get("resourceType") != "Bundle":
        raise DataError('This is not a FHIR Bundle: its "resourceType" must be "Bundle".')
    from fhir.resources.R4B.bundle import Bundle
    from pydantic import ValidationError

    try:
        Bundle.model_validate(document)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise DataError(f"The FHIR Bundle is not valid R4 ({where}: {first['msg']}).") from None
    return document


def import_bundle(owner: Any, text: str | bytes, clock: Clock | None = None) -> FhirImported:
    """Add the Bundle's knots, check-ins, sessions and plan choices to the journal."""
    document = read_bundle(text)
    resources = [Resource.of(entry, i) for i, entry in enumerate(document.get("entry") or [])]
    reader = _Reader(owner, clock or SystemClock(), [r for r in resources if r is not None])
    with transaction.atomic():
        reader.run()
    return reader.result


class _Reader:
    def __init__(self, owner: Any, clock: Clock, resources: list[Resource]) -> None:
        self.owner, self.clock, self.kb = owner, clock, default_kb()
        self.resources = resources
        self.by_url = {key: r for r in resources for key in r.keys}
        self.knots: dict[str, Knot] = {}  # Condition key (or place) -> knot
        self.places: dict[int, tuple[str, str] | None] = {}  # observation index -> place
        # The knots that were there before the import (not the ones it adds).
        before = list(Knot.objects.filter(owner=owner).values_list("pk", flat=True))
        self._mine = Knot.objects.filter(owner=owner, pk__in=before)
        self.result = FhirImported()

    def of_type(self, kind: str) -> list[Resource]:
        return [r for r in self.resources if r.type == kind]

    def run(self) -> None:
        for patient in self.of_type("Patient")[:1]:
            self._patient(patient)
        for condition in self.of_type("Condition"):
            self._condition(condition)
        pains, functions = self._observations()
        self._checkins(pains, functions)
        for procedure in self.of_type("Procedure"):
            self._session(procedure)
        for plan in self.of_type("CarePlan"):
            self._choices(plan)
        skipped = {"Patient", "Condition", "Observation", "Procedure", "CarePlan"}
        for other in self.resources:
            if other.type not in skipped:
                self.result.skipped[other.type] += 1

    # --- the person ---

    def _patient(self, patient: Resource) -> None:
        profile = services.profile_of(self.owner)
        changes: dict[str, Any] = {}
        birth = str(patient.data.get("birthDate") or "")
        if birth[:4].isdigit() and not profile.birth_year:
            changes["birth_year"] = int(birth[:4])
        prefs = ext(patient.data, codes.EXT_PREFERENCES) or {}
        tools = [e["valueCode"] for e in ext_all(prefs, "tool")]
        if tools and not profile.tools:
            changes["tools"] = tools
        heat_cold = (ext(prefs, "heatCold") or {}).get("valueCode")
        if heat_cold and not profile.heat_cold:
            changes["heat_cold"] = heat_cold
        minutes = (ext(prefs, "minutes") or {}).get("valueInteger")
        if minutes is not None:
            changes["minutes"] = minutes
        self._apply(
            lambda: profiles.update_profile(self.owner, changes, self.clock, self.kb), "Patient"
        )
        answers = (ext(prefs, "causesAnswers") or {}).get("valueString")
        if answers and not profile.causes:
            self._apply(
                lambda: profiles.save_causes(self.owner, json.loads(answers), self.kb),
                "Patient causes answers",
            )
        self._name(patient.data.get("name") or [])

    def _name(self, names: list[Json]) -> None:
        if not names:
            return
        first = names[0]
        text = first.get("text") or " ".join([*first.get("given", []), first.get("family", "")])
        notes, _ = ReportNotes.objects.get_or_create(owner=self.owner)
        if not notes.name and text.strip():
            notes.name = " ".join(text.split())[:100]
            notes.save()

    def _apply(self, action: Any, where: str) -> Any:
        try:
            return action()
        except InvalidInput as exc:
            raise DataError(f"{where}: {exc}. Nothing was imported.") from None
        except ValidationError as exc:
            raise DataError(f"{where}: {' '.join(exc.messages)} Nothing was imported.") from None
        except (TypeError, ValueError) as exc:
            raise DataError(f"{where}: {exc}. Nothing was imported.") from None

    # --- knots ---

    def _condition(self, condition: Resource) -> None:
        health = [c for c in codes_of(condition.data.get("code")) if c[0] == codes.HEALTH]
        if health:
            profile = services.profile_of(self.owner)
            wanted = list(dict.fromkeys([*profile.conditions, *(c[1] for c in health)]))
            self._apply(
                lambda: profiles.update_profile(
                    self.owner, {"conditions": wanted}, self.clock, self.kb
                ),
                condition.label,
            )
            return
        fields = ext(condition.data, codes.EXT_KNOT)
        if fields is None:
            self.result.skipped["Condition not from unknot"] += 1
            return
        data, extra = knot_input(fields, condition.data.get("onsetDateTime"), condition.note(5000))
        recorded = parse_datetime(str(condition.data.get("recordedDate") or ""))
        self._refuse_twice(condition, recorded)
        knot = self._apply(
            lambda: services.create_knot(self.owner, data, self.clock, self.kb), condition.label
        )
        status = codes_of(condition.data.get("clinicalStatus"))
        extra["is_archived"] = "inactive" in {c[1] for c in status}
        if recorded is not None:
            extra["created_at"] = recorded
        Knot.objects.filter(pk=knot.pk).update(**extra)
        knot.refresh_from_db()
        for key in condition.keys:
            self.knots[key] = knot
        self.result.knots += 1

    def _refuse_twice(self, condition: Resource, recorded: datetime | None) -> None:
        """unknot's own knot, recorded at the same moment, is in the journal already: the
        Bundle was imported before (importing it again would double every reading)."""
        if recorded is not None and self._mine.filter(created_at=recorded).exists():
            raise DataError(
                f"{condition.label}: this knot is already in your journal (the Bundle was "
                "imported before), so nothing was imported."
            )

    def _knot_for(self, observation: Resource) -> Knot:
        """The knot an observation belongs to: its Condition, else its body site."""
        for target in observation.condition_refs():
            if target in self.knots:
                return self.knots[target]
        place = self._place(observation)
        if place is None:
            raise DataError(
                f"{observation.label}: unknot cannot tell where on the body this reading was "
                "taken (no Condition it refers to, and no body site it understands), so "
                "nothing was imported."
            )
        key = f"place:{place[0]}:{place[1]}"
        if key not in self.knots:
            self.knots[key] = self._new_knot(place, observation)
        return self.knots[key]

    def _place(self, observation: Resource) -> tuple[str, str] | None:
        if observation.index not in self.places:
            self.places[observation.index] = observation.place(self.kb, self.clock.today())
        return self.places[observation.index]

    def _new_knot(self, place: tuple[str, str], first: Resource) -> Knot:
        """The knot for another system's readings of one place: the person's own active
        knot there if they track one (the readings join its history), else a new knot
        started on the day of the first reading."""
        mine = self._mine.filter(region=place[0], side=place[1], is_archived=False)
        existing = mine.order_by("-created_at", "-pk").first()
        if existing is not None:
            return existing
        days = [
            o.moment().date()  # type: ignore[union-attr]
            for o in self.of_type("Observation")
            if o.moment() is not None and self._place(o) == place
        ]
        data = services.KnotInput(
            region=place[0], side=place[1], started_on=min(days, default=self.clock.today())
        )
        knot = self._apply(
            lambda: services.create_knot(self.owner, data, self.clock, self.kb), first.label
        )
        self.result.knots += 1
        return knot

    # --- check-ins ---

    def _observations(self) -> tuple[list[Resource], dict[tuple[int, str], dict[str, int]]]:
        pains: list[Resource] = []
        functions: dict[tuple[int, str], dict[str, int]] = defaultdict(dict)
        for observation in self.of_type("Observation"):
            found = set(codes_of(observation.data.get("code")))
            if (codes.LOINC, codes.PAIN_SEVERITY.code) in found:
                if not observation.data.get("partOf"):
                    pains.append(observation)
            elif (codes.PSFS, codes.PSFS_MEAN) in found:
                knot = self._knot_for(observation)
                functions[(knot.pk, observation.when_text())] |= observation.psfs_scores()
            elif (codes.LOINC, codes.SYMPTOM_CODE.code) not in found:
                self.result.skipped["other Observation"] += 1
        return sorted(pains, key=lambda o: (o.moment() or datetime.min, o.index)), functions

    def _checkins(
        self, pains: list[Resource], functions: dict[tuple[int, str], dict[str, int]]
    ) -> None:
        for observation in pains:
            knot = self._knot_for(observation)
            names = dict(knot.activities.values_list("name", "pk"))
            given = functions.get((knot.pk, observation.when_text()), {})
            unknown = sorted(set(given) - set(names))
            if unknown:
                raise DataError(
                    f"{observation.label}: {unknown[0]!r} is not an activity of its "
                    "knot. Nothing was imported."
                )
            scores = {names[name]: score for name, score in given.items()}
            if knot.checkins.filter(at=observation.moment(), pain=observation.pain()).exists():
                self.result.duplicates += 1
                continue
            self._apply(
                lambda o=observation, k=knot, s=scores: services.add_checkin(
                    k,
                    pain=o.pain(),
                    scores=s,
                    notes=o.note(),
                    at=o.moment(),
                    clock=self.clock,
                ),
                observation.label,
            )
            self.result.checkins += 1

    # --- sessions and plans ---

    def _session(self, procedure: Resource) -> None:
        strategy = next(
            (c[1] for c in codes_of(procedure.data.get("code")) if c[0] == codes.STRATEGY), None
        )
        knot = next((self.knots[k] for k in procedure.reason_refs() if k in self.knots), None)
        if strategy is None or knot is None:
            self.result.skipped["Procedure not from unknot"] += 1
            return
        start, minutes = procedure.period()
        before, after = self._session_pains(procedure)
        tool = next(
            (
                c[1]
                for u in procedure.data.get("usedCode", [])
                for c in codes_of(u)
                if c[0] == codes.TOOL
            ),
            "",
        )
        session = self._apply(
            lambda: services.add_session(
                knot,
                strategy=strategy,
                minutes=minutes,
                tool=tool,
                pain_before=before,
                pain_after=after,
                notes=procedure.note(),
                at=start,
                clock=self.clock,
                kb=self.kb,
            ),
            procedure.label,
        )
        stop = next(
            (
                c[1]
                for c in codes_of(procedure.data.get("statusReason"))
                if c[0] == codes.STOP_REASON
            ),
            "",
        )
        if stop:
            type(session).objects.filter(pk=session.pk).update(stop_reason=stop)
        self.result.sessions += 1

    def _session_pains(self, procedure: Resource) -> tuple[int | None, int | None]:
        found: dict[str, int] = {}
        for observation in self.of_type("Observation"):
            if set(procedure.keys) & set(observation.part_of_refs()):
                moment = (ext(observation.data, codes.EXT_SESSION_PAIN) or {}).get("valueCode")
                found[moment or "after"] = observation.pain()
        return found.get("before"), found.get("after")

    def _choices(self, plan: Resource) -> None:
        knot = next((self.knots[k] for k in plan.address_refs() if k in self.knots), None)
        if knot is None:
            self.result.skipped["CarePlan not from unknot"] += 1
            return
        for activity in plan.data.get("activity") or []:
            detail = activity.get("detail") or {}
            choice = (ext(detail, codes.EXT_PLAN_CHOICE) or {}).get("valueString", "")
            key = next((c[1] for c in codes_of(detail.get("code")) if c[0] == codes.PLAN_STEP), "")
            if not choice or not key:
                continue
            action, _, original = choice.partition(":")
            row = PlanChoice(
                knot=knot,
                step_key=original if action == "swap" else key,
                action=action,
                replacement=key if action == "swap" else "",
            )
            self._apply(lambda r=row: (r.full_clean(), r.save()), plan.label)
            self.result.choices += 1


__all__ = ["FhirImported", "import_bundle", "read_bundle"]
