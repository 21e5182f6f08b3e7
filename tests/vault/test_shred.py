"""Crypto-shredding: a deleted case's data key is destroyed, with its ciphertexts, in the live
database, its WAL and the local backups; the organisation's key then opens nothing of it."""

from __future__ import annotations

import inspect
import json
import sqlite3
import time
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from objector.cases.actions import (
    request_assign,
    requests_shred,
    requests_shred_expired,
    status_set,
)
from objector.cases.models import CaseRead, Deadline, Entry, NameWord
from objector.documents.actions import case_documents, document_extract, document_store
from objector.documents.models import Document, DocumentPerson
from objector.documents.tasks import extract_document
from objector.filings.actions import consent_record, draft_create
from objector.filings.models import Draft
from objector.intake.actions import request_by_receipt
from objector.intake.models import Request
from objector.persons.actions import person_merge, person_split
from objector.persons.models import Mention, Person, of_person
from objector.persons.registry import REGISTRY
from objector.persons.tasks import link_document, link_request
from objector.service import storage
from objector.telegram.models import Attachment, Chat, Outbox
from objector.vault.actions import vault_unlock
from objector.vault.audit import entries_of
from objector.vault.models import AuditEntry, BackupKey
from tests.conftest import PASSPHRASE, vault_close

# Committed transactions: the files on disk are what a seizure would copy.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def case(make_request, coordinator, lawyer, client_for):
    made = make_request(name="Синтетический Уничтожаемый", story="Синтетическая история")
    request_assign(request=made, lawyer=lawyer, by=coordinator)
    client = client_for(lawyer)
    client.post(f"/staff/cases/{made.pk}/note", {"text": "Синтетическая заметка"})
    client.post(f"/staff/cases/{made.pk}/message", {"text": "Синтетический ответ"})
    client.post(
        f"/staff/cases/{made.pk}/deadline", {"label": "Синтетический суд", "due": "2027-01-15"}
    )
    order = "ПРИКАЗ\nрядового Уничтожаемого Петра Сергеевича, в/ч 00000\n".encode()
    upload = SimpleUploadedFile("prikaz.txt", order)
    client.post(f"/staff/cases/{made.pk}/documents/new", {"file": upload})
    document = Document.objects.get(pk__in=case_documents([made.pk]))
    assert extract_document.call(document.pk) == "done"
    return made


def stored_files() -> list[bytes]:
    if connection.vendor != "sqlite":
        return []
    name = Path(connection.settings_dict["NAME"])
    return [p.read_bytes() for p in (name, Path(f"{name}-wal")) if p.exists()]


