"""Academic symposia and their papers: kept by the host court, files checked, authors told,
lists filtered by year, court and award and exported to Excel."""

import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import Notification
from courts.choices import Role
from symposia import services
from symposia.models import Paper

from ..conftest import make_member
from ..factories import PDF_BYTES, PaperFactory, SymposiumFactory, court

PDF = PDF_BYTES


@pytest.fixture
def assistant(db):
    return make_member("pinghu", None, username="pinghu-assistant", full_name="杨帆")


@pytest.fixture
def symposium(jiashan_secretary):
    return services.create_symposium(
        by=jiashan_secretary,
        title="第三届金平嘉法院学术讨论会联席会议",
        year=2025,
        host_court=court("jiashan"),
        date=datetime.date(2025, 10, 16),
        theme="长三角一体化中的司法协作",
    )


def test_only_the_host_courts_secretary_records_a_symposium(pinghu_secretary, jiashan_secretary):
    data = {"title": "研讨会", "year": 2025, "date": datetime.date(2025, 5, 1)}
    with pytest.raises(PermissionDenied):
        services.create_symposium(by=pinghu_secretary, host_court=court("jiashan"), **data)
    with pytest.raises(ValidationError) as error:  # the date in another year
        services.create_symposium(
            by=jiashan_secretary, host_court=court("jiashan"), **{**data, "year": 2024}
        )
    assert "date" in error.value.message_dict


def test_a_paper_with_its_pdf_tells_its_authors(symposium, jiashan_secretary, assistant):
    paper = services.add_paper(
        symposium=symposium,
        by=jiashan_secretary,
        title="跨域立案协作的实证研究",
        authors=[assistant.person],
        upload=SimpleUploadedFile("论文.pdf", PDF, content_type="application/pdf"),
    )
    assert paper.original_name == "论文.pdf" and paper.content_type == "application/pdf"
    assert paper.file.read() == PDF
    assert Notification.objects.filter(
        recipient=assistant,
        title="您的论文“跨域立案协作的实证研究”已收录于第三届金平嘉法院学术讨论会联席会议",
    ).exists()
    services.update_paper(paper=paper, by=jiashan_secretary, award="first")
    assert Notification.objects.filter(recipient=assistant, title__endswith="：一等奖").exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [("论文.xlsx", b"PK\x03\x04"), ("论文.pdf", b"not a pdf at all"), ("论文.exe", b"MZ")],
)
def test_a_paper_file_is_a_real_pdf_or_docx(symposium, jiashan_secretary, assistant, name, content):
    with pytest.raises(ValidationError) as error:
        services.add_paper(
            symposium=symposium,
            by=jiashan_secretary,
            title="论文",
            authors=[assistant.person],
            upload=SimpleUploadedFile(name, content),
        )
    assert "upload" in error.value.message_dict
    assert not Paper.objects.exists()


def test_another_courts_secretary_cannot_add_papers(symposium, pinghu_secretary, assistant):
    with pytest.raises(PermissionDenied):
        services.add_paper(
            symposium=symposium, by=pinghu_secretary, title="论文", authors=[assistant.person]
        )


def _papers():
    first = SymposiumFactory(year=2024, date=datetime.date(2024, 9, 1), host_court=court("pinghu"))
    second = SymposiumFactory(year=2025, date=datetime.date(2025, 10, 16))
    jinshan = make_member("jinshan", None, username="a1", full_name="冯雪")
    pinghu = make_member("pinghu", None, username="a2", full_name="杨帆")
    for symposium, title, author, award in [
        (first, "金融案件类案检索", jinshan, "first"),
        (first, "环境修复费用计算", pinghu, "none"),
        (second, "执行联动机制", pinghu, "second"),
    ]:
        paper = PaperFactory(symposium=symposium, title=title, award=award)
        paper.authors.set([author.person])


