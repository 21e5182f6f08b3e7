"""The bot's receipt of a file keeps its request only sealed, with a keyed tag (round 11b): the
bot still stores the file on the case and tells the sender, and shredding the case still
removes its receipts: at once while unlocked, a waiting one at once while sealed too (its
source names the request under the bot's key), a stored one at the next unlock."""

from __future__ import annotations

import sqlite3
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from objector.cases.actions import requests_shred
from objector.documents.actions import case_documents, case_tags
from objector.documents.models import Document, ShreddedCase
from objector.documents.tasks import extract_pending
from objector.service import storage
from objector.telegram.actions import CHAT_ID_CONTEXT, attachment_requests, attachment_store
from objector.telegram.models import Attachment, Chat, Outbox
from objector.telegram.tasks import adopt_attachments
from objector.vault import crypto
from objector.vault.actions import vault_unlock
from objector.vault.models import BackupKey
from tests.conftest import PASSPHRASE, reopened, vault_close
from tests.extraction.files import minimal_pdf
from tests.telegram.receipts import queued

pytestmark = pytest.mark.django_db(transaction=True)

PDF = minimal_pdf("Synthetic order of unit 12345")


@pytest.fixture
def two(make_request):
    requests = [reopened(make_request(channel="telegram")) for _ in range(2)]
    chats = [
        Chat.objects.create(
            user_index=f"user-{r.pk}",
            request=r,
            chat_id_sealed=crypto.encrypt(r.key, str(9000 + r.pk), context=CHAT_ID_CONTEXT),
        )
        for r in requests
    ]
    return requests, chats


def _stored(request, chat) -> Attachment:
    attachment = queued(request, chat)
    attachment_store(attachment.pk, PDF)
    return Attachment.objects.get(pk=attachment.pk)


def test_a_stored_file_goes_to_its_case_and_its_receipt_names_the_request_sealed(two) -> None:
    (mine, _), (chat, _) = two
    receipt = _stored(mine, chat)
    assert receipt.status == "stored" and receipt.source == b""
    assert attachment_requests([receipt]) == {receipt.pk: mine.pk}
    assert len(case_documents([mine.pk])) == 1
    assert Outbox.objects.filter(chat=chat).count() == 1  # "file stored", to the sender's chat


def test_shredding_a_case_removes_its_receipts(two, coordinator) -> None:
    (mine, other), (chat, other_chat) = two
    doomed = [_stored(mine, chat), queued(mine, chat, "f2")]
    attachment_store(queued(mine, chat, "f3").pk, None, refusal="file_too_big")
    kept = [_stored(other, other_chat), queued(other, other_chat, "f4")]
    assert requests_shred(requests=[mine], by=coordinator) == 1
    assert not Attachment.objects.filter(pk__in=[a.pk for a in doomed]).exists()
    assert set(Attachment.objects.values_list("pk", flat=True)) == {a.pk for a in kept}


def test_a_case_shredded_while_sealed_loses_its_receipts_at_the_next_unlock(two, admin) -> None:
    (mine, other), (chat, other_chat) = two
    stored, waiting = _stored(mine, chat), queued(mine, chat, "f2")
    kept = _stored(other, other_chat)
    vault_close()
    try:
        assert requests_shred(requests=[mine], by=None) == 1  # retention runs while sealed
        assert not Attachment.objects.filter(pk=waiting.pk).exists()  # found by its source
        assert Attachment.objects.filter(pk=stored.pk).exists()  # by its tag: with the key
        assert ShreddedCase.objects.filter(case_pk=mine.pk).exists()
        extract_pending.call()  # the hourly sweep, still sealed: waits
        assert Attachment.objects.filter(pk=stored.pk).exists()
    finally:
        vault_unlock(staff=admin, passphrase=PASSPHRASE)
    extract_pending.call()  # the hourly sweep after the unlock
    assert list(Attachment.objects.values_list("pk", flat=True)) == [kept.pk]
    assert Document.objects.count() == 1 and not ShreddedCase.objects.exists()


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="scrubs the SQLite backups",
)
def test_shredding_removes_a_cases_receipts_from_the_backups(
    two, coordinator, admin, tmp_path, settings
) -> None:
    settings.BACKUP_DIR = tmp_path / "backups"
    (mine, other), (chat, other_chat) = two
    doomed = {_stored(mine, chat).pk, queued(mine, chat, "f2").pk}
    vault_close()
    try:  # one sent while sealed: not tagged yet in the backup
        doomed.add(_stored(mine, chat).pk)
    finally:
        vault_unlock(staff=admin, passphrase=PASSPHRASE)
    assert Attachment.objects.filter(request_tag=None).count() == 1
    kept = {_stored(other, other_chat).pk, queued(other, other_chat, "f3").pk}
    out = StringIO()
    call_command("backup", stdout=out)
    backup = Path(out.getvalue().strip())

    assert requests_shred(requests=[mine], by=coordinator) == 1

    plain = tmp_path / "opened.sqlite3"
    storage._decrypt_file(backup, plain, bytes(BackupKey.objects.get(name=backup.name).key))
    db = sqlite3.connect(plain)
    try:
        left = {pk for (pk,) in db.execute("SELECT id FROM telegram_attachment")}
    finally:
        db.close()
    assert left == kept and not doomed & left


def test_a_receipt_stored_while_sealed_is_tagged_by_the_hourly_sweep(two, admin) -> None:
    (mine, _), (chat, _) = two
    vault_close()
    try:
        receipt = _stored(mine, chat)  # the bot works while sealed
        assert receipt.status == "stored" and receipt.request_tag is None
        adopt_attachments.call()  # still sealed: waits
        assert Attachment.objects.get(pk=receipt.pk).request_tag is None
    finally:
        vault_unlock(staff=admin, passphrase=PASSPHRASE)
    adopt_attachments.call()
    assert Attachment.objects.get(pk=receipt.pk).request_tag == case_tags([mine.pk])[0]
