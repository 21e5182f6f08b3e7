"""Issue #13: a flood of receipt guesses must not take intake's fsyncs, and the refusal path
after the per-address limit writes nothing."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.db import connection
from django.test import Client

from objector.vault import throttle

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


def test_a_wrong_receipt_writes_nothing_to_the_main_database() -> None:
    """A flood of guesses takes no turn at the main database's write lock, which intake's
    submits need: the count goes to the throttle's own file."""
    writes: list[str] = []

    def watch(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            writes.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        assert _guess("203.0.113.5").status_code == 403
    assert writes == []
    assert throttle.counted("receipt") == 1


def test_the_limit_is_one_for_the_whole_server_not_per_worker_process(settings) -> None:
    """Guesses counted by another process (another gunicorn worker) count here too: N workers
    do not give an attacker N times the guesses."""
    script = (
        "import django; django.setup()\n"
        "from objector.vault import throttle\n"
        "for _ in range(30): throttle.failed('receipt', address='203.0.113.8')\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "objector.settings"}
    env["OBJECTOR_DATA_DIR"] = str(settings.DATA_DIR)
    env["OBJECTOR_SECRET_KEY"] = settings.SECRET_KEY
    subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=60)  # noqa: S603
    refused = _guess("203.0.113.8")
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert _guess("203.0.113.9").status_code == 403


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
    assert throttle.counted() == 30
    # Another address is not slowed.
    assert _guess("198.51.100.9").status_code == 403


def test_a_torn_throttle_file_is_rebuilt_not_a_server_error(settings) -> None:
    """The throttle's file is written with synchronous=OFF: after a power cut it may be torn.
    It holds only counts that expire, so a sign-in or a receipt check must still be answered."""
    throttle.failed("receipt", address="203.0.113.10")
    throttle._local.__dict__.clear()  # a worker started after the crash
    path = settings.DATA_DIR / throttle.STORE
    for suffix in ("-wal", "-shm"):
        (settings.DATA_DIR / (throttle.STORE + suffix)).unlink(missing_ok=True)
    path.write_bytes(b"SQLite format 3\x00" + os.urandom(4096))
    assert _guess("203.0.113.11").status_code == 403
    assert throttle.counted("receipt") == 1
