"""The audit log: an append-only hash chain of who saw or changed which object, and when.

`audit_record` appends inside the caller's transaction, so a change and its entry commit
together. `chain_verify` recomputes every hash. A deleted, edited or reordered entry breaks it;
a truncated tail is caught against a head (`seq:hash`) exported earlier with
`objector audit head` to somewhere the server cannot rewrite.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from django.db import transaction
from django.utils import timezone

from objector.accounts.models import Staff

from .models import AuditEntry, AuditHead

GENESIS = "0" * 64


class AuditAction(StrEnum):
    """Every action the audit log records, named once (as Zulip's AuditLogEventType): one event
    cannot be logged under two names. Stored as its value; the old string names stay valid."""

    VIEW = "view"
    DOWNLOAD = "download"
    ASSIGN = "assign"
    STATUS = "status"
    EVENT = "event"
    NOTE = "note"
    MESSAGE = "message"
    DEADLINE = "deadline"
    DEADLINE_DONE = "deadline_done"
    SHRED = "shred"
    SHRED_EXPIRED = "shred_expired"
    REQUESTER_ERASE = "requester_erase"
    ERASED_BY_REQUESTER = "erased_by_requester"  # older name of requester_erase, kept readable
    CORRECT_PERSON = "correct_person"
    SIGN_IN = "sign_in"
    SECOND_FACTOR = "second_factor"
    PASSWORD_CHANGE = "password_change"  # noqa: S105 -- an event's name, not a secret
    STAFF_CREATE = "staff_create"
    STAFF_DEACTIVATE = "staff_deactivate"
    STAFF_REACTIVATE = "staff_reactivate"
    STAFF_PASSWORD_RESET = "staff_password_reset"  # noqa: S105 -- an event's name, not a secret
    STAFF_SECOND_FACTOR_RESET = "staff_second_factor_reset"
    UNLOCK = "unlock"
    UNLOCK_REFUSED = "unlock_refused"
    UNLOCK_GRANT = "unlock_grant"
    UNLOCK_REVOKE = "unlock_revoke"
    PASSPHRASE_SET = "passphrase_set"  # noqa: S105 -- an event's name, not a secret
    SEAL = "seal"


def _digest(entry: AuditEntry) -> str:
    parts = [
        entry.prev_hash,
        str(entry.seq),
        entry.at.isoformat(),
        str(entry.actor_id or ""),
        entry.actor_name,
        entry.action,
        entry.object_type,
        entry.object_id,
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def audit_record(
    *, actor: Staff | None, action: AuditAction | str, object_type: str, object_id: object
) -> None:
    with transaction.atomic():
        head = AuditHead.objects.select_for_update().filter(pk=1).first()
        if head is None:  # made by the migration; only a wiped table lacks it
            head = AuditHead.objects.create(pk=1)
        entry = AuditEntry(
            seq=head.seq + 1,
            at=timezone.now(),
            actor=actor,
            actor_name=actor.username if actor is not None else "requester",
            action=str(action),
            object_type=object_type,
            object_id=str(object_id),
            prev_hash=head.hash,
        )
        entry.hash = _digest(entry)
        entry.save()
        head.seq, head.hash = entry.seq, entry.hash
        head.save(update_fields=["seq", "hash"])


def head() -> str:
    """`seq:hash` of the last entry: export it regularly to where the server cannot write."""
    last = AuditHead.objects.filter(pk=1).first()
    return f"{last.seq}:{last.hash}" if last else f"0:{GENESIS}"


@dataclass(frozen=True)
class Problem:
    seq: int
    what: str
    what_ru: str


def chain_verify(*, exported_head: str | None = None) -> list[Problem]:
    """Every break in the chain, oldest first; an empty list when it is whole."""
    problems: list[Problem] = []
    expected_seq, prev = 1, GENESIS
    hashes: dict[int, str] = {}
    for entry in _entries():
        if entry.seq != expected_seq:
            problems.append(
                Problem(
                    expected_seq,
                    f"entries {expected_seq}–{entry.seq - 1} missing",
                    f"записи {expected_seq}–{entry.seq - 1} отсутствуют",
                )
            )
        if entry.prev_hash != prev:
            problems.append(
                Problem(
                    entry.seq,
                    "does not follow the entry before it",
                    "не продолжает предыдущую запись",
                )
            )
        if _digest(entry) != entry.hash:
            problems.append(
                Problem(
                    entry.seq,
                    "was edited: its hash does not match its content",
                    "изменена: хеш не соответствует содержимому",
                )
            )
        hashes[entry.seq] = entry.hash
        expected_seq, prev = entry.seq + 1, entry.hash
    last = expected_seq - 1
    current = AuditHead.objects.filter(pk=1).first()
    if current is not None and (current.seq, current.hash) != (last, prev):
        problems.append(
            Problem(
                last,
                f"the head says {current.seq}, the chain ends at {last}",
                f"голова указывает на {current.seq}, цепочка кончается на {last}",
            )
        )
    if exported_head:
        seq_text, _, digest = exported_head.partition(":")
        seq = int(seq_text)
        if seq > last:
            problems.append(
                Problem(
                    last,
                    f"truncated: the exported head is at {seq}",
                    f"журнал укорочен: выгруженная голова на {seq}",
                )
            )
        elif seq and hashes.get(seq) != digest:
            problems.append(
                Problem(seq, "differs from the exported head", "не совпадает с выгруженной головой")
            )
    return problems


def _entries() -> Iterator[AuditEntry]:
    return AuditEntry.objects.order_by("seq").iterator(chunk_size=2000)
