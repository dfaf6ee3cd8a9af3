"""The sign-in lockout counts failures per account, whatever was typed, and keeps counting
while Redis is down."""

import logging

import pytest
from django.urls import reverse

from tests.factories import PASSWORD

LOCKED = "登录失败次数过多"


def _login(client, login, password):
    return client.post(reverse("account_login"), {"login": login, "password": password})


def _fail_five_times(client, login):
    for _ in range(5):
        response = _login(client, login, "wrong-password-2020")
        assert response.status_code == 200 and LOCKED not in response.content.decode()


@pytest.fixture
def account(jinshan_secretary):
    jinshan_secretary.email = "chen@jinshan.example"
    jinshan_secretary.save()
    return jinshan_secretary


def test_a_locked_username_cannot_sign_in_with_its_email_address(client, account):
    _fail_five_times(client, account.username)
    for login in ("chen@jinshan.example", "CHEN@Jinshan.example", account.username.upper()):
        response = _login(client, login, PASSWORD)
        assert response.status_code == 200, login
        assert LOCKED in response.content.decode(), login
    assert "_auth_user_id" not in client.session


def test_failures_under_the_email_address_lock_the_username(client, account):
    _fail_five_times(client, "chen@jinshan.example")
    response = _login(client, account.username, PASSWORD)
    assert LOCKED in response.content.decode()


def test_another_account_is_not_locked_by_these_failures(client, account, pinghu_secretary):
    _fail_five_times(client, account.username)
    assert _login(client, pinghu_secretary.username, PASSWORD).status_code == 302


def test_a_lockout_is_logged_with_the_account_and_address(client, account, caplog):
    _fail_five_times(client, account.username)
    with caplog.at_level(logging.WARNING, logger="portal.security"):
        _login(client, "chen@jinshan.example", PASSWORD)
    assert f"account:{account.pk}" in caplog.text and "127.0.0.1" in caplog.text


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "core.cache.TolerantRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "RATE_LIMIT_FALLBACK": "ratelimit"},
        },
    }


def test_with_redis_down_failures_are_still_counted_and_said_so(
    client, account, redis_down, caplog
):
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        _fail_five_times(client, account.username)
    assert "rate-limit counter kept in the 'ratelimit' cache" in caplog.text
    results = [_login(client, login, PASSWORD) for login in (account.username,) * 10]
    assert all(LOCKED in r.content.decode() for r in results)
    assert "_auth_user_id" not in client.session
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM jpj_ratelimit_cache WHERE cache_key LIKE %s", ["%rl%"])
        assert cursor.fetchone()[0] >= 1


def test_with_redis_down_a_right_password_still_signs_in(client, account, redis_down):
    assert _login(client, account.username, PASSWORD).status_code == 302
