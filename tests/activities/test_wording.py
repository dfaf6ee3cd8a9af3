"""Words a secretary understands: 本院材料, one name for the record page and its button, the
first feed address "created"."""

from django.urls import reverse

from ..factories import make_activity


def test_each_courts_materials_are_called_so_and_the_record_page_matches_its_button(
    client, jinshan_secretary
):
    activity = make_activity(by=jinshan_secretary)
    client.force_login(jinshan_secretary)
    detail = client.get(reverse("activities:activity-detail", args=[activity.pk])).content.decode()
    assert "编辑本院材料" in detail and "各院材料" in detail and "部分" not in detail
    assert "活动小结与宣传报道" in detail
    record = client.get(reverse("activities:activity-record", args=[activity.pk])).content.decode()
    assert "<h1>活动小结与宣传报道</h1>" in record


def test_the_first_feed_address_is_created_and_a_second_one_replaces_it(client, jinshan_judge):
    client.force_login(jinshan_judge)
    first = client.post(reverse("calendar-token-reset"), follow=True)
    assert "已生成" in first.content.decode() and "旧地址已失效" not in first.content.decode()
    second = client.post(reverse("calendar-token-reset"), follow=True)
    assert "旧地址已失效" in second.content.decode()
