"""The Chinese admin speaks Chinese and names people: no English field labels, no usernames,
no counting from 0; publicity drafts are edited there through the service."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import translation

from publicity.models import ItemEvent

from ..factories import PublicityItemFactory, make_activity

OURS = {"courts", "activities", "casegroups", "training", "publicity", "core", "portal"}


def test_every_field_of_our_models_has_a_chinese_label():
    english = []
    with translation.override("zh-hans"):
        for model in admin.site._registry:
            if model._meta.app_label not in OURS:
                continue
            for field in model._meta.get_fields():
                if field.auto_created or field.name == "id" or not getattr(field, "concrete", 0):
                    continue
                if not re.search(r"[\u4e00-\u9fff]", str(field.verbose_name)):
                    english.append(f"{model._meta.label}.{field.name}: {field.verbose_name}")
    assert english == []


def test_admin_names_people_and_counts_meetings_from_one(client, superuser, jinshan_secretary):
    activity = make_activity(by=jinshan_secretary)
    type(activity).objects.filter(pk=activity.pk).update(occurrence_index=0)
    client.force_login(superuser)
    page = client.get(reverse("admin:activities_activity_change", args=[activity.pk]))
    html = page.content.decode()
    assert '欢迎，<strong class="jpj-name">超级管理员</strong>。' in html
    assert "root-admin" not in html
    assert jinshan_secretary.person.full_name in html
    assert "jinshan-secretary" not in html
    assert "第1次" in html


def test_a_draft_is_edited_in_admin_through_the_service(client, superuser):
    item = PublicityItemFactory(title="初稿标题")
    client.force_login(superuser)
    url = reverse("admin:publicity_publicityitem_change", args=[item.pk])
    page = client.get(url).content.decode()
    assert 'name="title"' in page
    data = {
        "title": "改后的标题",
        "summary": item.summary,
        "body": "## 做法\n\n<script>alert(1)</script>三院轮流承办。",
        "area": item.area,
        "courts": [item.court_id],
        **{
            f"{prefix}-{name}": value
            for prefix in ("events", "records")
            for name, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))
        },
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    item.refresh_from_db()
    assert item.title == "改后的标题"
    assert "<script>" not in item.body_html and "三院轮流承办" in item.body_html
    # the author hears that someone else edited the item
    assert item.author.user.notifications.filter(title__contains="改后的标题").exists()


@pytest.mark.django_db
def test_a_publicity_event_reads_in_words():
    item = PublicityItemFactory(title="经验")
    event = ItemEvent(item=item, by=item.author.user, before="draft", after="in_review")
    with translation.override("zh-hans"):
        assert str(event) == "经验 · 草稿 → 审核中"


def test_an_administrator_outside_the_directory_is_welcomed_by_name(client, db):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser(
        "site-admin", "a@example.cn", "x-long-password-1", first_name="系统管理员"
    )
    client.force_login(admin)
    html = client.get(reverse("admin:index")).content.decode()
    assert '欢迎，<strong class="jpj-name">系统管理员</strong>。' in html
