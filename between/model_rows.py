"""Model instances from plain SQL, for the reads made for every message that arrives.

What ``Model.objects.raw()`` does, without working out again for every query which
column is which field: on the 2-core machine that mapping was two thirds of the cost of
loading a practice or a client (0.15 and 0.24 ms, against 0.07 ms this way). Values go
through the same converters the ORM applies (dates, JSON, decryption).
"""

from __future__ import annotations

from functools import cache
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, Model

M = TypeVar("M", bound=Model)


@cache
def table(model: type[Model]) -> str:
    """The model's table name, quoted for SQL."""
    return connections[DEFAULT_DB_ALIAS].ops.quote_name(model._meta.db_table)


@cache
def column(model: type[Model], name: str) -> str:
    """A concrete field's column name, quoted for SQL (a renamed field fails here)."""
    field = model._meta.get_field(name)
    assert isinstance(field, Field) and field.column, name  # a concrete column, not a relation
    return connections[DEFAULT_DB_ALIAS].ops.quote_name(field.column)


@cache
def _shape(model: type[Model], leave_out: tuple[str, ...]) -> tuple[str, list[str], list[Any]]:
    """The columns to select (qualified by the model's table), their attribute names,
    and the column expressions their converters are asked about."""
    fields = [f for f in model._meta.concrete_fields if f.name not in leave_out]
    columns = ", ".join(f"{table(model)}.{column(model, f.name)}" for f in fields)
    return columns, [f.attname for f in fields], [f.get_col(model._meta.db_table) for f in fields]


# Per connection (each thread has its own), per model shape: the converter functions.
_CONVERTERS: WeakKeyDictionary[BaseDatabaseWrapper, dict[Any, list[list[Any]]]] = (
    WeakKeyDictionary()
)


def _converters(
    db: BaseDatabaseWrapper, model: type[Model], leave_out: tuple[str, ...], cols: list[Any]
) -> list[list[Any]]:
    mine = _CONVERTERS.setdefault(db, {})
    key = (model, leave_out)
    if key not in mine:
        mine[key] = [db.ops.get_db_converters(c) + c.field.get_db_converters(db) for c in cols]
    return mine[key]


def rows_as(
    model: type[M], tail: str, params: list[Any], leave_out: tuple[str, ...] = ()
) -> list[M]:
    """``SELECT <the model's columns> <tail>`` as model instances.

    ``tail`` starts at FROM and must select from the model's own table. Fields in
    ``leave_out`` are deferred: read from the database only if something asks for them.
    """
    columns, names, cols = _shape(model, leave_out)
    db = connections[DEFAULT_DB_ALIAS]
    with db.cursor() as cursor:
        cursor.execute(f"SELECT {columns} {tail}", params)
        rows = cursor.fetchall()
    converters = _converters(db, model, leave_out, cols)
    found = []
    for row in rows:
        values = []
        for value, col, convert_all in zip(row, cols, converters, strict=True):
            for convert in convert_all:
                value = convert(value, col, db)
            values.append(value)
        found.append(model.from_db(DEFAULT_DB_ALIAS, names, values))
    return found


def first_as(
    model: type[M], tail: str, params: list[Any], leave_out: tuple[str, ...] = ()
) -> M | None:
    """The first row ``rows_as`` would give, or None (put LIMIT 1 in ``tail``)."""
    found = rows_as(model, tail, params, leave_out)
    return found[0] if found else None


def insert(obj: M) -> M:
    """INSERT a new ``obj`` as ``obj.save()`` would, and return it with its primary key.

    For the one row written for every message that arrives: Model.save() spends more on
    its general machinery (update-or-insert, inheritance, signals, the query compiler)
    than on preparing the values and the INSERT itself. Each field still prepares its own
    value (defaults, auto_now, encryption, JSON), so the row is the one save() writes.
    No pre_save or post_save signal is sent: use it only for models nothing listens to.
    """
    model, meta = type(obj), obj._meta
    db = connections[DEFAULT_DB_ALIAS]
    fields = [f for f in meta.concrete_fields if not (f.primary_key and obj.pk is None)]
    values = [f.get_db_prep_save(f.pre_save(obj, True), connection=db) for f in fields]
    sql = (
        f"INSERT INTO {table(model)} ({', '.join(column(model, f.name) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    returning = db.features.can_return_columns_from_insert and obj.pk is None
    if returning:
        sql += f" RETURNING {column(model, meta.pk.name)}"
    with db.cursor() as cursor:
        cursor.execute(sql, values)
        if obj.pk is None:
            obj.pk = cursor.fetchone()[0] if returning else cursor.lastrowid
    obj._state.adding = False
    obj._state.db = DEFAULT_DB_ALIAS
    return obj
