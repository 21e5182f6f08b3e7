"""A joint claim drafted from an order keeps neither the order nor the cases it names in the
clear (round 11c): both are sealed beside keyed tags (filings.models). Shredding a named case
while sealed, deleting the order, a backup's scrubbing and the claims the migration sealed all
find them by those tags."""

from __future__ import annotations

import sqlite3
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from objector.cases.actions import request_assign, requests_shred
from objector.documents.actions import (
    case_tags,
    document_extract,
    document_store,
    documents_forget_pending,
)
from objector.documents.models import Document
from objector.filings import actions
from objector.filings.access import access_draft
from objector.filings.models import Draft, DraftCase
from objector.filings.tasks import draft_tags_filled
from objector.service import storage
from objector.vault.actions import vault_unlock
from objector.vault.models import BackupKey
from tests.conftest import PASSPHRASE, vault_close
from tests.filings.test_app import DISMISSED, ORDER


def _order(coordinator) -> Document:  # type: ignore[no-untyped-def]
    stored = document_store(
        content=ORDER.encode(), filename="order.txt", channel="bulk", by=coordinator
    )
    document_extract(document=Document.objects.get(pk=stored.pk))
    return Document.objects.get(pk=stored.pk)


def _joint(client, order: Document) -> Draft:  # type: ignore[no-untyped-def]
    """A joint claim drafted through the order's page, for every person it names."""
    persons = actions.order_persons(order)
    response = client.post(
        f"/staff/documents/{order.pk}/joint-claim/draft",
        {
            "chosen": [p["pk"] for p in persons],
            **{f"item_{p['pk']}": str(i + 1) for i, p in enumerate(persons)},
        },
    )
    assert response.status_code == 302, response.text[:500]
    return Draft.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))


@pytest.mark.django_db
def test_a_joint_claim_naming_a_case_shredded_while_sealed_goes_at_the_next_unlock(
    make_request, coordinator, admin, client_for
) -> None:
    named = make_request(**{**DISMISSED, "name": "Синтетов Пётр Сергеевич"})
    client = client_for(coordinator)
    order = _order(coordinator)
    draft = _joint(client, order)
    assert list(draft.named.values_list("case_tag", flat=True)) == case_tags([named.pk])
    vault_close()
    try:
        # Sealed, the claim's page says so (its order opens only with the key).
        assert client.get(f"/staff/filings/{draft.pk}").status_code == 503
        requests_shred(requests=[named], by=coordinator)
        assert Draft.objects.filter(pk=draft.pk).exists()  # only the key finds it
    finally:
        vault_unlock(staff=admin, passphrase=PASSPHRASE)
    documents_forget_pending()  # at the next unlock (the hourly sweep, the documents' pages)
    assert not Draft.objects.filter(pk=draft.pk).exists()
    assert not DraftCase.objects.exists()


@pytest.mark.django_db
def test_deleting_the_order_takes_its_joint_claims_and_no_case_draft(
    make_request, coordinator, lawyer, client_for
) -> None:
    make_request(**{**DISMISSED, "name": "Синтетов Пётр Сергеевич"})
    case = make_request(**DISMISSED)
    request_assign(request=case, lawyer=lawyer, by=coordinator)
    own = actions.draft_create(
        case=case, kind="claim_dismissal", inputs={}, by=lawyer, today=date(2026, 11, 20)
    )
    assert own.document_tag == "" and not own.named.exists()  # no tag row: its case is clear
    order = _order(coordinator)
    joint = [_joint(client_for(coordinator), order) for _ in range(2)]
    assert [d.version for d in joint] == [1, 2]
    page = client_for(coordinator).get(f"/staff/filings/{joint[1].pk}").text
    assert page.count('href="/staff/filings/') >= 2  # the versions of this claim
    Document.objects.get(pk=order.pk).delete()
    assert list(Draft.objects.all()) == [own]


