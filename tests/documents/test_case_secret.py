"""A document on a case opens only with its case's secret too (round 12): shredding the case
empties the secret without the key, so a case shredded while the vault is sealed (retention,
the requester's own deletion) leaves its documents unreadable at once, in the data directory
and in every local backup, though they are found and deleted only at the next unlock."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from objector.cases.actions import request_assign, requests_shred
from objector.documents.actions import (
    EvidenceError,
    document_extract,
    document_store,
    documents_open,
)
from objector.documents.models import Document
from objector.documents.tasks import extract_pending
from objector.intake.models import Request
from objector.service import storage
from objector.vault import crypto
from objector.vault.actions import vault_unlock
from objector.vault.keys import public_key_read
from objector.vault.models import BackupKey
from tests.conftest import PASSPHRASE, vault_close

from .attacker import private_key, read_in_copy, read_in_database

pytestmark = pytest.mark.django_db(transaction=True)
sqlite_only = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="copies the SQLite files",
)

ORDER = (
    "ПРИКАЗ\nкомандира войсковой части 12345\nот 1 марта 2025 г. № 7\n1. Исключить:\n"
    "рядового Синтетова Петра Сергеевича, личный номер АБ-123456;\n"
)


@pytest.fixture
def cases(make_request, coordinator, lawyer):
    found = [make_request(name="Синтетов Пётр Сергеевич"), make_request(name="Иной Иван Ильич")]
    for case in found:
        request_assign(request=case, lawyer=lawyer, by=coordinator)
    return found


def _stored(case, by, name: str = "order.txt") -> Document:
    stored = document_store(content=ORDER.encode(), filename=name, channel="web", by=by, case=case)
    document_extract(document=Document.objects.get(pk=stored.pk))
    return Document.objects.get(pk=stored.pk)


def _copy_data_dir(target: Path) -> Path:
    """The database with its -wal and -shm, as they are this moment."""
    target.mkdir()
    name = Path(connection.settings_dict["NAME"])
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{name}{suffix}").exists():
            shutil.copyfile(f"{name}{suffix}", target / f"objector.sqlite3{suffix}")
    return target / "objector.sqlite3"


def _secret(case: Request) -> bytes:
    return bytes(Request.objects.values_list("case_secret", flat=True).get(pk=case.pk))


def test_a_document_on_a_case_needs_its_cases_secret_and_the_organisations(
    cases, lawyer, coordinator
) -> None:
    mine, other = cases
    document, own = _stored(mine, lawyer), _stored(None, coordinator, "bulk.txt")
    assert len(_secret(mine)) == 32 and _secret(mine) != _secret(other)
    assert document.key_box and not own.key_box  # the organisation's own: its key alone
    documents_open([document, own])
    assert document.file() == own.file() == ORDER.encode()
    key = private_key()
    share = crypto.unseal(bytes(document.sealed_key), key)
    assert share != document.key  # the private key alone opens only the share
    assert set(read_in_database(key)) == {document.pk, own.pk}  # the attacker's way is right


@sqlite_only
def test_a_case_shredded_while_sealed_leaves_its_documents_unreadable_at_once(
    cases, lawyer, coordinator, admin, tmp_path
) -> None:
    mine, other = cases
    doomed = [_stored(mine, lawyer), _stored(mine, lawyer, "second.txt")]
    kept = [_stored(other, lawyer), _stored(None, coordinator, "bulk.txt")]
    secret, key = _secret(mine), private_key()
    vault_close()
    try:
        assert requests_shred(requests=[mine], by=None) == 1  # retention runs while sealed
        # Not found yet (only the key finds them): still there, but nothing opens them.
        assert Document.objects.filter(pk__in=[d.pk for d in doomed]).count() == 2
        copy = _copy_data_dir(tmp_path / "seized")
        # Not in the WAL, not in a freed page: looked for before the copy is opened, whose
        # last connection's close folds the WAL in and deletes it (red team, round 12).
        for path in copy.parent.iterdir():
            assert secret not in path.read_bytes(), path.name
        read = read_in_copy(copy, key)  # the data directory, and the passphrase given up
        assert set(read) == {d.pk for d in kept}
    finally:
        vault_unlock(staff=admin, passphrase=PASSPHRASE)
    extract_pending.call()  # deleted at the next unlock, for tidiness
    assert not Document.objects.filter(pk__in=[d.pk for d in doomed]).exists()
    assert set(read_in_database(key)) == {d.pk for d in kept}


@sqlite_only
def test_a_backup_taken_before_the_shredding_does_not_bring_its_documents_back(
    cases, lawyer, coordinator, tmp_path, settings
) -> None:
    settings.BACKUP_DIR = tmp_path / "backups"
    mine, other = cases
    doomed, kept = _stored(mine, lawyer), _stored(other, lawyer)
    key = private_key()
    out = StringIO()
    call_command("backup", stdout=out)
    backup = Path(out.getvalue().strip())
    # A copy carried off the machine before the shredding: beyond the scrub's reach.
    carried = tmp_path / "elsewhere" / "carried.backup"
    carried.parent.mkdir()
    shutil.copyfile(backup, carried)
    vault_close()

    assert requests_shred(requests=[mine], by=None) == 1  # while sealed

    # The local backup was scrubbed while sealed: its copy of the case's secret is gone, so the
    # database a restore puts in place opens none of the case's documents.
    restored = tmp_path / "restored.sqlite3"
    storage._decrypt_file(backup, restored, bytes(BackupKey.objects.get(name=backup.name).key))
    assert set(read_in_copy(restored, key)) == {kept.pk}
    # The copy carried off before still holds the secret, as it holds the case's own key
    # (docs/threat-model.md, "Backups"): with a passphrase, it reads the case as it was.
    file_key = storage.backup_file_key(carried, username="admin", passphrase=PASSPHRASE)
    storage._decrypt_file(carried, tmp_path / "carried.sqlite3", file_key)
    assert set(read_in_copy(tmp_path / "carried.sqlite3", key)) == {doomed.pk, kept.pk}


@sqlite_only
def test_a_document_stored_before_is_bound_to_its_case_at_the_next_unlock(
    cases, lawyer, admin, tmp_path
) -> None:
    mine, other = cases
    document, kept = _stored(mine, lawyer), _stored(other, lawyer)
    documents_open([document])
    data_key, content = document.key, bytes(document.content)
    # As a document stored before round 12: its data key sealed to the organisation alone.
    legacy = crypto.seal(data_key, public_key_read())
    Document.objects.filter(pk=document.pk).update(sealed_key=legacy, key_box=b"")
    key = private_key()
    assert document.pk in read_in_database(key)

    extract_pending.call()  # the hourly sweep, unlocked

    bound = Document.objects.get(pk=document.pk)
    assert bound.key_box and bytes(bound.sealed_key) != legacy
    assert bytes(bound.content) == content  # the file is not encrypted again
    documents_open([bound])
    assert bound.file() == ORDER.encode()
    copy = _copy_data_dir(tmp_path / "copy")
    for path in copy.parent.iterdir():  # the key sealed alone is overwritten, the WAL folded in
        assert legacy not in path.read_bytes(), path.name
    vault_close()
    try:
        assert requests_shred(requests=[mine], by=None) == 1
        assert set(read_in_database(key)) == {kept.pk}
    finally:
        vault_unlock(staff=admin, passphrase=PASSPHRASE)


def test_nothing_more_is_stored_on_a_shredded_case(cases, lawyer, coordinator) -> None:
    mine, _ = cases
    assert requests_shred(requests=[mine], by=coordinator) == 1
    with pytest.raises(EvidenceError, match="case_shredded"):
        document_store(
            content=ORDER.encode(), filename="t.txt", channel="web", by=lawyer, case=mine
        )
    assert not Document.objects.exists()


@sqlite_only
def test_a_backup_carried_off_before_the_shredding_and_restored_is_shredded_again(
    cases, lawyer, tmp_path, settings
) -> None:
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.SHRED_LOG = tmp_path / "shredded-requests"
    mine, other = cases
    doomed, kept = _stored(mine, lawyer), _stored(other, lawyer)
    key = private_key()
    out = StringIO()
    call_command("backup", stdout=out)
    carried = tmp_path / "carried.backup"  # taken off the machine: never scrubbed
    shutil.copyfile(Path(out.getvalue().strip()), carried)
    vault_close()
    assert requests_shred(requests=[mine], by=None) == 1  # while sealed
    assert settings.SHRED_LOG.read_text().split()[0] == str(mine.pk)
    assert settings.SHRED_LOG.stat().st_mode & 0o077 == 0

    passphrase = tmp_path / "passphrase"
    passphrase.write_text(PASSPHRASE)
    settings.VAULT_SOCKET = tmp_path / "no-key-holder.sock"  # the service stopped
    database = Path(connection.settings_dict["NAME"])
    before = set(database.parent.glob(f"{database.name}.before-restore-*"))
    try:
        call_command(
            "restore",
            str(carried),
            "--passphrase-file",
            str(passphrase),
            stdout=(out := StringIO()),
        )
    finally:
        for path in set(database.parent.glob(f"{database.name}.before-restore-*")) - before:
            path.unlink()
    assert "of which 1 shredded since were shredded again" in out.getvalue()
    restored = Request.objects.get(pk=mine.pk)
    assert restored.shredded_at is not None and bytes(restored.case_secret) == b""
    assert Request.objects.get(pk=other.pk).shredded_at is None
    assert set(read_in_database(key)) == {kept.pk}  # the document is back, unreadable
    assert doomed.pk in set(Document.objects.values_list("pk", flat=True))


def test_a_file_stored_and_shredded_while_sealed_is_never_read_and_goes_at_the_unlock(
    cases, lawyer, admin
) -> None:
    from django_tasks_db.models import DBTaskResult

    from objector.documents.models import ShreddedCase
    from objector.documents.tasks import extract_document, forget_pending
    from objector.persons.tasks import link_document

    mine, other = cases
    kept = _stored(other, lawyer)
    vault_close()
    try:  # the bot stores a file while sealed, then its sender deletes their request
        stored = document_store(
            content=ORDER.encode(), filename="t.txt", channel="telegram", by=None, case=mine
        )
        assert requests_shred(requests=[mine], by=None) == 1
    finally:
        vault_unlock(staff=admin, passphrase=PASSPHRASE)
    # Whatever reaches it first once unlocked (its extraction, a link) reads nothing of it. (The
    # unlock only queued the sweep in the database's task queue: no worker runs it here.)
    document = Document.objects.get(pk=stored.pk)
    documents_open([document])
    assert document.data_key is None and document.status == Document.Status.PENDING
    assert extract_document.call(stored.pk) == "done"  # returned at once: nothing read
    assert Document.objects.get(pk=stored.pk).status == Document.Status.PENDING
    assert link_document.call(stored.pk) == "gone"  # never extracted: nothing to link
    queued = DBTaskResult.objects.filter(task_path="objector.documents.tasks.forget_pending")
    assert queued.exists()  # the unlock queued the sweep of what was shredded while sealed
    assert forget_pending.call() == 1  # found by its tag now, and deleted
    assert list(Document.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not ShreddedCase.objects.exists()


def test_the_registry_read_after_the_unlock_passes_by_a_shredded_cases_order(
    cases, lawyer, admin, make_request
) -> None:
    from objector.persons.models import Mention
    from objector.persons.registry import REGISTRY
    from objector.persons.tasks import link_document, link_request

    mine, _ = cases
    doomed = _stored(mine, lawyer)
    assert link_document.call(doomed.pk) == "done"
    vault_close()
    try:
        assert requests_shred(requests=[mine], by=None) == 1
    finally:
        vault_unlock(staff=admin, passphrase=PASSPHRASE)
    REGISTRY.reset()  # as after the seal: the next link reads every linked mention again
    # Before the sweep deletes the order, a new request is linked: its mention is unreadable.
    later = make_request(name="Синтетов Пётр Сергеевич")
    assert link_request.call(later.pk) == "done"
    assert Mention.objects.filter(request=later).exists()
    extract_pending.call()
    assert not Document.objects.filter(pk=doomed.pk).exists()


@sqlite_only
def test_a_restore_that_stops_at_a_broken_audit_chain_still_shreds_again_and_seals(
    cases, lawyer, tmp_path, settings
) -> None:
    """Red team, round 12: a backup whose audit chain is broken is restored (the previous
    database moved aside) and then refused with an error; the restored database stayed in place
    with the cases shredded since whole (their secrets back: their documents readable with the
    private key) and the backup's sessions alive. Both are done before the error now."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.core.management.base import CommandError

    from objector.vault.models import AuditEntry

    settings.BACKUP_DIR = tmp_path / "backups"
    settings.SHRED_LOG = tmp_path / "shredded-requests"
    mine = cases[0]
    doomed = _stored(mine, lawyer)
    key = private_key()
    session = SessionStore()
    session["synthetic"] = 1
    session.create()
    first = AuditEntry.objects.order_by("seq").first()
    assert first is not None
    AuditEntry.objects.filter(seq=first.seq).update(prev_hash="f" * 64)  # the chain broken
    out = StringIO()
    call_command("backup", stdout=out)
    carried = tmp_path / "carried.backup"
    shutil.copyfile(Path(out.getvalue().strip()), carried)
    vault_close()
    assert requests_shred(requests=[mine], by=None) == 1

    passphrase = tmp_path / "passphrase"
    passphrase.write_text(PASSPHRASE)
    settings.VAULT_SOCKET = tmp_path / "no-key-holder.sock"
    database = Path(connection.settings_dict["NAME"])
    before = set(database.parent.glob(f"{database.name}.before-restore-*"))
    try:
        with pytest.raises(CommandError, match="audit chain is broken"):
            call_command("restore", str(carried), "--passphrase-file", str(passphrase))
    finally:
        for path in set(database.parent.glob(f"{database.name}.before-restore-*")) - before:
            path.unlink()
    restored = Request.objects.get(pk=mine.pk)
    assert restored.shredded_at is not None and bytes(restored.case_secret) == b""
    assert doomed.pk not in set(read_in_database(key))
    assert not Session.objects.exists()


