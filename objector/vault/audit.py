"""The audit log: an append-only chain of who saw or changed which object, and when.

Each entry's `hash` is an HMAC-SHA256, under the audit key, of its content and the hash of the
entry before it. The audit key is derived from the organisation's private key and held only by
the key-holder (keyholder.py): it is computed at the first unlock and kept across a seal (it
authenticates, it opens nothing), so entries written while sealed are keyed too. Anyone who can
write to the database but cannot ask the key-holder cannot recompute the chain: an edited entry
with the rest recomputed, a deletion with renumbering, a forged append all fail `verify`.

An entry written while the key-holder had no audit key (after a restart, before the first
unlock) is kept with a plain SHA-256 and `keyed=False`; `verify` lists them as unverifiable.

Truncation (removing the tail and rewinding the head) leaves a shorter chain that is whole; it is
caught against an anchor kept outside the database: the head the key-holder saw last (in its
memory, lost on restart), a head exported with `objector audit head`, or the anchor file the
hourly task appends to (OBJECTOR_AUDIT_ANCHOR_FILE). Without one, `verify` says it cannot
verify the end of the log rather than calling it whole.

The object of an entry about a request, a document, a draft or a person (`KEYED`) is not stored
in the clear (round 10's red team, finding 5: "view document D" then "view person P" by one
actor seconds apart told a copy of the disk which request an order names). Its id is sealed
under a data key of its own, sealed to the organisation's public key (so even while sealed, as
an upload or a refused access is), and the MAC covers the sealed id's digest in the id's place.

`object_tag` finds an object's entries while unlocked, and is **the entry's own**: a keyed hash
of the entry's `seq` under the object's key (`_object_keys`: a blind index, under the
key-holder's index key, of the object's kind, the entry's action and the object's id, computed
by the key-holder and never stored). No two entries share a tag, so an entry named by a clear
row written at its moment (a case's note and its `cases.Entry`, the case page's view a moment
after it, an upload and its `Document` row) names that entry alone, not the object's other
entries (round 12: with round 11's one tag per object and action, the view after a note
named the tag of every view of the case, and so every "view document D, then view request R").
`entries_of` asks the key-holder for the object's key of each action and computes each
entry's tag in the worker (one keyed hash an entry). While sealed the tag is left empty and
filled by `tags_fill` (hourly) at the next unlock. Entries written before round 11 keep their
clear ids (their MACs cover them, and the key-holder signs forward only): they are found by
their clear id, and are given no tag, which would tie a later entry's tag to an id.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from objector.accounts.models import Staff

from . import crypto, keyholder, tagging
from .keys import NotReady, VaultSealed, blind_indexes, data_key_new, data_keys_open
from .models import AuditEntry, AuditHead

GENESIS = "0" * 64

# The object types whose ids tie persons, documents and requests together, and the kind each is
# tagged as: a request (case page views and every change of a case, refusals, consent), a
# document (views, downloads, uploads, a lawyer's correction of its persons, refusals), a draft
# (its case is clear on its row), a person (views, merges and splits, both sides, refusals).
# The others (staff, the vault, a statistics release, the key-holder's log, the registry's
# relink count) stay clear.
KEYED = {
    "request": "request",
    "document": "document",
    "draft": "draft",
    "person": "person",
    "person_merged_in": "person",
    "person_split_off": "person",
    "person_merge": "person",  # access_refused: the person whose hidden mention refused it
    "person_split": "person",
}
# Since round 12 (tags per entry); round 11's "vault.audit_object" made one tag per object and
# action, stored: a purpose of its own, so that no tag a copy seized before holds is an
# object's key now.
TAG_PURPOSE = "vault.audit_entry"


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
    SHRED_RESTORED = "shred_restored"  # shredded again after a restore (service.storage)
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
    DRAFT_CREATE = "draft_create"
    DRAFT_VIEW = "draft_view"
    DRAFT_DOWNLOAD = "draft_download"
    CONSENT_RECORD = "consent_record"
    KEYHOLDER_LOG = "keyholder_log"  # a part of the key-holder's own log, folded in hourly
    PERSON_MERGE = "person_merge"  # objector.persons: a lawyer made two persons one
    PERSON_SPLIT = "person_split"  # objector.persons: a lawyer moved mentions to a new person
    PERSONS_RELINK = "persons_relink"  # objector.persons: every mention linked afresh
    # objector.persons: a person whose mentions no longer link (a mention they linked through
    # deleted: a shredding, a document read again) split by the service; one entry a new person
    PERSONS_SPLIT_UNLINKED = "persons_split_unlinked"
    # Refused access to a record (object_type names it: request, document, person), or a merge
    # or split refused for a mention in a case the corrector cannot see (person_merge,
    # person_split: the person whose hidden mention refused it).
    ACCESS_REFUSED = "access_refused"
    # A shell command given a grant to open sealed data (object: the command), by the staff
    # member whose unlock passphrase was typed; or refused one (a wrong passphrase, an account
    # that may not unlock; the actor is then the account named, if any).
    OPERATOR_GRANT = "operator_grant"
    OPERATOR_REFUSED = "operator_refused"
    BACKUP = "backup"  # `objector backup` (object: the file's name)
    RESTORE = "restore"  # `objector restore`, written into the restored database


def _message(entry: AuditEntry) -> str:
    parts = [
        entry.prev_hash,
        str(entry.seq),
        entry.at.isoformat(),
        str(entry.actor_id or ""),
        entry.actor_name,
        entry.action,
        entry.object_type,
        _object_field(entry),
    ]
    return "\x1f".join(parts)


def _object_field(entry: AuditEntry) -> str:
    """The object as the MAC covers it: the clear id, or the digest of the sealed id."""
    if entry.object_key is None:
        return entry.object_id
    sealed = bytes(entry.object_key) + b"\x00" + bytes(entry.object_box or b"")
    return "sealed:" + hashlib.sha256(sealed).hexdigest()


def _context(object_type: str) -> str:
    return f"vault.audit_object:{object_type}"


def _object_keys(items: list[tuple[str, str, str]]) -> list[str]:
    """The keys of (kind, action, id): blind indexes from the key-holder, never stored;
    VaultSealed while sealed."""
    return blind_indexes([(TAG_PURPOSE, f"{kind}\x1f{a}\x1f{pk}") for kind, a, pk in items])


def entry_tag(key: str, seq: int) -> str:
    """The tag of the entry `seq` under its object's key: equal to no other entry's."""
    return hashlib.blake2b(b"%d" % seq, key=key.encode(), digest_size=16).hexdigest()


def object_key(object_type: str, action: str, object_id: object) -> str:
    """The key of an object's entries of one action. VaultSealed while sealed."""
    return _object_keys([(KEYED[object_type], str(action), str(object_id))])[0]


