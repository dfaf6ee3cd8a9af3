"""Splitting symposia out of casegroups keeps what was recorded: the rows, the authors, the audit
entries and reminders that point at them (their content type), on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("casegroups", "0009_symposium_activity"), ("symposia", None)]
AFTER = [("symposia", "0002_alter_paper_table_alter_symposium_table")]


def _migrate(targets):
    """Migrate to ``targets``; the models as the applied migrations define them."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor = MigrationExecutor(connection)
    return executor._create_project_state(with_applied_migrations=True).apps


@pytest.mark.django_db(transaction=True)
def test_the_rows_history_and_content_types_move_with_the_models():
    old = _migrate(BEFORE)
    court = old.get_model("courts", "Court").objects.get(slug="jinshan")
    user = old.get_model("auth", "User").objects.create(username="fengxue")
    person = old.get_model("courts", "Person").objects.create(
        user=user, full_name="冯雪", court=court
    )
    symposium = old.get_model("casegroups", "Symposium").objects.create(
        title="第三届学术讨论会", year=2025, host_court=court, date="2025-10-16"
    )
    paper = old.get_model("casegroups", "Paper").objects.create(
        symposium=symposium, title="跨域立案协作", award="first"
    )
    paper.authors.add(person)
    content_types = old.get_model("contenttypes", "ContentType")
    paper_type, _ = content_types.objects.get_or_create(app_label="casegroups", model="paper")
    entry = old.get_model("auditlog", "LogEntry").objects.create(
        content_type=paper_type, object_pk=str(paper.pk), object_repr="跨域立案协作", action=0
    )

    new = _migrate(AFTER)
    moved = new.get_model("symposia", "Paper").objects.get(pk=paper.pk)
    assert (moved.title, moved.award, moved.symposium.title) == (
        "跨域立案协作",
        "first",
        "第三届学术讨论会",
    )
    assert [p.full_name for p in moved.authors.all()] == ["冯雪"]
    kept = new.get_model("auditlog", "LogEntry").objects.get(pk=entry.pk)
    assert (kept.content_type.app_label, kept.content_type.model) == ("symposia", "paper")
    tables = connection.introspection.table_names()
    assert {"symposia_symposium", "symposia_paper", "symposia_paper_authors"} <= set(tables)
    assert not {"casegroups_symposium", "casegroups_paper"} & set(tables)
