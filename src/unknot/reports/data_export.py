"""The person's whole journal as one versioned JSON file: export, import and deletion.

    {"format": "unknot-export", "version": 1, "exported_at": "...", "data": {
        "journal.knot": [{"id": 1, "region": "shoulder_top", ...}, ...], ...}}

Every table of tables.plan() is in it, so data of an app added later is exported without
anyone remembering to add it here. Ids in the file are the rows' positions (1, 2, ...),
not database ids, and foreign keys name those positions: exporting, importing into an
empty journal and exporting again gives the same bytes, on SQLite and PostgreSQL alike.

Import validates the whole file before it writes anything, then writes everything in one
transaction: a file from a newer version of unknot, a broken or hand-edited file, or one
that fails half-way changes nothing. It only goes into an empty journal (see
`has_data`): merging two journals would need choices (which profile? the same knot
twice?) that a file cannot make for the person. Delete first, or import elsewhere.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, models, transaction

from unknot.core.clock import Clock, SystemClock
from unknot.reports.tables import Table, plan

FORMAT = "unknot-export"
VERSION = 1
BATCH = 500
Progress = Callable[[int], None]  # told how many more rows are done


class DataError(ValueError):
    """A file that cannot be imported; the message says why in plain words."""


def _none(_rows: int) -> None:
    return None


# --- export ----------------------------------------------------------------------------------


def count_rows(owner: Any) -> int:
    """How many rows an export of `owner` writes (for a progress bar)."""
    return sum(t.rows_of(owner).count() for t in plan())


def export_data(owner: Any, clock: Clock | None = None, progress: Progress = _none) -> str:
    """The person's journal as the text of a version-1 export file."""
    moment = (clock or SystemClock()).now().astimezone(UTC)
    data: dict[str, list[dict[str, Any]]] = {}
    ids: dict[str, dict[int, int]] = {}
    for table in plan():
        rows, ids[table.label] = [], {}
        for number, row in enumerate(table.rows_of(owner).iterator(chunk_size=BATCH), 1):
            ids[table.label][row.pk] = number
            rows.append(_row_json(table, row, number, ids))
            if number % BATCH == 0:
                progress(BATCH)
        progress(len(rows) % BATCH)
        data[table.label] = rows
    document = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": moment.isoformat(),
        "data": _sorted(data),
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def _row_json(table: Table, row: Any, number: int, ids: dict[str, dict[int, int]]) -> Any:
    out: dict[str, Any] = {"id": number}
    targets = dict(table.links)
    for field in table.fields:
        value = getattr(row, field.attname)
        if field.name in targets:
            value = None if value is None else ids[targets[field.name]][value]
        out[field.name] = _value_json(value)
    return out


def _value_json(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, (Decimal, UUID)):
        return str(value)
    return value


