"""The activity search through core.search's gram index (PostgreSQL only), in place of the
trigram indexes of 0010, which could not serve a two-character Chinese word."""

from django.db import migrations

from activities.search import SEARCH_COLUMNS

TABLE = "activities_activity"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from core.search import gram_index_sql

    for column in ["title", "place", "agenda"]:
        schema_editor.execute(f"DROP INDEX IF EXISTS activity_{column}_trgm_idx")
    schema_editor.execute(gram_index_sql("activity_search_grams_idx", TABLE, SEARCH_COLUMNS))


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS activity_search_grams_idx")


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0011_list_indexes"),
        ("core", "0006_search_grams"),
    ]

    operations = [migrations.RunPython(create, drop)]
