"""A copy of the disk taken while the vault is sealed, read by the unit that issued an order
(red team, round 9): they hold the order's file and its text, and try to find it in the copy and
to tell which request's subject is a man the order names.

Round 10 closed the first half: the file's hash is kept only sealed (its blind index is keyed
under the private key), and the order's persons are stored shuffled with their place sealed, so
neither the hash nor the rows' ids find the order or say which name a row is; and a document's
persons' name indexes and surname blocks are under keys of their own, equal to no request's.
Round 10's step 2 closed the registry's joins: a document's mention keeps its person and
uncertain neighbour only under the registry's key (a keyed tag finds a person's mentions while
unlocked), every mention's evidence and a lawyer's correction's sides are sealed under it.
Round 11 sealed which case a document is on (a keyed tag finds a case's documents while
unlocked). Each join is tried below on the copy (docs/design-sealed-registry.md)."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from datetime import datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from objector.documents.actions import document_store, documents_open
from objector.documents.models import Document
from objector.documents.tasks import extract_pending
from objector.intake.models import name_indexes_fill
from objector.persons.models import Mention, Person, of_person
from objector.persons.tasks import link_pending
from objector.vault.actions import vault_unlock
from tests.conftest import PASSPHRASE, vault_close

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
        reason="copies the SQLite files",
    ),
]

NAMES = [
    ("Примерова Ивана Петровича", "Примеров Иван Петрович"),
    ("Образцова Олега Ивановича", "Образцов Олег Иванович"),
    ("Тестова Антона Сергеевича", "Тестов Антон Сергеевич"),
    ("Макетова Павла Андреевича", "Макетов Павел Андреевич"),
    ("Эскизова Романа Олеговича", "Эскизов Роман Олегович"),
    ("Шаблонова Глеба Павловича", "Шаблонов Глеб Павлович"),
    ("Наброскова Фёдора Ильича", "Набросков Фёдор Ильич"),
    ("Черновикова Егора Романовича", "Черновиков Егор Романович"),
    ("Синтетова Петра Сергеевича", "Синтетов Пётр Сергеевич"),
    ("Вымыслова Артёма Глебовича", "Вымыслов Артём Глебович"),
]
ASKED = 8  # the man of the order who asked for help: Синтетов, the ninth name
ORDER = (
    "ПРИКАЗ\nкомандира войсковой части 12345\nот 1 марта 2025 г. № 7\n1. Исключить:\n"
    + "".join(
        f"рядового {genitive}, личный номер АБ-{100000 + i};\n"
        for i, (genitive, _) in enumerate(NAMES)
    )
)


def _copy(target: Path) -> dict[str, bytes]:
    """What a seizure takes: the database with its -wal and -shm, as they are this moment."""
    target.mkdir()
    name = Path(connection.settings_dict["NAME"])
    files = {}
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{name}{suffix}")
        if source.exists():
            shutil.copyfile(source, target / f"objector.sqlite3{suffix}")
            files[suffix] = (target / f"objector.sqlite3{suffix}").read_bytes()
    return files


@pytest.fixture
def seized(
    linked_request: Callable[..., Any],
    linked_document: Callable[..., Document],
    lawyer: Any,
    admin: Any,
) -> Iterator[dict[str, Any]]:
    """Requests from three men (one of them named in the order), the order stored and linked;
    then the vault sealed and the disk copied."""
    asked = linked_request(name=NAMES[ASKED][1], unit="в/ч 12345")
    others = [linked_request(name=n) for n in ("Посторонний Илья Ильич", "Иной Иван Иванович")]
    document = linked_document(ORDER, lawyer)
    name_indexes_fill()  # as the queue does when staff look at it
    documents_open([document])
    in_order = document.persons_in_order()
    assert len(in_order) == len(NAMES)  # every name of the order was read
    truth = {
        "asked": asked.pk,
        "others": [r.pk for r in others],
        "document": document.pk,
        # Row ids of the order's persons in the order they are named: known to the test only.
        "rows": [p.pk for p, _ in in_order],
        "mentions": [Mention.objects.get(document_person=p).pk for p, _ in in_order],
    }
    vault_close()
    yield truth
    vault_unlock(staff=admin, passphrase=PASSPHRASE)


def _db(tmp_path: Path) -> tuple[sqlite3.Connection, dict[str, bytes]]:
    files = _copy(tmp_path / "seized")
    db = sqlite3.connect(f"file:{tmp_path / 'seized' / 'objector.sqlite3'}?mode=ro", uri=True)
    return db, files


def test_the_order_cannot_be_found_by_its_hash(seized, tmp_path) -> None:
    db, files = _db(tmp_path)
    digest = hashlib.sha256(ORDER.encode()).digest()
    for raw in files.values():  # the file, its WAL, anywhere in them
        assert digest.hex().encode() not in raw and digest not in raw
        assert digest.hex().upper().encode() not in raw
    columns = [r[1] for r in db.execute("PRAGMA table_info(documents_document)")]
    assert "sha256" not in columns and "content_index" in columns


def test_the_rows_of_an_orders_persons_do_not_say_which_name_each_is(seized, tmp_path) -> None:
    db, _ = _db(tmp_path)
    columns = [r[1] for r in db.execute("PRAGMA table_info(documents_documentperson)")]
    assert "position" not in columns
    by_id = [
        r[0]
        for r in db.execute(
            "SELECT id FROM documents_documentperson WHERE document_id = ? ORDER BY id",
            [seized["document"]],
        )
    ]
    mentions = [
        r[0]
        for r in db.execute(
            "SELECT id FROM persons_mention WHERE document_id = ? ORDER BY id",
            [seized["document"]],
        )
    ]
    # Shuffled: in the order they are named only once in 10! (3.6 million) stores.
    assert sorted(by_id) == sorted(seized["rows"]) and by_id != seized["rows"]
    assert sorted(mentions) == sorted(seized["mentions"]) and mentions != seized["mentions"]


def test_a_document_stored_while_sealed_gets_its_hash_index_once_unlocked(
    linked_document, lawyer, admin
) -> None:
    first = linked_document(ORDER, lawyer)
    assert first.content_index
    vault_close()
    again = document_store(content=ORDER.encode(), filename="o.txt", channel="bulk", by=lawyer)
    assert again.content_index == ""  # the key-holder cannot index it while sealed
    vault_unlock(staff=admin, passphrase=PASSPHRASE)
    extract_pending.call()
    assert Document.objects.get(pk=again.pk).content_index == first.content_index


def test_a_documents_blocks_keyed_as_requests_are_keyed_afresh_once_unlocked(
    linked_request, linked_document, lawyer
) -> None:
    request = linked_request(name=NAMES[ASKED][1])
    document = linked_document(ORDER, lawyer)
    named = Mention.objects.filter(document=document, person_tag__gt="")
    fresh = dict(named.values_list("pk", "block"))
    assert request.mention.block not in fresh.values()
    named.update(block="")  # as migration persons 0002 leaves them
    assert link_pending.call() == 0
    assert dict(named.values_list("pk", "block")) == fresh


def test_persons_indexed_under_intakes_key_are_indexed_afresh_once_unlocked(
    linked_document, lawyer
) -> None:
    """The migration forgets the old indexes (intake's: equal to the requests'); the hourly
    sweep computes them under the documents' own key (tests/documents: the case page finds the
    documents naming its client by them)."""
    from objector.documents.models import DocumentPerson
    from objector.intake.models import NAME_INDEX
    from objector.vault.keys import blind_indexes

    document = linked_document(ORDER, lawyer)
    rows = DocumentPerson.objects.filter(document=document)
    fresh = dict(rows.values_list("pk", "name_index"))
    [as_request] = blind_indexes([(NAME_INDEX, NAMES[ASKED][1])])
    assert as_request not in fresh.values() and all(len(i) == 32 for i in fresh.values())
    rows.update(name_index=None)  # as migration 0003 leaves them
    extract_pending.call()
    assert dict(rows.values_list("pk", "name_index")) == fresh


# The joins still open (round 10's step 2): each finds the man who asked among the requests.
def _order_mentions(db: sqlite3.Connection) -> list[tuple[int, int | None, str, str]]:
    """The attacker finds the order by its number and unit, in the clear on its mentions."""
    return list(
        db.execute(
            "SELECT id, person_id, block, evidence FROM persons_mention "
            "WHERE doc_number = '7' AND doc_unit = '12345'"
        )
    )


def _by_person(db: sqlite3.Connection) -> set[int]:
    persons = [p for _, p, _, _ in _order_mentions(db) if p]
    marks = ",".join("?" * len(persons))
    query = f"SELECT request_id FROM persons_mention WHERE request_id IS NOT NULL AND person_id IN ({marks})"  # noqa: E501, S608
    return {r[0] for r in db.execute(query, persons)}


def _by_evidence(db: sqlite3.Connection) -> set[int]:
    linked = {e["with"] for *_, ev in _order_mentions(db) for e in json.loads(ev)}
    rows = db.execute("SELECT id, request_id FROM persons_mention WHERE request_id IS NOT NULL")
    return {r for i, r in rows if i in linked}


def _by_block(db: sqlite3.Connection) -> set[int]:
    blocks = {b for _, _, b, _ in _order_mentions(db) if b}
    rows = db.execute("SELECT block, request_id FROM persons_mention WHERE request_id IS NOT NULL")
    return {r for b, r in rows if b in blocks}


def _by_name_index(db: sqlite3.Connection) -> set[int]:
    return {
        r[0]
        for r in db.execute(
            "SELECT r.id FROM intake_request r JOIN documents_documentperson p "
            "ON p.name_index = r.name_index AND p.name_index != '' "
        )
    }


def _by_near(db: sqlite3.Connection) -> set[int]:
    """An uncertain non-link: an order's mention nearly joined to a request's person, or a
    request's mention nearly joined to an order's (its person's id on the order's rows)."""
    mentions = _order_mentions(db)
    order_persons = {p for _, p, *_ in mentions if p}
    order_near = {
        n
        for (n,) in db.execute(
            "SELECT near FROM persons_mention WHERE doc_number = '7' AND near IS NOT NULL"
        )
    }
    rows = db.execute(
        "SELECT request_id, person_id, near FROM persons_mention WHERE request_id IS NOT NULL"
    )
    return {r for r, p, n in rows if p in order_near or (n and n in order_persons)}


@pytest.mark.parametrize(
    "join", [_by_person, _by_evidence, _by_block, _by_name_index], ids=lambda j: j.__name__
)
def test_a_sealed_copy_does_not_say_which_request_an_order_names(seized, tmp_path, join) -> None:
    db, _ = _db(tmp_path)
    found = join(db)
    assert seized["asked"] not in found, "the copy ties the order to the request of the man"


def test_a_sealed_copy_does_not_say_which_request_a_lawyers_merge_joined_to_an_order(
    linked_request, linked_document, lawyer, coordinator, admin, tmp_path
) -> None:
    """A lawyer merges a request's person with a name of the order the linker kept apart (an
    initial, a transfer): `persons.Correction` keeps both sides' mention ids in the clear."""
    from objector.persons.actions import person_merge

    asked = linked_request(name="Синтетов Пётр Сергеевич", unit="в/ч 12345")
    document = linked_document(ORDER, lawyer)
    assert asked.mention.person is not None
    theirs = next(
        m
        for m in Mention.objects.filter(document=document, person_tag__gt="")
        if m.person_pk() != asked.mention.person.pk
    )
    other = Person.objects.get(pk=theirs.person_pk())
    person_merge(person=asked.mention.person, other=other, by=coordinator)
    vault_close()
    try:
        db, _ = _db(tmp_path)
        order = {i for i, *_ in _order_mentions(db)}
        found = set()
        for left, right in db.execute('SELECT "left", "right" FROM persons_correction'):
            sides = [set(json.loads(left)), set(json.loads(right))]
            if any(side & order for side in sides):
                ids = sides[0] | sides[1]
                found |= {
                    r
                    for i, r in db.execute(
                        "SELECT id, request_id FROM persons_mention WHERE request_id IS NOT NULL"
                    )
                    if i in ids
                }
        assert asked.pk not in found, "the copy ties the order to the request of the man"
    finally:
        vault_unlock(staff=admin, passphrase=PASSPHRASE)


