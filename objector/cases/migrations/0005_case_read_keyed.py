# Round 11 (r11b-caseread): which case a staff member opened is no longer in the clear beside
# the moment they opened it (`CaseRead.request`, with `seen_at`, named the case of that view's
# audit entry, whose id the audit chain keeps sealed). The case is now a keyed tag of the staff
# member and the case (`case_tag`), which needs the key-holder's index key: a migration does not
# have it, so the read marks kept so far are dropped, and every requester message shows as
# unread once, until each case is opened again. secure_delete overwrites the deleted rows' pages;
# documents.receivers folds the WAL in after migrating.

from typing import Any

from django.conf import settings
from django.db import migrations, models


def forget(apps: Any, schema_editor: Any) -> None:
    apps.get_model("cases", "CaseRead").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_queue_words_reads_saved_views"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(forget, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="caseread",
            name="case_read_once",
        ),
        migrations.RemoveField(
            model_name="caseread",
            name="request",
        ),
        migrations.AddField(
            model_name="caseread",
            name="case_tag",
            field=models.CharField(default="", max_length=32),
            preserve_default=False,
        ),
        migrations.AddConstraint(
            model_name="caseread",
            constraint=models.UniqueConstraint(
                fields=("staff", "case_tag"), name="case_read_once_by_tag"
            ),
        ),
    ]