@sqlite_only
def test_a_case_shredded_while_a_reader_holds_the_wal_leaves_no_secret_once_the_hour_comes(
    cases, lawyer, admin, tmp_path
) -> None:
    """Red team, round 12: the shredding folds the WAL in (wal_checkpoint(TRUNCATE)), but a
    reader on an older snapshot (a backup, a long page) makes that checkpoint give up, and
    nothing tried again: the case's secret stayed in the -wal file's older frames (whoever
    reads the frames, not the database, has it, and with the private key its documents). The
    hourly job, which runs while sealed, folds the WAL in whatever it shredded."""
    import sqlite3

    from objector.cases.tasks import shred_expired

    mine = cases[0]
    doomed = _stored(mine, lawyer)
    secret, key = _secret(mine), private_key()
    vault_close()
    reader = sqlite3.connect(connection.settings_dict["NAME"])
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM intake_request").fetchone()  # a snapshot held
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout=100")  # the checkpoint gives up at once
        try:
            assert requests_shred(requests=[mine], by=None) == 1
        finally:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA busy_timeout=20000")
        reader.rollback()
    finally:
        reader.close()
    try:
        shred_expired.call()  # the next hour: nothing expired
        copy = _copy_data_dir(tmp_path / "seized")
        for path in copy.parent.iterdir():  # first: opening the copy folds its WAL in
            assert secret not in path.read_bytes(), path.name
        assert doomed.pk not in set(read_in_copy(copy, key))
    finally:
        vault_unlock(staff=admin, passphrase=PASSPHRASE)


