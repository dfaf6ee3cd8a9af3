"""The admin reads in Chinese for a court administrator: the libraries' messages the project
translates itself are still theirs, and the admin pages show words, not codes."""

import ast
import datetime
import re
from functools import cache
from pathlib import Path

import django
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

ROOT = Path(settings.BASE_DIR)
SITE = Path(django.__file__).parent.parent
LIBRARIES = ["django", "auditlog", "allauth", "django_celery_beat"]
CJK = re.compile(r"[\u4e00-\u9fff]")


def _library_message_ids() -> list[str]:
    tree = ast.parse((ROOT / "core" / "library_messages.py").read_text())
    return [
        call.args[0].value
        for call in ast.walk(tree)
        if isinstance(call, ast.Call)
        and getattr(call.func, "id", "") in {"gettext_noop", "ngettext_lazy"}
    ]


@cache
def _library_sources() -> str:
    texts = []
    for library in LIBRARIES:
        for path in (SITE / library).rglob("*"):
            if path.suffix in {".py", ".html", ".js"} and "tests" not in path.parts:
                texts.append(path.read_text(errors="ignore"))
    # Join strings that the source splits over lines ("... at most "\n    "%(limit_value)d ...").
    return re.sub(r"([\"'])\s*\n\s*\1", "", "\n".join(texts))


def _in_source(message: str) -> bool:
    sources = _library_sources()
    return any(
        quoted in sources
        for quoted in (f'"{message}"', f"'{message}'", message.replace('"', '\\"'))
    )


@pytest.mark.parametrize("message", _library_message_ids())
def test_each_message_translated_for_a_library_is_still_the_librarys_and_reads_chinese(message):
    assert _in_source(message), f"no library uses {message!r} any more"
    with translation.override("zh-hans"):
        assert CJK.search(gettext(message)), message


def test_the_admin_widgets_javascript_messages_are_in_chinese(admin_client):
    catalogue = (ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "djangojs.po").read_text()
    ids = re.findall(r'^msgid "(.+)"$', catalogue, re.MULTILINE)
    assert len(ids) == 6
    for message in ids:
        assert _in_source(message.replace('\\"', '"')) or _in_source(message), message
    script = admin_client.get("/admin/jsi18n/").content.decode("unicode_escape")
    assert "选中左侧的%s，再点击“选择”箭头按钮加入。" in script
    assert "全选%s" in script


def test_role_groups_read_by_their_chinese_names_in_the_user_form_and_filter(
    admin_client, jinshan_secretary
):
    form = admin_client.get(reverse("admin:auth_user_change", args=[jinshan_secretary.pk]))
    page = form.content.decode()
    assert ">法官<" in page and ">party_secretary<" not in page and ">judge<" not in page
    listing = admin_client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "培训联络员" in listing and "training_coordinator</a>" not in listing


def test_reminders_show_stages_in_words_and_recipients_by_name(admin_client, jinshan_secretary):
    from core.models import Reminder
    from courts.models import CooperationItem

    item = CooperationItem.objects.create(
        title="建立三地法院党组书记年度互访机制",
        area="mechanism",
        lead_court=jinshan_secretary.person.court,
        responsible=jinshan_secretary.person,
        due_date=timezone.localdate() + datetime.timedelta(days=30),
    )
    from courts.services import plan_item_reminders

    plan_item_reminders(item)
    assert Reminder.objects.filter(stage="due-7d").exists()
    page = admin_client.get(reverse("admin:core_reminder_changelist")).content.decode()
    assert "责任人 · 到期前 7 天" in page and "due-7d<" not in page
    assert "陈书记（金山）" in page
    assert "具体合作事项" in page  # the "reminder for" filter names the kind of record
    filtered = admin_client.get(reverse("admin:core_reminder_changelist"), {"stage": "due-7d"})
    assert filtered.status_code == 200 and "到期前 7 天" in filtered.content.decode()


def test_the_audit_log_reads_in_chinese_with_a_short_filter_of_record_kinds(
    admin_client, jinshan_secretary
):
    page = admin_client.get(reverse("admin:auditlog_logentry_changelist")).content.decode()
    assert "审计日志" in page and "Audit log" not in page
    assert "人员名录" in page or "人员" in page
    assert ">contenttype<" not in page and ">session<" not in page
    for hostile in ("x", "²", "9" * 30):
        response = admin_client.get(
            reverse("admin:auditlog_logentry_changelist"), {"about": hostile}
        )
        assert response.status_code == 200


def test_people_read_with_the_court_in_each_languages_brackets(jinshan_secretary):
    person = jinshan_secretary.person
    with translation.override("zh-hans"):
        assert str(person) == "陈书记（金山）"
    with translation.override("en"):
        assert str(person) == "陈书记 (Jinshan)"
