"""Issue #13: the final submit holds SQLite's write lock only for its INSERTs and COMMIT, and
waits for the disk after releasing it, before the receipt is shown."""

from __future__ import annotations

import os
import re

import pytest
from django.db import connection
from django.test import Client

from objector.intake.models import Request
from tests.intake.test_web_intake import fill

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("admin"),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's fsync per commit"),
]


def _synchronous() -> int:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        return int(cursor.fetchone()[0])


def test_the_submission_is_synced_after_the_lock_and_before_the_receipt(monkeypatch) -> None:
    client = Client()
    fill(client)
    review = client.get("/intake/review").content.decode()
    key = re.search(r'name="idempotency_key" value="([^"]+)"', review)[1]
    events: list[tuple[str, object]] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def watch(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        head = sql.lstrip().split()[0].upper()
        if head in ("INSERT", "COMMIT"):
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA synchronous")
                events.append((head, int(cursor.fetchone()[0])))
        return execute(sql, params, many, context)

    monkeypatch.setattr(os, "fsync", fsync)
    with connection.execute_wrapper(watch):
        done = client.post("/intake/review", {"idempotency_key": key})
    assert done.status_code == 302 and done["Location"] == "/intake/receipt"
    assert Request.objects.count() == 1
    inserts = [e for e in events if e[0] == "INSERT"]
    assert inserts and all(level == 1 for _, level in inserts)  # NORMAL under the lock
    synced = [e for e in events if e[0] == "fsync"]
    assert len(synced) == 1 and str(synced[0][1]).endswith("-wal")
    assert events.index(synced[0]) > events.index(inserts[-1])  # after the commit
    assert _synchronous() == 2  # FULL again for everything else on this connection


def test_a_failed_submission_leaves_the_connection_durable(monkeypatch) -> None:
    client = Client()
    fill(client)
    review = client.get("/intake/review").content.decode()
    key = re.search(r'name="idempotency_key" value="([^"]+)"', review)[1]

    def broken(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(Request.objects, "create", broken)
    with pytest.raises(RuntimeError):
        client.post("/intake/review", {"idempotency_key": key})
    assert _synchronous() == 2
