"""Lists from one column spec: the page's table and cards, and the export, agree."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.exports import text_width
from tests.factories import CooperationItemFactory


@pytest.fixture
def items(jinshan_secretary):
    return [
        CooperationItemFactory(
            title="联合调研长三角环境资源审判", due_date=datetime.date(2026, 12, 31)
        ),
        CooperationItemFactory(title="=1+1 不是公式", due_date=datetime.date(2027, 1, 15)),
    ]


def test_the_page_shows_every_column_with_its_label_and_the_key_as_row_heading(
    secretary_client, items
):
    html = secretary_client.get(reverse("courts:cooperationitem-list")).content.decode()
    assert html.count('<th scope="row" class="list-key fw-normal"><a href="/cooperation/') == 2
    for label in ["合作领域", "牵头法院", "责任领导", "完成时限", "状态"]:
        assert html.count(f'data-label="{label}"') == 2, label
    assert '<time datetime="2026-12-31">' in html


def test_the_export_has_the_pages_headers_real_dates_and_a_usable_sheet(secretary_client, items):
    response = secretary_client.get(reverse("courts:cooperationitem-list") + "?format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    headers = [c.value for c in sheet[1]]
    assert headers == ["标题", "合作领域", "牵头法院", "责任领导", "完成时限", "状态"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["联合调研长三角环境资源审判"][4] == datetime.datetime(2026, 12, 31)
    assert sheet.cell(row=2, column=5).number_format == "yyyy-mm-dd"
    assert "'=1+1 不是公式" in rows  # typed text never becomes a formula
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:F3"
    # The title column is wide enough for its Chinese text (two columns a character).
    assert sheet.column_dimensions["A"].width >= text_width("联合调研长三角环境资源审判")


def test_the_csv_export_follows_the_filters(secretary_client, items):
    url = reverse("courts:cooperationitem-list") + "?q=环境&format=csv"
    text = secretary_client.get(url).content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0] == "标题,合作领域,牵头法院,责任领导,完成时限,状态"
    assert len(lines) == 2 and lines[1].startswith("联合调研长三角环境资源审判,")


def test_activity_export_writes_dates_as_dates_in_local_time(secretary_client, jinshan_secretary):
    from tests.factories import make_activity

    start = timezone.make_aware(datetime.datetime(2026, 12, 1, 14, 30))
    make_activity(title="三地联合主题党日", start=start)
    response = secretary_client.get(reverse("activities:activity-export") + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    headers = [c.value for c in sheet[1]]
    assert headers == [
        "标题",
        "活动类型",
        "合作领域",
        "主办法院",
        "协办法院",
        "开始时间",
        "结束时间",
        "地点",
        "状态",
    ]
    row = next(sheet.iter_rows(min_row=2, values_only=True))
    assert row[0] == "三地联合主题党日" and row[5] == datetime.datetime(2026, 12, 1, 14, 30)


def test_text_width_counts_chinese_as_two():
    assert text_width("abc") == 3
    assert text_width("金平嘉") == 6
    assert text_width("（第1次）") == 9