@sqlite_only
@pytest.mark.parametrize(
    "damage", [b"\xff\xfe\n", b"7 2026-12-0"], ids=["a bad byte", "a torn last line"]
)
def test_a_damaged_shred_log_stops_the_restore_before_anything_is_replaced(
    cases, lawyer, tmp_path, settings, damage
) -> None:
    """Red team, round 12: a bad byte in the shred log ended `objector restore` with a
    traceback, and a torn line (a write cut short) was skipped: the case it named, were the
    database being replaced damaged too, came back whole. Now either is refused, its line
    named, before the database is touched."""
    from django.core.management.base import CommandError

    settings.BACKUP_DIR = tmp_path / "backups"
    settings.SHRED_LOG = tmp_path / "shredded-requests"
    out = StringIO()
    call_command("backup", stdout=out)
    settings.SHRED_LOG.write_bytes(b"1 2026-12-01T10:00:00+00:00\n" + damage)
    passphrase = tmp_path / "passphrase"
    passphrase.write_text(PASSPHRASE)
    settings.VAULT_SOCKET = tmp_path / "no-key-holder.sock"
    database = Path(connection.settings_dict["NAME"])
    before = set(database.parent.glob(f"{database.name}.before-restore-*"))
    try:
        with pytest.raises(CommandError, match=r"shred log .* damaged at line 2"):
            call_command("restore", out.getvalue().strip(), "--passphrase-file", str(passphrase))
    finally:
        moved = set(database.parent.glob(f"{database.name}.before-restore-*")) - before
        for path in moved:
            path.unlink()
    assert not moved  # nothing replaced
    assert Request.objects.filter(pk=cases[0].pk).exists()