def test_the_paper_list_filters_by_year_court_and_award_and_exports(judge_client):
    _papers()
    url = reverse("symposia:paper-list")
    page = judge_client.get(url, {"year": 2024}).content.decode()
    assert "金融案件类案检索" in page and "执行联动机制" not in page
    page = judge_client.get(url, {"court": court("pinghu").pk}).content.decode()
    assert "环境修复费用计算" in page and "金融案件类案检索" not in page
    page = judge_client.get(url, {"award": "second"}).content.decode()
    assert "执行联动机制" in page and "环境修复费用计算" not in page
    assert judge_client.get(url, {"year": "99999", "award": "gold"}).status_code == 200
    response = judge_client.get(url, {"year": 2024, "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("标题", "学术讨论会", "年度", "作者", "获奖等次")
    assert sorted(r[0] for r in rows[1:]) == ["环境修复费用计算", "金融案件类案检索"]
    assert {r[4] for r in rows[1:]} == {"一等奖", "未获奖"}


@pytest.mark.parametrize("rows", [2, 12])
def test_paper_and_symposium_lists_query_counts_do_not_grow(
    judge_client, django_assert_max_num_queries, rows
):
    from ..kit import warm_to_do_count

    symposium = SymposiumFactory()
    for index in range(rows):
        paper = PaperFactory(symposium=symposium)
        paper.authors.set([make_member("pinghu", None, username=f"author-{index}").person])
    warm_to_do_count(judge_client)
    for url, limit in (
        (reverse("symposia:paper-list"), 12),  # + the authors of the page's papers
        (reverse("symposia:symposium-list"), 10),
        (symposium.get_absolute_url(), 13),  # + the symposium, its history
    ):
        with django_assert_max_num_queries(limit):
            assert judge_client.get(url).status_code == 200


def test_an_unrelated_judge_reads_and_downloads_but_cannot_edit(
    client, symposium, jiashan_secretary, assistant, jinshan_judge
):
    paper = services.add_paper(
        symposium=symposium,
        by=jiashan_secretary,
        title="论文",
        authors=[assistant.person],
        upload=SimpleUploadedFile("论文.pdf", PDF),
    )
    client.force_login(jinshan_judge)
    assert client.get(paper.get_absolute_url()).status_code == 200
    download = client.get(reverse("symposia:paper-download", args=[paper.pk]))
    assert b"".join(download.streaming_content) == PDF
    assert client.get(reverse("symposia:paper-edit", args=[paper.pk])).status_code == 404
    assert make_member("jinshan", Role.ADMIN, username="adm").is_active


def test_the_joint_meeting_activity_and_the_symposium_link_both_ways(client, jiashan_secretary):
    """The 学术讨论会联席会议 recorded as a joint activity and the symposium record are one
    thing: the symposium names its activity (same host, same day, that kind) and each page
    links to the other."""
    from activities.models import Kind

    from ..factories import make_activity

    meeting = make_activity(
        host="jiashan",
        co_hosts=("jinshan", "pinghu"),
        by=jiashan_secretary,
        kind=Kind.SYMPOSIUM_JOINT_MEETING,
        title="第四届学术讨论会联席会议",
        days=10,
    )
    other_kind = make_activity(host="jiashan", by=jiashan_secretary, days=10)
    from django.utils import timezone

    day = timezone.localtime(meeting.start).date()
    fields = {"title": "第四届学术讨论会", "year": day.year, "host_court": court("jiashan")}
    with pytest.raises(ValidationError) as error:
        services.create_symposium(by=jiashan_secretary, date=day, activity=other_kind, **fields)
    assert "activity" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.create_symposium(
            by=jiashan_secretary, date=day - datetime.timedelta(days=1), activity=meeting, **fields
        )
    assert "activity" in error.value.message_dict
    symposium = services.create_symposium(
        by=jiashan_secretary, date=day, activity=meeting, **fields
    )
    client.force_login(jiashan_secretary)
    page = client.get(symposium.get_absolute_url()).content.decode()
    assert f'href="{meeting.get_absolute_url()}"' in page
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert f'href="{symposium.get_absolute_url()}"' in page
    # the form offers only joint meetings not linked yet
    form_page = client.get(reverse("symposia:symposium-create")).content.decode()
    assert "第四届学术讨论会联席会议" not in form_page and other_kind.title not in form_page
