"""The staff pages as secretaries and reviewers use them: write, start from a record, review
queue, publication records, export."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import Notification
from publicity import services
from publicity.models import ItemImage, PublicationRecord, PublicityItem

from ..factories import court
from .conftest import png

pytestmark = pytest.mark.django_db


def test_write_a_draft_and_keep_input_on_error(client, author):
    client.force_login(author)
    url = reverse("publicity:item-create")
    data = {
        "title": "长" * 121,
        "summary": "摘要",
        "body": "正文",
        "area": "culture",
        "courts": [court("pinghu").pk],
        "tags": "读书会，青年干警、文化",
    }
    page = client.post(url, data).content.decode()
    assert "长" * 121 in page and "120" in page  # the title's limit, with what was typed
    assert not PublicityItem.objects.exists()
    data["title"] = "三地共读一本书"
    response = client.post(url, data)
    item = PublicityItem.objects.get()
    assert response.status_code == 302 and item.court == court("jinshan")
    assert {t.name for t in item.tags.all()} == {"文化", "青年干警", "读书会"}
    assert set(item.courts.values_list("slug", flat=True)) == {"jinshan", "pinghu"}


def test_a_judge_writes_nothing_and_sees_no_button(client, jinshan_judge, item):
    client.force_login(jinshan_judge)
    assert client.get(reverse("publicity:item-create")).status_code == 403
    assert (
        reverse("publicity:item-create")
        not in client.get(reverse("publicity:item-list")).content.decode()
    )
    assert (
        reverse("publicity:item-edit", args=[item.pk])
        not in client.get(item.get_absolute_url()).content.decode()
    )


def test_start_from_a_training_session_prefills_and_links(client, author):
    from training.models import Programme, TrainingSession

    start = timezone.now() + datetime.timedelta(days=10)
    session = TrainingSession.objects.create(
        programme=Programme.objects.create(year=2026, title="联合集训"),
        title="裁判文书说理培训",
        topic="说理",
        host_court=court("pinghu"),
        trainer="张教授",
        start=start,
        end=start + datetime.timedelta(hours=2),
        venue="平湖",
        seats=10,
        enrol_deadline=start - datetime.timedelta(days=1),
        description="三地法官同堂学习裁判文书说理。",
    )
    client.force_login(author)
    url = reverse("publicity:item-create") + f"?from=training:{session.pk}"
    page = client.get(url).content.decode()
    assert "裁判文书说理培训" in page and "三地法官同堂学习裁判文书说理。" in page
    client.post(
        url,
        {
            "title": "裁判文书说理培训",
            "summary": "说理",
            "body": "三地法官同堂学习。",
            "area": "talent",
            "courts": [court("pinghu").pk],
            "source": f"training:{session.pk}",
        },
    )
    item = PublicityItem.objects.get()
    assert item.source == f"training:{session.pk}" and item.source_url == session.get_absolute_url()
    bad = client.get(reverse("publicity:item-create") + "?from=training:999999", follow=True)
    assert "不能" in bad.content.decode()
    assert client.get(reverse("publicity:item-create") + "?from=x:y").status_code == 302


def test_start_from_an_activity_carries_its_photos(client, author, jinshan_secretary):
    from activities.models import Activity, ActivityPart, Attachment

    from ..factories import make_activity

    activity = make_activity(by=jinshan_secretary, days=-3)
    Activity.objects.filter(pk=activity.pk).update(status="held", summary="三地党员重温誓词。")
    part = ActivityPart.objects.filter(activity=activity).first()
    photo = Attachment(
        activity=activity,
        part=part,
        kind="photo",
        original_name="合影.png",
        content_type="image/png",
        size=100,
        uploaded_by=jinshan_secretary,
    )
    photo.file.save("p.png", png(), save=False)
    photo.save()
    item = services.create_item(
        by=author,
        title=activity.title,
        summary="重温誓词",
        body="三地党员重温誓词。",
        area="party_exchange",
        source=f"activity:{activity.pk}",
    )
    item.refresh_from_db()
    assert ItemImage.objects.filter(item=item).count() == 1
    # the one photo is the cover, shown above the body, and not repeated in it
    assert item.cover is not None and "/public/images/" not in item.body_html


def test_a_draft_from_an_activity_carries_its_facts(client, author, jinshan_secretary):
    """Time, place, courts, attendance, agenda and decisions — not only the summary."""
    from activities.models import Activity

    from ..factories import make_activity

    activity = make_activity(by=jinshan_secretary, days=-3, place="金山法院三楼会议室")
    Activity.objects.filter(pk=activity.pk).update(
        status="held",
        summary="三地党员重温誓词。",
        agenda="一、重温入党誓词\n二、交流发言",
        minutes_decisions="每季度轮流举办一次。",
    )
    client.force_login(author)
    page = client.get(reverse("publicity:item-create"), {"from": f"activity:{activity.pk}"})
    body = page.context["form"].initial["body"]
    for fact in (
        "三地党员重温誓词。",
        "金山法院三楼会议室",
        "金山、平湖",
        "重温入党誓词",
        "每季度轮流举办一次。",
        "## ",
    ):
        assert fact in body


def test_review_queue_and_home_list_for_the_courts_reviewer(
    client, item, author, jinshan_reviewer, pinghu_reviewer
):
    services.submit_item(item=item, by=author)
    client.force_login(jinshan_reviewer)
    assert item.title in client.get(reverse("publicity:review-queue")).content.decode()
    assert "待审核" in client.get(reverse("home")).content.decode()
    client.force_login(pinghu_reviewer)
    assert item.title not in client.get(reverse("publicity:review-queue")).content.decode()


def test_record_a_publication_and_export_the_list(client, item, author, jinshan_reviewer):
    from openpyxl import load_workbook

    services.submit_item(item=item, by=author)
    services.publish_item(item=item, by=jinshan_reviewer)
    client.force_login(author)
    url = reverse("publicity:record-create", args=[item.pk])
    refused = client.post(
        url, {"channel": "newspaper", "outlet": "人民法院报", "date": "2026-05-20"}
    )
    assert "请填写链接" in refused.content.decode() or "链接" in refused.content.decode()
    assert not PublicationRecord.objects.exists()
    bad = client.post(url, {"channel": "tv", "outlet": "", "date": "0001-01-01", "reach": "-5"})
    assert bad.status_code == 200 and not PublicationRecord.objects.exists()
    client.post(
        url,
        {
            "channel": "newspaper",
            "outlet": "人民法院报",
            "date": "2026-05-20",
            "clipping_upload": png(),
            "reach": "3200",
        },
    )
    record = PublicationRecord.objects.get()
    assert record.clipping and record.reach == 3200
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("publicity:item-list"), {"format": "xlsx"}).content)
    ).active
    rows = list(sheet.values)
    assert any("人民法院报" in str(cell) for cell in rows[1])


def test_author_is_told_of_publication(item, author, jinshan_reviewer):
    services.submit_item(item=item, by=author)
    services.publish_item(item=item, by=jinshan_reviewer)
    assert Notification.objects.filter(recipient=author, title__contains="已发布").exists()


def test_a_tag_longer_than_allowed_is_refused_not_cut(client, author):
    client.force_login(author)
    data = {
        "title": "标题",
        "summary": "摘要",
        "body": "正文",
        "area": "culture",
        "tags": "短标签，" + "长" * 21,
    }
    page = client.post(reverse("publicity:item-create"), data).content.decode()
    assert "标签最多20个字" in page and "长" * 21 in page
    assert not PublicityItem.objects.exists()


def test_the_editor_preview_renders_and_sanitises_like_saving(client, author, jinshan_judge):
    url = reverse("publicity:body-preview")
    client.force_login(author)
    html = client.post(url, {"body": "## 做法\n\n**轮流**承办<script>alert(1)</script>"}).content
    html = html.decode()
    assert "<h2>做法</h2>" in html and "<strong>轮流</strong>" in html and "<script" not in html
    assert client.post(url, {"body": "长" * 30001}).status_code == 400
    assert client.get(url).status_code == 405
    client.force_login(jinshan_judge)  # a judge writes no publicity
    assert client.post(url, {"body": "x"}).status_code == 403
    client.logout()
    assert client.post(url, {"body": "x"}).status_code == 302
