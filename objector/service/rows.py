"""INSERTs whose SQL is built once per process (issue #13, round 8).

`Model.objects.create` builds its INSERT anew each time: an InsertQuery, its compiler, the
quoted names of every column, a placeholder each, then the values through each field. For the
final submit's three rows (the request, its deadlines, its link task) that was about half of
the CPU spent inside the write transaction, which every submission of both web workers takes
in turn (bench: a profile of the submit in one process). Here the statement for a model is
built on first use and kept; each row costs only its values, prepared by the same field methods
the ORM uses (`pre_save`, `get_db_prep_save`), so what is stored is what `create` stores: a
sealed column stays the sealed bytes it was given.

Django's `pre_save` and `post_save` signals are sent for `insert` as `save` sends them (the
registry enqueues its link task on the request's `post_save`); `insert_all`, like
`bulk_create`, sends none. A value that is a database expression, a field with a database
default, a model with parents or a database that cannot return columns from an INSERT go
through the ORM as before.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from django.db import connections, router
from django.db.models import Field, Model
from django.db.models.signals import post_save, pre_save

M = TypeVar("M", bound=Model)


class _Statement:
    __slots__ = ("fields", "plain", "plain_fields_only", "returning", "sql")

    def __init__(self, model: type[Model], alias: str) -> None:
        connection = connections[alias]
        meta = model._meta
        quote = connection.ops.quote_name
        self.fields: tuple[Field[Any, Any], ...] = tuple(
            f for f in meta.local_concrete_fields if not f.generated and f is not meta.auto_field
        )
        self.returning: tuple[Field[Any, Any], ...] = tuple(meta.db_returning_fields)
        columns = ", ".join(quote(str(f.column)) for f in self.fields)
        places = ", ".join(["%s"] * len(self.fields))
        # Names from the model's own metadata, quoted; every value is a parameter.
        self.plain = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({places})"  # noqa: S608
        self.sql = self.plain
        if self.returning:
            self.sql += " RETURNING " + ", ".join(quote(str(f.column)) for f in self.returning)
        # What this module does not do itself is left to the ORM.
        self.plain_fields_only = not (
            meta.parents
            or any(f.has_db_default() for f in self.fields)
            or (self.returning and not connection.features.can_return_columns_from_insert)
        )


@functools.cache
def _statement(model: type[Model], alias: str, vendor: str) -> _Statement:
    # Keyed on the vendor too: a test may point the alias at another database.
    return _Statement(model, alias)


def _plain(statement: _Statement, obj: Model) -> bool:
    """Whether this module can store `obj` itself: a model it handles, and no value that is a
    database expression (F(), a function), which only the ORM's compiler turns into SQL."""
    return statement.plain_fields_only and not any(
        hasattr(getattr(obj, f.attname), "resolve_expression") for f in statement.fields
    )


def _values(statement: _Statement, obj: Model, alias: str) -> list[Any]:
    """The row's values as the database takes them, prepared as the ORM prepares them."""
    connection = connections[alias]
    return [
        f.get_db_prep_save(f.pre_save(obj, add=True), connection=connection)
        for f in statement.fields
    ]


def insert(obj: M) -> M:
    """Store a new `obj` (no primary key set unless the model's key is not automatic), as
    `obj.save(force_insert=True)` does; returns it with its key and returned columns set."""
    model = type(obj)
    alias = router.db_for_write(model, instance=obj)
    connection = connections[alias]
    statement = _statement(model, alias, connection.vendor)
    if not _plain(statement, obj):
        obj.save(force_insert=True, using=alias)
        return obj
    pre_save.send(sender=model, instance=obj, raw=False, using=alias, update_fields=None)
    values = _values(statement, obj, alias)
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, values)
        returned = cursor.fetchone() if statement.returning else ()
    for field, value in zip(statement.returning, returned, strict=True):
        setattr(obj, field.attname, value)
    obj._state.adding = False
    obj._state.db = alias
    post_save.send(
        sender=model, instance=obj, created=True, update_fields=None, raw=False, using=alias
    )
    return obj


def insert_all(objs: Iterable[Model]) -> None:
    """Store new rows of one model in one statement executed for each, sending no signal, as
    `bulk_create` does (their keys are not read back)."""
    rows: Sequence[Model] = list(objs)
    if not rows:
        return
    model = type(rows[0])
    alias = router.db_for_write(model)
    connection = connections[alias]
    statement = _statement(model, alias, connection.vendor)
    if not all(_plain(statement, obj) for obj in rows):
        model._default_manager.using(alias).bulk_create(rows)
        return
    values = [_values(statement, obj, alias) for obj in rows]
    with connection.cursor() as cursor:
        cursor.executemany(statement.plain, values)
    for obj in rows:
        obj._state.adding = False
        obj._state.db = alias
