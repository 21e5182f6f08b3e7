# Round 10's red team: a person's row moved (`updated_at`) whenever a mention joined it, so in
# a copy of the disk the persons moved at an order's linking were, through a request's clear
# mention, the requests whose subjects the order names. A person's row now moves only on a
# merge or a split (which the audit chain records anyway); the old moves are forgotten here
# (secure_delete overwrites them; documents.receivers folds the WAL in after migrating).

from typing import Any

from django.db import migrations, models


def forget(apps: Any, schema_editor: Any) -> None:
    apps.get_model("persons", "Person").objects.update(updated_at=models.F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("persons", "0005_document_mentions_person_sealed"),
    ]

    operations = [
        migrations.RunPython(forget, migrations.RunPython.noop),
    ]
