"""The activity search box: what it finds is what contains the typed text (title, place or
agenda), Chinese words of two characters included; on PostgreSQL a rare word is found through the
gram index (core.search) and a common one through the list's order."""

import html
import re

import pytest
from django.db import connection
from django.urls import reverse

from activities.models import Activity
from core import search

from ..factories import make_activity

TITLES = ["联合主题党日", "党课：守初心", "南湖红船参观", "青年读书会 Reading Club", "执行联动座谈"]


@pytest.fixture
def activities(jinshan_secretary):
    made = [make_activity(by=jinshan_secretary, title=t) for t in TITLES]
    make_activity(by=jinshan_secretary, title="季度会商", place="审委会会议室")
    return made


def _found(client, term: str) -> set[str]:
    response = client.get(reverse("activities:activity-list"), {"q": term})
    found = re.findall(r'<th scope="row"[^>]*><a href="[^"]*">([^<]*)</a>', response.text)
    return {html.unescape(title) for title in found}


@pytest.mark.parametrize(
    "term",
    [
        "党日",
        "党",
        "南湖",
        "红船参",
        "reading",
        "READING club",
        "审委会",
        "会议室",
        "没有的词",
        "日党",
    ],
)
def test_the_search_finds_exactly_what_contains_the_term(judge_client, activities, term):
    expected = {
        a.title
        for a in Activity.objects.all()
        if any(term.lower() in (value or "").lower() for value in (a.title, a.place, a.agenda))
    }
    assert _found(judge_client, term) == expected


def test_query_grams_are_pairs_or_the_one_character():
    assert search.grams("党日") == ["党日"]
    assert search.grams("主题党日") == ["主题", "题党", "党日"]
    assert search.grams("党") == ["党"]
    assert search.grams(" Ab c ") == ["ab"]  # pairs across a space are not indexed
    assert search.grams("") == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the gram index is PostgreSQL's")
def test_a_rare_word_is_found_through_the_gram_index(activities):
    from activities.search import SEARCH_COLUMNS

    rare = search.narrow(Activity.objects.all(), "南湖", SEARCH_COLUMNS)
    # the plan of the narrowing alone: with the list's order, walking the order index while
    # filtering is as cheap for five rows, and the planner's choice between them varied
    sql, params = rare.order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table would be read whole
        cursor.execute("SET LOCAL enable_indexscan = off")  # nor walked whole through an index
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "activity_search_grams_idx" in plan
    assert [a.title for a in rare] == ["南湖红船参观"]
