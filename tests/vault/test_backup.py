"""Backups are encrypted: the file shows nothing, opens here with the key this server keeps, and
elsewhere only with an unlock passphrase; a damaged or truncated file is refused by name."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from objector.service import storage
from objector.vault.models import BackupKey
from tests.conftest import PASSPHRASE

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
        reason="pg_dump archives are tested by the restore drill's PostgreSQL twin",
    ),
]


@pytest.fixture
def backup(make_request, tmp_path, settings) -> tuple[Path, str]:
    settings.BACKUP_DIR = tmp_path / "backups"
    request = make_request()
    out = StringIO()
    call_command("backup", stdout=out)
    return Path(out.getvalue().strip()), request.reference


def test_a_backup_shows_nothing_without_its_key(backup, tmp_path) -> None:
    path, reference = backup
    blob = path.read_bytes()
    assert b"SQLite format 3" not in blob and reference.encode() not in blob
    assert path.stat().st_mode & 0o777 == 0o600
    plain = tmp_path / "plain.sqlite3"
    key = storage.backup_file_key(path, username=None, passphrase=None)
    storage._decrypt_file(path, plain, key)
    assert plain.read_bytes().startswith(b"SQLite format 3")
    assert reference.encode() in plain.read_bytes()


def test_a_backup_opens_elsewhere_only_with_an_unlock_passphrase(backup, tmp_path) -> None:
    path, _ = backup
    BackupKey.objects.all().delete()  # another machine: it never kept this backup's key
    with pytest.raises(storage.BackupError, match="passphrase"):
        storage.backup_file_key(path, username=None, passphrase=None)
    with pytest.raises(storage.BackupError, match="matches"):
        storage.backup_file_key(path, username="admin", passphrase="not it at all")  # noqa: S106 -- a wrong one, on purpose
    key = storage.backup_file_key(path, username="admin", passphrase=PASSPHRASE)
    storage._decrypt_file(path, tmp_path / "plain", key)


@pytest.mark.parametrize("damage", ["flip", "truncate", "header"])
def test_a_damaged_backup_is_refused(backup, tmp_path, damage) -> None:
    path, _ = backup
    key = storage.backup_file_key(path, username=None, passphrase=None)
    blob = bytearray(path.read_bytes())
    if damage == "flip":
        blob[len(blob) // 2] ^= 1
    elif damage == "truncate":
        blob = blob[: len(blob) - 100]
    else:
        blob[len(storage.MAGIC) + 10] ^= 1  # in the header, which every chunk is bound to
    path.write_bytes(bytes(blob))
    with pytest.raises(storage.BackupError, match="damaged"):
        storage._decrypt_file(path, tmp_path / "plain", key)
    assert not (tmp_path / "plain").exists()  # nothing half-written is left
