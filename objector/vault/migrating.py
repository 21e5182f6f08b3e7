"""What a migration that seals a clear id shares (round 11's documents 0004, telegram 0005 and
filings 0002 each wrote this loop out; they stay as they are, frozen, and new ones call this).

A row that named a case, a request or an order by its clear id gets the id sealed to the
organisation's public key (no secret needed: a migration runs while the vault is sealed too) and
its keyed tag None, which the hourly sweep fills at the next unlock
(`objector.vault.tagging.sealed_tags_fill`); a row that named none gets nothing sealed and the
tag "". The clear column is then removed by the migration's next operation.

Only the historical models a migration's `apps` gives are passed in here, never the live ones."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from . import crypto


def public_key(apps: Any) -> bytes | None:
    """The organisation's public key, as vault.keys reads it (the first row); None before the
    organisation is set up (then no row names anyone yet)."""
    Organisation = apps.get_model("accounts", "Organisation")
    found = Organisation.objects.order_by("id").values_list("public_key", flat=True).first()
    return bytes(found) if found else None


def id_sealed(pk: int, key: bytes) -> bytes:
    """An id sealed as `documents.actions.case_seal` seals it: 32 bytes (a data key's length,
    so every id seals to the same length), opened by the key-holder's `data_keys_open`."""
    return crypto.seal(int(pk).to_bytes(crypto.KEY_BYTES, "big"), key)


def ids_sealed(
    apps: Any,
    rows: Sequence[Any],
    *,
    clear: str,
    sealed: str,
    tag: str,
    also: Sequence[str] = (),
) -> int:
    """Seal each row's clear id (its attribute `clear`, e.g. "case_id") into `sealed`, its `tag`
    None until the sweep; a row whose id is None gets b"" and the tag "". Saved in batches with
    the fields `also` (what the caller changed on the rows besides). How many were sealed."""
    if not rows:
        return 0
    key = public_key(apps)
    done = 0
    for row in rows:
        pk = getattr(row, clear)
        if pk is None:
            setattr(row, sealed, b"")
            setattr(row, tag, "")
            continue
        if key is None:
            raise RuntimeError("a row names an id, but no organisation's key exists to seal it to")
        setattr(row, sealed, id_sealed(pk, key))
        setattr(row, tag, None)
        done += 1
    type(rows[0]).objects.bulk_update(rows, [sealed, tag, *also], batch_size=500)
    return done