def _sealed(object_type: str, action: str, object_id: str) -> tuple[bytes, bytes, str] | None:
    """The id sealed (its sealed key, its box) and its object's key ("" while sealed); None
    before the organisation is set up (no key exists to seal to, nor any personal data)."""
    try:
        key, sealed_key = data_key_new()
    except NotReady:
        return None
    box = crypto.encrypt(key, object_id, context=_context(object_type))
    try:
        tag_key = object_key(object_type, action, object_id)
    except VaultSealed:
        tag_key = ""  # audit.tags_fill, at the next unlock
    return sealed_key, box, tag_key


def _plain(message: str) -> str:
    return hashlib.sha256(message.encode()).hexdigest()


def _macs(messages: list[str]) -> list[str] | None:
    """The audit key's HMACs of these messages, from the key-holder; None without the key."""
    try:
        answer = keyholder.ask(settings.VAULT_SOCKET, {"op": "audit_mac", "messages": messages})
    except keyholder.KeyHolderError:
        return None
    return [str(m) for m in answer["macs"]]


def _checks(items: list[tuple[str, str]]) -> list[bool] | None:
    """Whether each (message, hash) carries the audit key's HMAC, asked of the key-holder (which
    signs forward only, so it never gives out the MAC of an old entry); None without the key."""
    try:
        answer = keyholder.ask(
            settings.VAULT_SOCKET, {"op": "audit_check", "items": [list(i) for i in items]}
        )
    except keyholder.KeyHolderError:
        return None
    return [bool(ok) for ok in answer["ok"]]


