"""A document mention's uncertain neighbour gets a keyed tag (`Mention.near_tag`), so that the
worker finds the mentions near a person by index when it re-homes it (`actions._fresh`), not by
opening every sealed blob. The tag needs the registry's key, which a migration never has: rows
sealed before are marked UNTAGGED ("?") here and tagged by the worker at the next unlock
(`actions.registry_seal`, from link_pending); `_fresh` opens the untagged ones meanwhile."""

from typing import Any

from django.db import migrations, models


def mark_untagged(apps: Any, schema_editor: Any) -> None:
    Mention = apps.get_model("persons", "Mention")
    Mention.objects.exclude(sealed=b"").update(near_tag="?")


class Migration(migrations.Migration):
    dependencies = [
        ("persons", "0007_forgetting"),
    ]

    operations = [
        migrations.AddField(
            model_name="mention",
            name="near_tag",
            field=models.CharField(blank=True, db_index=True, max_length=32),
        ),
        migrations.RunPython(mark_untagged, migrations.RunPython.noop),
    ]
