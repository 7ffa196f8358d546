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

from django.db import DEFAULT_DB_ALIAS, connection, connections


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
        self._converters: dict[tuple[str, ...], list[tuple[int, Any, list[Any]]]] = {}

    def read(self, where: str, params: Sequence[Any]) -> list[Any]:
        """The model's rows matching `where` (SQL after WHERE, with %s for `params`)."""
        with connection.cursor() as cursor:
            cursor.execute(f"{self.select} WHERE {where}", params)
            rows = cursor.fetchall()
        converters = self._converters_of(self.fields)
        real = connections[DEFAULT_DB_ALIAS]  # once, not through the proxy for each value
        make, alias, names = self.model.from_db, real.alias, self.names
        return [make(alias, names, _convert(converters, r, real)) for r in rows]

    def values(self, names: Sequence[str], where: str, params: Sequence[Any]) -> list[tuple]:
        """values_list(*names) of the rows matching `where`: tuples, converted as the ORM
        converts them (`names` are attribute names, e.g. "owner_id")."""
        fields = [self.model._meta.get_field(n) for n in names]
        with connection.cursor() as cursor:
            cursor.execute(f"{self._select(fields)} WHERE {where}", params)
            rows = cursor.fetchall()
        converters = self._converters_of(fields)
        real = connections[DEFAULT_DB_ALIAS]
        if not converters:
            return rows
        return [tuple(_convert(converters, r, real)) for r in rows]

    def _select(self, fields: Sequence[Any]) -> str:
        columns = ", ".join(f'"{f.column}"' for f in fields)
        return f"SELECT {columns} FROM {self.table}"

    def _converters_of(self, fields: Sequence[Any]) -> list[tuple[int, Any, list[Any]]]:
        """(column index, column, its converters) for the columns that have any."""
        key = tuple(f.attname for f in fields)
        found = self._converters.get(key)
        if found is None:
            found = self._converters[key] = [
                (i, col, converters)
                for i, f in enumerate(fields)
                for col in [f.get_col(self.table)]
                for converters in [
                    connection.ops.get_db_converters(col) + f.get_db_converters(connection)
                ]
                if converters
            ]
        return found


def _convert(
    converters: list[tuple[int, Any, list[Any]]], row: Sequence[Any], real: Any
) -> list[Any]:
    """The row with each column converted; `real` is the connection (not its proxy)."""
    values = list(row)
    for i, col, convert_all in converters:
        value = values[i]
        for convert in convert_all:
            value = convert(value, col, real)
        values[i] = value
    return values
