"""The keyed audit chain against someone who can write to the database but cannot ask the
key-holder for its audit key: every kind of tampering, as hypothesis chooses, leaves a log that
`verify` does not call whole. They recompute what they can: SHA-256 chains, HMACs under keys of
their own, the head row."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from objector.vault.audit import _message, audit_record, audit_whole, chain_verify, head
from objector.vault.models import AuditEntry, AuditHead
from tests.conftest import vault_socket_forget

pytestmark = pytest.mark.django_db

KINDS = [
    "edit",  # an entry's content changed, its hash left
    "edit_recomputed",  # changed, and the chain after it recomputed (SHA-256, keyed=False)
    "edit_forged_mac",  # changed, with an HMAC under a key the attacker made up
    "delete_renumbered",  # an entry removed, the later ones renumbered, the chain recomputed
    "truncate_rewind",  # the tail removed and the head rewound
    "forged_append",  # a new entry at the end, chained to the real head
    "reorder",  # two entries swapped
]


def _build(n: int, staff) -> None:
    AuditEntry.objects.all().delete()
    AuditHead.objects.update_or_create(pk=1, defaults={"seq": 0, "hash": "0" * 64})
    vault_socket_forget()
    for i in range(n):
        audit_record(actor=staff, action="view", object_type="request", object_id=i + 1)


def _rechain(start_seq: int, *, key: bytes | None = None) -> None:
    """What the attacker can do: recompute every hash from `start_seq` on, and the head."""
    prev = AuditEntry.objects.filter(seq=start_seq - 1).values_list("hash", flat=True).first()
    prev = prev or "0" * 64
    for entry in AuditEntry.objects.filter(seq__gte=start_seq).order_by("seq"):
        entry.prev_hash = prev
        message = _message(entry).encode()
        if key is None:
            entry.hash, entry.keyed = hashlib.sha256(message).hexdigest(), False
        else:
            entry.hash = hmac.new(key, message, hashlib.sha256).hexdigest()
        entry.save()
        prev = entry.hash
    last = AuditEntry.objects.order_by("-seq").first()
    AuditHead.objects.filter(pk=1).update(seq=last.seq if last else 0, hash=prev)


def _tamper(kind: str, at: int, n: int) -> None:
    if kind == "edit":
        AuditEntry.objects.filter(seq=at).update(action="shred")
    elif kind == "edit_recomputed":
        AuditEntry.objects.filter(seq=at).update(action="shred")
        _rechain(at)
    elif kind == "edit_forged_mac":
        AuditEntry.objects.filter(seq=at).update(action="shred")
        _rechain(at, key=b"the attacker's own key".ljust(32, b"!"))
    elif kind == "delete_renumbered":
        AuditEntry.objects.filter(seq=at).delete()
        for entry in AuditEntry.objects.filter(seq__gt=at).order_by("seq"):
            AuditEntry.objects.filter(pk=entry.pk).update(seq=entry.seq - 1)
        _rechain(at)
    elif kind == "truncate_rewind":
        AuditEntry.objects.filter(seq__gte=at).delete()
        last = AuditEntry.objects.order_by("-seq").first()
        AuditHead.objects.filter(pk=1).update(
            seq=last.seq if last else 0, hash=last.hash if last else "0" * 64
        )
    elif kind == "forged_append":
        last = AuditEntry.objects.order_by("-seq").first()
        forged = AuditEntry.objects.create(
            seq=n + 1,
            at=last.at,
            actor=None,
            actor_name="requester",
            action="view",
            object_type="request",
            object_id="1",
            prev_hash=last.hash,
            hash="",
            keyed=True,
        )
        forged.hash = hmac.new(b"k" * 32, _message(forged).encode(), hashlib.sha256).hexdigest()
        forged.save()
        AuditHead.objects.filter(pk=1).update(seq=forged.seq, hash=forged.hash)
    elif kind == "reorder":
        other = at + 1 if at < n else at - 1
        AuditEntry.objects.filter(seq=at).update(seq=-1)
        AuditEntry.objects.filter(seq=other).update(seq=at)
        AuditEntry.objects.filter(seq=-1).update(seq=other)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    kind=st.sampled_from(KINDS),
    n=st.integers(min_value=2, max_value=8),
    data=st.data(),
    anchored=st.booleans(),
)
def test_no_tampering_leaves_a_log_called_whole(admin, kind, n, data, anchored) -> None:
    _build(n, admin)
    exported = head()  # exported before the tampering (or not: the key-holder alone)
    assert audit_whole(exported_head=exported)
    at = data.draw(st.integers(min_value=1, max_value=n), label="at")
    _tamper(kind, at, n)
    assert not audit_whole(exported_head=exported if anchored else None), kind
    if kind != "truncate_rewind":
        # Whatever was rewritten shows as a break, or as entries that prove nothing.
        assert chain_verify(exported_head=exported) or not audit_whole()


def test_a_forged_append_fails_even_against_an_exported_head(admin) -> None:
    _build(4, admin)
    exported = head()
    _tamper("forged_append", 4, 4)
    problems = chain_verify(exported_head=exported)
    assert [p.seq for p in problems] == [5] and "edited" in problems[0].what
