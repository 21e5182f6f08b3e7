"""Data keys for records (requests and their cases): made at intake, sealed to the
organisation's public key, so intake needs no secret; opened through the key-holder, so only
while the vault is unlocked."""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from django.conf import settings

from objector.accounts.models import Organisation

from . import crypto, keyholder


class VaultSealed(Exception):
    """The vault is sealed (or its key-holder is not running): personal data cannot be read.
    Staff pages answer 503 with the unlock form (vault.middleware)."""


class NotReady(Exception):
    """No organisation has been set up, so there is no key to seal data to yet."""


def data_key_new() -> tuple[bytes, bytes]:
    """A fresh data key, and the same key sealed to the organisation's public key."""
    public_key = Organisation.objects.values_list("public_key", flat=True).first()
    if not public_key:
        raise NotReady("no organisation has been set up")
    key = crypto.new_data_key()
    return key, crypto.seal(key, bytes(public_key))


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
        raise VaultSealed(str(exc)) from None
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
        raise VaultSealed(str(exc)) from None
    return [str(i) for i in answer["indexes"]]
