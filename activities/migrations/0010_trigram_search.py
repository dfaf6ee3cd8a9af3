"""Text search over activities with trigram indexes (PostgreSQL only): the list's search is an
``icontains`` on title, place and agenda, which Django writes as ``UPPER(col::text) LIKE``; GIN
trigram indexes on exactly those expressions let PostgreSQL use them instead of reading every
row (a Chinese word over 50,000 activities)."""

from django.db import migrations

COLUMNS = ["title", "place", "agenda"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS activity_{column}_trgm_idx ON activities_activity "
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS activity_{column}_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [("activities", "0009_attendance_leave_open_idx")]

    operations = [migrations.RunPython(create, drop)]
