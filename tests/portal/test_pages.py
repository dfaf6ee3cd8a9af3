import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)


def test_login_page_is_in_chinese_by_default_even_for_english_browsers(client, db):
    response = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    page = response.content.decode()
    assert '<html lang="zh-Hans">' in page
    assert "登录" in page and "金平嘉毗邻党建协作平台" in page


def test_language_switcher_sets_english_and_back(secretary_client):
    secretary_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = secretary_client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in page and "Shanghai Jinshan District People&#x27;s Court" in page
    secretary_client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    page = secretary_client.get(reverse("home")).content.decode()
    assert "上海市金山区人民法院" in page


def test_home_shows_the_users_court_and_name(secretary_client):
    page = secretary_client.get(reverse("home")).content.decode()
    assert "陈书记" in page and "上海市金山区人民法院" in page


def test_unknown_page_is_a_chinese_404(secretary_client):
    response = secretary_client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_server_error_shows_no_stack_trace(db, settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    from portal import urls

    def boom(request):
        raise RuntimeError("secret internals")

    from django.urls import path

    urls.urlpatterns.append(path("boom-for-test/", boom))
    try:
        from django.urls import clear_url_caches

        clear_url_caches()
        response = client.get("/boom-for-test/")
    finally:
        urls.urlpatterns.pop()
        clear_url_caches()
    assert response.status_code == 500
    page = response.content.decode()
    assert "secret internals" not in page and "Traceback" not in page
    assert "出错" in page


def test_security_headers(client, db):
    response = client.get(reverse("account_login"))
    csp = response.headers["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]+)", csp).group(1)
    assert "'self'" in script_src and "unsafe-inline" not in script_src
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_production_settings_are_hardened():
    from portal import settings as base

    assert not base.DEBUG  # no DEBUG in the environment
    assert base.SECURE_HSTS_SECONDS >= 31536000
    assert base.SESSION_COOKIE_SECURE and base.CSRF_COOKIE_SECURE and base.SECURE_SSL_REDIRECT


def test_templates_load_nothing_from_outside_hosts():
    pattern = re.compile(r"""(?:src|href)=["'](?:https?:)?//""")
    offenders = [
        str(path)
        for path in ROOT.glob("**/templates/**/*.html")
        if ".venv" not in path.parts and pattern.search(path.read_text("utf-8"))
    ]
    assert offenders == []


def test_templates_carry_no_inline_scripts():
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
    offenders = [
        str(path)
        for path in ROOT.glob("**/templates/**/*.html")
        if ".venv" not in path.parts and inline.search(path.read_text("utf-8"))
    ]
    assert offenders == []


def test_vendored_static_files_are_served(client, db):
    page = client.get(reverse("account_login")).content.decode()
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', page):
        assert (ROOT / "static" / asset.removeprefix("/static/")).exists(), asset


def test_healthz_answers(client, db):
    from django.utils import timezone

    from core.models import TaskHeartbeat

    TaskHeartbeat.objects.create(name="beat", last_run=timezone.now())
    answer = client.get("/healthz")
    assert answer.status_code == 200
    assert (answer.json()["status"], answer.json()["reminders"]) == ("ok", "running")


def test_agreement_page_is_public_and_names_the_six_areas(client, db):
    page = client.get(reverse("courts:agreement")).content.decode()
    assert "毗邻党建" in page and "一个面" in page and "一阵地" in page


@pytest.mark.parametrize(
    "code", ["party_exchange", "trial_quality", "talent", "culture", "mechanism", "publicity"]
)
def test_every_area_has_a_page(judge_client, code):
    assert judge_client.get(reverse("courts:area-detail", args=[code])).status_code == 200


def test_pages_and_login_keep_working_while_redis_is_down(client, jinshan_secretary, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.TolerantRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
    from tests.factories import PASSWORD

    response = client.post(
        reverse("account_login"), {"login": "jinshan-party_secretary", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("activities:activity-list")).status_code == 200


def test_a_refused_action_shows_the_portals_own_page(client, jinshan_judge):
    """A judge opening a creation link meant for secretaries: the portal's 403 page in Chinese,
    with the menu, not a bare "403 Forbidden"."""
    from django.urls import reverse

    client.force_login(jinshan_judge)
    response = client.get(reverse("casegroups:group-create"))
    page = response.content.decode()
    assert response.status_code == 403
    assert "无权进行此操作" in page and "返回首页" in page and "Forbidden" not in page


def test_the_administrator_is_told_what_their_account_is_not_that_it_lacks_a_court(
    client, admin_user, jinshan_judge
):
    client.force_login(admin_user)  # an account that is no person in the directory
    page = client.get(reverse("home")).content.decode()
    assert "平台管理员" in page and "尚未分配" not in page
    client.force_login(jinshan_judge)
    assert "平台管理员：" not in client.get(reverse("home")).content.decode()
