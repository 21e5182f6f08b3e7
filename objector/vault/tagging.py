"""The one shape of every sweep that fills keyed tags once the vault is unlocked.

A row that names a case, a request or an order keeps that id only sealed and is found by a keyed
tag (a blind index), which only the key-holder computes. A row written while sealed, or moved by
a migration that sealed its clear id, has no tag yet; an hourly sweep (and a lookup, before it
trusts the tags) fills them: documents' `case_tag`, bot receipts' `request_tag`, joint claims'
`document_tag` and their named cases' `case_tag`, and audit entries' `object_tag`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import models

from .keys import data_keys_open


def tags_fill(
    untagged: models.QuerySet[Any],
    field: str,
    tags: Callable[[list[Any]], Sequence[str]],
    *,
    batch: int,
    waits: tuple[type[Exception], ...] = (),
) -> int:
    """Fill `field` of the rows of `untagged` (the query that finds those still without a tag)
    a batch at a time: `tags(rows)` gives each row's tag, in order, and must never give the
    value `untagged` looks for. How many were tagged; an exception of `waits` ends the sweep
    there (the rest wait for the next one), any other is raised."""
    done = 0
    while todo := list(untagged[:batch]):
        try:
            found = tags(todo)
        except waits:
            return done
        for row, tag in zip(todo, found, strict=True):
            setattr(row, field, tag)
        untagged.model.objects.bulk_update(todo, [field])
        done += len(todo)
    return done


def sealed_ids_open(rows: Sequence[Any], sealed: str) -> dict[int, int]:
    """The id sealed in the field `sealed` of each of these rows that has one (row id -> id),
    opened with the data key in one round trip. VaultSealed while sealed (and nothing asked of
    the key-holder when no row has one)."""
    on = [r for r in rows if getattr(r, sealed)]
    opened = data_keys_open([bytes(getattr(r, sealed)) for r in on])
    return {r.pk: int.from_bytes(o, "big") for r, o in zip(on, opened, strict=True)}


def sealed_ids_tags(
    sealed: str, id_tags: Callable[[list[int]], list[str]]
) -> Callable[[list[Any]], list[str]]:
    """For `tags_fill`: each row's tag is `id_tags` of the id sealed in its field `sealed`
    (opened with the data key, in one round trip); "" for a row with nothing sealed (a document
    on no case). VaultSealed while sealed, from the first row that has something sealed."""

    def tags(rows: list[Any]) -> list[str]:
        ids = sealed_ids_open(rows, sealed)
        by_row = dict(zip(ids, id_tags(list(ids.values())) if ids else [], strict=True))
        return [by_row.get(r.pk, "") for r in rows]

    return tags


def sealed_tags_fill(
    model: type[models.Model],
    *,
    sealed: str,
    tag: str,
    id_tags: Callable[[list[int]], list[str]],
    batch: int = 200,
) -> int:
    """Tag the rows of `model` whose `tag` is None by the id sealed in `sealed`
    (`sealed_ids_tags`). How many were tagged; VaultSealed while sealed."""
    untagged = model._default_manager.filter(**{tag: None}).only("pk", sealed).order_by("pk")
    return tags_fill(untagged, tag, sealed_ids_tags(sealed, id_tags), batch=batch)
