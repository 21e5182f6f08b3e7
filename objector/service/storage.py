"""Storage upkeep: WAL checkpoints, backups, and removing shredded cases from local backups."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from objector.cases.models import Deadline, Entry
from objector.intake.models import Request


class BackupError(Exception):
    pass


def wal_checkpoint() -> None:
    """Fold the write-ahead log into the database and empty it, so that rows just overwritten
    (with secure_delete, their freed pages zeroed) leave no older copy in the -wal file."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def backup_create(directory: Path | None = None) -> Path:
    """A consistent copy of the SQLite database, taken while the service runs (SQLite's online
    backup), readable only by this user. Personal data in it is sealed like the original.
    PostgreSQL deployments back up with pg_dump (README)."""
    if connection.vendor != "sqlite":
        raise BackupError(
            "this database is PostgreSQL: back it up with pg_dump (see README) / "
            "база данных PostgreSQL: делайте резервную копию через pg_dump (см. README)"
        )
    target_dir = directory or settings.BACKUP_DIR
    target_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S-%f")
    path = target_dir / f"objector-{stamp}.sqlite3"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    finally:
        target.close()
    return path


def backups_scrub(request_ids: Sequence[int], directory: Path | None = None) -> int:
    """Remove shredded requests from every local backup, as from the live database: their keys
    and ciphertexts are overwritten and the file vacuumed. Copies already taken off this machine
    are beyond reach: they expire with their own retention (README). Returns files scrubbed."""
    if not request_ids:
        return 0
    marks = ",".join("?" * len(request_ids))
    ids = list(request_ids)
    scrubbed = 0
    for path in sorted((directory or settings.BACKUP_DIR).glob("objector-*.sqlite3")):
        db = sqlite3.connect(path)
        try:
            db.execute("PRAGMA secure_delete=ON")
            with db:
                db.execute(
                    f"UPDATE {Request._meta.db_table} SET sealed_key=x'', receipt_key=x'', "  # noqa: S608 -- table names from models, values bound
                    f"personal_data=x'', name_index='', secret_hash='', "
                    f"shredded_at=COALESCE(shredded_at, ?) WHERE id IN ({marks})",
                    [timezone.now().isoformat(), *ids],
                )
                db.execute(
                    f"DELETE FROM {Entry._meta.db_table} "  # noqa: S608
                    f"WHERE request_id IN ({marks}) AND length(sealed) > 0",
                    ids,
                )
                db.execute(
                    f"DELETE FROM {Deadline._meta.db_table} WHERE request_id IN ({marks})",  # noqa: S608
                    ids,
                )
            db.execute("VACUUM")
            scrubbed += 1
        finally:
            db.close()
    return scrubbed
