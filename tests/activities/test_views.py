"""Every activity URL × actor: the expected status, and the database unchanged after a refusal."""

import datetime
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from activities import checklist, roll_call, services
from activities.models import (
    Activity,
    Attachment,
    Attendance,
)

from ..kit import warm_to_do_count
from .conftest import png_upload
from .test_access_table import url_for
from .worlds import build_world

ACTORS = ["host_secretary", "cohost_secretary", "other_secretary", "judge", "anonymous"]


@pytest.fixture
def world(db):
    """Jinshan hosts a running activity with Pinghu; a Pinghu judge is invited; one photo."""
    return build_world()


def test_create_form_keeps_input_and_explains_errors(secretary_client):
    response = secretary_client.post(
        reverse("activities:activity-create"),
        {
            "title": "联合党课",
            "kind": "joint_party_lesson",
            "area": "party_exchange",
            "co_host_courts": [],
            "start": "2030-07-06T09:00",
            "end": "2030-07-06T08:00",
            "place": "保留的地点",
            "agenda": "保留的议程",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "保留的地点" in page and "保留的议程" in page
    assert "至少" in page  # needs a co-host court
    assert Activity.objects.count() == 0
    from courts.models import Court

    response = secretary_client.post(
        reverse("activities:activity-create"),
        {
            "title": "联合党课",
            "kind": "joint_party_lesson",
            "area": "party_exchange",
            "co_host_courts": [Court.objects.get(slug="pinghu").pk],
            "start": "2030-07-06T09:00",
            "end": "2030-07-06T08:00",
            "place": "报告厅",
        },
    )
    assert "结束时间必须晚于开始时间" in response.content.decode()
    assert Activity.objects.count() == 0


def test_the_co_host_list_does_not_offer_the_host_court_itself(secretary_client):
    form = secretary_client.get(reverse("activities:activity-create")).context["form"]
    offered = {c.slug for c in form.fields["co_host_courts"].queryset}
    assert offered == {"pinghu", "jiashan"}


def test_secretary_creates_a_joint_activity_in_the_form(secretary_client):
    from courts.models import Court

    response = secretary_client.post(
        reverse("activities:activity-create"),
        {
            "title": "联合党课",
            "kind": "joint_party_lesson",
            "area": "party_exchange",
            "co_host_courts": [Court.objects.get(slug="jiashan").pk],
            "start": "2030-07-06T09:00",
            "end": "2030-07-06T11:00",
            "place": "报告厅",
        },
    )
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("activities:activity-invite", args=[activity.pk])
    assert [c.slug for c in activity.courts] == ["jinshan", "jiashan"]
    assert timezone.localtime(activity.start).strftime("%Y-%m-%d %H:%M") == "2030-07-06 09:00"


def test_uploads_are_checked(client, world):
    client.force_login(world["actors"]["host_secretary"])
    url = url_for("part-edit", world)
    assert "材料类型" in client.get(url).content.decode()  # of the file, not of the activity
    fake = io.BytesIO(b"this is not an image")
    fake.name = "photo.jpg"
    response = client.post(url, {"action": "upload", "kind": "photo", "upload": fake})
    assert "不是可读取的图片" in response.content.decode()
    exe = io.BytesIO(b"MZ....")
    exe.name = "virus.exe"
    response = client.post(url, {"action": "upload", "kind": "document", "upload": exe})
    assert "只能上传" in response.content.decode()
    assert Attachment.objects.filter(activity=world["future"]).count() == 0


def test_oversized_upload_is_refused(client, world, settings):
    settings.ATTACHMENT_MAX_BYTES = 1000
    client.force_login(world["actors"]["host_secretary"])
    response = client.post(
        url_for("part-edit", world),
        {"action": "upload", "kind": "photo", "upload": png_upload(size=(600, 600))},
    )
    assert "上限" in response.content.decode()
    assert Attachment.objects.filter(activity=world["future"]).count() == 0


def test_photo_upload_makes_a_thumbnail_and_is_served_to_members_only(client, world):
    client.force_login(world["actors"]["cohost_secretary"])
    url = reverse("activities:part-edit", args=[world["future"].pk, "pinghu"])
    response = client.post(
        url,
        {
            "action": "upload",
            "kind": "photo",
            "caption": "三地党员在红船前合影",
            "upload": png_upload("合影.png"),
        },
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get(activity=world["future"])
    assert attachment.caption == "三地党员在红船前合影"
    # the caption typed on upload is shown, not only read out as the image's alt text
    page = client.get(world["future"].get_absolute_url()).content.decode()
    assert (
        '<figcaption class="small text-body-secondary attachment-caption">三地党员在红船前合影'
        in page
    )
    assert attachment.part.court.slug == "pinghu" and attachment.thumbnail
    thumb = client.get(reverse("activities:attachment-thumbnail", args=[attachment.pk]))
    assert thumb["Content-Type"] == "image/jpeg"
    client.logout()
    assert (
        client.get(reverse("activities:attachment-download", args=[attachment.pk])).status_code
        == 302
    )


def test_an_activity_missing_minutes_cannot_be_completed(client, world):
    activity = world["activity"]
    client.force_login(world["actors"]["host_secretary"])
    activity.notice = "通知"
    activity.publicity_link = "https://example.cn/news/1"
    activity.save()
    services.sign_in_with_token(
        activity=activity, user=world["actors"]["judge"], token=roll_call.current_token(activity.pk)
    )
    response = client.post(url_for("activity-complete", world), follow=True)
    assert "结束" in response.content.decode()  # not before its end (activities.windows)
    activity.end = timezone.now() - datetime.timedelta(minutes=1)
    activity.save()
    response = client.post(url_for("activity-complete", world), follow=True)
    assert "尚缺：会议记录" in response.content.decode()
    activity.refresh_from_db()
    assert activity.status == Activity.Status.PLANNED
    activity.minutes = "会议记录正文"
    activity.save()
    organiser = world["actors"]["host_secretary"]
    assert activity.created_by == organiser
    services.invite(activity=activity, by=organiser, people=[organiser.person])
    client.post(url_for("activity-complete", world))
    activity.refresh_from_db()
    assert activity.status == Activity.Status.COMPLETED
    # the Jinshan member who never signed in is now absent; the organiser is not
    assert activity.attendances.filter(status=Attendance.Status.ABSENT).count() == 1
    own = activity.attendances.get(person=organiser.person)
    assert own.status == Attendance.Status.SIGNED_IN and own.sign_in_reason == "组织本次活动"


def test_detail_page_shows_what_is_missing(client, world):
    client.force_login(world["actors"]["judge"])
    page = client.get(world["activity"].get_absolute_url()).content.decode()
    assert "纪实材料清单" in page and "缺少" in page and "会议记录" in page


def test_dossier_zip_holds_the_expected_files(client, world):
    client.force_login(world["actors"]["judge"])
    response = client.get(url_for("activity-dossier", world))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert {"index.html", "signin-sheet.xlsx", "minutes.docx"} <= set(names)
    assert any(name.startswith("attachments/金山/照片-") for name in names)
    index = archive.read("index.html").decode()
    assert "联合主题党日" in index and "签到表" in index and "size: A4" in index
    assert "报送典型案例" in index
    from docx import Document

    minutes = Document(io.BytesIO(archive.read("minutes.docx")))
    cells = {c.text for t in minutes.tables for row in t.rows for c in row.cells}
    assert "报送典型案例" in cells  # the action item, in the minutes' table
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(archive.read("signin-sheet.xlsx"))).active
    people = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert people == {"金山党员", "平湖党员"}


def test_cancel_in_the_browser_tells_the_invited(client, world):
    from core.models import Notification

    client.force_login(world["actors"]["host_secretary"])
    response = client.post(url_for("activity-cancel", world), {"reason": "场地检修"})
    assert response.status_code == 302
    judge = world["actors"]["judge"]
    assert Notification.objects.filter(recipient=judge, body__contains="场地检修").exists()
    client.force_login(judge)
    assert "场地检修" in client.get(reverse("inbox")).content.decode()


def test_export_filtered_list_to_excel_and_csv(client, world):
    client.force_login(world["actors"]["judge"])
    csv_text = client.get(
        reverse("activities:activity-export"), {"format": "csv", "q": "下月"}
    ).content.decode("utf-8-sig")
    assert "下月党课" in csv_text and "联合主题党日" not in csv_text
    response = client.get(reverse("activities:activity-export"), {"format": "xlsx"})
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    titles = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert {"下月党课", "联合主题党日"} <= titles and len(titles) == Activity.objects.count()


def test_my_record_lists_attended_activities_and_exports(client, world):
    judge = world["actors"]["judge"]
    services.sign_in_with_token(
        activity=world["activity"], user=judge, token=roll_call.current_token(world["activity"].pk)
    )
    client.force_login(judge)
    response = client.get(reverse("activities:my-record"))
    assert response.context["summary"]["by_kind"] == [("主题党日", 1)]
    export = client.get(reverse("activities:my-record"), {"format": "xlsx"})
    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert len(rows) == 3 and {r[1] for r in rows[1:]} == {"联合主题党日", "下月党课"}


@pytest.mark.parametrize("extra", [2, 12])
def test_query_counts_do_not_grow(client, world, django_assert_max_num_queries, extra):
    from ..factories import PersonFactory, court, make_activity

    host = world["actors"]["host_secretary"]
    people = [PersonFactory(court=court("pinghu")).pk for _ in range(extra)]
    from courts.models import Person

    services.invite(
        activity=world["activity"], by=host, people=Person.objects.filter(pk__in=people)
    )
    for index in range(extra):
        make_activity(by=host, title=f"活动{index}")
    client.force_login(world["actors"]["judge"])
    warm_to_do_count(client)
    pages = {
        reverse("activities:activity-list"): 12,
        # the history shows at most 20 entries; each change of a foreign key is looked up
        world["activity"].get_absolute_url(): 18,
        url_for("roll-call", world): 13,
        reverse("calendar"): 13,  # day counts, three a day, their co-host courts
        reverse("calendar") + "?view=list": 13,
        reverse("activities:my-record"): 10,
    }
    for url, limit in pages.items():
        client.get(url)  # warm: what the cache keeps (courts, counts) is asked once
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200, url


def test_after_the_end_those_never_signed_in_show_as_absent_everywhere(
    client, jinshan_secretary, pinghu_secretary, jinshan_member
):
    from ..factories import make_activity

    start = timezone.now() - datetime.timedelta(days=2)
    past = make_activity(by=jinshan_secretary, title="已结束的活动", start=start)
    services.invite(activity=past, by=jinshan_secretary, people=[jinshan_member.person])
    client.force_login(jinshan_secretary)
    page = client.get(reverse("activities:roll-call", args=[past.pk])).content.decode()
    assert "attendance-absent" in page and "已邀请</span>" not in page
    archive = zipfile.ZipFile(
        io.BytesIO(client.get(reverse("activities:activity-dossier", args=[past.pk])).content)
    )
    index = archive.read("index.html").decode()
    assert "<td>缺席</td>" in index and "<td>已邀请</td>" not in index


def test_the_checklist_says_why_and_publicity_can_be_waived_with_a_reason(client, world):
    """Each missing document says why it is asked for; a joint activity without a report is
    closed once the secretary says why it was not publicised, and the reason stays on it."""
    activity = world["activity"]
    secretary = world["actors"]["host_secretary"]
    client.force_login(secretary)
    assert "publicity_link" in [r.code for r in checklist.checklist(activity)]
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "对外报道" in page  # why a publicity link is asked for, before any tap
    record = reverse("activities:activity-record", args=[activity.pk])
    both = {
        "status": activity.status,
        "summary": "",
        "publicity_link": "https://example.cn/news/1",
        "no_publicity_reason": "内部会议",
    }
    page = client.post(record, both).content.decode()
    assert "已填写报道链接" in page and "内部会议" in page  # refused, the input kept
    client.post(record, {**both, "publicity_link": "", "no_publicity_reason": "涉及未公开审判工作"})
    activity.refresh_from_db()
    assert activity.no_publicity_reason == "涉及未公开审判工作"
    publicity = next(r for r in checklist.checklist(activity) if r.code == "publicity_link")
    assert publicity.met and publicity.waived == "涉及未公开审判工作"
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "未对外宣传：涉及未公开审判工作" in page


def test_the_notice_and_the_minutes_as_word_documents(client, world):
    """Both in the official-document layout: the title, the recipients, numbered headings, the
    host court and the date at the end."""
    import io

    from docx import Document

    client.force_login(world["actors"]["judge"])
    notice = client.get(url_for("activity-notice-docx", world))
    assert (
        notice["Content-Disposition"].endswith(".docx")
        and "%E9%80%9A%E7%9F%A5" in notice["Content-Disposition"]
    )  # 通知
    lines = [p.text for p in Document(io.BytesIO(notice.content)).paragraphs if p.text]
    activity = world["activity"]
    assert lines[0] == f"关于{activity.title}的通知"
    assert lines[1].endswith("党组织：") and "平湖" in lines[1]
    assert "一、时间、地点和参加单位" in lines
    assert lines[-2] == activity.host_court.name
    minutes = client.get(url_for("activity-minutes-docx", world))
    lines = [p.text for p in Document(io.BytesIO(minutes.content)).paragraphs if p.text]
    assert lines[0] == f"{activity.title}会议纪要"
    assert "一、会议概况" in lines and "二、会议内容" in lines
