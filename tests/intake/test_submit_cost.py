"""Issue #13, round 8: the final submit's INSERTs are built once per process (service/rows.py),
and the organisation's public key is kept per process as a guess checked inside the write
transaction (vault/keys.py). Through the real view and real SQLite (or PostgreSQL)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.db.models.sql.compiler import SQLInsertCompiler
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from objector.accounts.actions import organisation_setup
from objector.accounts.models import Organisation, Staff
from objector.cases.models import Deadline
from objector.intake.actions import request_create
from objector.intake.models import Request
from objector.service import rows
from objector.vault import crypto, keyholder
from objector.vault.actions import private_key_unwrap, vault_seal
from objector.vault.keys import data_keys_open
from tests.conftest import AWOL, PASSPHRASE, PASSWORD
from tests.intake.test_web_intake import fill

pytestmark = [pytest.mark.django_db(transaction=True)]


def _submit(client: Client) -> None:
    review = client.get("/intake/review").content.decode()
    key = re.search(r'name="idempotency_key" value="([^"]+)"', review)[1]  # type: ignore[index]
    done = client.post("/intake/review", {"idempotency_key": key})
    assert done.status_code == 302 and done["Location"] == "/intake/receipt"


def _create(name: str) -> Request:
    created, _secret = request_create(
        answers=AWOL, channel="web", language="ru", idempotency_key=name, today=date(2026, 11, 20)
    )
    return created


def test_the_submit_builds_no_insert_through_the_orm_compiler(admin: Staff, monkeypatch) -> None:
    _submit(fill_client())  # the first in this process may build the statements
    built: list[str] = []
    real = SQLInsertCompiler.as_sql

    def counted(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[no-untyped-def]
        built.append(self.query.model._meta.db_table)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(SQLInsertCompiler, "as_sql", counted)
    with CaptureQueriesContext(connection) as queries:
        _submit(fill_client())
        with_deadlines = _create("with deadlines")
    assert built == []  # main: the request, its deadlines and its link task, each compiled anew
    inserts = [q["sql"] for q in queries.captured_queries if "INSERT INTO" in q["sql"]]
    assert len(inserts) == 5  # a request and its task twice, and the deadlines once
    # What the rows hold: each request with its deadlines and its link task, all committed.
    assert Request.objects.count() == 3
    assert Deadline.objects.filter(request=with_deadlines).exists()
    for request in Request.objects.all():
        assert DBTaskResult.objects.filter(args_kwargs__args=[request.pk]).count() == 1


def fill_client() -> Client:
    client = Client()
    fill(client)
    return client


def _columns(obj: Any, skip: set[str]) -> dict[str, Any]:
    row = type(obj).objects.filter(pk=obj.pk).values().get()
    return {
        k: (bytes(v) if isinstance(v, memoryview) else v) for k, v in row.items() if k not in skip
    }


def test_a_row_stored_by_rows_is_the_row_create_stores(admin: Staff) -> None:
    """Field for field, defaults, JSON, binary, dates and the generated column included."""
    values: dict[str, Any] = {
        "secret_hash": "a" * 64,
        "channel": "web",
        "categories": ["awol", "abroad"],
        "category_bits": 5,
        "urgency": "high",
        "urgency_rank": 1,
        "sealed_key": b"\x00sealed\xff",
        "personal_data": b"\x01personal",
    }
    by_orm = Request.objects.create(reference="ORM1-0001", idempotency_key="o" * 64, **values)
    mine = rows.insert(Request(reference="ROW1-0001", idempotency_key="r" * 64, **values))
    assert mine.pk is not None and mine.pk != by_orm.pk
    assert mine.triage_key == Request.objects.get(pk=mine.pk).triage_key  # returned, generated
    skip = {"id", "reference", "idempotency_key", "created_at", "updated_at", "case_secret"}
    assert _columns(mine, skip) == _columns(by_orm, skip)
    secrets = [bytes(Request.objects.get(pk=r.pk).case_secret) for r in (mine, by_orm)]
    assert [len(s) for s in secrets] == [32, 32] and secrets[0] != secrets[1]  # each its own

    task = rows.insert(DBTaskResult(args_kwargs={"args": [1], "kwargs": {}}, task_path="x.y"))
    ormed = DBTaskResult.objects.create(args_kwargs={"args": [1], "kwargs": {}}, task_path="x.y")
    skip = {"id", "enqueued_at"}
    assert _columns(task, skip) == _columns(ormed, skip)
    assert task.enqueued_at is not None  # auto_now_add, through the field's own pre_save

    due = date(2026, 12, 1)
    rows.insert_all([Deadline(request=mine, kind="k", due=due, basis="b", source="engine")] * 2)
    Deadline.objects.bulk_create(
        [Deadline(request=by_orm, kind="k", due=due, basis="b", source="engine")] * 2
    )
    assert [_columns(d, {"id", "request_id"}) for d in Deadline.objects.filter(request=mine)] == [
        _columns(d, {"id", "request_id"}) for d in Deadline.objects.filter(request=by_orm)
    ]


def _opens_with(request: Request, private_key: bytes) -> bool:
    try:
        crypto.unseal(bytes(request.sealed_key), private_key)
    except Exception:  # sealed to another key
        return False
    return True


def test_a_new_setup_is_sealed_to_at_once_though_the_process_kept_the_old_key(
    admin: Staff,
) -> None:
    """The process's guess of the public key is stale after a new setup (as after a restore of
    another database, or a test's rolled-back organisation): nothing is stored sealed to it."""
    old_private = private_key_unwrap(staff=admin, passphrase=PASSPHRASE)
    assert _opens_with(_create("before"), old_private)  # the guess is now the old key
    Request.objects.all().delete()
    Organisation.objects.all().delete()
    Staff.objects.all().delete()
    again = organisation_setup(
        name="Synthetic Legal Aid", username="admin", password=PASSWORD, passphrase=PASSPHRASE
    )
    new_private = private_key_unwrap(staff=again, passphrase=PASSPHRASE)
    with CaptureQueriesContext(connection) as queries:
        created = _create("after")
    assert _opens_with(created, new_private) and not _opens_with(created, old_private)
    assert Request.objects.count() == 1
    # The stale guess cost one rolled-back try: no INSERT of it was committed.
    assert (
        sum(q["sql"].startswith('INSERT INTO "intake_request"') for q in queries.captured_queries)
        == 1
    )


def test_the_key_kept_across_a_seal_seals_requests_staff_open_after_the_unlock(
    admin: Staff, keyholder_path
) -> None:
    _create("warm")
    vault_seal(staff=admin)
    created = _create("while sealed")  # intake works while the vault is sealed
    private_key = private_key_unwrap(staff=admin, passphrase=PASSPHRASE)
    keyholder.ask(keyholder_path, {"op": "unlock", "private_key": private_key.hex()})
    assert data_keys_open([bytes(created.sealed_key)]) == [created.data_key]


def test_a_key_changed_under_a_running_process_is_not_sealed_to(admin: Staff) -> None:
    """Another process (a restore, a setup) writes the organisation's row: the check reads the
    database itself, not anything this process was told."""
    _create("warm")
    public, private = crypto.generate_keypair()
    with connection.cursor() as cursor:  # no signal, no ORM: as another process's write
        cursor.execute("UPDATE accounts_organisation SET public_key = %s", [public])
    created = _create("after")
    assert _opens_with(created, private)
