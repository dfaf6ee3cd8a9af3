"""A rotating quarterly exchange-meeting series and its reminders, in Chromium."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from activities.models import Activity, MeetingSeries
from core.reminders import send_due_reminders

from .test_activity_journey import new_page
from .test_login_journey import login


def test_secretary_sets_up_a_rotating_series_and_reminders_reach_inboxes(
    browser, live_server, demo_data, shot
):
    page = new_page(browser)
    login(page, live_server, "pinghu-secretary")
    page.goto(f"{live_server.url}/activities/series/new/")
    page.get_by_label("标题").fill("审判质效季度会商")
    page.get_by_label("频次").select_option(label="每季度")
    page.get_by_label("第几周").select_option(label="第二个")
    page.locator("#id_weekday").select_option(label="星期二")
    first = (timezone.localdate() + datetime.timedelta(days=30)).replace(day=1)
    page.get_by_label("首次会议不早于").fill(first.isoformat())
    page.get_by_label("开始时间").fill("14:30")
    page.locator("#id_host_mode").select_option(label="各成员法院按顺序轮值")
    expect(page.get_by_text("轮值顺序：金山 → 平湖 → 嘉善")).to_be_visible()
    shot(page, "20-series-form")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("系列已创建，会议已排期。")).to_be_visible()
    shot(page, "21-series-detail")

    series = MeetingSeries.objects.get(title="审判质效季度会商")
    occurrences = list(series.occurrences.order_by("start").select_related("host_court"))
    assert [a.host_court.slug for a in occurrences[:2]] == ["jinshan", "pinghu"]
    first_meeting = occurrences[0]
    expect(page.get_by_role("link", name=first_meeting.title)).to_be_visible()
    expect(page.get_by_text(re.compile(r"主办 金山"))).to_be_visible()

    # Time moves forward to the day before the first meeting; the sweep runs.
    at = first_meeting.start - datetime.timedelta(days=1, minutes=-1)
    result = send_due_reminders(now=at)
    assert result.sent > 0

    inbox = new_page(browser)
    login(inbox, live_server, "jiashan-secretary")
    inbox.goto(f"{live_server.url}/inbox/")
    expect(inbox.get_by_text(f"提醒：{first_meeting.title}").first).to_be_visible()
    shot(inbox, "22-inbox-reminder")

    # The meeting takes place (its minutes can be final only from its start).
    now = timezone.now()
    Activity.objects.filter(pk=first_meeting.pk).update(
        start=now - datetime.timedelta(hours=2), end=now - datetime.timedelta(minutes=30)
    )

    # The note-taker (the host court's secretary) writes the minutes with an action item.
    host = new_page(browser)
    login(host, live_server, "jinshan-secretary")
    host.goto(f"{live_server.url}/activities/{first_meeting.pk}/minutes/")
    host.get_by_label("会议记录").fill("三地法院交流了季度审判质效数据。")
    host.get_by_label("决议").fill("建立季度数据共享机制。")
    host.get_by_role("button", name="保存为新版本").click()
    expect(host.get_by_text("已保存。")).to_be_visible()
    host.get_by_label("法院").select_option(label="浙江省平湖市人民法院")
    # The responsible person is found by name: the list holds only those invited.
    host.locator("#id_responsible-search").fill("李文")
    expect(host.locator("#id_responsible option", has_text="平湖 · 李文华")).to_have_count(1)
    shot(host, "23a-person-search")
    host.get_by_label("责任人").select_option(label="平湖 · 李文华")
    host.get_by_role("textbox", name="事项").fill("起草数据共享方案")
    host.get_by_label("完成时限").fill(
        (first_meeting.start.date() + datetime.timedelta(days=30)).isoformat()
    )
    host.get_by_role("button", name="添加").click()
    expect(host.get_by_text("起草数据共享方案")).to_be_visible()
    # Only Pinghu (the responsible person, their court's secretary) may mark it done: the
    # host court's secretary is not offered the button the service would refuse.
    expect(host.get_by_role("button", name="标记完成 起草数据共享方案")).to_have_count(0)
    host.once("dialog", lambda dialog: dialog.accept())  # it asks first: irreversible
    host.get_by_role("button", name="会议记录定稿").click()
    expect(host.get_by_test_id("minutes-status")).to_have_text("定稿")
    shot(host, "23-minutes-final")

    # The action item is on the next meeting's agenda.
    second_meeting = occurrences[1]
    host.goto(f"{live_server.url}{second_meeting.get_absolute_url()}")
    expect(host.get_by_test_id("carried-over")).to_contain_text("起草数据共享方案")
    shot(host, "24-next-meeting-agenda")


def test_secretary_previews_a_series_moves_a_meeting_and_the_invited_are_told(
    browser, live_server, demo_data, shot
):
    page = new_page(browser)
    login(page, live_server, "jinshan-secretary")
    page.goto(f"{live_server.url}/activities/series/new/")
    page.get_by_label("标题").fill("执行联动双月会商")
    page.get_by_label("频次").select_option(label="每两个月")
    page.get_by_label("第几周").select_option(label="第一个")
    page.locator("#id_weekday").select_option(label="星期三")
    first = (timezone.localdate() + datetime.timedelta(days=20)).replace(day=1)
    page.get_by_label("首次会议不早于").fill(first.isoformat())
    page.get_by_label("开始时间").fill("09:30")
    # The preview follows the form as it is filled in (htmx), before anything is saved.
    preview = page.locator("#series-preview")
    expect(preview).to_contain_text("第1次")
    expect(preview).to_contain_text("第2次")
    shot(page, "25-series-preview")
    assert not MeetingSeries.objects.filter(title="执行联动双月会商").exists()
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_text("系列已创建，会议已排期。")).to_be_visible()

    series = MeetingSeries.objects.get(title="执行联动双月会商")
    meeting = series.occurrences.order_by("start").first()
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}edit/")
    new_start = timezone.localtime(meeting.start) + datetime.timedelta(days=2, hours=5)
    page.locator("#id_start").fill(new_start.strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_end").fill(
        (new_start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存")).to_be_visible()

    # Pinghu's secretary, invited as every secretary is, finds the notice with the new time.
    invitee = new_page(browser)
    login(invitee, live_server, "pinghu-secretary")
    invitee.goto(f"{live_server.url}/inbox/")
    notice = invitee.get_by_text(f"改期：{meeting.title}").first
    expect(notice).to_be_visible()
    expected = f"{new_start.year}年{new_start.month}月{new_start.day}日 {new_start:%H:%M}"
    expect(invitee.locator("main")).to_contain_text(expected)
    shot(invitee, "26-inbox-moved-meeting")
