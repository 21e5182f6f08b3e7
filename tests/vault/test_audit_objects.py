"""The audit chain's objects that tie persons, documents and requests together are kept sealed
with a keyed tag (round 10's red team, finding 5): a copy of the disk sees neither the id nor
which entries of different kinds are about one object; while unlocked, staff still read each
entry's object and find an object's entries, and `verify` still proves the chain and catches
edits of the sealed ids."""

from __future__ import annotations

import pytest

from objector.vault.audit import (
    KEYED,
    audit_record,
    chain_verify,
    entries_of,
    objects_open,
    tags_fill,
)
from objector.vault.models import AuditEntry
from tests.conftest import PASSPHRASE, vault_close

pytestmark = pytest.mark.django_db(transaction=True)  # on_commit: the key-holder sees heads


def _record(staff, object_type: str, object_id: object, action: str = "view") -> AuditEntry:
    audit_record(actor=staff, action=action, object_type=object_type, object_id=object_id)
    return AuditEntry.objects.order_by("-seq").first()


@pytest.mark.parametrize("object_type", sorted(KEYED))
def test_an_entry_of_each_keyed_type_keeps_its_object_sealed(admin, object_type) -> None:
    entry = _record(admin, object_type, 4321)
    assert entry.object_id == ""
    assert b"4321" not in bytes(entry.object_key) + bytes(entry.object_box)
    assert len(entry.object_tag) == 32
    assert objects_open([entry]) == {entry.seq: "4321"}
    assert [e.seq for e in entries_of(object_type, 4321)] == [entry.seq]
    assert entries_of(object_type, 4322) == []
    assert chain_verify() == []


@pytest.mark.parametrize("object_type", ["staff", "vault", "release", "persons"])
def test_an_entry_about_no_one_keeps_its_object_clear(admin, object_type) -> None:
    entry = _record(admin, object_type, 7)
    assert (entry.object_id, entry.object_tag, entry.object_key) == ("7", "", None)
    assert [e.seq for e in entries_of(object_type, 7)] == [entry.seq]


def test_no_two_entries_share_a_tag_not_even_one_objects_views(admin) -> None:
    """Round 12: a person viewed twice has two tags (round 11 gave one object's entries of one
    action one tag, so a view named by a clear row written at its moment named every view of
    the object); merged into, split off, a request, a document of the same number: other tags,
    none equal to the registry's person tag nor to an object's key (the blind index the
    key-holder computes, never stored). A lookup finds them all."""
    from objector.persons.keyring import person_tag
    from objector.vault.audit import object_key

    viewed = _record(admin, "person", 5)
    again = _record(admin, "person", 5)
    merged = _record(admin, "person_merged_in", 5, "person_merge")
    split = _record(admin, "person_split_off", 5, "person_split")
    request = _record(admin, "request", 5)
    document = _record(admin, "document", 5)
    entries = [viewed, again, merged, split, request, document]
    tags = {e.object_tag for e in entries}
    assert len(tags) == len(entries) and all(len(t) == 32 for t in tags)
    keys = {object_key(e.object_type, e.action, 5) for e in entries}
    assert not tags & (keys | {person_tag(5)})
    # Sealed apart: equal ids give unequal blobs.
    assert bytes(viewed.object_box) != bytes(again.object_box)
    found = entries_of("person", 5)
    assert [e.seq for e in found] == [viewed.seq, again.seq, merged.seq, split.seq]
    assert [e.seq for e in entries_of("request", 5)] == [request.seq]


def test_tags_written_while_unlocked_and_filled_after_a_seal_are_alike(admin) -> None:
    """An entry tagged at once and one tagged by `tags_fill` at the next unlock: both found,
    neither equal to the other."""
    from objector.vault.actions import vault_unlock

    first = _record(admin, "request", 77, "note")
    vault_close()
    audit_record(actor=None, action="note", object_type="request", object_id=77)
    second = AuditEntry.objects.order_by("-seq").first()
    assert second.object_tag == ""
    vault_unlock(staff=admin, passphrase=PASSPHRASE)
    assert [e.seq for e in entries_of("request", 77)] == [first.seq, second.seq]
    second.refresh_from_db()
    assert len(second.object_tag) == 32 and second.object_tag != first.object_tag
    assert chain_verify() == []


def test_an_entry_written_while_sealed_is_tagged_at_the_next_unlock(
    admin, lawyer, client_for
) -> None:
    """A refused access (or an upload, a case's change) is written while sealed: its object is
    sealed to the organisation's public key, which needs no secret; its tag waits for the key."""
    from objector.vault.actions import vault_unlock

    vault_close()
    assert client_for(lawyer).get("/staff/documents/987654").status_code == 404
    entry = AuditEntry.objects.get(action="access_refused")
    assert entry.object_type == "document"
    assert (entry.object_id, entry.object_tag) == ("", "")
    assert entry.object_key is not None and entry.keyed  # the audit key outlives the seal
    assert tags_fill() == 0  # nothing to tag with while sealed
    assert chain_verify() == []
    vault_unlock(staff=admin, passphrase=PASSPHRASE)
    assert tags_fill() >= 1
    entry.refresh_from_db()
    assert len(entry.object_tag) == 32
    assert entry.seq in [e.seq for e in entries_of("document", 987654)]
    assert chain_verify() == []  # the tag is an index: the MAC covers the sealed id


