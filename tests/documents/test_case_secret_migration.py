"""Round 12's migration: every case not shredded gets a secret of its own (none shared, none for
a shredded one), and a document stored on a case before is bound to it by the hourly sweep at
the next unlock, opening as before."""

from __future__ import annotations

import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
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
from tests.conftest import PASSPHRASE

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


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="restores a SQLite backup",
)
@pytest.mark.django_db(transaction=True)
def test_a_backup_of_round_11_restored_has_its_shredded_cases_shredded_again(
    make_request, coordinator, tmp_path, settings
) -> None:
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.SHRED_LOG = tmp_path / "shredded-requests"
    mine, other = make_request(), make_request()
    executor = MigrationExecutor(connection)
    executor.migrate(ROUND_11)  # the version before: no case secret
    out = StringIO()
    call_command("backup", stdout=out)
    carried = tmp_path / "carried.backup"
    shutil.copyfile(Path(out.getvalue().strip()), carried)
    call_command("migrate", verbosity=0)

    assert requests_shred(requests=[mine], by=coordinator) == 1  # scrubs round 11's backup too

    passphrase = tmp_path / "passphrase"
    passphrase.write_text(PASSPHRASE)
    settings.VAULT_SOCKET = tmp_path / "no-key-holder.sock"  # the service stopped
    database = Path(connection.settings_dict["NAME"])
    before = set(database.parent.glob(f"{database.name}.before-restore-*"))
    try:
        call_command("restore", str(carried), "--passphrase-file", str(passphrase), stdout=out)
    finally:
        for path in set(database.parent.glob(f"{database.name}.before-restore-*")) - before:
            path.unlink()
    assert "of which 1 shredded since were shredded again" in out.getvalue()
    rows = dict(Request.objects.values_list("pk", "case_secret"))  # brought forward
    assert bytes(rows[mine.pk]) == b"" and len(bytes(rows[other.pk])) == 32
    assert Request.objects.get(pk=mine.pk).shredded_at is not None
