"""Issue #13: a flood of receipt guesses must not take intake's fsyncs, and the refusal path
after the per-address limit writes nothing."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from objector.vault.models import Attempt

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("admin")]


def _synchronous() -> int:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        return int(cursor.fetchone()[0])


def _guess(address: str):
    return Client().post(
        "/intake/status",
        {"reference": "2345-6789", "secret": "ABCD-EFGH-JKMN-PQRS"},
        REMOTE_ADDR=address,
    )


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's fsync per commit")
def test_a_wrong_receipt_is_counted_without_an_fsync_and_durability_comes_back() -> None:
    seen: list[tuple[str, int]] = []

    def watch(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        if sql.lstrip().upper().startswith(("INSERT", "DELETE")):
            with connection.cursor() as cursor:  # the pragma on the same connection
                cursor.execute("PRAGMA synchronous")
                seen.append((sql.split()[0].upper(), int(cursor.fetchone()[0])))
        return execute(sql, params, many, context)

    assert _synchronous() == 2  # FULL
    with connection.execute_wrapper(watch):
        assert _guess("203.0.113.5").status_code == 403
    assert ("INSERT", 1) in seen  # NORMAL: atomic, not waited for on disk
    assert _synchronous() == 2  # every later commit waits for the disk again
    assert Attempt.objects.count() == 1


def test_a_flood_of_guesses_from_one_address_is_refused_without_writing() -> None:
    for _ in range(30):
        assert _guess("203.0.113.6").status_code == 403
    writes: list[str] = []

    def watch(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            writes.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        for _ in range(20):
            refused = _guess("203.0.113.6")
            assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert writes == []
    assert Attempt.objects.count() == 30
    # Another address is not slowed.
    assert _guess("198.51.100.9").status_code == 403
