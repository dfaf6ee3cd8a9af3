"""Symposia and papers moved to their own app (symposia/): the models leave this app's state;
their tables stay and become symposia's (symposia 0001), with their rows, history and files."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("casegroups", "0009_symposium_activity"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="symposium", name="activity"),
                migrations.RemoveField(model_name="symposium", name="host_court"),
                migrations.DeleteModel(name="Paper"),
                migrations.DeleteModel(name="Symposium"),
            ],
            database_operations=[],
        ),
    ]
