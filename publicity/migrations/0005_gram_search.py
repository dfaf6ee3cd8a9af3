"""The search box's gram index (core.search, PostgreSQL only) on the items' title, summary and body."""

from django.db import migrations

from publicity.search import SEARCH_COLUMNS

TABLE = "publicity_publicityitem"
INDEX = "publicity_item_search_grams_idx"


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
        ("publicity", "0004_field_names"),
        ("core", "0006_search_grams"),
    ]

    operations = [migrations.RunPython(create, drop)]
