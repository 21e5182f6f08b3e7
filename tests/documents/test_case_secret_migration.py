"""Round 12's migration: every case not shredded gets a secret of its own (none shared, none for
a shredded one), and a document stored on a case before is bound to it by the hourly sweep at
the next unlock, opening as before."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from objector.cases.actions import requests_shred
from objector.documents.actions import documents_open
from objector.documents.models import CONTENT_CONTEXT, META_CONTEXT, Document
from objector.documents.tasks import extract_pending
from objector.intake.models import Request
from objector.vault import crypto
from objector.vault.keys import data_key_new, public_key_read

ROUND_11 = [
    ("intake", "0005_queue_sort_indexes"),
    ("documents", "0004_document_case_sealed_and_tagged"),
]
FILE = "ПРИКАЗ № 7\n".encode()


@pytest.mark.django_db(transaction=True)
def test_each_case_gets_its_own_secret_and_its_documents_are_bound_once_unlocked(
    make_request, coordinator
) -> None:
    cases = [make_request(), make_request()]
    shredded = make_request()
    requests_shred(requests=[shredded], by=coordinator)
    executor = MigrationExecutor(connection)
    executor.migrate(ROUND_11)
    old = executor.loader.project_state(ROUND_11).apps
    key, sealed = data_key_new()
    case_sealed = crypto.seal(int(cases[0].pk).to_bytes(crypto.KEY_BYTES, "big"), public_key_read())
    document = old.get_model("documents", "Document").objects.create(
        case_sealed=case_sealed,
        case_tag=None,
        channel="web",
        size=0,
        mime="text/plain",
        status="extracted",
        sealed_key=sealed,
        content=crypto.encrypt_bytes(key, FILE, context=CONTENT_CONTEXT),
        meta=crypto.encrypt(key, json.dumps({"filename": "o.txt"}), context=META_CONTEXT),
    )

    call_command("migrate", verbosity=0)  # as an upgrade runs it

    secrets = dict(Request.objects.values_list("pk", "case_secret"))
    live = [bytes(secrets[c.pk]) for c in cases]
    assert all(len(s) == 32 for s in live) and live[0] != live[1]
    assert bytes(secrets[shredded.pk]) == b""
    assert bytes(Document.objects.get(pk=document.pk).key_box) == b""  # bound once unlocked

    extract_pending.call()  # the hourly sweep, unlocked

    bound = Document.objects.get(pk=document.pk)
    assert bound.key_box and bytes(bound.sealed_key) != sealed
    documents_open([bound])
    assert bound.key == key and bound.file() == FILE
    assert make_request().case_secret not in live  # a new case: a new secret
