# Round 12 (r12-timing): an audit entry's tag is its own (a keyed hash of its `seq` under its
# object's key), where round 11's was one tag per object and action, so a case page's view named
# by the clear `cases.Entry` of the note written a moment before named every view of the case.
# The new tags need the key-holder's index key, which a migration does not have: the old tags
# are forgotten here and the hourly `vault.audit.tags_fill` (or the first `objector audit show
# --object`) computes the new ones at the next unlock, within the worker's budget of keys (one
# opened an entry: 30,000 a minute; only entries written since round 11 are sealed; until an
# entry is tagged, `show --object` does not list it). The tag is an index outside the chain's
# MAC, so `verify` is unchanged. secure_delete overwrites the old values' pages (the rows' and
# the index's); documents.receivers folds the WAL in after migrating.

from typing import Any

from django.db import migrations


def forget(apps: Any, schema_editor: Any) -> None:
    entries = apps.get_model("vault", "AuditEntry").objects
    entries.exclude(object_tag="").update(object_tag="")


class Migration(migrations.Migration):
    dependencies = [
        ("vault", "0008_audit_objects_sealed"),
    ]

    operations = [
        migrations.RunPython(forget, migrations.RunPython.noop),
    ]
