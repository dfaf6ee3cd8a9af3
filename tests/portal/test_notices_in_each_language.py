"""A notice reads in its reader's language: written in the portal's language (the notice, its
e-mail) and in each other language, whatever the language of the request that caused it."""

import datetime

from django.urls import reverse
from django.utils import timezone, translation

from activities import services
from core.models import Notification

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