@sqlite_only
def test_a_shredding_that_commits_while_a_backup_is_taken_reaches_that_backup(
    cases, lawyer, tmp_path, settings, monkeypatch
) -> None:
    """Red team, round 12: the hourly backup's snapshot is taken, then encrypted, then its key
    stored; a shredding that committed meanwhile scrubbed the backups there were, not this one
    (no file yet, or a file whose key is not stored: "from elsewhere"), so the backup kept the
    case whole: its secret, and with the private key its documents (and its own sealed key)."""
    settings.BACKUP_DIR = tmp_path / "backups"
    mine, other = cases
    doomed, kept = _stored(mine, lawyer), _stored(other, lawyer)
    key = private_key()
    vault_close()
    encrypt = storage._encrypt_file

    def meanwhile(*args, **kwargs):  # the snapshot is taken; a shredding commits now
        monkeypatch.setattr(storage, "_encrypt_file", encrypt)
        assert requests_shred(requests=[mine], by=None) == 1
        encrypt(*args, **kwargs)

    monkeypatch.setattr(storage, "_encrypt_file", meanwhile)
    backup = storage.backup_create()
    restored = tmp_path / "restored.sqlite3"
    storage._decrypt_file(backup, restored, bytes(BackupKey.objects.get(name=backup.name).key))
    assert doomed.pk not in set(read_in_copy(restored, key))
    assert set(read_in_copy(restored, key)) == {kept.pk}
