# Round 10: a document's mentions' surname blocks are keyed apart from the requests'
# (registry.DOCUMENT_BLOCK), so that equal blocks in a copy of the disk no longer tie an order's
# names to requests. The old values are forgotten here (secure_delete overwrites them); the
# worker's hourly link_pending keys them afresh once the vault is unlocked.

from typing import Any

from django.db import migrations


def forget(apps: Any, schema_editor: Any) -> None:
    apps.get_model("persons", "Mention").objects.filter(source="document").update(block="")


class Migration(migrations.Migration):
    dependencies = [
        ("persons", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forget, migrations.RunPython.noop),
    ]
