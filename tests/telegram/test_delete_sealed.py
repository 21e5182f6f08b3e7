"""A requester's `/delete` while the vault is sealed (round 12): the files they sent the bot are
unreadable at once, though only the key finds them to delete them, at the next unlock."""

from __future__ import annotations

import pytest

from objector.documents.models import Document
from objector.documents.tasks import extract_pending
from objector.intake.models import Request
from objector.telegram.scripted import SAMPLE_ANSWERS, FakeUser
from objector.vault.actions import vault_unlock
from tests.conftest import PASSPHRASE, vault_close
from tests.documents.attacker import private_key, read_in_database
from tests.extraction.files import minimal_pdf

from .conftest import drive

pytestmark = pytest.mark.django_db(transaction=True)

PDF = minimal_pdf("Synthetic order of the commander of unit 12345")


def test_delete_while_sealed_leaves_the_files_sent_unreadable_at_once(fake_api, bot) -> None:
    async def send(user: FakeUser) -> str:
        reference, _ = await user.complete_intake(SAMPLE_ANSWERS)
        await user.send_file("document", PDF, mime="application/pdf", name="order.pdf")
        await user.until(lambda m: "Файл сохранён" in m["text"])
        return reference

    reference = drive(fake_api, send, 509)
    document = Document.objects.get()
    key = private_key()
    assert document.key_box and set(read_in_database(key)) == {document.pk}
    vault_close()

    async def delete(user: FakeUser) -> None:
        await user.poll(0)  # past what the chat already shows
        await user.say("/delete")
        confirm = await user.until(lambda m: "Стереть" in m["text"])
        await user.tap(confirm, "x:yes")
        await user.until(lambda m: m["text"].startswith("Стёрто"))

    drive(fake_api, delete, 509)
    request = Request.objects.get(reference=reference)
    assert request.shredded_at is not None and bytes(request.case_secret) == b""
    # Still there (which case it is on is sealed, found only with the key), but unreadable:
    # the private key opens its share, never its key.
    assert Document.objects.filter(pk=document.pk).exists()
    assert read_in_database(key) == {}
    vault_unlock(staff=bot, passphrase=PASSPHRASE)
    extract_pending.call()  # the sweep after the unlock deletes it
    assert not Document.objects.exists()


def test_a_file_fetched_as_its_request_is_shredded_is_not_stored(make_request) -> None:
    from objector.telegram.actions import attachment_store
    from tests.conftest import reopened
    from tests.telegram.receipts import queued

    request = reopened(make_request(channel="telegram"))
    waiting = queued(request, None)
    # The shredding commits between the bot's reading of the receipt and its storing the file
    # (its receipt would be gone too): the case's secret is gone, so nothing is stored on it.
    Request.objects.filter(pk=request.pk).update(case_secret=b"")
    attachment_store(waiting.pk, PDF)
    assert not Document.objects.exists()
