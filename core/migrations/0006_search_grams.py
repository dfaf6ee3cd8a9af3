"""The SQL function behind core.search (PostgreSQL only): a text's characters and pairs."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from core.search import GRAMS_FUNCTION

    schema_editor.execute(GRAMS_FUNCTION)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS jpj_grams(text)")


class Migration(migrations.Migration):
    dependencies = [("core", "0005_list_indexes")]

    operations = [migrations.RunPython(create, drop)]