def _sorted(value: Any) -> Any:
    """Keys in order at every depth: PostgreSQL's jsonb keeps its own key order, SQLite
    keeps the order written, and both must export the same bytes."""
    if isinstance(value, dict):
        return {k: _sorted(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted(v) for v in value]
    return value


# --- what is in the journal --------------------------------------------------------------------


def has_data(owner: Any) -> bool:
    """Anything of the person's stored: a row of any table, or a one-per-person row (the
    profile) changed from its defaults. Pages create an empty profile just by being seen."""
    for table in plan():
        rows = table.rows_of(owner)
        if not table.is_singleton:
            if rows.exists():
                return True
        elif any(not _is_default(table, row) for row in rows):
            return True
    return False


def _is_default(table: Table, row: Any) -> bool:
    for field in table.fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            continue
        if getattr(row, field.attname) != field.get_default():
            return False
    return True


def delete_all(owner: Any) -> int:
    """Delete every row of the person's data in one transaction; the number of rows deleted.
    The account itself stays (in local mode it is the one local person)."""
    tables = plan()
    with transaction.atomic():
        total = sum(t.rows_of(owner).count() for t in tables)
        for table in reversed(tables):  # children first, though cascades would do it too
            table.rows_of(owner).delete()
    return total


# --- import ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Imported:
    """What an import added: rows per table label."""

    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def read_document(text: str | bytes) -> dict[str, Any]:
    """The file's JSON object, checked as far as its header; DataError for anything else."""
    try:
        document = json.loads(text)
    except (UnicodeDecodeError, ValueError):
        raise DataError("This file is not a JSON file (it may be damaged).") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise DataError(
            "This is not an unknot export: export files start with "
            f'"format": "{FORMAT}". (A FHIR Bundle is imported as FHIR.)'
        )
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DataError("The file's version is missing or not a whole number; it may be damaged.")
    if version > VERSION:
        raise DataError(
            f"This file comes from a newer version of unknot (format version {version}); this "
            f"version reads version {VERSION}. Update unknot, then import it again."
        )
    if not isinstance(document.get("data"), dict):
        raise DataError('The file has no "data" object; it may be damaged.')
    return document


def row_count(document: dict[str, Any]) -> int:
    return sum(len(v) for v in document["data"].values() if isinstance(v, list))


def import_data(owner: Any, text: str | bytes, progress: Progress = _none) -> Imported:
    """Import an export file into the person's empty journal, all or nothing."""
    document = read_document(text)
    tables = plan()
    parsed = _parse(tables, document["data"])
    if has_data(owner):
        raise DataError(
            "Your journal already has data, so nothing was imported: an import only goes "
            "into an empty journal. Export what you have first if you want to keep it, then "
            "delete everything and import again."
        )
    try:
        with transaction.atomic():
            new_ids: dict[str, dict[int, int]] = {}
            counts = {t.label: _write(t, parsed[t.label], owner, new_ids, progress) for t in tables}
    except (IntegrityError, DatabaseError) as exc:
        raise DataError(
            "The file could not be stored, so nothing was imported: its rows contradict each "
            f"other ({str(exc).splitlines()[0][:160]})."
        ) from None
    return Imported({k: v for k, v in counts.items() if v})


@dataclass
class _Row:
    number: int
    instance: models.Model
    links: dict[str, int | None]  # foreign key field -> id in the file


def _parse(tables: list[Table], data: dict[str, Any]) -> dict[str, list[_Row]]:
    """Every row checked (types, limits, choices, links) before anything is written."""
    known = {t.label: t for t in tables}
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise DataError(
            f"The file holds {', '.join(unknown)}, which this installation of unknot does not "
            "have, so nothing was imported."
        )
    parsed: dict[str, list[_Row]] = {}
    for table in tables:
        rows = data.get(table.label, [])
        if not isinstance(rows, list):
            raise DataError(f"{table.label}: expected a list of rows.")
        parsed[table.label] = [_parse_row(table, raw, i) for i, raw in enumerate(rows, 1)]
        _check_ids(table, parsed[table.label])
        if table.is_singleton and len(rows) > 1:
            raise DataError(f"{table.label}: one row per person, but the file has {len(rows)}.")
    for table in tables:
        _check_links(table, parsed)
    return parsed


def _parse_row(table: Table, raw: Any, index: int) -> _Row:
    where = f"{table.label} row {index}"
    if not isinstance(raw, dict):
        raise DataError(f"{where}: expected an object.")
    names = {f.name for f in table.fields}
    extra = sorted(set(raw) - names - {"id"})
    if extra:
        raise DataError(f"{where}: unknown field {', '.join(extra)}.")
    number = raw.get("id")
    if not isinstance(number, int) or isinstance(number, bool) or number < 1:
        raise DataError(f"{where}: the id must be a whole number from 1.")
    links = dict(table.links)
    values: dict[str, Any] = {}
    row_links: dict[str, int | None] = {}
    for field in table.fields:
        if field.name not in raw:
            if not (field.has_default() or field.null):
                raise DataError(f"{where}: {field.name} is missing.")
            continue
        if field.name in links:
            row_links[field.name] = _link_id(where, field, raw[field.name])
        else:
            values[field.attname] = _value(where, field, raw[field.name])
    instance = table.model(**values)
    _validate(where, table, instance)
    return _Row(number, instance, row_links)


def _link_id(where: str, field: models.Field[Any, Any], value: Any) -> int | None:
    if value is None and field.null:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise DataError(f"{where}: {field.name} must be the id of a row in the file.")
    return value


def _value(where: str, field: models.Field[Any, Any], value: Any) -> Any:
    is_time = isinstance(field, (models.DateTimeField, models.DateField, models.TimeField))
    if is_time and value is not None and not isinstance(value, str):
        raise DataError(f"{where}: {field.name} should be a date or time as text.")
    try:
        python = field.to_python(value)
    except ValidationError as exc:
        raise DataError(f"{where}: {field.name}: {' '.join(exc.messages)}") from None
    if isinstance(python, datetime) and python.tzinfo is None:
        raise DataError(f"{where}: {field.name} has no time zone.")
    return python


def _validate(where: str, table: Table, instance: models.Model) -> None:
    skip = [f.name for f in table.model._meta.concrete_fields if f.is_relation]
    try:
        instance.full_clean(exclude=skip, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        first, messages = next(iter(exc.message_dict.items()))
        raise DataError(f"{where}: {first}: {' '.join(messages)}") from None


def _check_ids(table: Table, rows: list[_Row]) -> None:
    seen: set[int] = set()
    for row in rows:
        if row.number in seen:
            raise DataError(f"{table.label}: the id {row.number} is used twice.")
        seen.add(row.number)


def _check_links(table: Table, parsed: dict[str, list[_Row]]) -> None:
    targets = dict(table.links)
    for row in parsed[table.label]:
        for name, number in row.links.items():
            ids = {r.number for r in parsed[targets[name]]}
            if number is not None and number not in ids:
                raise DataError(
                    f"{table.label} row {row.number}: {name} names {targets[name]} "
                    f"{number}, which is not in the file."
                )


def _write(
    table: Table,
    rows: list[_Row],
    owner: Any,
    new_ids: dict[str, dict[int, int]],
    progress: Progress,
) -> int:
    """Store the table's rows, with foreign keys turned from file ids into new database ids
    (`new_ids`: for each table written so far, file id -> database id)."""
    targets = dict(table.links)
    for row in rows:
        for name, number in row.links.items():
            new = None if number is None else new_ids[targets[name]][number]
            setattr(row.instance, table.model._meta.get_field(name).attname, new)
        if table.owner_field:
            setattr(row.instance, table.owner_field, owner)
    if table.is_singleton:
        _replace_singleton(table, rows, owner)
        progress(len(rows))
    else:
        for chunk in _chunks(rows, BATCH):
            _create(table, chunk)
            progress(len(chunk))
    new_ids[table.label] = {r.number: r.instance.pk for r in rows}
    return len(rows)


def _replace_singleton(table: Table, rows: list[_Row], owner: Any) -> None:
    if not rows:
        return
    wanted = _auto_values(table, rows)
    existing = table.model._default_manager.filter(**{table.owner_path: owner}).first()
    if existing is not None:
        rows[0].instance.pk = existing.pk
    rows[0].instance.save(force_insert=existing is None)
    _restore_auto(table, [rows[0].instance], wanted)


def _create(table: Table, rows: list[_Row]) -> None:
    wanted = _auto_values(table, rows)
    created = table.model._default_manager.bulk_create([r.instance for r in rows])
    _restore_auto(table, created, wanted)


def _auto_values(table: Table, rows: list[_Row]) -> list[dict[str, Any]]:
    """The values of fields the database fills on save (created_at, updated_at): the file's
    values, put back after the save replaced them with the time of the import."""
    auto = [f.attname for f in table.fields if _is_auto(f)]
    return [{name: getattr(r.instance, name) for name in auto} for r in rows]


def _is_auto(field: Any) -> bool:
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))


