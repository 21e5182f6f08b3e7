"""The embedded default's SQLite settings hold on every connection Django opens."""

from __future__ import annotations

import os
import sqlite3

import pytest
from django.db import connection, transaction

from .cli import objector

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite pragmas; this run is on PostgreSQL"
)


def pragma(name: str) -> object:
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA {name}")
        return cursor.fetchone()[0]


@sqlite_only
@pytest.mark.django_db
def test_it_runs_sqlite_in_wal_with_full_sync_and_secure_delete() -> None:
    assert pragma("journal_mode") == "wal"
    assert pragma("synchronous") == 2  # FULL
    assert pragma("secure_delete") == 1
    assert pragma("foreign_keys") == 1
    assert pragma("busy_timeout") == 20000
    assert pragma("journal_size_limit") == 4 * 1024 * 1024  # the -wal is cut back


@sqlite_only
def test_the_database_files_are_for_the_service_user_only(tmp_path) -> None:
    """Made under a permissive umask, the database and its log are still 0600 (and a file left
    0644 by an older version is tightened at start-up, as is a data directory others could
    list)."""
    data = tmp_path / "data"
    data.mkdir(mode=0o755)  # made by hand before the first start (round 11's red team)
    data.chmod(0o755)
    (data / "objector.sqlite3-shm").write_bytes(b"")
    (data / "objector.sqlite3-shm").chmod(0o644)
    env = {**os.environ, "OBJECTOR_DATA_DIR": str(data)}
    old = os.umask(0o022)
    try:
        done = objector("migrate", "-v0", env=env)
    finally:
        os.umask(old)
    assert done.returncode == 0, done.stderr
    made = [p for p in data.iterdir() if p.name.startswith("objector.sqlite3")]
    assert made
    for path in [*made, data / "secret_key"]:
        assert path.stat().st_mode & 0o777 == 0o600, path
    assert data.stat().st_mode & 0o777 == 0o700  # no other user may list it


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_it_takes_the_write_lock_when_a_transaction_begins() -> None:
    # IMMEDIATE: a transaction holds the write lock from BEGIN, before it writes anything, so a
    # second writer waits on the busy timeout instead of failing later on a lock upgrade.
    name = connection.settings_dict["NAME"]
    other = sqlite3.connect(name, timeout=0, isolation_level=None)
    try:
        with transaction.atomic():
            pragma("user_version")  # a read only
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    finally:
        other.close()


@pytest.mark.django_db
def test_it_answers_health_checks(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "lang", "words"),
    [("", "ru", "Защищённая юридическая помощь"), ("?lang=en", "en", "Secure legal aid")],
)
def test_it_serves_the_start_page_in_russian_first(client, query, lang, words) -> None:
    response = client.get("/" + query)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert words in html
