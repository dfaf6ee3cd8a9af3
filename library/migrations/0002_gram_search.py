"""The search's gram index (core.search, PostgreSQL only) on the resources' title, description
and the text of their latest file."""

from django.db import migrations

from core.search import gram_index_operation
from library.search import SEARCH_COLUMNS


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0001_initial"),
        ("core", "0006_search_grams"),
    ]

    operations = [
        gram_index_operation("library_resource_search_grams_idx", "library_resource", SEARCH_COLUMNS)
    ]