def _restore_auto(table: Table, created: list[Any], wanted: list[dict[str, Any]]) -> None:
    names = [name for name in (wanted[0] if wanted else {}) if wanted[0][name] is not None]
    if not names:
        return
    for instance, values in zip(created, wanted, strict=True):
        for name, value in values.items():
            setattr(instance, name, value)
    table.model._default_manager.bulk_update(created, names, batch_size=BATCH)


def _chunks(rows: list[_Row], size: int) -> Iterator[list[_Row]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


# How a message names rows of the journal's tables (other apps' use their verbose names).
NAMES = {
    "journal.checkin": ("check-in", "check-ins"),
    "journal.activity": ("activity", "activities"),
    "journal.functionscore": ("function score", "function scores"),
    "journal.planchoice": ("plan choice", "plan choices"),
    "journal.exposure": ("activity bout", "activity bouts"),
}


def labels(counts: Iterable[tuple[str, int]]) -> str:
    """'1 knot, 28 check-ins' from (table label, count) pairs, for messages."""
    from django.apps import apps

    words = []
    for label, count in counts:
        meta = apps.get_model(label)._meta
        one, many = NAMES.get(label, (str(meta.verbose_name), _plural(str(meta.verbose_name))))
        words.append(f"{count} {one if count == 1 else many}")
    return ", ".join(words) or "nothing"


def _plural(name: str) -> str:
    if name.endswith("y") and not name.endswith(("ay", "ey", "oy", "uy")):
        return name[:-1] + "ies"
    if name.endswith(("s", "x", "ch", "sh")):
        return name + "es"
    return name + "s"
