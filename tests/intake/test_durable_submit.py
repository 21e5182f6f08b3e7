"""Issue #13: the final submit holds SQLite's write lock only for its INSERTs and COMMIT, and
waits for the disk after releasing it, before the receipt is shown. Since round 6 the
submissions waiting are committed together, one fsync for all of them (group commit)."""

from __future__ import annotations

import os
import re
import sqlite3
import threading
import time

import pytest
from django.db import connection, connections
from django.test import Client

from objector.intake.models import Request
from tests.intake.test_web_intake import fill

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("admin"),
]
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's fsync per commit")


def _synchronous() -> int:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        return int(cursor.fetchone()[0])


@sqlite_only
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
    with connection.execute_wrapper(watch):  # a lone submission commits on its own thread
        done = client.post("/intake/review", {"idempotency_key": key})
    assert done.status_code == 302 and done["Location"] == "/intake/receipt"
    assert Request.objects.count() == 1
    inserts = [e for e in events if e[0] == "INSERT"]
    assert inserts and all(level == 1 for _, level in inserts)  # NORMAL under the lock
    synced = [e for e in events if e[0] == "fsync"]
    assert len(synced) == 1 and str(synced[0][1]).endswith("-wal")
    assert events.index(synced[0]) > events.index(inserts[-1])  # after the commit
    assert _synchronous() == 2  # FULL again for everything else on this connection


@sqlite_only
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
    assert Request.objects.count() == 0


def _reviewed(lang: str = "ru") -> tuple[Client, str]:
    client = Client()
    fill(client, lang)
    review = client.get("/intake/review").content.decode()
    return client, re.search(r'name="idempotency_key" value="([^"]+)"', review)[1]


@sqlite_only
def test_submissions_waiting_together_share_one_fsync_and_none_is_acknowledged_before_it(
    monkeypatch,
) -> None:
    """Eight people submit at once while the disk is slow: their rows are committed in fewer
    fsyncs than submissions, and each receipt comes only after an fsync that began once its
    row was committed."""
    browsers = [_reviewed() for _ in range(8)]
    database = connection.settings_dict["NAME"]
    synced: list[tuple[float, set[str]]] = []  # (when the fsync returned, the rows it covers)
    real_fsync = os.fsync

    def slow_fsync(fd: int) -> None:
        with sqlite3.connect(database) as reader:  # what is committed when the fsync begins
            covered = {r for (r,) in reader.execute("SELECT reference FROM intake_request")}
        time.sleep(0.15)
        real_fsync(fd)
        synced.append((time.monotonic(), covered))

    monkeypatch.setattr(os, "fsync", slow_fsync)
    acknowledged: list[tuple[float, str]] = []
    start = threading.Barrier(len(browsers))

    def submit(client: Client, key: str) -> None:
        try:
            start.wait()
            done = client.post("/intake/review", {"idempotency_key": key})
            at = time.monotonic()
            assert done.status_code == 302 and done["Location"] == "/intake/receipt"
            page = client.get("/intake/receipt").content.decode()
            acknowledged.append((at, re.search(r'id="reference">([^<]+)<', page)[1]))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=browser) for browser in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert len(acknowledged) == len(browsers) == Request.objects.count()
    assert len(synced) < len(browsers)  # several submissions per fsync
    for at, reference in acknowledged:
        assert any(done <= at and reference in covered for done, covered in synced), reference


def test_a_repeated_submission_in_the_same_batch_fails_alone() -> None:
    """A double click lands in the same batch as its first click and as someone else's
    submission: one request each, and every caller gets its receipt (SQLite and PostgreSQL)."""
    first, key = _reviewed()
    other, other_key = _reviewed("en")
    results: list[str] = []

    def submit(client: Client, idempotency_key: str) -> None:
        try:
            done = client.post("/intake/review", {"idempotency_key": idempotency_key})
            results.append(done["Location"])
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=submit, args=(first, key)),
        threading.Thread(target=submit, args=(first, key)),
        threading.Thread(target=submit, args=(other, other_key)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert results == ["/intake/receipt"] * 3
    assert Request.objects.count() == 2