def test_evidence_and_corrections_linked_before_are_sealed_by_the_worker(
    linked_request, linked_document, lawyer, coordinator
) -> None:
    """Rows of round 9 keep the evidence and a correction's sides in the clear (the migration
    cannot seal: the key exists only while unlocked); link_pending seals them, and they read
    the same."""
    from objector.persons.actions import person_split
    from objector.persons.models import Correction

    asked = linked_request(name=NAMES[ASKED][1], unit="в/ч 12345")
    linked_document(ORDER, lawyer)
    assert asked.mention.person is not None
    order = Mention.objects.exclude(pk=asked.mention.pk).get(of_person(asked.mention.person.pk))
    evidence = order.links()
    assert evidence and evidence[0]["with"] == asked.mention.pk
    assert asked.mention.person is not None
    person_split(person=asked.mention.person, mentions=[order], by=coordinator)
    [correction] = Correction.objects.all()
    sides = correction.sides()
    assert sides == ([order.pk], [asked.mention.pk])
    # As the migration leaves a row of round 9: the clear form only.
    Mention.objects.filter(pk=order.pk).update(evidence=evidence, evidence_sealed=b"")
    Correction.objects.filter(pk=correction.pk).update(left=sides[0], right=sides[1], sealed=b"")
    assert Mention.objects.get(pk=order.pk).links() == evidence  # read in either form
    link_pending.call()
    order.refresh_from_db()
    correction.refresh_from_db()
    assert order.evidence == [] and order.evidence_sealed and order.links() == evidence
    assert (correction.left, correction.right) == ([], []) and correction.sides() == sides