def _seen(seq: int, digest: str) -> None:
    # Unreachable: no anchor in memory this time; the exported heads remain.
    with contextlib.suppress(keyholder.KeyHolderError):
        keyholder.ask(settings.VAULT_SOCKET, {"op": "audit_seen", "seq": seq, "hash": digest})


def audit_record(
    *,
    actor: Staff | None,
    action: AuditAction | str,
    object_type: str,
    object_id: object,
    actor_name: str = "requester",
) -> None:
    """Append one entry. `actor_name` names an actor who is not staff (a requester, by default;
    "system" for the service's own jobs). The object of a `KEYED` type is stored sealed."""
    clear = str(object_id)
    sealed = _sealed(object_type, str(action), clear) if object_type in KEYED else None
    with transaction.atomic():
        head = AuditHead.objects.select_for_update().filter(pk=1).first()
        if head is None:  # made by the migration; only a wiped table lacks it
            head = AuditHead.objects.create(pk=1)
        entry = AuditEntry(
            seq=head.seq + 1,
            at=timezone.now(),
            actor=actor,
            actor_name=actor.username if actor is not None else actor_name,
            action=str(action),
            object_type=object_type,
            object_id=clear if sealed is None else "",
            prev_hash=head.hash,
        )
        if sealed is not None:
            entry.object_key, entry.object_box, tag_key = sealed
            entry.object_tag = entry_tag(tag_key, entry.seq) if tag_key else ""
        message = _message(entry)
        macs = _macs([message])
        entry.keyed = macs is not None
        entry.hash = macs[0] if macs is not None else _plain(message)
        entry.save()
        head.seq, head.hash = entry.seq, entry.hash
        head.save(update_fields=["seq", "hash"])
        if entry.keyed:
            # The key-holder remembers the newest committed head: an anchor outside the database.
            seq, digest = entry.seq, entry.hash
            transaction.on_commit(lambda: _seen(seq, digest))


def head() -> str:
    """`seq:hash` of the last entry: export it regularly to where the server cannot write."""
    last = AuditHead.objects.filter(pk=1).first()
    return f"{last.seq}:{last.hash}" if last else f"0:{GENESIS}"


@dataclass(frozen=True, order=True)
class Problem:
    seq: int
    what: str
    what_ru: str


def chain_verify(*, exported_head: str | None = None) -> list[Problem]:
    """Every break in the chain, oldest first; an empty list when none is found. What could
    not be checked is in `verify_limits`."""
    problems: list[Problem] = []
    expected_seq, prev = 1, GENESIS
    hashes: dict[int, str] = {}
    keyed: list[tuple[int, str, str]] = []
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
        message = _message(entry)
        if entry.keyed:
            keyed.append((entry.seq, message, entry.hash))
        elif _plain(message) != entry.hash:
            problems.append(_edited(entry.seq))
        hashes[entry.seq] = entry.hash
        expected_seq, prev = entry.seq + 1, entry.hash
    for start in range(0, len(keyed), 500):
        batch = keyed[start : start + 500]
        checks = _checks([(m, h) for _, m, h in batch])
        if checks is None:
            break  # reported by verify_limits
        problems += [_edited(seq) for (seq, _, _), ok in zip(batch, checks, strict=True) if not ok]
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
    for anchor in _anchors(exported_head):
        seq_text, _, digest = anchor.partition(":")
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
    return sorted(set(problems), key=lambda p: (p.seq, p.what))


def _edited(seq: int) -> Problem:
    return Problem(
        seq,
        "was edited: its hash does not match its content",
        "изменена: хеш не соответствует содержимому",
    )


