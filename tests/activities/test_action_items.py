"""The list of every meeting's action items: its filters, its export and its cost."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ..factories import ActionItemFactory, court, make_activity
from ..kit import warm_to_do_count

URL = reverse("activities:action-item-list")


@pytest.fixture
def items(db):
    today = timezone.localdate()
    return {
        "done": ActionItemFactory(
            activity=make_activity(host="jinshan", co_hosts=("pinghu",), area="mechanism"),
            court=court("jinshan"),
            what="报送典型案例汇编",
            due_date=today - datetime.timedelta(days=30),
            done_at=timezone.now(),
        ),
        "overdue": ActionItemFactory(
            activity=make_activity(host="jinshan", co_hosts=("pinghu",), area="mechanism"),
            court=court("pinghu"),
            what="起草联合调研提纲",
            due_date=today - datetime.timedelta(days=1),
        ),
        "coming": ActionItemFactory(
            activity=make_activity(host="jiashan", co_hosts=("pinghu",), area="talent"),
            court=court("jiashan"),
            what="确定培训师资",
            due_date=today + datetime.timedelta(days=10),
        ),
    }


def _listed(client, query: str = "") -> set[str]:
    html = client.get(URL + query).content.decode()
    return {w for w in ["报送典型案例汇编", "起草联合调研提纲", "确定培训师资"] if w in html}


def test_a_judge_reads_every_courts_items_and_the_filters_narrow_them(judge_client, items):
    assert _listed(judge_client) == {"报送典型案例汇编", "起草联合调研提纲", "确定培训师资"}
    assert _listed(judge_client, "?status=done") == {"报送典型案例汇编"}
    assert _listed(judge_client, "?status=open") == {"起草联合调研提纲", "确定培训师资"}
    assert _listed(judge_client, "?overdue=true") == {"起草联合调研提纲"}
    assert _listed(judge_client, f"?court={court('jiashan').pk}") == {"确定培训师资"}
    assert _listed(judge_client, "?area=talent") == {"确定培训师资"}
    assert _listed(judge_client, "?q=调研") == {"起草联合调研提纲"}


def test_the_overdue_item_is_marked_and_an_empty_filter_says_so(judge_client, items):
    html = judge_client.get(URL + "?overdue=true").content.decode()
    assert "逾期" in html
    empty = judge_client.get(URL + "?q=不存在的事项").content.decode()
    assert "没有符合条件的待办事项。" in empty


@pytest.mark.parametrize("query", ["?status=bogus", "?court=999999", "?due_after=2025-13-40"])
def test_bad_filters_answer_the_page_with_a_message_not_an_error(judge_client, items, query):
    response = judge_client.get(URL + query)
    assert response.status_code == 200


def test_the_export_holds_the_filtered_items_with_real_dates(judge_client, items):
    response = judge_client.get(URL + "?status=open&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    headers = [c.value for c in sheet[1]]
    assert headers[:2] == ["事项", "议定会议"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {"起草联合调研提纲", "确定培训师资"}
    due = rows["确定培训师资"][headers.index("完成时限")]
    assert due == datetime.datetime.combine(items["coming"].due_date, datetime.time())


def test_the_list_costs_the_same_queries_for_three_items_or_thirty(
    judge_client, items, django_assert_max_num_queries
):
    warm_to_do_count(judge_client)
    with django_assert_max_num_queries(9):
        judge_client.get(URL)
    for _ in range(27):
        ActionItemFactory(activity=items["coming"].activity, court=court("jiashan"))
    warm_to_do_count(judge_client)  # the items are the judge's court's to do: counted again
    with django_assert_max_num_queries(9):  # whatever the number of rows
        judge_client.get(URL)
