from importlib import import_module

import pytest
from django.apps import apps
from django.core.cache import cache

from courts.choices import Role

from .factories import PersonFactory, UserFactory, court


def ensure_baseline() -> None:
    """Put back what the migrations create (the three courts, the role groups) when a
    transactional test's flush has emptied the tables; the same code as the migrations runs."""
    from courts.models import Court

    if Court.objects.count() == 3:
        return
    from courts.roles import sync_role_groups

    import_module("courts.migrations.0002_create_three_courts").create_courts(apps, None)
    sync_role_groups()


@pytest.fixture(autouse=True)
def _baseline(request):
    names = set(request.fixturenames)
    if {"transactional_db", "live_server"} & names:
        request.getfixturevalue("transactional_db")
    elif "db" in names or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
    else:
        return
    ensure_baseline()


@pytest.fixture(autouse=True)
def _isolated(request, settings, tmp_path):
    if not request.node.get_closest_marker("shared_world"):  # that world has its own folders
        settings.MEDIA_ROOT = tmp_path / "media"
        settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    cache.clear()  # allauth's rate-limit counters live in the cache
    yield


def make_member(slug: str, role: Role | None = None, username: str | None = None, **person):
    user = UserFactory(
        username=username or f"{slug}-{role or 'staff'}", roles=[role] if role else []
    )
    PersonFactory(user=user, court=court(slug), **person)
    return user


@pytest.fixture
def jinshan_secretary(db):
    return make_member("jinshan", Role.PARTY_SECRETARY, full_name="陈书记")


@pytest.fixture
def pinghu_secretary(db):
    return make_member("pinghu", Role.PARTY_SECRETARY, full_name="沈书记")


@pytest.fixture
def jiashan_secretary(db):
    return make_member("jiashan", Role.PARTY_SECRETARY, full_name="顾书记")


@pytest.fixture
def jinshan_judge(db):
    return make_member("jinshan", Role.JUDGE, full_name="王法官")


@pytest.fixture
def portal_admin(db):
    user = make_member("jinshan", Role.ADMIN, username="portal-admin", full_name="管理员")
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def superuser(db):
    user = make_member("jinshan", None, username="root-admin", full_name="超级管理员")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def secretary_client(client, jinshan_secretary):
    client.force_login(jinshan_secretary)
    return client


@pytest.fixture
def judge_client(client, jinshan_judge):
    client.force_login(jinshan_judge)
    return client