def _anchors(exported_head: str | None) -> list[str]:
    """Heads known outside the database: given, remembered by the key-holder, in the file."""
    anchors = [exported_head] if exported_head else []
    try:
        remembered = keyholder.ask(settings.VAULT_SOCKET, {"op": "audit_head"})
    except keyholder.KeyHolderError:
        remembered = {}
    if remembered.get("seq"):
        anchors.append(f"{remembered['seq']}:{remembered['hash']}")
    anchor_file = settings.AUDIT_ANCHOR_FILE
    if anchor_file and Path(anchor_file).exists():
        lines = Path(anchor_file).read_text(encoding="utf-8").split()
        if lines:
            anchors.append(lines[-1].rpartition(" ")[2])
    return anchors


def verify_limits(*, exported_head: str | None = None) -> list[tuple[str, str]]:
    """Why `verify` cannot call the log whole, in English and Russian; empty when it can."""
    limits = []
    if AuditEntry.objects.filter(keyed=True).exists() and _checks([]) is None:
        limits.append(
            (
                "the audit key is not available (unlock the vault once since the key-holder "
                "started): the HMACs were not checked",
                "ключ аудита недоступен (разблокируйте хранилище): HMAC не проверены",
            )
        )
    unkeyed = AuditEntry.objects.filter(keyed=False).count()
    if unkeyed:
        limits.append(
            (
                f"{unkeyed} entries were written without the audit key (before the first unlock "
                "after a restart, or before issue #13): anyone who can write to the database "
                "could have rewritten them",
                f"{unkeyed} записей сделаны без ключа аудита: их мог переписать любой, "
                "у кого есть доступ к базе",
            )
        )
    if not _anchors(exported_head):
        limits.append(
            (
                "no anchor outside the database (--head, the key-holder's memory or "
                "OBJECTOR_AUDIT_ANCHOR_FILE): a truncated end would not show",
                "нет внешней опоры (--head, память хранителя ключа или "
                "OBJECTOR_AUDIT_ANCHOR_FILE): укороченный конец журнала не виден",
            )
        )
    return limits


def audit_whole(*, exported_head: str | None = None) -> bool:
    """Whether the log is proven whole: no break found, and nothing left unchecked."""
    return not chain_verify(exported_head=exported_head) and not verify_limits(
        exported_head=exported_head
    )


def anchor_append() -> str | None:
    """Append `time seq:hash` to OBJECTOR_AUDIT_ANCHOR_FILE (hourly): point it at storage this
    server cannot rewrite (another machine's mount, an append-only file)."""
    anchor_file = settings.AUDIT_ANCHOR_FILE
    if not anchor_file:
        return None
    line = f"{timezone.now().isoformat()} {head()}\n"
    with Path(anchor_file).open("a", encoding="utf-8") as f:
        f.write(line)
    return line.strip()


def _entries() -> Iterator[AuditEntry]:
    return AuditEntry.objects.order_by("seq").iterator(chunk_size=2000)


def keyholder_log_fold() -> str | None:
    """Fold the new part of the key-holder's own log (keyholder.py: one line an operation) into
    this chain: one entry naming where the part ends and its SHA-256, so that a later edit of
    the log shows against the keyed chain. Hourly; the part's end and hash, or None."""
    log = Path(settings.VAULT_SOCKET).with_name(keyholder.AUDIT_LOG)
    last = (
        AuditEntry.objects.filter(action=AuditAction.KEYHOLDER_LOG)
        .order_by("-seq")
        .values_list("object_id", flat=True)
        .first()
    )
    start = int(last.partition(":")[0]) if last else 0
    try:
        with log.open("rb") as f:
            if f.seek(0, 2) < start:  # a new log (the old one removed): fold it from its start
                start = 0
            f.seek(start)
            part = f.read()
    except FileNotFoundError:
        return None
    part = part[: part.rfind(b"\n") + 1]  # whole lines only: the key-holder may be writing
    if not part:
        return None
    folded = f"{start + len(part)}:{hashlib.sha256(part).hexdigest()[:48]}"
    audit_record(
        actor=None,
        action=AuditAction.KEYHOLDER_LOG,
        object_type="keyholder_log",
        object_id=folded,
        actor_name="system",
    )
    return folded


