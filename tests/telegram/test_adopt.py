"""Files the bot stored before the evidence store existed move into it once the vault is open."""

from __future__ import annotations

import pytest

from objector.documents.actions import case_seal, documents_cases, documents_open
from objector.documents.models import Document
from objector.telegram.actions import ATTACHMENT_CONTEXT, attachments_adopt
from objector.telegram.models import Attachment
from objector.vault import crypto
from objector.vault.keys import VaultSealed
from tests.conftest import reopened, vault_close

pytestmark = pytest.mark.django_db

ORDER = "ПРИКАЗ\nрядового Синтетова Петра Сергеевича\n".encode()


def _legacy(request, content: bytes) -> Attachment:
    key = reopened(request).key
    return Attachment.objects.create(
        request_sealed=case_seal(request.pk),
        status=Attachment.Status.STORED,
        mime="text/plain",
        size=len(content),
        content=crypto.encrypt_bytes(key, content, context=ATTACHMENT_CONTEXT),
    )


def test_it_moves_a_legacy_file_into_the_evidence_store(make_request) -> None:
    request = make_request(channel="telegram")
    attachment = _legacy(request, ORDER)
    assert attachments_adopt() == 1
    attachment.refresh_from_db()
    document = Document.objects.get()
    assert document.channel == "telegram"
    assert documents_cases([document]) == {document.pk: request.pk}
    assert attachment.content == b""
    documents_open([document])
    assert document.file() == ORDER
    assert attachments_adopt() == 0  # done once


def test_it_keeps_a_legacy_file_the_store_refuses(make_request) -> None:
    attachment = _legacy(make_request(channel="telegram"), b"%PDF-1.4 broken")
    attachments_adopt()
    attachment.refresh_from_db()
    assert not Document.objects.exists() and attachment.content != b""
    assert attachment.error == "adopt:malformed"
    assert attachments_adopt() == 0  # not tried again


def test_it_waits_while_the_vault_is_sealed(make_request) -> None:
    _legacy(make_request(channel="telegram"), ORDER)
    vault_close()
    with pytest.raises(VaultSealed):
        attachments_adopt()
    assert not Document.objects.exists()
