"""The search box's gram index (core.search, PostgreSQL only) on a session's title, topic, trainer and venue."""

from django.db import migrations

from training.search import SEARCH_COLUMNS

TABLE = "training_trainingsession"
INDEX = "training_session_search_grams_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from core.search import gram_index_sql

    schema_editor.execute(gram_index_sql(INDEX, TABLE, SEARCH_COLUMNS))


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0003_trainer_organisation_and_field_names"),
        ("core", "0006_search_grams"),
    ]

    operations = [migrations.RunPython(create, drop)]
