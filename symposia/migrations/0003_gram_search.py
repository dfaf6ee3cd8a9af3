"""The search box's gram index (core.search, PostgreSQL only) on a paper's title and abstract."""

from django.db import migrations

from symposia.search import SEARCH_COLUMNS

TABLE = "symposia_paper"
INDEX = "paper_search_grams_idx"


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
        ("symposia", "0002_alter_paper_table_alter_symposium_table"),
        ("core", "0006_search_grams"),
    ]

    operations = [migrations.RunPython(create, drop)]
