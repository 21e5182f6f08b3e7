# Round 12: each case gets its own secret (Request.case_secret), which a document's data key is
# wrapped under beside the organisation's key (documents.models.Document.key_box), so that
# shredding a case, even while the vault is sealed, leaves its documents unreadable at once.
# Every request not shredded gets a fresh random secret here (one per row: a field's default
# would give every existing row the same one); a shredded request gets none. The documents
# stored before keep their key sealed to the organisation alone until the worker wraps them
# under their case's secret at the next unlock (documents.actions.documents_bound): their case
# is sealed, so only the key finds it.

import secrets
from typing import Any

from django.db import migrations, models

import objector.intake.models


def fill(apps: Any, schema_editor: Any) -> None:
    Request = apps.get_model("intake", "Request")
    live = list(Request.objects.filter(shredded_at=None).only("pk"))
    for request in live:
        request.case_secret = secrets.token_bytes(32)
    Request.objects.bulk_update(live, ["case_secret"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0005_queue_sort_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="request",
            name="case_secret",
            field=models.BinaryField(default=b""),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="request",
            name="case_secret",
            field=models.BinaryField(default=objector.intake.models.new_case_secret),
        ),
    ]