def test_a_sealed_copy_does_not_say_which_request_an_order_nearly_names(
    linked_request, linked_document, lawyer, admin, tmp_path
) -> None:
    """An uncertain non-link (`near`): the man of the order asks from another unit (a transfer,
    kept apart only by the unit); the registry notes the person it nearly joined, the request's
    on the order's mention or the order's on the request's."""
    asked = linked_request(name=NAMES[ASKED][1], unit="в/ч 54321")
    document = linked_document(ORDER, lawyer)
    assert asked.mention.person is not None
    his = asked.mention.person.pk
    theirs = [Mention.objects.get(pk=m.pk) for m in document.mentions.all()]
    nearly = [m for m in theirs if m.near_pk() == his]  # what the attack would find before
    assert nearly and all(m.near is None and m.person_id is None for m in nearly)
    vault_close()
    try:
        db, _ = _db(tmp_path)
        assert asked.pk not in _by_near(db), "the copy ties the order to the request of the man"
    finally:
        vault_unlock(staff=admin, passphrase=PASSPHRASE)


def test_a_documents_mention_linked_before_is_tagged_and_sealed_by_the_worker(
    linked_request, linked_document, lawyer
) -> None:
    """A document's mention of round 9 keeps its person and near in the clear (the migration
    cannot tag: the key exists only while unlocked); link_pending moves them under the key."""
    asked = linked_request(name=NAMES[ASKED][1], unit="в/ч 12345")
    document = linked_document(ORDER, lawyer)
    assert asked.mention.person is not None
    his = asked.mention.person.pk
    order = Mention.objects.get(of_person(his), document=document)
    # As a row of round 9: person and near clear, no tag, nothing sealed.
    Mention.objects.filter(pk=order.pk).update(person=his, near=his, person_tag="", sealed=b"")
    assert Mention.objects.get(pk=order.pk).person_pk() == his  # read in either form
    link_pending.call()
    order.refresh_from_db()
    assert (order.person_id, order.near, order.person_tag != "") == (None, None, True)
    assert (order.person_pk(), order.near_pk()) == (his, his)
    assert Mention.objects.filter(of_person(his), document=document).get() == order


