"""The public pages: only published items, their images and the feed; nothing else leaks."""

import feedparser
import pytest
from django.urls import reverse

from publicity import services

from .conftest import draft, png

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(author, jinshan_reviewer):
    items = {}
    for state in ("draft", "in_review", "returned", "published", "withdrawn"):
        item = draft(author, title=f"标题-{state}", summary=f"摘要-{state}")
        image = services.add_image(item=item, by=author, upload=png(), alt=state)
        services.update_item(item=item, by=author, body=f"正文 {image.markdown()}")
        services.add_attachment(item=item, by=author, upload=png())
        if state != "draft":
            services.submit_item(item=item, by=author)
        if state == "returned":
            services.return_item(item=item, by=jinshan_reviewer, comment="改")
        if state in ("published", "withdrawn"):
            services.publish_item(item=item, by=jinshan_reviewer)
        if state == "withdrawn":
            services.withdraw_item(item=item, by=jinshan_reviewer, reason="撤")
        items[state] = (item, image)
    return items


def test_only_published_items_are_public(client, world):
    page = client.get(reverse("public-list")).content.decode()
    assert "标题-published" in page
    for state in ("draft", "in_review", "returned", "withdrawn"):
        item, image = world[state]
        assert f"标题-{state}" not in page
        assert client.get(item.get_public_url()).status_code == 404
        assert client.get(image.get_absolute_url()).status_code == 404
    item, image = world["published"]
    detail = client.get(item.get_public_url())
    assert detail.status_code == 200
    text = detail.content.decode()
    assert "摘要-published" in text and '<meta name="description" content="摘要-published">' in text
    assert "陈书记" not in text  # no staff names: the author's court only
    assert "attachments/" not in text  # no attachment is reachable from the public pages
    assert client.get(image.get_absolute_url()).status_code == 200
    attachment = item.attachments.get()
    response = client.get(reverse("publicity:attachment-download", args=[attachment.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_withdraw_hides_from_the_list_and_the_feed(client, world, jinshan_reviewer):
    feed = feedparser.parse(client.get(reverse("public-feed")).content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert [e.title for e in feed.entries] == ["标题-published"]
    entry = feed.entries[0]
    assert entry.link.endswith(world["published"][0].get_public_url())
    assert entry.summary == "摘要-published"
    services.withdraw_item(item=world["published"][0], by=jinshan_reviewer, reason="更正")
    feed = feedparser.parse(client.get(reverse("public-feed")).content)
    assert feed.entries == []
    assert "标题-published" not in client.get(reverse("public-list")).content.decode()


def test_public_filters_and_bad_input(client, world):
    url = reverse("public-list")
    assert "标题-published" in client.get(url, {"tag": "主题党日"}).content.decode()
    assert "标题-published" not in client.get(url, {"area": "culture"}).content.decode()
    for bad in ({"court": "x"}, {"tag": "<script>"}, {"page": "99999"}, {"area": "\x00"}):
        assert client.get(url, bad).status_code == 200


@pytest.mark.parametrize("rows", [2, 14])
def test_public_and_staff_lists_query_counts_do_not_grow(
    client, author, jinshan_reviewer, django_assert_max_num_queries, rows
):
    from ..kit import warm_to_do_count

    for index in range(rows):
        item = draft(author, title=f"条目{index}", tags=[f"标签{index}", "共同"])
        services.add_image(item=item, by=author, upload=png(), alt="x")
        services.submit_item(item=item, by=author)
        services.publish_item(item=item, by=jinshan_reviewer)
        services.add_record(
            item=item,
            by=author,
            channel="wechat",
            outlet="公众号",
            date=item.created_at.date(),
            link="https://mp.example.cn/1",
        )
    with django_assert_max_num_queries(6):
        assert client.get(reverse("public-list")).status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get(reverse("public-feed")).status_code == 200
    client.force_login(author)
    warm_to_do_count(client)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("publicity:item-list")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("publicity:item-list"), {"format": "xlsx"}).status_code == 200
    # an item's page: its courts, tags, images, records and history are kept (warm)
    assert client.get(item.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(item.get_absolute_url()).status_code == 200
    client.logout()
    with django_assert_max_num_queries(2):  # the item; the rest is kept
        assert client.get(item.get_public_url()).status_code == 200