def test_a_shredded_case_cannot_be_recovered_with_the_organisations_key(
    case, coordinator, client_for, tmp_path, settings
) -> None:
    settings.BACKUP_DIR = tmp_path / "backups"
    on_sqlite = connection.vendor == "sqlite"  # PostgreSQL is backed up with pg_dump
    consent_record(case=case, when=date(2026, 11, 20), channel="paper", by=coordinator)
    draft = draft_create(
        case=case,
        kind="report_dismissal",
        inputs={"person.surname": "Уничтожаемый", "person.gender": "masc"},
        by=coordinator,
        today=date(2026, 11, 20),
    )
    backups = [Path(_backup())] if on_sqlite else []
    row = Request.objects.get(pk=case.pk)
    sealed_key, personal = bytes(row.sealed_key), bytes(row.personal_data)
    entry_blobs = [bytes(e.sealed) for e in Entry.objects.filter(request=case).exclude(sealed=b"")]
    documents = list(Document.objects.filter(pk__in=case_documents([case.pk])))
    evidence = [bytes(b) for d in documents for b in (d.sealed_key, d.content, d.meta)]
    evidence += [bytes(p.data) for p in DocumentPerson.objects.filter(document__in=documents)]
    evidence += [bytes(draft.sealed_key), bytes(draft.content), bytes(draft.meta)]
    assert documents and len(evidence) >= 7
    for backup in backups:
        opened = _opened(backup, tmp_path)
        assert sealed_key in opened  # held, before shredding
        pieces = _pieces(evidence[1])  # the file: most of its pieces, in one page each
        assert sum(piece in opened for piece in pieces) * 2 > len(pieces)
        assert sealed_key not in backup.read_bytes()  # and only encrypted

    client = client_for(coordinator)
    unconfirmed = client.post(f"/staff/cases/{case.pk}/shred", {})
    assert unconfirmed.status_code == 400 and "галочкой" in unconfirmed.content.decode()
    assert client.post(f"/staff/cases/{case.pk}/shred", {"confirm": "yes"}).status_code == 302

    row = Request.objects.get(pk=case.pk)
    assert row.shredded_at and not row.sealed_key and not row.personal_data
    assert (row.status, row.outcome) == ("closed", "withdrawn")
    assert not Entry.objects.filter(request=case).exclude(sealed=b"").exists()
    assert not Deadline.objects.filter(request=case).exists()
    # The key, the ciphertexts: in no file the organisation's key could be tried on.
    assert not Document.objects.filter(pk__in=[d.pk for d in documents]).exists()
    assert not Draft.objects.filter(pk=draft.pk).exists()
    for blob in [*stored_files(), *(_opened(backup, tmp_path) for backup in backups)]:
        for secret in (sealed_key, personal, *entry_blobs, *evidence):
            assert not any(piece in blob for piece in _pieces(secret))
    # Gone for staff (404) and for the requester (the receipt opens nothing).
    assert client.get(f"/staff/cases/{case.pk}").status_code == 404
    assert request_by_receipt(reference=case.reference, secret=case.secret) is None
    # Still counted, and recorded.
    assert Request.objects.count() == 1
    assert "shred" in [e.action for e in entries_of("request", case.pk)]


def _pieces(blob: bytes) -> list[bytes]:
    """A blob as SQLite may keep it: a padded file (64 KiB at least, round 11) spans overflow
    pages of 4 KiB less a 4-byte link, so it is looked for by pieces of 256 bytes, one in
    every 1,024 (a piece crossing a page's edge is not found whole: most are)."""
    if len(blob) <= 2048:
        return [blob]
    return [blob[i : i + 256] for i in range(0, len(blob) - 256, 1024)]


def _opened(backup: Path, tmp_path: Path) -> bytes:
    """The backup's database, decrypted with the key this server keeps for it."""
    plain = tmp_path / f"{backup.name}.{time.monotonic_ns()}.plain"
    key = bytes(BackupKey.objects.get(name=backup.name).key)
    storage._decrypt_file(backup, plain, key)
    return plain.read_bytes()


def _backup() -> str:
    out = StringIO()
    call_command("backup", stdout=out)
    return out.getvalue().strip()


def test_a_document_not_yet_tagged_in_a_backup_is_scrubbed_with_its_case(
    case, make_request, coordinator, admin, tmp_path, settings
) -> None:
    """A document stored while sealed has no tag until the hourly sweep: a backup taken in
    between finds it only by its sealed case, which scrubbing opens while unlocked."""
    if connection.vendor != "sqlite":
        pytest.skip("backups of PostgreSQL are pg_dump archives, not scrubbed")
    settings.BACKUP_DIR = tmp_path / "backups"
    other = make_request(name="Синтетический Сохраняемый", story="Синтетическая история")
    order = "ПРИКАЗ\nрядового Синтетического, в/ч 00000\n".encode()
    vault_close()
    try:  # stored while sealed: not tagged when backed up
        doomed, kept = (
            document_store(content=order, filename="o.txt", channel="web", by=None, case=c)
            for c in (case, other)
        )
    finally:
        vault_unlock(staff=admin, passphrase=PASSPHRASE)
    assert {d.case_tag for d in (doomed, kept)} == {None}
    backup = Path(_backup())
    assert requests_shred(requests=[case], by=coordinator) == 1

    plain = tmp_path / "scrubbed.sqlite3"
    storage._decrypt_file(backup, plain, bytes(BackupKey.objects.get(name=backup.name).key))
    db = sqlite3.connect(plain)
    try:
        left = {pk for (pk,) in db.execute("SELECT id FROM documents_document")}
    finally:
        db.close()
    assert kept.pk in left and doomed.pk not in left
    assert left == set(Document.objects.values_list("pk", flat=True))  # as the live database