# Round 10's red team (branch r10-red): the joins tried after step 2, each on the copy.
def test_a_sealed_copy_does_not_say_by_the_persons_times_which_request_an_order_names(
    seized, tmp_path
) -> None:
    """`Person.updated_at` moved when an order's mention joined the person: the persons whose
    row moved at or after the order's upload, through a request mention's clear person, were
    the requests the order names (found: the man who asked, alone)."""
    db, _ = _db(tmp_path)
    [(uploaded,)] = db.execute(
        "SELECT uploaded_at FROM documents_document WHERE id = ?", [seized["document"]]
    )
    found = {
        r
        for (r,) in db.execute(
            "SELECT m.request_id FROM persons_mention m JOIN persons_person p "
            "ON p.id = m.person_id WHERE m.request_id IS NOT NULL AND p.updated_at >= ?",
            [uploaded],
        )
    }
    assert seized["asked"] not in found, "the copy ties the order to the request of the man"


def test_a_sealed_copy_does_not_find_the_order_by_its_length(seized, tmp_path) -> None:
    db, _ = _db(tmp_path)
    size = len(ORDER.encode())
    found = {
        i
        for (i,) in db.execute(
            "SELECT id FROM documents_document WHERE size = ? OR length(content) - ? "
            "BETWEEN 0 AND 64",
            [size, size],
        )
    }
    assert seized["document"] not in found
    # Nor by its pages: sealed, as its size (0 in the clear columns).
    [(pages, clear_size)] = db.execute(
        "SELECT pages, size FROM documents_document WHERE id = ?", [seized["document"]]
    )
    assert (pages, clear_size) == (0, 0)


def test_a_sealed_copy_does_not_say_how_many_of_an_orders_names_were_known(
    seized, tmp_path
) -> None:
    db, _ = _db(tmp_path)
    lengths = [
        n
        for (n,) in db.execute(
            "SELECT length(evidence_sealed) FROM persons_mention WHERE document_id = ?",
            [seized["document"]],
        )
    ]
    assert len(set(lengths)) == 1, "the linked name's evidence is longer than the others'"
    # Nor their clear score and doubt (sealed with the evidence: no clear mention is beside).
    shown = db.execute(
        "SELECT count(*) FROM persons_mention WHERE document_id = ? "
        "AND (score IS NOT NULL OR uncertain)",
        [seized["document"]],
    )
    assert shown.fetchone() == (0,), "the linked name's score is clear"


def test_a_sealed_copy_does_not_say_which_later_request_an_order_names(
    linked_request, linked_document, lawyer, admin, tmp_path
) -> None:
    document = linked_document(ORDER, lawyer)
    asked = linked_request(name=NAMES[ASKED][1], unit="в/ч 12345")
    linked_request(name="Посторонний Илья Ильич")
    assert asked.mention.person is not None
    assert Mention.objects.filter(of_person(asked.mention.person.pk), document=document).exists()
    vault_close()
    try:
        db, _ = _db(tmp_path)
        [(first, last)] = db.execute(
            "SELECT min(created_at), max(created_at) FROM persons_mention "
            "WHERE doc_number = '7' AND doc_unit = '12345'"
        )
        found = {
            r
            for (r,) in db.execute(
                "SELECT m.request_id FROM persons_mention m JOIN persons_person p "
                "ON p.id = m.person_id WHERE m.request_id IS NOT NULL "
                "AND p.created_at BETWEEN datetime(?, '-1 second') AND ?",
                [first, last],
            )
        }
        assert asked.pk not in found, "the copy ties the order to the request of the man"
        # Nor by its id: in the block of ids made at the order's linking.
        [(low, high)] = db.execute(
            "SELECT min(id), max(id) FROM persons_person "
            "WHERE created_at BETWEEN datetime(?, '-1 second') AND ?",
            [first, last],
        )
        [(his,)] = db.execute(
            "SELECT person_id FROM persons_mention WHERE request_id = ?", [asked.pk]
        )
        assert low is not None and not low <= his <= high, "his person is in the order's block"
    finally:
        vault_unlock(staff=admin, passphrase=PASSPHRASE)
    # And the registry still says the man is that name of the order.
    person = Mention.objects.get(request=asked).person_pk()
    assert person is not None
    assert Mention.objects.filter(of_person(person), document=document).count() == 1


def test_a_sealed_copy_does_not_say_which_later_request_an_order_nearly_names(
    linked_request, linked_document, lawyer, admin, tmp_path
) -> None:
    """As above, kept apart by the unit only (a transfer): the request's clear `near` named the
    person made at the order's linking."""
    document = linked_document(ORDER, lawyer)
    asked = linked_request(name=NAMES[ASKED][1], unit="в/ч 54321")
    mention = Mention.objects.get(request=asked)
    assert mention.near is not None and mention.person_id is not None
    assert Mention.objects.filter(of_person(mention.near), document=document).count() == 1
    vault_close()
    try:
        db, _ = _db(tmp_path)
        [(last,)] = db.execute(
            "SELECT max(created_at) FROM persons_mention "
            "WHERE doc_number = '7' AND doc_unit = '12345'"
        )
        made = {
            p for (p,) in db.execute("SELECT id FROM persons_person WHERE created_at <= ?", [last])
        }
        [(near,)] = db.execute("SELECT near FROM persons_mention WHERE request_id = ?", [asked.pk])
        assert made and near not in made, "the copy ties the order to the request of the man"
    finally:
        vault_unlock(staff=admin, passphrase=PASSPHRASE)


