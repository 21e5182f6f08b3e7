from typing import Any

from django.db import migrations

from objector.stats.triggers import install, remove


def triggers(apps: Any, schema_editor: Any) -> None:
    # The summary's triggers now delete a row whose count falls to 0 or below (one at 0 kept a
    # shredded request's day and columns). Put back, they are missing, so install() rebuilds the
    # summary from the requests, which also drops the rows left at 0 before.
    remove(schema_editor.connection, summary_only=True)
    install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        # Pinned, not "__latest__" (which moves with every new intake migration and then makes a
        # database migrated before refuse to migrate): what it resolved to in round 11.
        ("intake", "0005_queue_sort_indexes"),
        ("stats", "0004_summary_counts"),
    ]

    operations = [migrations.RunPython(triggers, migrations.RunPython.noop)]