def test_closed_cases_are_shredded_after_the_retention_period(
    make_request, coordinator, settings
) -> None:
    settings.RETENTION_DAYS = 30
    old, recent, still_open = make_request(), make_request(), make_request()
    for request in (old, recent):
        status_set(request=request, status="closed", outcome="advice_given", by=coordinator)
    Request.objects.filter(pk=old.pk).update(closed_at=timezone.now() - timedelta(days=31))
    Request.objects.filter(pk=recent.pk).update(closed_at=timezone.now() - timedelta(days=29))
    assert requests_shred_expired() == 1
    shredded = set(Request.objects.exclude(shredded_at=None).values_list("pk", flat=True))
    assert shredded == {old.pk}
    assert AuditEntry.objects.filter(action="shred_expired", actor=None).count() == 1
    assert requests_shred_expired() == 0  # idempotent
    assert still_open.pk not in shredded


def test_the_requester_erases_their_own_data(case) -> None:
    requester = Client()
    requester.post("/intake/status", {"reference": case.reference, "secret": case.secret})
    unconfirmed = requester.post("/intake/status/erase", {"lang": "en"})
    assert unconfirmed.status_code == 400 and "Tick the box" in unconfirmed.content.decode()
    erased = requester.post("/intake/status/erase", {"confirm": "yes", "lang": "en"})
    assert erased.status_code == 200 and "has been destroyed" in erased.content.decode()
    assert Request.objects.get(pk=case.pk).shredded_at is not None
    again = requester.post("/intake/status", {"reference": case.reference, "secret": case.secret})
    assert again.status_code == 403
    assert AuditEntry.objects.filter(action="erased_by_requester").count() == 1


def test_every_table_that_points_at_a_request_is_shredded() -> None:
    """Shredding (live: the requests_shredded receivers; backups: storage._scrub_sqlite) must
    reach every model that holds something of a request. A new one fails here until it does."""
    reached = {Entry, Deadline, Document, DocumentPerson, Chat, Attachment, Outbox}
    reached |= {NameWord, CaseRead, Draft, Mention}
    pointing = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            target = getattr(field, "related_model", None)
            if field.many_to_one and target in (Request, Document, Chat):
                pointing.add(model)
    assert pointing <= reached, pointing - reached
    source = inspect.getsource(storage._scrub_sqlite)
    for model in reached:
        assert f"{model.__name__.lower()}" in source.lower()


ORDER = (
    "ПРИКАЗ\nкомандира войсковой части 12345\nот 1 марта 2025 г. № 7\n1. Исключить:\n"
    "рядового Синтетова Петра Сергеевича, личный номер АБ-123456;\n"
    "ефрейтора Выдуманного Илью Андреевича, личный номер АБ-654321.\n"
)


