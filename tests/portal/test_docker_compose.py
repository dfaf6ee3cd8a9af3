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
