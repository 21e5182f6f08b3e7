"""Data keys for records (requests and their cases): made at intake, sealed to the
organisation's public key, so intake needs no secret; opened through the key-holder, so only
while the vault is unlocked."""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from django.conf import settings
from django.db import transaction

from objector.accounts.models import Organisation

from . import crypto, keyholder


class VaultSealed(Exception):
    """The vault is sealed (or its key-holder is not running): personal data cannot be read.
    Staff pages answer 503 with the unlock form (vault.middleware)."""


class GrantRequired(VaultSealed):
    """A shell command asked to open sealed data without a grant (keyholder.py): it needs a
    staff member's unlock passphrase (vault.actions.operator_grant). A VaultSealed, so what
    falls back while sealed (a shredding, an audit entry's tag) falls back the same way."""


def _refused(exc: keyholder.KeyHolderError) -> VaultSealed:
    if str(exc) == "grant required":
        return GrantRequired(str(exc))
    return VaultSealed(str(exc))


class NotReady(Exception):
    """No organisation has been set up, so there is no key to seal data to yet."""


def data_key_new() -> tuple[bytes, bytes]:
    """A fresh data key, and the same key sealed to the organisation's public key."""
    return data_key_sealed_to(public_key_read())


def data_key_sealed_to(public_key: bytes) -> tuple[bytes, bytes]:
    """A fresh data key, and the same key sealed to `public_key`."""
    key = crypto.new_data_key()
    return key, crypto.seal(key, public_key)


# The organisation's public key as this process last read it, per database (issue #13: the
# final submit read it with a query each time). It is only a guess: whoever seals to it checks,
# inside the write transaction that stores what it sealed, that it is still the organisation's
# key (`public_key_check`), and seals again to the new one if not. So no request is ever
# stored sealed to a key that is not the organisation's at its commit, whatever replaced the
# organisation meanwhile: a new setup, a restored backup, a test's rolled-back organisation.
# The key is public: keeping it across a seal reveals nothing.
_public_keys: dict[str, bytes] = {}


def public_key_read() -> bytes:
    """The organisation's public key, read now (and kept as this process's guess)."""
    alias, key = _public_key_now()
    if not key:
        _public_keys.pop(alias, None)
        raise NotReady("no organisation has been set up")
    _public_keys[alias] = key
    return key


def public_key_guess() -> bytes:
    """The organisation's public key as this process last read it (read now the first time).
    Seal to it only with `public_key_check` passed in the transaction that stores it."""
    guess = _public_keys.get(transaction.get_connection().alias)
    return guess if guess is not None else public_key_read()


class KeyChanged(Exception):
    """What was sealed to this process's guess of the public key must be sealed again: the
    organisation's key is another one now."""


def public_key_check(public_key: bytes) -> None:
    """Inside the write transaction that stores what was sealed to `public_key`: KeyChanged
    (which rolls the transaction back) unless it is the organisation's key. The process's guess
    is then dropped, and the caller seals again (`public_key_read`)."""
    alias, key = _public_key_now()
    if key != public_key:
        _public_keys.pop(alias, None)
        raise KeyChanged


def _public_key_now() -> tuple[str, bytes]:
    """The connection's alias, and the organisation's public key as the database has it now
    (empty bytes when there is none)."""
    connection = transaction.get_connection()
    with connection.cursor() as cursor:
        cursor.execute(_PUBLIC_KEY_SQL)
        row = cursor.fetchone()
    return connection.alias, bytes(row[0]) if row is not None and row[0] else b""


# Organisation.objects.values_list("public_key").first(), without building the query each time.
_PUBLIC_KEY_SQL = f"SELECT public_key FROM {Organisation._meta.db_table} ORDER BY id LIMIT 1"  # noqa: S608


def data_keys_open(sealed: Sequence[bytes]) -> list[bytes]:
    """The data keys behind these sealed ones, in one round trip to the key-holder."""
    if not sealed:
        return []
    items = [base64.b64encode(bytes(s)).decode() for s in sealed]
    try:
        answer = keyholder.ask(settings.VAULT_SOCKET, {"op": "open", "sealed": items})
    except keyholder.KeyHolderError as exc:
        if str(exc) == "cannot open":
            raise crypto.VaultError("a data key was not sealed to this organisation") from None
        raise _refused(exc) from None
    return [base64.b64decode(k) for k in answer["keys"]]


class Sealed(Protocol):
    """Anything whose fields are encrypted under its own data key, stored sealed."""

    data_key: bytes | None

    @property
    def sealed_key(self) -> Any: ...

    def open(self, data_key: bytes) -> None: ...


def sealed_open(items: Iterable[Sealed]) -> None:
    """Open the data keys of the items not yet open, in one round trip to the key-holder (an
    item with no sealed key, crypto-shredded, stays closed). VaultSealed while sealed."""
    todo = [i for i in items if i.data_key is None and i.sealed_key]
    for item, key in zip(todo, data_keys_open([bytes(i.sealed_key) for i in todo]), strict=True):
        item.open(key)


def blind_indexes(items: Sequence[tuple[str, str]]) -> list[str]:
    """Keyed hashes of (purpose, value) pairs, for lookups over encrypted values."""
    if not items:
        return []
    try:
        answer = keyholder.ask(settings.VAULT_SOCKET, {"op": "index", "items": list(items)})
    except keyholder.KeyHolderError as exc:
        raise _refused(exc) from None
    return [str(i) for i in answer["indexes"]]
