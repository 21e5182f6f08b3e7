from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_timeline_deadlines_templates")]

    operations = [
        migrations.AddField(
            model_name="deadline", name="label_sealed", field=models.BinaryField(default=b"")
        ),
        migrations.AddField(
            model_name="entry", name="sealed", field=models.BinaryField(default=b"")
        ),
    ]
