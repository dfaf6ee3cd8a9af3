"""The annual report: the page, the workbook and the Word document hold the same figures — the
counts made by hand — and the records of the year; one court's report holds only its records."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from activities.models import Activity
from courts import services

from ..courts.test_dashboard import _at
from ..factories import StudyCaseFactory, court, make_activity


@pytest.fixture
def year_2025(jinshan_secretary):
    """2025: Jinshan hosted a Party-building exchange with Pinghu, Pinghu a culture one with
    Jiashan; Jinshan set a target of 4 exchanges; a planned one does not count."""
    made = [
        make_activity(
            host="jinshan",
            co_hosts=("pinghu",),
            start=_at(2025, 3, 5),
            area="party_exchange",
            title="金平联合主题党日",
        ),
        make_activity(
            host="pinghu",
            co_hosts=("jiashan",),
            start=_at(2025, 6, 1),
            area="culture",
            title="平嘉文化交流座谈",
        ),
    ]
    Activity.objects.filter(pk__in=[a.pk for a in made]).update(status="completed")
    make_activity(
        host="jinshan",
        co_hosts=("pinghu",),
        start=_at(2025, 10, 1),
        area="party_exchange",
        title="尚未举行的活动",
    )
    services.set_target(
        by=jinshan_secretary,
        year=2025,
        court=court("jinshan"),
        figure="activities-completed",
        row="party_exchange",
        value=4,
    )
    return made


def _url(fmt: str = "", **query) -> str:
    base = (
        reverse("reports:report-file", args=[2025, fmt])
        if fmt
        else reverse("reports:report", args=[2025])
    )
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_page_holds_the_figures_the_targets_and_the_records(secretary_client, year_2025):
    page = secretary_client.get(_url()).content.decode()
    assert "2025年度报告" in page
    assert "金平联合主题党日" in page and "平嘉文化交流座谈" in page
    assert "尚未举行的活动" not in page
    assert "共设定 1 项目标，完成 0 项，未完成 1 项。" in page


def test_the_workbook_holds_the_same_figures(secretary_client, year_2025):
    answer = secretary_client.get(_url("xlsx"))
    assert answer["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(answer.content))
    summary = book["汇总"]
    assert summary.freeze_panes == "C2"
    headers = [c.value for c in summary[1]]
    assert headers == ["统计项", "领域或类型", "金山", "平湖", "嘉善", "三地法院"]
    rows = {(r[0], r[1]): list(r[2:]) for r in summary.iter_rows(min_row=2, values_only=True)}
    assert rows["已完成的联合活动", "党建交流"] == [1, 1, 0, 1]
    assert rows["已完成的联合活动", "文化交流"] == [0, 1, 1, 1]
    assert rows["已完成的联合活动", "合计"] == [1, 2, 1, 2]
    targets = list(book["年度目标"].iter_rows(min_row=2, values_only=True))
    assert targets == [("金山", "已完成的联合活动", "党建交流", 4, 1, "否")]
    area = book["党建交流"]
    cells = [row for row in area.iter_rows(values_only=True) if "金平联合主题党日" in row]
    assert cells and cells[0][0] == datetime.datetime(2025, 3, 5)  # a real date
    assert not any("平嘉文化交流座谈" in row for row in area.iter_rows(values_only=True))


def test_the_word_document_is_an_official_document(secretary_client, year_2025):
    answer = secretary_client.get(_url("docx"))
    assert answer["Content-Disposition"].endswith("2025-jin-ping-jia-annual-report.docx")
    document = Document(io.BytesIO(answer.content))
    lines = [p.text for p in document.paragraphs if p.text]
    assert lines[0] == "三地法院2025年度毗邻党建工作总结"
    assert lines[1] == "三地法院党组："
    assert "一、总体情况" in lines and "二、各领域工作" in lines and "（一）党建交流" in lines
    assert "已完成的联合活动：合计 2（金山 1、平湖 2、嘉善 1）。" in lines
    assert lines[-4:-1] == ["上海市金山区人民法院", "浙江省平湖市人民法院", "浙江省嘉善县人民法院"]
    assert lines[-1].endswith("日") and "年" in lines[-1]
    titles = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert "金平联合主题党日" in titles and "尚未举行的活动" not in titles
    section = document.sections[0]
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    footer = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer


def test_one_courts_report_holds_its_records_only(secretary_client, year_2025):
    jiashan = court("jiashan")
    page = secretary_client.get(_url(court=jiashan.pk)).content.decode()
    assert "平嘉文化交流座谈" in page and "金平联合主题党日" not in page
    book = load_workbook(io.BytesIO(secretary_client.get(_url("xlsx", court=jiashan.pk)).content))
    assert [c.value for c in book["汇总"][1]] == ["统计项", "领域或类型", "嘉善"]


def test_a_group_only_case_is_never_in_the_report(secretary_client, year_2025):
    StudyCaseFactory(cause_of_action="仅组内可见的研究案例", status="concluded")
    for fmt in ("", "xlsx", "docx"):
        assert "仅组内可见的研究案例".encode() not in secretary_client.get(_url(fmt)).content


@pytest.mark.parametrize("path", ["/reports/2019/", "/reports/2999/", "/reports/2025/report.pdf"])
def test_a_year_outside_the_agreement_or_an_unknown_format_is_not_found(secretary_client, path):
    assert secretary_client.get(path).status_code == 404


def test_the_report_is_for_staff(client):
    answer = client.get(_url())
    assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]


def test_the_command_writes_the_same_files(tmp_path, year_2025):
    call_command("annual_report", "2025", "--court", "jinshan", "--out", str(tmp_path))
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [f"2025-jinshan-annual-report.{ext}" for ext in ("docx", "html", "xlsx")]
    book = load_workbook(tmp_path / "2025-jinshan-annual-report.xlsx")
    assert [c.value for c in book["汇总"][1]][-1] == "金山"
    assert "金平联合主题党日" in (tmp_path / "2025-jinshan-annual-report.html").read_text()


def test_the_page_shows_each_areas_first_rows_and_the_workbook_all(
    secretary_client, year_2025, monkeypatch
):
    from reports import views

    monkeypatch.setattr(views, "PAGE_ROWS", 1)
    extra = make_activity(
        host="jiashan",
        co_hosts=("pinghu",),
        start=_at(2025, 7, 1),
        area="party_exchange",
        title="嘉平联合主题党日",
    )
    Activity.objects.filter(pk=extra.pk).update(status="completed")
    page = secretary_client.get(_url()).content.decode()
    assert "金平联合主题党日" in page and "嘉平联合主题党日" not in page  # the first of March
    assert "平嘉文化交流座谈" in page  # another area's first
    assert "仅显示前 1 项，Excel 工作簿列出全部记录。" in page
    book = load_workbook(io.BytesIO(secretary_client.get(_url("xlsx")).content))
    titles = [r[1] for r in book["党建交流"].iter_rows(values_only=True)]
    assert "金平联合主题党日" in titles and "嘉平联合主题党日" in titles


def test_the_case_study_output_is_the_shared_concluded_cases_with_their_reviews(
    secretary_client, year_2025
):
    from django.utils import timezone

    from ..factories import CaseReviewFactory

    when = datetime.datetime(2025, 6, 1, 10, tzinfo=timezone.get_current_timezone())
    shared = StudyCaseFactory(
        cause_of_action="保理合同纠纷研究结论",
        status="concluded",
        visibility="staff",
        concluded_at=when,
        court_of_origin=court("pinghu"),
    )
    CaseReviewFactory(case=shared)
    CaseReviewFactory(case=shared)
    StudyCaseFactory(
        cause_of_action="上一年度的结论",
        status="concluded",
        visibility="staff",
        concluded_at=when.replace(year=2024),
    )
    page = secretary_client.get(_url()).content.decode()
    assert "保理合同纠纷研究结论" in page and "上一年度的结论" not in page
    book = load_workbook(io.BytesIO(secretary_client.get(_url("xlsx")).content))
    rows = [r for sheet in book for r in sheet.iter_rows(values_only=True)]
    row = next(r for r in rows if "保理合同纠纷研究结论" in r)
    assert row[-2:] == ("平湖", 2)  # court of origin, reviews
    jinshan_only = secretary_client.get(_url(court=court("jinshan").pk)).content.decode()
    assert "保理合同纠纷研究结论" not in jinshan_only
