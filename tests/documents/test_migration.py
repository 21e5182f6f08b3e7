"""A document stored before round 10 (hash in the clear, persons' places in the clear, their
name indexes and blocks equal to requests'): the migrations forget what tied it to requests,
and the hourly sweeps, once unlocked, index it afresh; nothing it showed is lost."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from objector.documents.actions import documents_open
from objector.documents.models import (
    CONTENT_CONTEXT,
    CONTENT_INDEX,
    META_CONTEXT,
    PERSON_CONTEXT,
    PERSON_NAME_INDEX,
    Document,
    DocumentPerson,
)
from objector.documents.tasks import extract_pending
from objector.intake.models import NAME_INDEX
from objector.persons.models import Mention
from objector.persons.tasks import link_pending
from objector.vault import crypto
from objector.vault.keys import blind_indexes, data_key_new

BEFORE = [
    ("documents", "0001_evidence"),
    ("persons", "0001_initial"),
    ("telegram", "0002_attachment_document"),
]
FILE = "ПРИКАЗ № 7\n".encode()
NAMES = [("Первов", "Иван", "Ильич"), ("Вторых", "Пётр", "Олегович"), ("Третьяков", "Олег", "")]


def _file_columns(key: bytes, sealed: bytes) -> dict[str, Any]:
    """The columns of FILE stored as a text file, as every version of Document keeps them."""
    return {
        "size": len(FILE),
        "mime": "text/plain",
        "pages": 1,
        "status": "extracted",
        "sealed_key": sealed,
        "content": crypto.encrypt_bytes(key, FILE, context=CONTENT_CONTEXT),
    }


@pytest.mark.django_db(transaction=True)
def test_a_document_stored_before_round_10_is_sealed_anew(admin) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    key, sealed = data_key_new()
    digest = hashlib.sha256(FILE).hexdigest()
    document = old.get_model("documents", "Document").objects.create(
        channel="bulk",
        sha256=digest,
        **_file_columns(key, sealed),
        meta=crypto.encrypt(
            key, json.dumps({"filename": "o.txt", "extraction": {}}), context=META_CONTEXT
        ),
    )
    person = old.get_model("persons", "Person").objects.create()
    for i, (last, first, middle) in enumerate(NAMES):
        values = {"role": "subject", "last": last, "first": first, "middle": middle}
        values |= {"initials_only": False, "mentions": []}
        [index] = blind_indexes([(NAME_INDEX, f"{last} {first} {middle}".strip())])
        row = old.get_model("documents", "DocumentPerson").objects.create(
            document=document,
            position=i,
            data=crypto.encrypt(key, json.dumps(values), context=PERSON_CONTEXT),
            name_index=index,
        )
        old.get_model("persons", "Mention").objects.create(
            person=person, source="document", document=document, document_person=row, block="b" * 32
        )

    call_command("migrate", verbosity=0)  # as an upgrade runs it (post_migrate included)

    # Nothing of the old hash left on the disk, the write-ahead log included.
    name = Path(connection.settings_dict["NAME"])
    for suffix in ("", "-wal"):
        if Path(f"{name}{suffix}").exists():
            assert digest.encode() not in Path(f"{name}{suffix}").read_bytes(), suffix

    with connection.cursor() as cursor:
        columns = {
            c.name
            for c in connection.introspection.get_table_description(cursor, "documents_document")
        }
    assert "sha256" not in columns
    assert set(DocumentPerson.objects.values_list("name_index", flat=True)) == {None}
    assert set(Mention.objects.values_list("block", flat=True)) == {""}

    extract_pending.call()
    assert link_pending.call() == 0
    stored = Document.objects.get(pk=document.pk)
    assert [stored.content_index] == blind_indexes([(CONTENT_INDEX, digest)])
    documents_open([stored])
    assert stored.sha256() == digest  # from the file itself: the old meta had none
    in_order = stored.persons_in_order()  # old rows: in their ids' order, as they were stored
    assert [v["last"] for _, v in in_order] == [n[0] for n in NAMES]
    full = [" ".join(p for p in n if p) for n in NAMES]
    assert [p.name_index for p, _ in in_order] == blind_indexes(
        [(PERSON_NAME_INDEX, n) for n in full]
    )
    assert all(
        len(b) == 32 and b != "b" * 32 for b in Mention.objects.values_list("block", flat=True)
    )


ROUND_10 = [("documents", "0003_person_name_index_own_purpose")]


@pytest.mark.django_db(transaction=True)
def test_a_document_on_a_case_before_round_11_has_its_case_sealed(
    coordinator, make_request, client_for
) -> None:
    from objector.documents.actions import case_documents, documents_cases

    case = make_request()
    executor = MigrationExecutor(connection)
    executor.migrate(ROUND_10)
    old = executor.loader.project_state(ROUND_10).apps
    key, sealed = data_key_new()

    def stored(on_case: int | None) -> int:
        return int(
            old.get_model("documents", "Document")
            .objects.create(
                case_id=on_case,
                channel="web" if on_case else "bulk",
                **_file_columns(key, sealed),
                meta=crypto.encrypt(key, json.dumps({"filename": "o.txt"}), context=META_CONTEXT),
            )
            .pk
        )

    on_case, bulk = stored(case.pk), stored(None)

    call_command("migrate", verbosity=0)  # as an upgrade runs it (post_migrate included)

    with connection.cursor() as cursor:
        columns = {
            c.name
            for c in connection.introspection.get_table_description(cursor, "documents_document")
        }
        related = connection.introspection.get_relations(cursor, "documents_document")
    assert "case_id" not in columns and "case_sealed" in columns
    assert "intake_request" not in {r[1] for r in related.values()}  # no clear join
    moved = Document.objects.get(pk=on_case)
    assert moved.case_tag is None and len(bytes(moved.case_sealed)) == 80  # a sealed data key's
    assert Document.objects.get(pk=bulk).case_tag == ""
    assert documents_cases([moved]) == {on_case: case.pk}  # opened with the private key

    extract_pending.call()  # the hourly sweep once unlocked tags it
    assert len(Document.objects.get(pk=on_case).case_tag or "") == 32
    assert case_documents([case.pk]) == [on_case]
    page = client_for(coordinator).get(f"/staff/cases/{case.pk}")
    assert f'href="/staff/documents/{on_case}"' in page.content.decode()
