"""When a case was concluded: the month the dashboard counts it in. Cases concluded before this
field existed take the time of their last change (for a concluded case, usually the conclusion
itself or a later edit of its texts)."""

from django.db import migrations, models
from django.db.models import F


def backfill(apps, schema_editor):
    StudyCase = apps.get_model("casegroups", "StudyCase")
    StudyCase.objects.filter(status="concluded").update(concluded_at=F("updated_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("casegroups", "0011_gram_search"),
    ]

    operations = [
        migrations.AddField(
            model_name="studycase",
            name="concluded_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="concluded at"
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
