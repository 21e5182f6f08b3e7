"""Requests stored in the clear before the vault was wired in are sealed by the migration, and
nothing is lost: each decrypts to what it held, and its receipt still opens it."""

from __future__ import annotations

import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from objector.cases.models import Entry
from objector.intake.actions import request_by_receipt, secret_hash
from objector.intake.models import Request
from objector.vault import crypto

# The receipt secret as the migration derived it for requests made before it.
receipt_secret = importlib.import_module(
    "objector.intake.migrations.0004_sealed_personal_data"
)._secret

BEFORE = [
    ("accounts", "0003_seal_epoch"),
    ("intake", "0003_triage_key"),
    ("cases", "0001_timeline_deadlines_templates"),
]


@pytest.mark.django_db(transaction=True)
def test_the_migration_seals_requests_stored_in_the_clear() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    public_key, private_key = crypto.generate_keypair()
    old.get_model("accounts", "Organisation").objects.create(
        name="Synthetic Legal Aid", public_key=public_key
    )
    facts = {"role": "self", "events": []}
    request = old.get_model("intake", "Request").objects.create(
        reference="AAAA-BBBB",
        secret_hash=secret_hash(receipt_secret("synthetic-idempotency-key")),
        idempotency_key="synthetic-idempotency-key",
        channel="web",
        urgency="normal",
        urgency_rank=2,
        facts=facts,
        assessment={"urgency": "normal"},
        name="Синтетический Старый",
        story="Синтетическая история",
        contact_method="email",
        contact="old@example.org",
    )
    old.get_model("cases", "Entry").objects.create(
        request_id=request.pk, kind="note", text="Синтетическая заметка"
    )
    old.get_model("cases", "Deadline").objects.create(
        request_id=request.pk, kind="manual", due="2027-01-01", source="manual", label="Суд"
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    sealed = Request.objects.get(pk=request.pk)
    assert sealed.idempotency_key != "synthetic-idempotency-key"  # only its hash remains
    sealed.open(crypto.unseal(bytes(sealed.sealed_key), private_key))
    assert sealed.personal["name"] == "Синтетический Старый"
    assert sealed.personal["contact"] == "old@example.org" and sealed.facts == facts
    entry = Entry.objects.get(request=sealed)
    entry.open(sealed.key)
    assert entry.text == "Синтетическая заметка"
    assert sealed.deadlines.get().label(sealed.key) == "Суд"
    # The receipt the requester holds still opens it.
    again = request_by_receipt(
        reference="AAAA-BBBB", secret=receipt_secret("synthetic-idempotency-key")
    )
    assert again is not None and again.personal["story"] == "Синтетическая история"
