"""Receipts of files sent to the bot before round 11b (request, chat and document in the clear):
the migration seals their request, keeps a waiting one's ids in its source and drops the clear
columns; the bot, the adoption of legacy files and shredding work on them as on new ones."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from objector.cases.actions import requests_shred
from objector.documents.actions import case_documents
from objector.telegram.actions import (
    ATTACHMENT_CONTEXT,
    attachment_requests,
    attachment_store,
    attachments_adopt,
)
from objector.telegram.keys import SOURCE_CONTEXT, box_key
from objector.telegram.models import Attachment
from objector.vault import crypto
from tests.conftest import reopened
from tests.extraction.files import minimal_pdf

BEFORE = [("telegram", "0004_attachment_size_forgotten")]


@pytest.mark.django_db(transaction=True)
def test_receipts_before_round_11b_have_their_request_sealed(make_request, coordinator) -> None:
    case = reopened(make_request(channel="telegram"))
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    chat = old.get_model("telegram", "Chat").objects.create(user_index="u", request_id=case.pk)
    made = old.get_model("telegram", "Attachment").objects
    stored = made.create(request_id=case.pk, chat_id=chat.pk, status="stored", mime="x/y")
    source = {"file_id": "f1", "data_key": case.key.hex()}
    waiting = made.create(
        request_id=case.pk,
        chat_id=chat.pk,
        source=crypto.encrypt(box_key(), json.dumps(source), context=SOURCE_CONTEXT),
    )
    legacy = made.create(
        request_id=case.pk,
        status="stored",
        mime="text/plain",
        content=crypto.encrypt_bytes(case.key, b"legacy", context=ATTACHMENT_CONTEXT),
    )

    call_command("migrate", verbosity=0)  # as an upgrade runs it (post_migrate included)

    with connection.cursor() as cursor:
        table = "telegram_attachment"
        columns = {c.name for c in connection.introspection.get_table_description(cursor, table)}
        related = connection.introspection.get_relations(cursor, table)
    assert not {"request_id", "chat_id", "document_id"} & columns and not related
    rows = list(Attachment.objects.order_by("pk"))
    assert [r.pk for r in rows] == [stored.pk, waiting.pk, legacy.pk]
    assert all(r.request_tag is None and len(bytes(r.request_sealed)) == 80 for r in rows)
    assert attachment_requests(rows) == {r.pk: case.pk for r in rows}
    opened = json.loads(crypto.decrypt(box_key(), bytes(rows[1].source), context=SOURCE_CONTEXT))
    assert (opened["request"], opened["chat"], opened["file_id"]) == (case.pk, chat.pk, "f1")

    attachment_store(waiting.pk, minimal_pdf("Synthetic order"))  # the bot fetched it
    assert attachments_adopt() == 1  # the legacy file moves into the evidence store
    assert len(case_documents([case.pk])) == 2
    assert requests_shred(requests=[case], by=coordinator) == 1
    assert not Attachment.objects.exists()
