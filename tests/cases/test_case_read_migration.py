"""Read marks kept before round 11 (r11b-caseread) named their case in the clear beside the
moment it was opened: the migration forgets them (every reply shows as new once), nothing of
them is left on the disk, the write-ahead log included, and the marks work again at once."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from objector.cases.models import CaseRead

BEFORE = [("cases", "0004_queue_words_reads_saved_views")]
STATS = ("stats", "0005_summary_rows_at_zero_deleted")
SEEN = datetime(2031, 7, 19, 11, 22, 33, 444555, tzinfo=UTC)  # a moment no other row holds


@pytest.mark.django_db(transaction=True)
def test_read_marks_kept_before_are_forgotten_and_work_again(replied, lawyer, client_for) -> None:
    made = replied
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    # As on a database deployed before: the statistics' migrations stay applied (stats 0002
    # depended on cases' "__latest__", which made such a database refuse cases 0005).
    assert STATS in MigrationRecorder(connection).applied_migrations()
    old.get_model("cases", "CaseRead").objects.create(
        staff_id=lawyer.pk, request_id=made.pk, seen_at=SEEN
    )
    sqlite = connection.vendor == "sqlite"
    name = Path(connection.settings_dict["NAME"])
    files = [Path(f"{name}{s}") for s in ("", "-wal") if sqlite and Path(f"{name}{s}").exists()]
    if sqlite:  # SQLite stores the moment as text
        assert b"2031-07-19 11:22:33.444555" in b"".join(f.read_bytes() for f in files)

    call_command("migrate", verbosity=0)  # as an upgrade runs it (post_migrate included)

    for path in files:  # nothing of the old mark on the disk, the write-ahead log included
        assert b"2031-07-19 11:22:33" not in path.read_bytes(), path.name
    with connection.cursor() as cursor:
        columns = {
            c.name for c in connection.introspection.get_table_description(cursor, "cases_caseread")
        }
        related = connection.introspection.get_relations(cursor, "cases_caseread")
    assert "request_id" not in columns and "case_tag" in columns
    assert "intake_request" not in {r[1] for r in related.values()}  # no clear join
    assert not CaseRead.objects.exists()  # forgotten: the reply shows as new once
    client = client_for(lawyer)
    assert f'id="unread-{made.reference}"' in client.get("/staff/queue").content.decode()
    assert client.get(f"/staff/cases/{made.pk}").status_code == 200
    page = client.get("/staff/queue").content.decode()
    assert not re.search(rf'id="unread-{made.reference}"', page)


def test_a_backup_taken_before_loses_the_read_marks_of_shredded_cases(tmp_path) -> None:
    """A backup's scrubbing (service.storage._scrub_sqlite) deletes the old clear marks of the
    shredded cases; a backup taken since keeps only tags, tied to no case, and is left as is."""
    import sqlite3

    from objector.service.storage import _caseread_scrub

    old = sqlite3.connect(tmp_path / "old.sqlite3")
    old.execute("CREATE TABLE cases_caseread (id, staff_id, request_id, seen_at)")
    old.executemany("INSERT INTO cases_caseread VALUES (?, 1, ?, 'x')", [(1, 7), (2, 8)])
    _caseread_scrub(old, [7])
    assert [r for (r,) in old.execute("SELECT request_id FROM cases_caseread")] == [8]
    new = sqlite3.connect(tmp_path / "new.sqlite3")
    new.execute("CREATE TABLE cases_caseread (id, staff_id, case_tag, seen_at)")
    new.execute("INSERT INTO cases_caseread VALUES (1, 1, ?, 'x')", ["a" * 32])
    _caseread_scrub(new, [7])
    assert new.execute("SELECT count(*) FROM cases_caseread").fetchone() == (1,)
