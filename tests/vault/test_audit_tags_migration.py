"""Round 11's audit tags were one per object and action (a view named by a clear row named every
view of its object): migration vault 0009 forgets them, nothing of them is left on the disk, the
write-ahead log included, and the next unlock tags each entry with a tag of its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from objector.vault.audit import audit_record, chain_verify, entries_of
from objector.vault.keys import blind_indexes
from objector.vault.models import AuditEntry
from tests.conftest import PASSPHRASE, vault_close

BEFORE = [("vault", "0008_audit_objects_sealed")]


def _files() -> list[Path]:
    if connection.vendor != "sqlite":
        return []
    name = Path(connection.settings_dict["NAME"])
    return [Path(f"{name}{s}") for s in ("", "-wal") if Path(f"{name}{s}").exists()]


@pytest.mark.django_db(transaction=True)
def test_tags_shared_by_an_objects_views_are_forgotten_and_made_per_entry(admin) -> None:
    from objector.vault.actions import vault_unlock

    for _ in range(3):  # a case viewed three times, as round 11 tagged it
        audit_record(actor=admin, action="view", object_type="request", object_id=5)
    views = list(AuditEntry.objects.filter(object_type="request").order_by("seq"))
    [old] = blind_indexes([("vault.audit_object", "request\x1fview\x1f5")])  # round 11's tag
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    AuditEntry.objects.filter(seq__in=[v.seq for v in views]).update(object_tag=old)
    if connection.vendor == "sqlite":
        assert old.encode() in b"".join(f.read_bytes() for f in _files())

    vault_close()  # the upgrade runs sealed (the service stopped)
    call_command("migrate", verbosity=0)  # as an upgrade runs it (post_migrate included)

    for path in _files():  # nothing of the old tag on the disk, the write-ahead log included
        assert old.encode() not in path.read_bytes(), path.name
    assert not AuditEntry.objects.filter(object_tag=old).exists()
    assert set(
        AuditEntry.objects.filter(object_type="request").values_list("object_tag", flat=True)
    ) == {""}
    assert chain_verify() == []  # the tag is outside the MAC
    vault_unlock(staff=admin, passphrase=PASSPHRASE)
    assert [e.seq for e in entries_of("request", 5)] == [v.seq for v in views]
    tags = set(
        AuditEntry.objects.filter(object_type="request").values_list("object_tag", flat=True)
    )
    assert len(tags) == len(views) and "" not in tags and old not in tags
    assert chain_verify() == []
