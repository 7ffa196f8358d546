"""Which rows are the person's: every model of the `unknot.web.*` apps, found by walking
the models themselves rather than by a list someone must remember to extend.

A model belongs to the person when it has a foreign key to the user model (the `owner`
every row has from day one), or a foreign key to a model that belongs to the person
(a check-in through its knot, a function score through its check-in). The tables come
out in dependency order: a row's parents are always written before the row.

A model that cannot be traced to its owner this way (a many-to-many field, a key to a
table outside the person's data) is "uncovered": export and deletion refuse to run with
it rather than silently leave part of someone's data behind, and a test names it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models

APP_PREFIX = "unknot.web."


@dataclass(frozen=True)
class Table:
    """One model of the person's data and how its rows are found and linked."""

    model: type[models.Model]
    label: str  # "journal.knot": the key of its rows in the export
    owner_path: str  # the lookup from a row to its owner: "owner", "knot__owner", ...
    owner_field: str | None  # the field holding the owner itself, if the row has one
    links: tuple[tuple[str, str], ...]  # (foreign key field, label of the table it points to)
    fields: tuple[models.Field[Any, Any], ...]  # what is exported: no id, no owner

    @property
    def is_singleton(self) -> bool:
        """One row per person (the profile): imported into the row that is there, if any."""
        if self.owner_field is None:
            return False
        return isinstance(self.model._meta.get_field(self.owner_field), models.OneToOneField)

    def rows_of(self, owner: Any) -> models.QuerySet[Any]:
        return self.model._default_manager.filter(**{self.owner_path: owner}).order_by("pk")


class Uncovered(RuntimeError):
    """Models holding personal data that the export cannot trace to their owner."""


def _is_user(model: Any) -> bool:
    return model is not None and model._meta.label == settings.AUTH_USER_MODEL


def personal_models() -> list[type[models.Model]]:
    """Every installed model of unknot's own web apps (all of them hold the person's data)."""
    return [
        m
        for m in apps.get_models()
        if m._meta.app_config.name.startswith(APP_PREFIX)  # type: ignore[union-attr]
    ]


def _foreign_keys(model: type[models.Model]) -> list[models.ForeignKey[Any, Any]]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.ForeignKey)]


def _owner_route(
    model: type[models.Model], found: dict[type[models.Model], str]
) -> tuple[str, str | None] | None:
    """(lookup to the owner, the owner field if direct) once a route is known, else None.
    A direct owner wins; of several parents, a required key wins over an optional one."""
    keys = _foreign_keys(model)
    direct = [f for f in keys if _is_user(f.related_model)]
    if direct:
        field = next((f for f in direct if f.name == "owner"), direct[0])
        return field.name, field.name
    parents = [f for f in keys if f.related_model in found]
    if not parents:
        return None
    parent = sorted(parents, key=lambda f: (f.null, f.name))[0]
    return f"{parent.name}__{found[parent.related_model]}", None  # type: ignore[index]


def _routes(candidates: list[type[models.Model]]) -> dict[type[models.Model], tuple[str, Any]]:
    found: dict[type[models.Model], str] = {}
    routes: dict[type[models.Model], tuple[str, Any]] = {}
    changed = True
    while changed:  # parents first: repeat until no new model can be traced
        changed = False
        for model in candidates:
            if model in routes:
                continue
            route = _owner_route(model, found)
            if route is not None:
                routes[model], found[model] = route, route[0]
                changed = True
    return routes


def _problems(model: type[models.Model], traced: set[type[models.Model]]) -> list[str]:
    label = model._meta.label_lower
    problems = []
    if model not in traced:
        problems.append(f"{label}: no foreign key leads to the person who owns its rows")
    if model._meta.local_many_to_many:
        problems.append(f"{label}: many-to-many fields are not exported yet")
    for field in _foreign_keys(model):
        target = field.related_model
        if not _is_user(target) and target not in traced:
            problems.append(f"{label}.{field.name}: points outside the person's data")
    if any(isinstance(f, models.BinaryField) for f in model._meta.concrete_fields):
        problems.append(f"{label}: binary fields are not exported yet")
    return problems


def _table(model: type[models.Model], route: tuple[str, Any]) -> Table:
    links = tuple(
        (f.name, f.related_model._meta.label_lower)  # type: ignore[union-attr]
        for f in _foreign_keys(model)
        if not _is_user(f.related_model)
    )
    fields = tuple(
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and not (f.is_relation and _is_user(f.related_model))
    )
    return Table(model, model._meta.label_lower, route[0], route[1], links, fields)


def _in_dependency_order(tables: list[Table]) -> list[Table]:
    by_label = {t.label: t for t in tables}
    done: list[Table] = []
    seen: set[str] = set()

    def visit(table: Table, stack: tuple[str, ...]) -> None:
        if table.label in seen:
            return
        if table.label in stack:
            raise Uncovered(f"{table.label}: its foreign keys go round in a circle")
        for _field, target in table.links:
            if target != table.label and target in by_label:
                visit(by_label[target], (*stack, table.label))
        seen.add(table.label)
        done.append(table)

    for table in sorted(tables, key=lambda t: t.label):
        visit(table, ())
    return done


@cache
def _plan() -> tuple[tuple[Table, ...], tuple[str, ...]]:
    candidates = personal_models()
    routes = _routes(candidates)
    problems = [p for m in candidates for p in _problems(m, set(routes))]
    tables = [_table(m, routes[m]) for m in candidates if m in routes]
    return tuple(_in_dependency_order(tables)), tuple(problems)


def uncovered() -> list[str]:
    """What keeps some personal data out of the export, one line per problem (empty: none)."""
    return list(_plan()[1])


def plan() -> list[Table]:
    """The person's tables, parents before children. Raises Uncovered if any model holding
    personal data cannot be exported: better no export than one that leaves data behind."""
    tables, problems = _plan()
    if problems:
        raise Uncovered("Some of your data cannot be exported yet: " + "; ".join(problems))
    return list(tables)