def test_a_sealed_copy_does_not_say_that_a_later_request_linked_to_an_orders_name(
    linked_request, linked_document, lawyer, admin, tmp_path
) -> None:
    """Round 10's red team, finding 6: a request made after the order, whose man the order
    names, joins the order's person (a new row since finding 1). Its mention's clear `score`
    and `uncertain`, and its sealed evidence's length, said it linked to some mention; its
    person has no other clear mention, so that mention was a document's."""
    document = linked_document(ORDER, lawyer)
    asked = linked_request(name=NAMES[ASKED][1], unit="в/ч 12345")
    linked_request(name="Посторонний Илья Ильич")  # linked to nothing
    # Two requests of one man: a link beside another clear mention of the person says nothing.
    linked_request(name="Иной Иван Иванович", unit="в/ч 11111")
    twice = linked_request(name="Иной Иван Иванович", unit="в/ч 11111")
    mention = Mention.objects.get(request=asked)
    assert mention.links() and mention.certainty()[0] is not None  # it did link, unlocked
    assert (
        mention.person_pk()
        == Mention.objects.get(
            document=document, person_tag__gt="", pk__in=[e["with"] for e in mention.links()]
        ).person_pk()
    )
    vault_close()
    try:
        db, _ = _db(tmp_path)
        rows = list(
            db.execute(
                "SELECT request_id, person_id, score, uncertain, length(evidence_sealed) "
                "FROM persons_mention WHERE request_id IS NOT NULL"
            )
        )
        clear: dict[int, int] = {}
        for _, person, *_ in rows:
            clear[person] = clear.get(person, 0) + 1
        bare = min(n for *_, n in rows)
        linked = {r for r, p, score, unsure, n in rows if score is not None or unsure or n != bare}
        assert twice.pk in linked  # the attack sees a link where one shows
        found = {r for r, p, score, unsure, n in rows if clear[p] == 1 and r in linked}
        assert asked.pk not in found, "the copy says his request linked to a document's name"
    finally:
        vault_unlock(staff=admin, passphrase=PASSPHRASE)


def test_persons_moved_before_are_forgotten_by_the_migration(linked_request) -> None:
    """Rows moved by an order's linking before the fix (persons 0006 sets them back)."""
    import importlib

    from django.apps import apps
    from django.utils import timezone

    request = linked_request(name=NAMES[ASKED][1])
    assert request.mention.person is not None
    Person.objects.update(updated_at=timezone.now())  # as an order's linking left it
    migration = importlib.import_module("objector.persons.migrations.0006_persons_times_forgotten")
    migration.forget(apps, None)
    person = Person.objects.get(pk=request.mention.person.pk)
    assert person.updated_at == person.created_at


def test_a_sealed_copy_does_not_say_by_the_audit_chain_which_request_an_order_names(
    seized, coordinator, client_for, admin, tmp_path
) -> None:
    from django.urls import reverse

    vault_unlock(staff=admin, passphrase=PASSPHRASE)
    client = client_for(coordinator)
    assert client.get(reverse("documents:document", args=[seized["document"]])).status_code == 200
    his = Mention.objects.get(request_id=seized["asked"]).person_id
    assert his is not None
    assert client.get(reverse("persons:person", args=[his])).status_code == 200  # its link
    vault_close()
    db, _ = _db(tmp_path)
    views = list(
        db.execute(
            "SELECT actor_name, object_type, object_id, at FROM vault_auditentry "
            "WHERE action = 'view' ORDER BY seq"
        )
    )
    found: set[int] = set()
    for (actor, kind, pk, _), (actor2, kind2, pk2, _) in pairwise(views):
        if (kind, pk, kind2, actor2) == ("document", str(seized["document"]), "person", actor):
            found |= {
                r
                for (r,) in db.execute(
                    "SELECT request_id FROM persons_mention WHERE person_id = ?", [int(pk2)]
                )
                if r
            }
    assert seized["asked"] not in found, "the copy ties the order to the request of the man"
    # Nor by their tags: no view says its id, and no tag is a value the registry keeps.
    assert {pk for _, _, pk, _ in views} == {""}
    tags = {t for (t,) in db.execute("SELECT object_tag FROM vault_auditentry WHERE action='view'")}
    kept = {str(v) for row in db.execute("SELECT * FROM persons_mention") for v in row}
    assert len(tags) == 2 and not tags & kept


def _order_then_case_viewed(
    client: Any, seized: dict[str, Any], tmp_path: Path
) -> tuple[sqlite3.Connection, list[tuple[Any, ...]]]:
    """The order opened, then the case of the man it names; the vault sealed and the data
    directory seized: the copy, and its audited views in order (actor, kind, tag, moment)."""
    from django.urls import reverse

    assert client.get(reverse("documents:document", args=[seized["document"]])).status_code == 200
    assert client.get(f"/staff/cases/{seized['asked']}").status_code == 200
    vault_close()
    db, _ = _db(tmp_path)
    views = list(
        db.execute(
            "SELECT actor_id, object_type, object_tag, at FROM vault_auditentry "
            "WHERE action = 'view' ORDER BY seq"
        )
    )
    return db, views