@pytest.mark.django_db
def test_a_joint_claim_the_migration_sealed_is_tagged_and_found(
    make_request, coordinator, admin, client_for
) -> None:
    named = make_request(**{**DISMISSED, "name": "Синтетов Пётр Сергеевич"})
    client = client_for(coordinator)
    order = _order(coordinator)
    draft = _joint(client, order)
    # As the migration leaves them: sealed, not yet tagged.
    Draft.objects.filter(pk=draft.pk).update(document_tag=None)
    DraftCase.objects.update(case_tag=None)
    vault_close()
    try:
        assert draft_tags_filled.call() == 0  # the hourly sweep waits while sealed
    finally:
        vault_unlock(staff=admin, passphrase=PASSPHRASE)
    assert draft_tags_filled.call() == 2  # the claim's order and its named case
    assert not Draft.objects.filter(document_tag=None).exists()
    Draft.objects.filter(pk=draft.pk).update(document_tag=None)
    joint = client.get(f"/staff/documents/{order.pk}/joint-claim").text
    assert f'href="/staff/filings/{draft.pk}"' in joint
    assert Draft.objects.get(pk=draft.pk).document_tag == actions.document_tags([order.pk])[0]
    DraftCase.objects.update(case_tag=None)
    requests_shred(requests=[named], by=coordinator)
    assert not Draft.objects.filter(pk=draft.pk).exists()


@pytest.mark.parametrize("tagged", [True, False])
@pytest.mark.django_db(transaction=True)
def test_a_backup_loses_the_joint_claims_naming_a_shredded_case(
    make_request, coordinator, client_for, tmp_path, settings, tagged
) -> None:
    """By the tags; or, backed up before they were computed (as the migration leaves them),
    by opening the sealed ids while unlocked."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL is backed up with pg_dump")
    settings.BACKUP_DIR = tmp_path / "backups"
    named = make_request(**{**DISMISSED, "name": "Синтетов Пётр Сергеевич"})
    order = _order(coordinator)
    draft = _joint(client_for(coordinator), order)
    if not tagged:
        Draft.objects.filter(pk=draft.pk).update(document_tag=None)
        DraftCase.objects.update(case_tag=None)
    out = StringIO()
    call_command("backup", stdout=out)
    backup = Path(out.getvalue().strip())
    requests_shred(requests=[named], by=coordinator)
    plain = tmp_path / "plain.sqlite3"
    storage._decrypt_file(backup, plain, bytes(BackupKey.objects.get(name=backup.name).key))
    db = sqlite3.connect(plain)
    try:
        assert db.execute("SELECT id FROM filings_draft").fetchall() == []
        assert db.execute("SELECT count(*) FROM filings_draftcase").fetchone() == (0,)
    finally:
        db.close()
    assert not Draft.objects.filter(pk=draft.pk).exists()


BEFORE = [("filings", "0001_drafts")]


@pytest.mark.django_db(transaction=True)
def test_joint_claims_before_round_11c_have_their_order_and_cases_sealed(
    make_request, coordinator, lawyer
) -> None:
    named = make_request(**{**DISMISSED, "name": "Синтетов Пётр Сергеевич"})
    case = make_request(**DISMISSED)
    order = _order(coordinator)
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("filings", "Draft")
    blank = {"template_version": "1", "template_sha256": "0" * 64, "created_by_id": lawyer.pk}
    own = old.objects.create(case_id=case.pk, kind="claim_dismissal", version=1, **blank)
    own.cases_named.set([case.pk])
    joint = old.objects.create(
        document_id=order.pk, kind="claim_dismissal_joint", version=1, **blank
    )
    joint.cases_named.set([named.pk])

    call_command("migrate", verbosity=0)  # as an upgrade runs it (post_migrate included)

    with connection.cursor() as cursor:
        columns = {
            c.name for c in connection.introspection.get_table_description(cursor, "filings_draft")
        }
        tables = set(connection.introspection.table_names(cursor))
    assert "document_id" not in columns and "filings_draft_cases_named" not in tables
    rows = {d.pk: d for d in Draft.objects.all()}
    assert rows[own.pk].document_tag == "" and not rows[own.pk].named.exists()
    assert rows[joint.pk].document_tag is None and len(bytes(rows[joint.pk].document_sealed)) == 80
    assert [r.case_tag for r in DraftCase.objects.all()] == [None]
    assert access_draft(coordinator, joint.pk).document_pk == order.pk
    # Opening it tagged what the migration sealed (the claim's order and its named case).
    assert [r.case_tag for r in DraftCase.objects.all()] == case_tags([named.pk])
    assert actions.draft_tags_fill() == 0
    assert list(actions.document_drafts(order.pk)) == [Draft.objects.get(pk=joint.pk)]
    requests_shred(requests=[named], by=coordinator)
    assert list(Draft.objects.all()) == [Draft.objects.get(pk=own.pk)]
