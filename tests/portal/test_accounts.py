import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from portal import settings as portal_settings

from ..factories import PASSWORD


def _login(client, login, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": login, "password": password})


def test_login_with_username(client, jinshan_secretary):
    response = _login(client, "jinshan-party_secretary")
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.get(reverse("home")).context["user"] == jinshan_secretary


def test_the_welcome_names_the_person_not_the_username(client, jinshan_secretary):
    from django.contrib.messages import get_messages

    response = _login(client, "jinshan-party_secretary")
    said = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert jinshan_secretary.person.full_name in said and "jinshan-party_secretary" not in said


def test_history_says_yes_and_no_and_hides_machinery(client, jinshan_secretary):
    from activities import services

    from ..factories import make_activity

    activity = make_activity(by=jinshan_secretary)
    services.update_activity(activity=activity, by=jinshan_secretary, place="新地点")
    client.force_login(jinshan_secretary)
    page = client.get(activity.get_absolute_url()).content.decode()
    history = page[page.index('id="history-heading"') :]
    assert "新地点" in history
    assert "日历版本" not in history and "False" not in history and "True" not in history


def test_login_with_email(client, jinshan_secretary):
    response = _login(client, jinshan_secretary.email)
    assert response.status_code == 302
    assert client.get(reverse("home")).context["user"] == jinshan_secretary


def test_wrong_password_shows_a_chinese_error_and_keeps_the_login(client, jinshan_secretary):
    response = _login(client, "jinshan-party_secretary", "wrong-password-123")
    page = response.content.decode()
    assert response.status_code == 200
    assert "不正确" in page
    assert 'value="jinshan-party_secretary"' in page


def test_repeated_failures_are_rate_limited(client, jinshan_secretary):
    for _ in range(5):
        _login(client, "jinshan-party_secretary", "wrong-password-123")
    response = _login(client, "jinshan-party_secretary")  # even the right password now waits
    assert response.status_code == 200
    assert "登录失败次数过多" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_rate_limits_use_a_real_cache(settings):
    assert "Dummy" not in settings.CACHES["default"]["BACKEND"]


def test_sign_up_is_closed(client, db):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    assert "注册关闭" in response.content.decode()
    client.post(
        reverse("account_signup"),
        {
            "username": "intruder",
            "email": "i@x.test",
            "password1": "a-Long-passw0rd!",
            "password2": "a-Long-passw0rd!",
        },
    )
    assert not get_user_model().objects.filter(username="intruder").exists()


def test_logout_ends_the_session(secretary_client):
    secretary_client.post(reverse("account_logout"))
    assert secretary_client.get(reverse("home")).status_code == 302


@pytest.mark.parametrize("password", ["short-1", "123456789012345", "password1234"])
def test_password_rules_fit_a_government_system(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_good_password_passes_and_argon2_is_the_hasher():
    validate_password("毗邻党建-长三角-2020")
    assert portal_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_sessions_expire_after_the_idle_time():
    assert portal_settings.SESSION_SAVE_EVERY_REQUEST is True
    assert portal_settings.SESSION_COOKIE_AGE == portal_settings.SESSION_IDLE_MINUTES * 60


def test_admin_login_goes_through_allauth(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_password_reset_mails_the_user(client, jinshan_secretary, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": jinshan_secretary.email})
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [jinshan_secretary.email]


def test_staff_must_set_up_totp_when_the_setting_says_so(client, superuser, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    client.force_login(superuser)
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url == reverse("mfa_activate_totp")
    settings.MFA_REQUIRED_FOR_STAFF = False
    assert client.get("/admin/").status_code == 200


def test_a_user_with_totp_must_give_the_code_after_the_password(client, jinshan_secretary):
    from allauth.mfa.totp.internal.auth import (
        TOTP,
        format_hotp_value,
        generate_totp_secret,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    secret = generate_totp_secret()
    TOTP.activate(jinshan_secretary, secret)
    response = _login(client, "jinshan-party_secretary")
    assert response.status_code == 302 and response.url == reverse("mfa_authenticate")
    assert client.get(reverse("home")).status_code == 302  # not logged in yet

    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200 and client.get(reverse("home")).status_code == 302

    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_an_idle_session_expires_and_an_active_one_moves_forward(secretary_client):
    import datetime

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    assert secretary_client.get(reverse("home")).status_code == 200
    session = Session.objects.get()
    assert session.expire_date > timezone.now() + datetime.timedelta(minutes=29)
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = secretary_client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_each_test_process_has_its_own_redis_database(monkeypatch):
    """Every test empties the cache first; two xdist processes sharing one Redis database
    emptied each other's mid-test (a phone journey failed in CI that way)."""
    from portal.settings import _cache_url

    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw0")
    first = _cache_url("redis://127.0.0.1:6379/0")
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw1")
    second = _cache_url("redis://127.0.0.1:6379/0")
    assert (first, second) == ("redis://127.0.0.1:6379/1", "redis://127.0.0.1:6379/2")
    monkeypatch.delenv("PYTEST_XDIST_WORKER")
    assert _cache_url("redis://:pw@cache:6380/3") == "redis://:pw@cache:6380/3"
