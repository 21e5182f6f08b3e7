"""The registry's own key, for the step of round 10 still to be wired in (design:
docs/design-sealed-registry.md): which person a document's mention belongs to, the evidence of
its links and the lawyers' corrections, kept only under a key that exists while the vault is
unlocked, so that a copy of the disk does not say which request and which order's name are one
man.

The key is a data key like a document's: random, stored only sealed to the organisation's
public key (`Keyring`, one row), opened through the key-holder (one `open`, within each role's
budget) and kept in this process's memory until the seal (`forget`, on vault.signals.sealed).
With it, in process:

- `person_tag(pk)`: a keyed hash of a person's id, equal for every mention of one person, so
  the person's mentions are found by an indexed lookup while unlocked, and by nothing without
  the key;
- `near_tag(pk)`: the same for a document mention's uncertain neighbour, under a purpose of
  its own (never equal to a `person_tag`), and random for none;
- `seal_ids` / `open_ids`: a list of ids encrypted (a random nonce: equal lists give different
  blobs), bound to what they are (`context`), for what must be read back (a mention's person,
  its evidence, a correction's sides).
"""

from __future__ import annotations

import json
import secrets
import threading
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from objector.vault import crypto
from objector.vault.keys import NotReady, VaultSealed, data_key_new, sealed_open
from objector.vault.sealed import SealedKeyMixin

TAG_PURPOSE = "persons.person_tag"
NEAR_PURPOSE = "persons.near_tag"


class Keyring(SealedKeyMixin, models.Model):
    """The registry's data key, sealed to the organisation's public key: one row, made at the
    first use (sealing needs no secret, so even while sealed)."""

    sealed_key = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)

    sealed_noun = "registry keyring"

    def __str__(self) -> str:
        return "registry keyring"


_lock = threading.Lock()
_key: bytes | None = None


def registry_key() -> bytes:
    """The registry's key, opened once per process while unlocked (VaultSealed while sealed)."""
    global _key
    with _lock:
        if _key is None:
            row = Keyring.objects.filter(pk=1).first() or _made()
            sealed_open([row])
            _key = row.key
        return _key


def _made() -> Keyring:
    _, sealed = data_key_new()  # the plain key is not kept: it is opened as any other
    try:
        with transaction.atomic():
            return Keyring.objects.create(pk=1, sealed_key=sealed)
    except IntegrityError:  # another process made it first: theirs is the one
        return Keyring.objects.get(pk=1)


def unlocked() -> bool:
    """Whether the registry's key can be had now (not while sealed, nor before the
    organisation is set up: nothing can have been linked then)."""
    try:
        registry_key()
    except (VaultSealed, NotReady):
        return False
    return True


def forget() -> None:
    """Drop the key from this process (the seal: vault.plaintext.drop sends `sealed`)."""
    global _key
    with _lock:
        _key = None


def person_tag(pk: int) -> str:
    """A keyed hash of a person's id (32 hex digits). VaultSealed while sealed."""
    return crypto.blind_index(registry_key(), str(int(pk)), purpose=TAG_PURPOSE)


def near_tag(pk: int | None) -> str:
    """A keyed hash of an uncertain neighbour's person id (32 hex digits), equal only among the
    mentions near one person; for none, 32 random hex digits, so that a copy of the disk does
    not say which document mentions have a neighbour. VaultSealed while sealed."""
    if not pk:
        return secrets.token_hex(16)
    return crypto.blind_index(registry_key(), str(int(pk)), purpose=NEAR_PURPOSE)


# Every sealed value is padded to a bucket, so that a blob's length does not say what it
# holds: at least FLOOR bytes (a list of ids: IDS_FLOOR), doubled until it fits. An order's
# mention linked to a known person sealed longer evidence than one linked to none: the copy
# told how many of its names were known (red team, round 10, finding 3), and a request's
# told it linked to some mention (finding 6). A mention's evidence of two links fits FLOOR.
FLOOR = 512
IDS_FLOOR = 64  # a few ids of 20 digits at most


def padded(text: str, floor: int = FLOOR) -> str:
    """`text` (JSON) with spaces after it, to `floor` bytes or the next power of two above;
    json.loads reads it as before."""
    size, length = floor, len(text.encode())
    while size < length:
        size *= 2
    return text + " " * (size - length)


def seal_ids(ids: list[int], *, context: str) -> bytes:
    return seal_json([int(i) for i in ids], context=context, floor=IDS_FLOOR)


def seal_json(value: Any, *, context: str, floor: int = FLOOR) -> bytes:
    """Any JSON value (a mention's evidence, a correction's sides), sealed as `seal_ids`,
    padded (`padded`)."""
    return crypto.encrypt(registry_key(), padded(json.dumps(value), floor), context=context)


def open_json(blob: bytes | memoryview, *, context: str) -> Any:
    """VaultSealed while sealed; crypto.VaultError for a blob moved from another context."""
    return json.loads(crypto.decrypt(registry_key(), bytes(blob), context=context))


def open_ids(blob: bytes | memoryview, *, context: str) -> list[int]:
    """VaultSealed while sealed; crypto.VaultError for a blob moved from another context."""
    return [
        int(i) for i in json.loads(crypto.decrypt(registry_key(), bytes(blob), context=context))
    ]