def test_a_sealed_copy_does_not_say_by_the_case_views_which_request_an_order_names(
    seized, coordinator, client_for, admin, tmp_path
) -> None:
    """Closed in round 11 (r11b-caseread): `CaseRead.seen_at` (clear, for the unread markers)
    says when each staff member last opened each case, which names that view's audit entry and
    so its tag; the case it was of is now a keyed tag of the case and the staff member
    (`case_tag`), where it was the request's id in the clear. (The requester wrote first: since
    round 12 a view writes the mark only when there is a reply to mark read.)"""
    from objector.cases.actions import message_receive
    from objector.intake.models import Request, requests_open

    vault_unlock(staff=admin, passphrase=PASSPHRASE)
    asked = Request.objects.get(pk=seized["asked"])
    requests_open([asked])
    message_receive(request=asked, text="Есть новости?")
    client = client_for(coordinator)
    db, views = _order_then_case_viewed(client, seized, tmp_path)
    columns = [r[1] for r in db.execute("PRAGMA table_info(cases_caseread)")]
    read = [dict(zip(columns, r, strict=True)) for r in db.execute("SELECT * FROM cases_caseread")]
    assert read  # the view was marked read
    named: dict[str, set[Any]] = {}  # a view's tag -> what names its case: the row read with it
    for row in read:
        before = [
            v
            for v in views
            if v[0] == row["staff_id"] and v[1] == "request" and v[3] <= row["seen_at"]
        ]
        if before:
            named[before[-1][2]] = {
                v for k, v in row.items() if k not in ("id", "staff_id", "seen_at")
            }
    found: set[Any] = set()
    for (actor, kind, _, _), (actor2, kind2, tag2, _) in pairwise(views):
        if (kind, kind2, actor2) == ("document", "request", actor) and tag2 in named:
            found |= named[tag2]
    assert found  # the view just after the order's is the one read
    request = db.execute("SELECT id, reference FROM intake_request WHERE id = ?", [seized["asked"]])
    his = {v for value in request.fetchone() for v in (value, str(value))}
    assert not found & his, "the copy ties the order to the request of the man"
    marks = ",".join("?" * len(found))
    resolved = db.execute(
        f"SELECT id FROM intake_request WHERE CAST(id AS TEXT) IN ({marks}) "  # noqa: S608
        f"OR reference IN ({marks})",
        [str(v) for v in found] * 2,
    ).fetchall()
    assert not resolved, "the copy ties the order to a request"


def test_a_sealed_copy_does_not_say_by_a_view_after_a_note_which_request_an_order_names(
    seized, coordinator, client_for, admin, tmp_path
) -> None:
    """Closed in round 12 (r12-timing). A change on a case page (here a note) writes a clear
    `cases.Entry` (its request, author and time) and redirects to the case page, whose view is
    audited a moment later: the author's first view after the row is a view of that request.
    With one tag per object and action (round 11) that named every view of the case, and so
    "view document D, then view request R" by one actor later on; now each entry has a tag of
    its own, and the named view names only itself."""
    vault_unlock(staff=admin, passphrase=PASSPHRASE)
    client = client_for(coordinator)
    note = client.post(f"/staff/cases/{seized['asked']}/note", {"text": "Позвонить."}, follow=True)
    assert note.status_code == 200  # the browser follows the redirect to the case page
    db, views = _order_then_case_viewed(client, seized, tmp_path)
    named = {}  # a view's tag -> the case: the actor's first view after a row they wrote on it
    for request, author, at in db.execute(
        "SELECT request_id, author_id, created_at FROM cases_entry WHERE author_id IS NOT NULL"
    ):
        after = [v for v in views if v[0] == author and v[1] == "request" and v[3] >= at]
        if after:
            named[after[0][2]] = request
    found = {
        named[tag2]
        for (actor, kind, _, _), (actor2, kind2, tag2, _) in pairwise(views)
        if (kind, kind2, actor2) == ("document", "request", actor) and tag2 in named
    }
    assert seized["asked"] not in found, "the copy ties the order to the request of the man"


def test_a_sealed_copy_and_a_backup_do_not_say_by_the_read_marks_which_request_an_order_names(
    seized, coordinator, client_for, admin, tmp_path
) -> None:
    """Closed in round 12 (r12-timing). A read mark (`CaseRead`: the staff member, a keyed tag
    of the case, the moment of the last view) was rewritten at every case view. The view after
    a change on the case is named by the change's clear row, so the mark written then named its
    tag; the same mark in a later copy (a backup taken hourly and opened with its key kept
    beside it, or the write-ahead log's older pages) named a later view of the case, and the
    document viewed just before it. A view now writes the mark only when the requester wrote
    since the last one: it is all the unread markers need."""
    from objector.cases.actions import message_receive
    from objector.intake.models import Request, requests_open

    vault_unlock(staff=admin, passphrase=PASSPHRASE)
    asked = Request.objects.get(pk=seized["asked"])
    requests_open([asked])
    message_receive(request=asked, text="Есть новости?")
    client = client_for(coordinator)
    note = client.post(f"/staff/cases/{asked.pk}/note", {"text": "Позвонить."}, follow=True)
    assert note.status_code == 200  # the browser follows the redirect to the case page
    _copy(tmp_path / "backup")  # the database as an hourly backup holds it
    db, views = _order_then_case_viewed(client, seized, tmp_path)
    backup = sqlite3.connect(f"file:{tmp_path / 'backup' / 'objector.sqlite3'}?mode=ro", uri=True)
    marks = {
        (staff, tag, datetime.fromisoformat(str(at)))
        for copy in (backup, db)
        for staff, tag, at in copy.execute("SELECT staff_id, case_tag, seen_at FROM cases_caseread")
    }
    assert marks  # the reply was read: one mark at least

    def view_before(actor: int, at: datetime) -> tuple[Any, ...] | None:
        """The actor's last case view at or before a mark's moment: the view it was written by."""
        done = [v for v in views if v[0] == actor and v[1] == "request" and _at(v[3]) <= at]
        return done[-1] if done else None

    named: dict[str, int] = {}  # a mark's tag -> the case: its view is the first after a change
    for request, author, at in db.execute(
        "SELECT request_id, author_id, created_at FROM cases_entry WHERE author_id IS NOT NULL"
    ):
        after = [v for v in views if v[0] == author and v[1] == "request" and _at(v[3]) >= _at(at)]
        for staff, tag, seen in marks:
            if after and staff == author and view_before(staff, seen) == after[0]:
                named[tag] = request
    found = set()
    for staff, tag, seen in marks:  # every view a named mark was written by, and the one before
        view = view_before(staff, seen)
        if tag in named and view is not None and views.index(view) > 0:
            actor, kind, *_ = views[views.index(view) - 1]
            if (actor, kind) == (staff, "document"):
                found.add(named[tag])
    assert seized["asked"] not in found, "the copy ties the order to the request of the man"


