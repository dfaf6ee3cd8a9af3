"""The inbox: 全部已读, and filters by unread, by kind and by what a message is about."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from core.models import Notification

from ..factories import CooperationItemFactory, NotificationFactory, ReminderFactory

pytestmark = pytest.mark.django_db


def test_mark_all_read_and_filters(client, jinshan_secretary, pinghu_secretary):
    item = CooperationItemFactory()
    about_item = {"target_type": ContentType.objects.get_for_model(item), "target_id": item.pk}
    NotificationFactory(recipient=jinshan_secretary, title="合作事项已更新", **about_item)
    reminder = ReminderFactory(recipient=jinshan_secretary)
    NotificationFactory(recipient=jinshan_secretary, title="会前提醒", reminder=reminder)
    NotificationFactory(recipient=jinshan_secretary, title="已读的旧消息", read_at=timezone.now())
    NotificationFactory(recipient=pinghu_secretary, title="别人的消息")
    client.force_login(jinshan_secretary)
    inbox = reverse("inbox")
    page = client.get(inbox).content.decode()
    assert "全部标为已读（2）" in page and "别人的消息" not in page
    unread = client.get(inbox, {"show": "unread"}).content.decode()
    assert "合作事项已更新" in unread and "已读的旧消息" not in unread
    reminders = client.get(inbox, {"kind": "reminder"}).content.decode()
    assert "会前提醒" in reminders and "合作事项已更新" not in reminders
    about = client.get(inbox, {"about": "courts"}).content.decode()
    assert "合作事项已更新" in about and "会前提醒" not in about
    assert "没有符合" in client.get(inbox, {"about": "courts", "kind": "reminder"}).content.decode()
    assert client.get(inbox, {"about": "<script>"}).status_code == 200  # ignored, not a 500
    response = client.post(reverse("inbox-read-all"), follow=True)
    assert "已将 2 条消息标为已读" in response.content.decode()
    assert not Notification.objects.filter(recipient=jinshan_secretary, read_at=None).exists()
    assert Notification.objects.get(title="别人的消息").read_at is None


def test_the_inbox_keeps_its_filter_choices_and_count_until_a_notice_is_written(
    client, jinshan_secretary, django_assert_max_num_queries
):
    """What the filter offers ("about") and the unread count are kept per user: a warm view
    reads the session, the user and the page's rows, and saves the session (a savepoint, the
    update, its release); a new notice shows in both at once. (Before: 8 queries.)"""
    from ..kit import warm_to_do_count

    NotificationFactory.create_batch(3, recipient=jinshan_secretary, title="普通通知")
    client.force_login(jinshan_secretary)
    warm_to_do_count(client)
    inbox = reverse("inbox")
    client.get(inbox)
    with django_assert_max_num_queries(6):
        page = client.get(inbox).content.decode()
    assert "全部标为已读（3）" in page and 'value="courts"' not in page
    item = CooperationItemFactory()
    NotificationFactory(
        recipient=jinshan_secretary,
        title="合作事项已更新",
        target_type=ContentType.objects.get_for_model(item),
        target_id=item.pk,
    )
    page = client.get(inbox).content.decode()
    assert "全部标为已读（4）" in page and 'value="courts"' in page
