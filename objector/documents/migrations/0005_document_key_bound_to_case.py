# Round 12: a document on a case has its data key wrapped under its case's secret as well as
# the organisation's key (Document.key_box; intake's 0006 gives every case its secret). Rows
# stored before keep an empty `key_box` (their `sealed_key` is the data key itself) until the
# worker wraps them at the next unlock (documents.actions.documents_bound): which case a
# document is on is sealed, and only the key opens it.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0004_document_case_sealed_and_tagged"),
        ("intake", "0006_request_case_secret"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="key_box",
            field=models.BinaryField(blank=True, default=b""),
        ),
    ]
