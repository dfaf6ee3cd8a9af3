"""A coordinator enrols three colleagues into a two-seat session: two get seats, one waits;
a cancellation promotes the one waiting; after the session the coordinator records attendance
and opens the certificate, which anyone can verify without logging in."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from courts.models import Person
from training.models import Enrolment, TrainingSession

from .test_activity_journey import new_page
from .test_login_journey import login


def test_coordinator_enrols_waitlist_promotes_and_certifies(browser, live_server, demo_data, shot):
    session = TrainingSession.objects.get(title="新录用人员审判辅助技能训练")
    staff = list(
        Person.objects.filter(court__slug="jinshan", user__is_active=True)
        .exclude(user__username__in=["admin", "jinshan-coordinator"])
        .order_by("full_name")[:3]
    )
    first, second, third = sorted(staff, key=lambda p: (p.court.sort_order, p.full_name))

    # 1. 赵丽萍, Jinshan's coordinator, finds the session (2 seats) and enrols three colleagues.
    page = new_page(browser)
    login(page, live_server, "jinshan-coordinator")
    page.get_by_role("button", name="培训").click()
    page.get_by_role("link", name="培训班次").click()
    page.get_by_role("link", name="新录用人员审判辅助技能训练").click()
    expect(page.locator("#seats-left")).to_have_text("剩余 2 / 2 个名额")
    page.get_by_role("link", name="报名", exact=True).click()
    for person in (first, second, third):
        page.get_by_label(person.full_name).check()
    shot(page, "training-01-enrol")
    page.get_by_role("button", name="报名", exact=True).click()
    expect(page.get_by_text("2人报名成功，1人进入候补")).to_be_visible()
    expect(page.locator("#seats-left")).to_have_text("剩余 0 / 2 个名额")
    roster = page.get_by_role("region", name="各院报名名单")
    expect(roster.get_by_text("第1位")).to_be_visible()
    shot(page, "training-02-roster")
    assert Enrolment.objects.get(session=session, person=third).status == "waitlisted"

    # 2. One of the two cannot come: cancelling their seat promotes the one waiting.
    page.get_by_role("link", name=f"取消 {first.full_name}").click()
    page.get_by_label("理由（可不填）").fill("当天有庭审")
    page.get_by_role("button", name="取消报名").click()
    expect(page.get_by_text(f"{third.full_name}已从候补名单递补")).to_be_visible()
    assert Enrolment.objects.get(session=session, person=third).status == "enrolled"
    assert Enrolment.objects.get(session=session, person=first).status == "cancelled"

    # 3. The session takes place; the coordinator marks attendance and opens a certificate.
    now = timezone.now()
    TrainingSession.objects.filter(pk=session.pk).update(
        start=now - datetime.timedelta(hours=4),
        end=now - datetime.timedelta(hours=1),
        enrol_deadline=now - datetime.timedelta(days=3),
    )
    page.reload()
    page.get_by_role("link", name="登记出勤").click()
    page.get_by_role("group", name=re.compile(second.full_name)).get_by_label("已结业").check()
    page.get_by_role("group", name=re.compile(third.full_name)).get_by_label("缺席").check()
    shot(page, "training-03-attendance")
    page.get_by_role("button", name="保存出勤").click()
    expect(page.get_by_text("出勤已保存：2项变更")).to_be_visible()
    page.get_by_role("link", name=f"结业证书 {second.full_name}").click()
    expect(page.get_by_role("heading", name="结业证书").last).to_be_visible()
    expect(page.get_by_text(f"{second.full_name}同志")).to_be_visible()
    shot(page, "training-04-certificate")
    code = Enrolment.objects.get(session=session, person=second).certificate_code

    # 4. Anyone checks the code without logging in.
    visitor = new_page(browser)
    visitor.goto(f"{live_server.url}/training/verify/")
    visitor.get_by_label("验证码").fill(code)
    visitor.get_by_role("button", name="验证").click()
    expect(visitor.get_by_text("该证书真实有效")).to_be_visible()
    expect(visitor.get_by_text(second.full_name)).to_be_visible()
    shot(visitor, "training-05-verify")