def _at(value: object) -> datetime:
    return datetime.fromisoformat(str(value))


def test_a_sealed_copy_does_not_say_by_a_view_after_its_upload_which_request_an_order_names(
    make_request, lawyer, coordinator, client_for, admin, tmp_path
) -> None:
    """Closed in round 12 (r12-timing), the same join from the document's side: an upload
    writes a clear `Document` row (its id, uploader and time) and goes to the document's page,
    whose view is audited a moment later, so the uploader's first view after the row is a view
    of that document. With one tag per object and action that named every view of the order,
    and a colleague's view of it, then a note on a case (its clear `cases.Entry`), tied the
    order to that case. Another order is stored too, so that "some document viewed, then a
    note" does not name the order by itself."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    asked = make_request(name=NAMES[ASKED][1])
    uploader = client_for(lawyer)
    orders = {}
    for text in (ORDER, ORDER.replace("№ 7", "№ 8")):
        upload = SimpleUploadedFile("order.txt", text.encode(), content_type="text/plain")
        page = uploader.post("/staff/documents", {"file": upload}, follow=True)
        assert page.status_code == 200  # the browser follows the redirect to its page
        (path, _), *_ = page.redirect_chain
        orders[text] = int(path.rstrip("/").rpartition("/")[2])
    client = client_for(coordinator)
    assert client.get(f"/staff/documents/{orders[ORDER]}").status_code == 200
    assert client.get(f"/staff/cases/{asked.pk}").status_code == 200
    note = client.post(f"/staff/cases/{asked.pk}/note", {"text": "Позвонить."}, follow=True)
    assert note.status_code == 200
    vault_close()
    try:
        db, _ = _db(tmp_path)
        entries = list(
            db.execute(
                "SELECT seq, actor_id, action, object_type, object_tag, at "
                "FROM vault_auditentry ORDER BY seq"
            )
        )
        named: dict[str, int] = {}  # a view's tag -> the document: the uploader's next view
        for pk, by, at in db.execute(
            "SELECT id, uploaded_by_id, uploaded_at FROM documents_document"
        ):
            after = [
                e for e in entries if e[1] == by and e[2:4] == ("view", "document") and e[5] >= at
            ]
            if after:
                named[after[0][4]] = pk
        assert set(named.values()) == set(orders.values())  # each upload names one view
        # A tag named so names no other entry:
        assert [e[4] for e in entries if e[4] in named] == list(named)
        found = set()  # a named view of the order, then its viewer's next row on a case
        notes = list(db.execute("SELECT request_id, author_id, created_at FROM cases_entry"))
        for _, actor, action, kind, tag, at in entries:
            if (action, kind) == ("view", "document") and named.get(tag) == orders[ORDER]:
                later = sorted((t, r) for r, author, t in notes if author == actor and t >= at)
                found |= {later[0][1]} if later else set()
        assert asked.pk not in found, "the copy ties the order to the request of the man"
    finally:
        vault_unlock(staff=admin, passphrase=PASSPHRASE)


def test_a_sealed_copy_does_not_say_on_whose_case_page_the_order_was_uploaded(
    linked_request, linked_document, lawyer, admin, tmp_path
) -> None:
    """Closed in round 11: the case is sealed (`case_sealed`, to the organisation's key) beside
    a keyed tag of it (`case_tag`); before, `Document.case` was his request's id in the clear."""
    asked = linked_request(name=NAMES[ASKED][1], unit="в/ч 12345")
    linked_document(ORDER, lawyer, case=asked)
    vault_close()
    try:
        db, _ = _db(tmp_path)
        order = {
            d
            for (d,) in db.execute(
                "SELECT document_id FROM persons_mention "
                "WHERE doc_number = '7' AND doc_unit = '12345'"
            )
        }
        assert order  # the order is found (Mention.doc_*, still open), but not its case:
        joins = {r[2] for r in db.execute("PRAGMA foreign_key_list(documents_document)")}
        assert "intake_request" not in joins
        columns = [r[1] for r in db.execute("PRAGMA table_info(documents_document)")]
        his = {asked.pk, str(asked.pk), asked.reference, str(asked.reference)}
        for row in db.execute("SELECT * FROM documents_document"):
            if row[0] in order:
                values = dict(zip(columns, row, strict=True))
                # No column but its own id, its counts and its uploader (a staff member's id,
                # which may equal his request's by chance) holds a value of his request's row.
                mine = ("id", "size", "pages", "uploaded_by_id")
                clear = {k: v for k, v in values.items() if k not in mine}
                assert not {k for k, v in clear.items() if v in his}, clear.keys()
                assert len(values["case_sealed"]) == 80 and len(values["case_tag"]) == 32
        tags = {t for (t,) in db.execute("SELECT case_tag FROM documents_document")}
        found = {
            r
            for (r,) in db.execute(
                "SELECT id FROM intake_request WHERE CAST(id AS TEXT) IN (SELECT case_tag "
                "FROM documents_document) OR reference IN (SELECT case_tag FROM documents_document)"
            )
        }
        assert tags and not found, "the copy ties the order to the request of the man"
    finally:
        vault_unlock(staff=admin, passphrase=PASSPHRASE)


def test_a_sealed_copy_does_not_say_which_request_sent_the_order_to_the_bot(
    make_request, admin, tmp_path
) -> None:
    """Closed in round 11b. A file sent to the bot is stored as evidence on its request's case
    (the case sealed, above); its receipt, `telegram.Attachment`, kept the request, the document
    and the chat (whose request is clear) as foreign keys in the clear, so the copy tied the
    order to his request. Now the request is sealed beside a keyed tag, as the document's case."""
    from objector.telegram.actions import attachment_store
    from objector.telegram.models import Attachment, Chat
    from tests.conftest import reopened
    from tests.extraction.files import minimal_pdf
    from tests.telegram.receipts import queued

    asked = reopened(make_request(channel="telegram"))
    chat = Chat.objects.create(user_index="synthetic-user", request=asked)
    attachment = queued(asked, chat)
    attachment_store(attachment.pk, minimal_pdf("Synthetic order of unit 12345"))
    assert Attachment.objects.get(pk=attachment.pk).status == "stored"
    vault_close()
    try:
        db, _ = _db(tmp_path)
        assert db.execute("SELECT count(*) FROM documents_document").fetchone() == (1,)
        columns = [r[1] for r in db.execute("PRAGMA table_info(telegram_attachment)")]
        joins = {r[3]: r[2] for r in db.execute("PRAGMA foreign_key_list(telegram_attachment)")}
        found = set()
        for row in db.execute("SELECT * FROM telegram_attachment WHERE status = 'stored'"):
            values = dict(zip(columns, row, strict=True))
            # The attacker follows every foreign key of the receipt to a request.
            for column, table in joins.items():
                if values[column] is None:
                    continue
                if table == "intake_request":
                    found.add(values[column])
                if table == "telegram_chat":
                    query = "SELECT request_id FROM telegram_chat WHERE id = ?"
                    found |= {r for (r,) in db.execute(query, (values[column],))}
            assert values.get("request_tag") not in {str(asked.pk), asked.reference}
        assert asked.pk not in found, "the copy ties the file sent to the bot to his request"
    finally:
        vault_unlock(staff=admin, passphrase=PASSPHRASE)


def test_a_sealed_copy_does_not_say_which_requests_a_joint_claim_from_an_order_names(
    make_request, coordinator, admin, tmp_path
) -> None:
    """Closed in round 11c. A joint claim drafted from an order kept the order
    (`filings.Draft.document`) and the cases it names (`Draft.cases_named`) in the clear, so the
    copy tied the order to the requests of the men it names who asked for help. Now the order
    and each case named are sealed beside keyed tags (the order's under its own purpose)."""
    from datetime import date

    from objector.documents.actions import document_extract, document_store
    from objector.filings.actions import joint_draft_create, order_persons

    asked = make_request(name=NAMES[ASKED][1], consent_filings="yes")
    stored = document_store(
        content=ORDER.encode(), filename="o.txt", channel="bulk", by=coordinator
    )
    document_extract(document=Document.objects.get(pk=stored.pk))
    order = Document.objects.get(pk=stored.pk)
    persons = order_persons(order)
    joint_draft_create(
        document=order,
        chosen=[p["pk"] for p in persons],
        items={p["pk"]: str(i + 1) for i, p in enumerate(persons)},
        inputs={},
        by=coordinator,
        today=date(2026, 11, 20),
    )
    vault_close()
    try:
        db, _ = _db(tmp_path)
        tables = {r for (r,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "filings_draft_cases_named" not in tables
        found = set()
        his = {asked.pk, str(asked.pk), asked.reference}
        ours = {order.pk, str(order.pk)}
        for table in sorted(t for t in tables if t.startswith("filings_")):
            columns = [r[1] for r in db.execute(f"PRAGMA table_info({table})")]
            joins = {r[3]: r[2] for r in db.execute(f"PRAGMA foreign_key_list({table})")}
            for row in db.execute(f"SELECT * FROM {table}"):  # noqa: S608
                values = dict(zip(columns, row, strict=True))
                # The attacker follows every foreign key of a draft's rows to a request or a
                # document; a case's own draft (none here) would name its case, not the order.
                named = {values[c] for c, t in joins.items() if t == "intake_request"}
                on_order = {values[c] for c, t in joins.items() if t == "documents_document"}
                if on_order & ours:
                    found |= named
                found |= {v for k, v in values.items() if k.endswith("_tag") and v in his}
                assert not {v for k, v in values.items() if k.endswith("_tag")} & ours
        assert db.execute("SELECT count(*) FROM filings_draftcase").fetchone() == (1,)
        assert asked.pk not in found, "the copy ties the order to the request of the man"
    finally:
        vault_unlock(staff=admin, passphrase=PASSPHRASE)
