"""docker-compose.yml cannot run here (no Docker engine): check what it names."""

from pathlib import Path

import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_production_stack_has_every_service():
    assert set(COMPOSE["services"]) == {"postgres", "redis", "web", "worker", "beat"}


def test_web_migrates_then_serves_with_gunicorn():
    command = " ".join(COMPOSE["services"]["web"]["command"])
    assert command.index("migrate --noinput") < command.index("gunicorn portal.wsgi:application")
    assert COMPOSE["services"]["web"]["build"] == "."


def test_worker_and_beat_run_celery_with_the_database_scheduler():
    assert COMPOSE["services"]["worker"]["command"][:4] == ["celery", "-A", "portal", "worker"]
    beat = COMPOSE["services"]["beat"]["command"]
    assert beat[:4] == ["celery", "-A", "portal", "beat"]
    assert "django_celery_beat.schedulers:DatabaseScheduler" in beat


def test_app_services_get_the_production_settings():
    for name in ["web", "worker", "beat"]:
        env = COMPOSE["services"][name]["environment"]
        assert env["DEBUG"] == "0"
        assert (
            env["DATABASE_URL"].startswith("postgres://")
            and "@postgres:5432/" in env["DATABASE_URL"]
        )
        assert env["REDIS_URL"].startswith("redis://redis:6379")
        for variable in ["SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_HOST", "MFA_REQUIRED_FOR_STAFF"]:
            assert variable in env, (name, variable)


def test_every_variable_the_stack_sets_is_one_the_settings_read():
    settings_source = (ROOT / "portal" / "settings.py").read_text(encoding="utf-8")
    for variable in COMPOSE["services"]["web"]["environment"]:
        assert f'"{variable}"' in settings_source, variable


def test_dockerfile_collects_static_files_and_installs_from_the_lock():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "uv sync --frozen --no-dev" in dockerfile
    assert "collectstatic --noinput" in dockerfile
    assert "FROM python:3.11" in dockerfile


CLUSTER = yaml.safe_load((ROOT / "deploy" / "compose.cluster.yml").read_text(encoding="utf-8"))
LONG_RUNNING = {"postgres", "pgbouncer", "redis", "web", "balancer", "worker", "beat"}


def test_the_cluster_stack_has_a_balancer_pgbouncer_and_a_one_shot_migration():
    assert set(CLUSTER["services"]) == LONG_RUNNING | {"migrate"}
    services = CLUSTER["services"]
    assert services["migrate"]["command"][-2:] == ["migrate", "--noinput"]
    assert services["migrate"]["restart"] == "no"
    for name in ["web", "worker", "beat"]:  # nothing starts before the schema is migrated
        assert services[name]["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"
        }


def test_web_and_workers_grow_and_the_beat_is_exactly_one():
    services = CLUSTER["services"]
    assert services["web"]["deploy"]["replicas"] >= 2
    assert services["worker"]["deploy"]["replicas"] >= 2
    assert services["beat"]["deploy"]["replicas"] == 1
    assert "ports" not in services["web"]  # only the balancer is reached from outside
    assert services["balancer"]["ports"] == ["8000:8080"]


def test_every_long_running_service_restarts_and_all_but_the_beat_are_health_checked():
    for name in LONG_RUNNING:
        service = CLUSTER["services"][name]
        assert service["restart"] == "always", name
        if name != "beat":  # the beat's liveness is the worker's check_reminders
            assert service["healthcheck"]["test"], name


def test_every_process_reaches_postgresql_through_pgbouncer_in_transaction_mode():
    env = CLUSTER["x-portal-environment"]
    assert "@pgbouncer:6432/portal" in env["DATABASE_URL"]
    assert env["DATABASE_POOLER"] == "pgbouncer"
    ini = (ROOT / "deploy" / "pgbouncer" / "pgbouncer.ini").read_text(encoding="utf-8")
    assert "pool_mode = transaction" in ini
    # what portal/settings.py sends as `options` without a pooler, set on each server connection
    assert "connect_query='SET jit = off; SET random_page_cost = 1.1'" in ini
    assert settings.POSTGRES_SESSION_SETTINGS == "-c jit=off -c random_page_cost=1.1"


def test_every_variable_the_cluster_sets_is_one_the_settings_read():
    settings_source = (ROOT / "portal" / "settings.py").read_text(encoding="utf-8")
    for variable in CLUSTER["x-portal-environment"]:
        assert f'"{variable}"' in settings_source, variable


def test_the_balancer_checks_the_nodes_health_and_finds_every_replica():
    config = (ROOT / "deploy" / "haproxy" / "haproxy.cfg").read_text(encoding="utf-8")
    assert "option httpchk GET /healthz" in config
    assert "server-template web 10 web:8000 check" in config
    assert "option forwardfor" in config


def _database_settings(**env: str) -> dict:
    import json
    import os
    import subprocess
    import sys

    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "d = settings.DATABASES['default']; "
        "print(json.dumps({'options': d.get('OPTIONS', {}), "
        "'no_cursors': d.get('DISABLE_SERVER_SIDE_CURSORS', False)}))"
    )
    base = {k: v for k, v in os.environ.items() if k != "DATABASE_POOLER"}
    found = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **base,
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DATABASE_URL": "postgres://portal:x@pgbouncer:6432/portal",
            **env,
        },
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(found.stdout.strip().splitlines()[-1])


def test_through_pgbouncer_nothing_outlives_a_transaction():
    pooled = _database_settings(DATABASE_POOLER="pgbouncer")
    assert pooled["options"]["prepare_threshold"] is None  # no prepared statements
    assert pooled["no_cursors"] is True  # no named cursors held across transactions
    assert "options" not in pooled["options"]  # PgBouncer refuses the start-up parameter
    direct = _database_settings()
    assert direct["options"]["options"] == settings.POSTGRES_SESSION_SETTINGS
    assert direct["no_cursors"] is False and "prepare_threshold" not in direct["options"]
