"""Writes of many rows in a constant number of queries.

Django's ``bulk_create``/``bulk_update`` split their work into batches when the database limits
the number of parameters of one query (SQLite: 999), so their query count grows with the rows.
Here the rows travel as ONE JSON parameter that the database unpacks itself (``json_each`` in
SQLite, ``jsonb_array_elements`` in PostgreSQL): one INSERT, one UPDATE or one DELETE per model,
whatever the number of rows. Values are plain JSON (numbers, text, booleans, null, nested JSON for
JSONField columns); datetimes are passed as ISO text.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from django.db import connection, models


def _vendor() -> str:
    if connection.vendor not in ("sqlite", "postgresql"):
        raise NotImplementedError(f"bulk writes are not implemented for {connection.vendor}")
    return connection.vendor


def _select(model: type[models.Model], fields: Sequence[str], offset: int = 0) -> list[str]:
    """The SQL expressions reading element ``offset + i`` of each JSON array row as field i."""
    out = []
    for i, name in enumerate(fields):
        field = model._meta.get_field(name)
        n = offset + i
        if _vendor() == "sqlite":
            out.append(f"json_extract(j.value, '$[{n}]')")
        elif isinstance(field, models.JSONField):
            out.append(f"NULLIF(j.value -> {n}, 'null'::jsonb)")
        else:
            out.append(f"(j.value ->> {n})::{field.db_type(connection)}")
    return out


def _source() -> str:
    return "json_each(%s) AS j" if _vendor() == "sqlite" else "jsonb_array_elements(%s::jsonb) AS j(value)"


def _payload(model: type[models.Model], fields: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """The rows as one JSON text; datetimes (the only non-JSON values written here) as text."""
    stamps = [i for i, f in enumerate(fields) if isinstance(model._meta.get_field(f), models.DateTimeField)]
    if not stamps:
        return json.dumps(rows)
    sqlite = _vendor() == "sqlite"
    memo: dict[dt.datetime, str] = {}

    def text(value: Any) -> Any:
        if not isinstance(value, dt.datetime):
            return value
        if value not in memo:
            memo[value] = connection.ops.adapt_datetimefield_value(value) if sqlite else value.isoformat()
        return memo[value]

    out = []
    for row in rows:
        row = list(row)
        for i in stamps:
            row[i] = text(row[i])
        out.append(row)
    return json.dumps(out)


def insert(model: type[models.Model], fields: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """INSERT every row (a sequence of values in the order of ``fields``) in one query."""
    if not rows:
        return
    qn = connection.ops.quote_name
    columns = ", ".join(qn(model._meta.get_field(f).column) for f in fields)
    sql = (
        f"INSERT INTO {qn(model._meta.db_table)} ({columns}) "
        f"SELECT {', '.join(_select(model, fields))} FROM {_source()}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [_payload(model, fields, rows)])


def update(model: type[models.Model], fields: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """UPDATE rows given as (pk, *values in the order of ``fields``) in one query."""
    if not rows:
        return
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    pk = model._meta.pk
    values = _select(model, fields, offset=1)
    assignments = ", ".join(f"{qn(model._meta.get_field(f).column)} = {v}" for f, v in zip(fields, values, strict=True))
    key = _select(model, [pk.name])[0]
    sql = f"UPDATE {table} SET {assignments} FROM {_source()} WHERE {table}.{qn(pk.column)} = {key}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [_payload(model, [pk.name, *fields], rows)])


def delete(model: type[models.Model], pks: Sequence[int]) -> None:
    """DELETE the rows with these primary keys in one query."""
    if not pks:
        return
    qn = connection.ops.quote_name
    pk = model._meta.pk
    key = _select(model, [pk.name])[0]
    sql = f"DELETE FROM {qn(model._meta.db_table)} WHERE {qn(pk.column)} IN (SELECT {key} FROM {_source()})"
    with connection.cursor() as cursor:
        cursor.execute(sql, [json.dumps([[p] for p in pks])])