def _links(
    opened: bytes, tmp_path: Path, *, sealed: bool = True
) -> tuple[set[int], set[int], set[int]]:
    """Mention ids the evidence and the corrections of a database name, and the persons the
    uncertain neighbours point at: in the clear, and (`sealed`) under the registry's key,
    opened with it as the unlocked registry does."""
    from objector.persons.keyring import open_json
    from objector.persons.models import CORRECTION, EVIDENCE

    path = tmp_path / f"links.{time.monotonic_ns()}.sqlite3"
    path.write_bytes(opened)
    db = sqlite3.connect(path)
    try:
        rows = db.execute("SELECT evidence, evidence_sealed FROM persons_mention").fetchall()
        linked = {e["with"] for (evidence, _) in rows for e in json.loads(evidence)}
        if sealed:
            opened_links = [open_json(b, context=EVIDENCE) for (_, b) in rows if b]
            linked |= {
                e["with"]
                for value in opened_links
                for e in (value["links"] if isinstance(value, dict) else value)
            }
        sides = db.execute('SELECT "left", "right", sealed FROM persons_correction').fetchall()
        corrected = {i for row in sides for side in row[:2] for i in json.loads(side)}
        if sealed:
            corrected |= {
                i for *_, b in sides if b for side in open_json(b, context=CORRECTION) for i in side
            }
        near = {n for (n,) in db.execute("SELECT near FROM persons_mention WHERE near > 0")}
    finally:
        db.close()
    return linked, corrected, near


def test_a_shredded_case_leaves_no_link_in_the_registry(
    make_request, coordinator, lawyer, tmp_path, settings
) -> None:
    """Red team, round 9: shredding deleted the case's mention, but the mention of the order
    that names the same man kept its evidence ("linked to mention 41: unit same, first name
    same"), and a lawyer's merge and split kept the id. Mention ids follow the times of intake,
    which a shredded request keeps in the clear, so a seized copy (or a local backup) still
    told which man of the order the shredded request was about."""
    if connection.vendor != "sqlite":
        pytest.skip("backups of PostgreSQL are pg_dump archives, not scrubbed")
    settings.BACKUP_DIR = tmp_path / "backups"
    REGISTRY.reset()  # the worker's index, from other tests of this process
    shredded = make_request(name="Синтетов Пётр Сергеевич", unit="в/ч 12345")
    kept = make_request(name="Выдуманный Илья Андреевич", unit="в/ч 12345")
    for request in (shredded, kept):
        assert link_request.call(request.pk) == "done"
    # The order in the case's own file first, then the organisation's copy, which links to both.
    own, stored = (
        document_store(
            content=ORDER.encode(), filename="order.txt", channel="web", by=lawyer, case=case
        )
        for case in (shredded, None)
    )
    for document in (own, stored):
        document_extract(document=Document.objects.get(pk=document.pk))
        assert link_document.call(document.pk) == "done"
    mine = Mention.objects.get(request=shredded)
    assert mine.person is not None
    in_file = Mention.objects.get(of_person(mine.person.pk), document=own.pk)
    order = Mention.objects.get(of_person(mine.person.pk), document=stored.pk)
    assert in_file.pk in {e["with"] for e in order.links()}
    person_split(person=mine.person, mentions=[mine], by=coordinator)
    order_person = Person.objects.get(pk=Mention.objects.get(pk=order.pk).person_pk())
    person_merge(person=order_person, other=Mention.objects.get(pk=mine.pk).person, by=coordinator)
    backup = Path(_backup())
    before = _links(_opened(backup, tmp_path), tmp_path)
    assert mine.pk in before[0] and mine.pk in before[1]

    requests_shred(requests=[shredded], by=coordinator)

    assert not Mention.objects.filter(pk__in=(mine.pk, in_file.pk)).exists()
    order.refresh_from_db()
    assert order.person_pk() is not None and order.links() == [] and order.score is None
    # The live registry, unlocked, drops them whether clear or sealed; a backup's scrubbing
    # (without the registry's key) only what is in the clear, and the sealed ids stay
    # unreadable in it until a restored registry's worker drops them (unlinked).
    for blob, sealed in ((stored_files()[0], True), (_opened(backup, tmp_path), False)):
        linked, corrected, near = _links(blob, tmp_path, sealed=sealed)
        assert not {mine.pk, in_file.pk} & (linked | corrected)
        assert near <= set(Person.objects.values_list("pk", flat=True))
    assert Mention.objects.filter(request=kept).exists()  # the other man's case is untouched
