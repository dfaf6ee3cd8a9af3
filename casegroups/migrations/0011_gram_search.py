"""The search box's gram index (core.search, PostgreSQL only) on a case's number, cause, summary and conclusions."""

from django.db import migrations

from casegroups.search import SEARCH_COLUMNS

TABLE = "casegroups_studycase"
INDEX = "study_case_search_grams_idx"


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
        ("casegroups", "0010_symposia_moved_out"),
        ("core", "0006_search_grams"),
    ]

    operations = [migrations.RunPython(create, drop)]
