"""A notice reads in its reader's language: written in the portal's language (the notice, its
e-mail) and in each other language, whatever the language of the request that caused it."""

import datetime

from django.urls import reverse
from django.utils import timezone, translation

from activities import services
from core.models import Notification, Reminder

from ..factories import make_activity


def _inbox(client, language):
    client.cookies["django_language"] = language
    return client.get(reverse("inbox")).content.decode()


def test_an_invitation_reads_in_chinese_and_in_english(client, jinshan_secretary, pinghu_secretary):
    activity = make_activity(by=jinshan_secretary, title="联合党课")
    with translation.override("en"):  # an English-speaking secretary invites
        services.invite(activity=activity, by=jinshan_secretary, people=[pinghu_secretary.person])
    notice = Notification.objects.get(recipient=pinghu_secretary)
    assert notice.title == "活动邀请：联合党课"  # the portal's language: the e-mail, the admin
    assert notice.translations["en"]["title"] == "Invitation: 联合党课"
    client.force_login(pinghu_secretary)
    assert "活动邀请：联合党课" in _inbox(client, "zh-hans")
    english = _inbox(client, "en")
    assert "Invitation: 联合党课" in english and "邀请" not in english
    start = timezone.localtime(activity.start)
    assert f"{start:%-d} {start:%b} {start:%Y}" in english  # its date in the English form


def test_a_move_says_old_and_new_host_in_each_language(client, jinshan_secretary, pinghu_secretary):
    activity = make_activity(by=jinshan_secretary, title="联合党课")
    services.invite(activity=activity, by=jinshan_secretary, people=[pinghu_secretary.person])
    Notification.objects.all().delete()
    services.update_activity(
        activity=activity,
        by=jinshan_secretary,
        start=activity.start + datetime.timedelta(days=1),
        end=activity.end + datetime.timedelta(days=1),
    )
    notice = Notification.objects.get(recipient=pinghu_secretary)
    assert notice.title == "改期：联合党课" and "时间：" in notice.body
    assert notice.translations["en"]["title"] == "Moved: 联合党课"
    assert notice.translations["en"]["body"].startswith("Time: ")


def test_a_notice_written_before_translations_reads_as_sent(client, jinshan_secretary):
    Notification.objects.create(recipient=jinshan_secretary, title="旧通知")
    client.force_login(jinshan_secretary)
    assert "旧通知" in _inbox(client, "en")


def test_a_reminder_reaches_the_inbox_in_each_language(client, jinshan_secretary):
    from core import reminders
    from courts.models import CooperationItem
    from courts.services import plan_item_reminders

    due = timezone.localdate() + datetime.timedelta(days=30)
    item = CooperationItem.objects.create(
        title="建立年度互访机制",
        area="mechanism",
        lead_court=jinshan_secretary.person.court,
        responsible=jinshan_secretary.person,
        due_date=due,
    )
    with translation.override("en"):  # planned during an English request
        plan_item_reminders(item)
    reminder = Reminder.objects.get(stage="due-7d")
    assert reminder.title.startswith("合作事项将于") and "到期" in reminder.title
    english = reminder.translations["en"]["title"]
    assert english == f"Cooperation item due on {due.day} {due:%b} {due.year}: 建立年度互访机制"
    reminders.send_due_reminders(now=reminder.due_at + datetime.timedelta(minutes=1))
    notice = Notification.objects.get(reminder=reminder)
    assert notice.title == reminder.title and notice.translations["en"]["title"] == english
    client.force_login(jinshan_secretary)
    assert english in _inbox(client, "en")
    assert reminder.title in _inbox(client, "zh-hans")
