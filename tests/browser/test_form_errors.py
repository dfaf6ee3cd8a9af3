"""Every field error is visible: each form of the portal submitted invalid shows its messages
(not only the red border), whatever the widget — the person picker's message sat in the page
invisible, so a secretary saw a form that would not save and no reason why."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .test_login_journey import login

FORMS = [
    ("jinshan-secretary", "/activities/new/"),
    ("jinshan-secretary", "/activities/series/new/"),
    ("jinshan-secretary", "/cooperation/new/"),
    ("jinshan-secretary", "/casegroups/new/"),
    ("jinshan-secretary", "/casegroups/symposia/new/"),
    ("jinshan-secretary", "/publicity/new/"),
    ("pinghu-coordinator", "/training/new/"),
    ("pinghu-coordinator", "/training/programmes/new/"),
]


def _errors_are_visible(page, where: str) -> None:
    messages = page.locator(".invalid-feedback, .errorlist, [role=alert]")
    expect(messages.first).to_be_attached()
    count = messages.count()
    assert count > 0, where
    for index in range(count):
        message = messages.nth(index)
        if message.inner_text().strip():
            assert message.is_visible(), (where, message.inner_text())


@pytest.mark.parametrize(("username", "path"), FORMS)
def test_every_form_submitted_empty_shows_its_errors(page, live_server, demo_data, username, path):
    login(page, live_server, username)
    page.goto(f"{live_server.url}{path}")
    page.locator("main form[method=post] button[type=submit]").last.click()
    _errors_are_visible(page, path)


def test_an_action_item_for_someone_of_another_court_says_why(page, live_server, demo_data, shot):
    import datetime

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from activities import services
    from courts.models import Court, Person

    secretary = get_user_model().objects.get(username="jinshan-secretary")
    start = timezone.now() - datetime.timedelta(hours=2)
    activity = services.create_activity(
        by=secretary,
        title="金平联合党课",
        kind="joint_party_lesson",
        area="party_exchange",
        host_court=Court.objects.get(slug="jinshan"),
        co_host_courts=[Court.objects.get(slug="pinghu")],
        start=start,
        end=start + datetime.timedelta(hours=1),
        place="金山法院报告厅",
    )
    people = [
        Person.objects.filter(court__slug=slug, user__isnull=False).order_by("pk").first()
        for slug in ("jinshan", "pinghu")
    ]
    services.invite(activity=activity, by=secretary, people=people)
    login(page, live_server, "jinshan-secretary")
    page.goto(f"{live_server.url}{activity.get_absolute_url()}minutes/")
    page.get_by_label("法院").select_option(label="浙江省平湖市人民法院")
    responsible = page.locator("#id_responsible")
    jinshan = responsible.locator("option", has_text="金山 ·").first
    responsible.select_option(value=jinshan.get_attribute("value"))
    page.get_by_role("textbox", name="事项").fill("起草方案")
    page.get_by_label("完成时限").fill(
        (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    )
    page.get_by_role("button", name="添加").click()
    shot(page, "form-error-action-item")
    _errors_are_visible(page, "action item")
    # Announced: the field is marked invalid, described by its message, and takes the focus.
    responsible = page.locator("#id_responsible")
    expect(responsible).to_have_attribute("aria-invalid", "true")
    described = responsible.get_attribute("aria-describedby") or ""
    assert any(
        "责任人必须是该法院的人员" in page.locator(f"#{i}").inner_text() for i in described.split()
    )
    expect(page.locator("[aria-invalid=true]").first).to_be_focused()
    assert not activity.action_items.exists()
