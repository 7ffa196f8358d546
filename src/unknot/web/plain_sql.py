"""Plain-SQL reads for the pages people open most (Today, a knot), shared by every app.

Django's query compiler costs more per query than the database does here: a simple ORM
query costs about half of a whole trivial request, and Today asks each of its panels'
apps for a few rows. These reads are plain, parameterised SQL, the same on SQLite and
PostgreSQL (the tests run on both), and every column comes back converted exactly as the
ORM converts it (aware moments, JSON decoded). Every write still goes through the ORM.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection


class ModelReader:
    """Rows of one model from plain SQL: as model instances (`read`) or as tuples of some
    of its fields (`values`), each column converted as the ORM converts it.

    raw() does the same, but works out its columns and converters again on every query,
    which costs more than reading a row; here they are worked out once per set of fields,
    on first use (they depend on the database, which is known by then)."""

    def __init__(self, model: type[Any]) -> None:
        self.model, self.fields = model, model._meta.concrete_fields
        self.names = [f.attname for f in self.fields]
        self.table = model._meta.db_table
        self.select = self._select(self.fields)
        self._converters: dict[tuple[str, ...], list[tuple[Any, list[Any]]]] = {}

    def read(self, where: str, params: Sequence[Any]) -> list[Any]:
        """The model's rows matching `where` (SQL after WHERE, with %s for `params`)."""
        with connection.cursor() as cursor:
            cursor.execute(f"{self.select} WHERE {where}", params)
            rows = cursor.fetchall()
        converters = self._converters_of(self.fields)
        return [
            self.model.from_db(connection.alias, self.names, _convert(converters, r)) for r in rows
        ]

    def values(self, names: Sequence[str], where: str, params: Sequence[Any]) -> list[tuple]:
        """values_list(*names) of the rows matching `where`: tuples, converted as the ORM
        converts them (`names` are attribute names, e.g. "owner_id")."""
        fields = [self.model._meta.get_field(n) for n in names]
        with connection.cursor() as cursor:
            cursor.execute(f"{self._select(fields)} WHERE {where}", params)
            rows = cursor.fetchall()
        converters = self._converters_of(fields)
        if not any(c for _col, c in converters):
            return rows
        return [tuple(_convert(converters, r)) for r in rows]

    def _select(self, fields: Sequence[Any]) -> str:
        columns = ", ".join(f'"{f.column}"' for f in fields)
        return f"SELECT {columns} FROM {self.table}"

    def _converters_of(self, fields: Sequence[Any]) -> list[tuple[Any, list[Any]]]:
        key = tuple(f.attname for f in fields)
        found = self._converters.get(key)
        if found is None:
            found = self._converters[key] = [
                (col, connection.ops.get_db_converters(col) + f.get_db_converters(connection))
                for f in fields
                for col in [f.get_col(self.table)]
            ]
        return found


def _convert(converters: list[tuple[Any, list[Any]]], row: Sequence[Any]) -> list[Any]:
    values = []
    for (col, convert_all), value in zip(converters, row, strict=True):
        for convert in convert_all:
            value = convert(value, col, connection)
        values.append(value)
    return values