def test_verify_catches_a_sealed_id_swapped_cleared_or_made_clear(admin) -> None:
    first, second = _record(admin, "person", 11), _record(admin, "person", 12)
    assert chain_verify() == []
    boxes = {e.seq: (bytes(e.object_key), bytes(e.object_box)) for e in (first, second)}
    # Swapped: each entry now opens to the other's person.
    AuditEntry.objects.filter(seq=first.seq).update(
        object_key=boxes[second.seq][0], object_box=boxes[second.seq][1]
    )
    AuditEntry.objects.filter(seq=second.seq).update(
        object_key=boxes[first.seq][0], object_box=boxes[first.seq][1]
    )
    assert {p.seq for p in chain_verify()} == {first.seq, second.seq}
    # Put back, then the sealed id replaced by a clear one.
    for seq, (key, box) in boxes.items():
        AuditEntry.objects.filter(seq=seq).update(object_key=key, object_box=box)
    assert chain_verify() == []
    AuditEntry.objects.filter(seq=first.seq).update(
        object_key=None, object_box=None, object_id="12"
    )
    assert [p.seq for p in chain_verify()] == [first.seq]


def test_a_tag_moved_onto_another_entry_finds_nothing_false(admin) -> None:
    """The tag is an index outside the MAC: a lookup checks each entry against its sealed id."""
    mine, other = _record(admin, "person", 21), _record(admin, "person", 22)
    AuditEntry.objects.filter(seq=other.seq).update(object_tag=mine.object_tag)
    assert [e.seq for e in entries_of("person", 21)] == [mine.seq]
    assert chain_verify() == []


def test_entries_written_before_keep_their_clear_ids_and_get_no_tag(admin) -> None:
    """Their MACs cover the clear id and the key-holder signs forward only, so they are not
    rewritten; a tag beside a clear id would tie the object's later entries to it."""
    from django.utils import timezone

    from objector.vault.audit import _message, _plain
    from objector.vault.models import AuditHead

    head, _ = AuditHead.objects.get_or_create(pk=1)
    old = AuditEntry(
        seq=head.seq + 1,
        at=timezone.now(),
        actor=admin,
        actor_name=admin.username,
        action="view",
        object_type="person",
        object_id="31",
        prev_hash=head.hash,
        keyed=False,
    )
    old.hash = _plain(_message(old))
    old.save()
    AuditHead.objects.filter(pk=1).update(seq=old.seq, hash=old.hash)
    new = _record(admin, "person", 31)
    assert chain_verify() == []
    assert tags_fill() == 0
    old.refresh_from_db()
    assert old.object_tag == ""
    assert [e.seq for e in entries_of("person", 31)] == [old.seq, new.seq]
    assert objects_open([old, new]) == {old.seq: "31", new.seq: "31"}


def test_the_audit_command_shows_each_entrys_object_while_unlocked(admin, capsys) -> None:
    """`objector audit show`: the entries with their objects opened, or one object's."""
    from django.core.management import CommandError, call_command

    _record(admin, "person", 41)
    _record(admin, "document", 42)
    _record(admin, "staff", admin.pk, "staff_create")
    call_command("audit", "show", last=3)
    lines = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert [(r[2], r[3], r[4], r[5]) for r in lines] == [
        ("admin", "view", "person", "41"),
        ("admin", "view", "document", "42"),
        ("admin", "staff_create", "staff", str(admin.pk)),
    ]
    call_command("audit", "show", wanted="document:42")
    assert [r.split("\t")[5] for r in capsys.readouterr().out.splitlines()] == ["42"]
    vault_close()
    with pytest.raises(CommandError, match="sealed"):
        call_command("audit", "show", last=3)
    call_command("audit", "show", last=1)  # the staff entry is clear: shown while sealed too
    assert capsys.readouterr().out.split("\t")[5].strip() == str(admin.pk)


def test_an_object_sealed_to_another_organisation_is_shown_unreadable_not_fatal(admin) -> None:
    """Entries of another organisation's key (a restore; an edit) do not hide the others."""
    from nacl.public import PrivateKey

    from objector.vault import crypto

    theirs, mine = _record(admin, "person", 51), _record(admin, "person", 52)
    stranger = bytes(PrivateKey.generate().public_key)
    key = crypto.new_data_key()
    AuditEntry.objects.filter(seq=theirs.seq).update(
        object_key=crypto.seal(key, stranger),
        object_box=crypto.encrypt(key, "51", context="vault.audit_object:person"),
    )
    theirs.refresh_from_db()
    assert objects_open([theirs, mine]) == {theirs.seq: "?", mine.seq: "52"}
    assert [p.seq for p in chain_verify()] == [theirs.seq]