def objects_open(entries: list[AuditEntry]) -> dict[int, str]:
    """Each entry's object id by its `seq`, opened where sealed (their keys in one round trip
    to the key-holder). VaultSealed while sealed, if any is sealed."""
    found = {e.seq: e.object_id for e in entries if e.object_key is None}
    todo = [e for e in entries if e.object_key is not None]
    sealed = [bytes(e.object_key) for e in todo if e.object_key is not None]
    try:
        keys: list[bytes | None] = list(data_keys_open(sealed))
    except crypto.VaultError:  # one sealed to another organisation (a restore): open each alone
        keys = []
        for one in sealed:
            try:
                keys += data_keys_open([one])
            except crypto.VaultError:
                keys.append(None)
    for entry, key in zip(todo, keys, strict=True):
        if key is None:
            found[entry.seq] = "?"
            continue
        box = bytes(entry.object_box or b"")
        try:
            found[entry.seq] = crypto.decrypt(key, box, context=_context(entry.object_type))
        except crypto.VaultError:  # edited: `verify` reports it; a page still shows the rest
            found[entry.seq] = "?"
    return found


def entries_of(object_type: str, object_id: object) -> list[AuditEntry]:
    """The entries about this object, oldest first: for a `KEYED` type, found by their tags
    (each entry's own, computed here from the object's key of its action and its `seq`; and,
    before round 11, by its clear id), each checked against its sealed id, so a tag moved onto
    another entry (the tag is an index; the MAC covers the sealed id) finds nothing. Tags of
    entries written while sealed are filled first. VaultSealed while sealed."""
    if object_type not in KEYED:
        found = AuditEntry.objects.filter(object_type=object_type, object_id=str(object_id))
        return list(found.order_by("seq"))
    tags_fill()
    kind, pk = KEYED[object_type], str(object_id)
    types = [t for t, k in KEYED.items() if k == kind]
    of_kind = AuditEntry.objects.filter(object_type__in=types)
    sealed = of_kind.filter(object_key__isnull=False).exclude(object_tag="")
    actions = sorted(set(sealed.values_list("action", flat=True).distinct()))
    keys = dict(zip(actions, _object_keys([(kind, a, pk) for a in actions]), strict=True))
    rows = sealed.values_list("seq", "action", "object_tag").order_by("seq")
    seqs = [
        seq
        for seq, action, tag in rows.iterator(chunk_size=5000)
        if action in keys and tag == entry_tag(keys[action], seq)  # (an action new since: none)
    ]
    candidates = list(of_kind.filter(object_key__isnull=True, object_id=pk))
    for start in range(0, len(seqs), 500):
        candidates += of_kind.filter(seq__in=seqs[start : start + 500])
    candidates.sort(key=lambda e: e.seq)
    opened = objects_open(candidates)
    return [e for e in candidates if opened[e.seq] == pk]


def tags_fill(batch: int = 500) -> int:
    """Tag the sealed entries written while sealed (hourly, and before a lookup), and those
    whose tags migration vault 0009 forgot: how many were tagged; 0 while sealed."""

    def tags(todo: list[AuditEntry]) -> list[str]:
        opened = objects_open(todo)
        keys = _object_keys(
            [(KEYED.get(e.object_type, e.object_type), e.action, opened[e.seq]) for e in todo]
        )
        return [entry_tag(key, e.seq) for e, key in zip(todo, keys, strict=True)]

    untagged = AuditEntry.objects.filter(object_key__isnull=False, object_tag="").order_by("seq")
    # sealed, or a key not this organisation's: the rest wait
    return tagging.tags_fill(
        untagged, "object_tag", tags, batch=batch, waits=(VaultSealed, crypto.VaultError)
    )
