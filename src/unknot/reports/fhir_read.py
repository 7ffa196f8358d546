"""Small readers of FHIR JSON for the import: codes, extensions, references, times and
places, each tolerant of what other systems leave out and strict about what they send."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils.dateparse import parse_datetime

from unknot.core.kb import KnowledgeBase
from unknot.reports import fhir_codes as codes
from unknot.reports.data_export import DataError
from unknot.web.journal.services import KnotInput

Json = dict[str, Any]
SIDES = {c.code: side for side, c in codes.LATERALITY.items()}


def codes_of(concept: Any) -> list[tuple[str, str]]:
    """(system, code) of a CodeableConcept's codings."""
    if not isinstance(concept, dict):
        return []
    return [(c.get("system", ""), c.get("code", "")) for c in concept.get("coding") or []]


def ext(data: Any, url: str) -> Json | None:
    """The first extension with this url (of a resource or of a complex extension)."""
    found = ext_all(data, url)
    return found[0] if found else None


def ext_all(data: Any, url: str) -> list[Json]:
    if not isinstance(data, dict):
        return []
    return [e for e in data.get("extension") or [] if e.get("url") == url]


def _values(fields: Json, url: str, kind: str) -> list[Any]:
    return [e.get(kind) for e in ext_all(fields, url)]


def knot_input(fields: Json, onset: Any, notes: str) -> tuple[KnotInput, dict[str, Any]]:
    """unknot's knot extension -> the journal's input, and the fields services do not take
    (set on the row after it is created)."""

    def one(url: str, kind: str = "valueCode", default: Any = "") -> Any:
        found = _values(fields, url, kind)
        return found[0] if found else default

    data = KnotInput(
        region=one("region"),
        side=one("side"),
        muscle=one("muscle"),
        size=one("size"),
        feel=_values(fields, "feel", "valueCode"),
        symptoms=_values(fields, "symptom", "valueCode"),
        limits=one("limits", "valueString"),
        limits_daily_activities=bool(one("limitsDailyActivities", "valueBoolean", False)),
        recurring=bool(one("recurring", "valueBoolean", False)),
        started_on=onset[:10] if isinstance(onset, str) else None,
        notes=notes,
        activities=_values(fields, "activity", "valueString"),
    )
    extra: dict[str, Any] = {"is_sample": bool(one("sample", "valueBoolean", False))}
    worse = one("worseReportedOn", "valueDate", None)
    if worse:
        extra["worse_reported_on"] = date.fromisoformat(worse)
    return data, extra


def _moment(text: Any) -> datetime | None:
    if not isinstance(text, str):
        return None
    moment = parse_datetime(text)
    if moment is None and len(text) == 10:
        moment = parse_datetime(f"{text}T12:00:00+00:00")
    return moment


@dataclass(frozen=True)
class Resource:
    """One entry of the Bundle: its resource, and the keys others may refer to it by."""

    type: str
    data: Json
    keys: tuple[str, ...]
    index: int

    @classmethod
    def of(cls, entry: Any, index: int) -> Resource | None:
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(resource, dict):
            return None
        kind = str(resource.get("resourceType", ""))
        keys = [entry.get("fullUrl", "")]
        if resource.get("id"):
            keys += [f"{kind}/{resource['id']}", f"urn:uuid:{resource['id']}"]
        return cls(kind, resource, tuple(k for k in keys if k), index)

    @property
    def label(self) -> str:
        """How a message names it: 'Observation 12 (pain-3)'."""
        ident = self.data.get("id")
        return f"{self.type} {self.index + 1}" + (f" ({ident})" if ident else "")

    def _refs(self, *paths: str) -> list[str]:
        found = []
        for path in paths:
            value = self.data.get(path)
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict) and item.get("reference"):
                    found.append(item["reference"])
        return found

    def condition_refs(self) -> list[str]:
        infos = [e.get("valueReference", {}) for e in ext_all(self.data, codes.EXT_SUPPORTING_INFO)]
        return [i["reference"] for i in infos if i.get("reference")] + self._refs("focus")

    def reason_refs(self) -> list[str]:
        return self._refs("reasonReference")

    def address_refs(self) -> list[str]:
        return self._refs("addresses")

    def part_of_refs(self) -> list[str]:
        return self._refs("partOf")

    def moment(self) -> datetime | None:
        data = self.data
        period = data.get("effectivePeriod") or {}
        return (
            _moment(data.get("effectiveDateTime"))
            or _moment(period.get("start"))
            or _moment(data.get("issued"))
        )

    def when_text(self) -> str:
        moment = self.moment()
        return moment.isoformat() if moment else ""

    def pain(self) -> int:
        """A pain reading's whole number 0-10 (valueInteger or a unitless valueQuantity)."""
        value = self.data.get("valueInteger")
        if value is None and isinstance(self.data.get("valueQuantity"), dict):
            value = self.data["valueQuantity"].get("value")
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 10:
            raise DataError(
                f"{self.label}: a pain rating must be a whole number from 0 to 10 "
                f"(found {value!r}). Nothing was imported."
            )
        return value

    def note(self, limit: int = 500) -> str:
        """The notes' text, joined, cut to what the journal keeps (`limit` characters)."""
        texts = [n.get("text", "") for n in self.data.get("note") or [] if isinstance(n, dict)]
        return " ".join(t for t in texts if t)[:limit]

    def psfs_scores(self) -> dict[str, int]:
        scores = {}
        for component in self.data.get("component") or []:
            name = (component.get("code") or {}).get("text", "")
            if name and isinstance(component.get("valueInteger"), int):
                scores[name] = component["valueInteger"]
        return scores

    def period(self) -> tuple[datetime | None, int]:
        period = self.data.get("performedPeriod") or {}
        start, end = _moment(period.get("start")), _moment(period.get("end"))
        if start is None:
            start = _moment(self.data.get("performedDateTime"))
        minutes = round((end - start).total_seconds() / 60) if start and end else 10
        return start, minutes

    def place(self, kb: KnowledgeBase, today: date) -> tuple[str, str] | None:
        """(region, side) of the body site: unknot's region code, else its words."""
        site = self.data.get("bodySite")
        if not isinstance(site, dict):
            return None
        side = next((SIDES[c] for s, c in codes_of(_laterality(site)) if c in SIDES), "")
        region = next((c for s, c in codes_of(site) if s == codes.REGION and c in kb.regions), "")
        if region:
            return region, side
        from unknot.core.language import understand

        words = " ".join(
            filter(None, [site.get("text")] + [c.get("display") for c in site.get("coding") or []])
        )
        found = understand(words, kb, today).facts.locations if words else ()
        if not found:
            return None
        location = found[0]
        return location.region, side or (location.side.value if location.side else "")


def _laterality(site: Json) -> Any:
    for url in (codes.EXT_OBSERVATION_LATERALITY, codes.EXT_LATERALITY):
        found = ext(site, url)
        if found:
            return found.get("valueCodeableConcept")
    return None
