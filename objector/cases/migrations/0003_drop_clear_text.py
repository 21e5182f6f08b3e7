from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_sealed_fields"), ("intake", "0004_sealed_personal_data")]

    operations = [
        migrations.RemoveField(model_name="deadline", name="label"),
        migrations.RemoveField(model_name="entry", name="text"),
    ]
