"""The dashboard: what the agreement produced in a year, area by area and court by court. The
figures equal counts made by hand, each links to the list it counts, and bad input changes
nothing."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity
from publicity.models import PublicityItem

from ..factories import court, make_activity
from ..kit import warm_to_do_count


def _at(year: int, month: int, day: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, 9, 0, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def record(db):
    """2025: two Party-building exchanges (Jinshan with Pinghu; Pinghu with Jiashan), a talent
    one (Jiashan with Jinshan); one planned and one of 2024 that do not count."""
    made = {
        "joint": make_activity(
            host="jinshan", co_hosts=("pinghu",), start=_at(2025, 3, 5), area="party_exchange"
        ),
        "alone": make_activity(
            host="pinghu", co_hosts=("jiashan",), start=_at(2025, 6, 1), area="party_exchange"
        ),
        "talent": make_activity(
            host="jiashan", co_hosts=("jinshan",), start=_at(2025, 9, 9), area="talent"
        ),
        "planned": make_activity(
            host="jinshan", co_hosts=("pinghu",), start=_at(2025, 10, 1), area="party_exchange"
        ),
        "last_year": make_activity(
            host="jinshan", co_hosts=("pinghu",), start=_at(2024, 12, 31), area="party_exchange"
        ),
    }
    done = [made[k].pk for k in ("joint", "alone", "talent", "last_year")]
    Activity.objects.filter(pk__in=done).update(status=Activity.Status.COMPLETED)
    return made


def _table(page: str, caption: str) -> str:
    """The part of the dashboard that is the table of one figure."""
    parts = page.split('<caption class="caption-top h2 h5 text-body">')
    return next(part.split("</table>")[0] for part in parts if part.startswith(caption))


ACTIVITIES = "已完成的联合活动"


def _cells(page: str, area_label: str) -> list[tuple[str, int]]:
    row = re.search(rf'<th scope="row" class="fw-normal">{area_label}</th>(.*?)</tr>', page)
    assert row, area_label
    return [
        (href.replace("&amp;", "&"), int(n))
        for href, n in re.findall(r'<a href="([^"]+)">(\d+)</a>', row.group(1))
    ]


def test_the_figures_are_the_counts_made_by_hand(secretary_client, record):
    page = secretary_client.get(reverse("courts:dashboard") + "?year=2025").content.decode()
    page = _table(page, ACTIVITIES)
    headers = re.findall(r'<th scope="col" class="text-end">([^<]+)</th>', page)
    assert headers == ["金山", "平湖", "嘉善", "三地法院"]
    # Jinshan, Pinghu, Jiashan, the three courts (each record once)
    assert [n for _href, n in _cells(page, "党建交流")] == [1, 2, 1, 2]
    assert [n for _href, n in _cells(page, "人才培养")] == [1, 0, 1, 1]
    assert [n for _href, n in _cells(page, "文化交流")] == [0, 0, 0, 0]


def test_every_figure_opens_the_list_it_counts(secretary_client, record):
    page = secretary_client.get(reverse("courts:dashboard") + "?year=2025").content.decode()
    page = _table(page, ACTIVITIES)
    for href, n in _cells(page, "党建交流") + _cells(page, "人才培养"):
        listing = secretary_client.get(href).content.decode()
        shown = {
            a.pk for a in Activity.objects.all() if f'href="{a.get_absolute_url()}"' in listing
        }
        assert len(shown) == n, href


def test_one_court_shows_its_column_only(secretary_client, record):
    pinghu = court("pinghu")
    page = _table(
        secretary_client.get(
            reverse("courts:dashboard") + f"?year=2025&court={pinghu.pk}"
        ).content.decode(),
        ACTIVITIES,
    )
    assert [n for _href, n in _cells(page, "党建交流")] == [2]
    headers = re.findall(r'<th scope="col" class="text-end">([^<]+)</th>', page)
    assert headers == ["平湖"]  # no other court's column, no alliance column


@pytest.mark.parametrize("query", ["?year=1999", "?year=abc", "?court=999999999999999999999"])
def test_bad_input_shows_this_year(secretary_client, record, query):
    answer = secretary_client.get(reverse("courts:dashboard") + query)
    assert answer.status_code == 200
    assert str(timezone.localdate().year) in answer.content.decode()


def test_the_dashboard_is_for_staff(client):
    answer = client.get(reverse("courts:dashboard"))
    assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]


def test_the_dashboard_costs_a_bounded_number_of_queries(
    secretary_client, record, django_assert_max_num_queries
):
    warm_to_do_count(secretary_client)
    url = reverse("courts:dashboard") + "?year=2025"
    with django_assert_max_num_queries(12):  # session, user, courts, three aggregates, layout
        assert secretary_client.get(url).status_code == 200
    with django_assert_max_num_queries(9):  # kept: the aggregates are not asked again
        assert secretary_client.get(url).status_code == 200


@pytest.fixture
def published(db):
    """2025: two items of Jinshan on publicity, one of Pinghu on culture; a draft, a withdrawn
    item and one of 2024 that do not count."""
    from ..factories import PersonFactory, PublicityItemFactory

    jinshan, pinghu = PersonFactory(court=court("jinshan")), PersonFactory(court=court("pinghu"))
    status = PublicityItem.Status
    for author, area, state, when in [
        (jinshan, "publicity", status.PUBLISHED, _at(2025, 2, 1)),
        (jinshan, "publicity", status.PUBLISHED, _at(2025, 11, 30)),
        (pinghu, "culture", status.PUBLISHED, _at(2025, 5, 4)),
        (pinghu, "culture", status.DRAFT, None),
        (pinghu, "culture", status.WITHDRAWN, _at(2025, 6, 1)),
        (jinshan, "publicity", status.PUBLISHED, _at(2024, 12, 31)),
    ]:
        PublicityItemFactory(author=author, area=area, status=state, published_at=when)


def test_publicity_counts_what_each_court_published(secretary_client, published):
    page = secretary_client.get(reverse("courts:dashboard") + "?year=2025").content.decode()
    publicity = _table(page, "已发布的宣传稿件")
    assert [n for _href, n in _cells(publicity, "舆论宣传")] == [2, 0, 0, 2]
    assert [n for _href, n in _cells(publicity, "文化交流")] == [0, 1, 0, 1]
    for href, n in _cells(publicity, "舆论宣传") + _cells(publicity, "文化交流"):
        listing = secretary_client.get(href).content.decode()
        from publicity.models import PublicityItem

        shown = {
            i.pk for i in PublicityItem.objects.all() if f'href="{i.get_absolute_url()}"' in listing
        }
        assert len(shown) == n, href


def test_a_kept_figure_changes_when_an_activity_is_completed(secretary_client, record):
    url = reverse("courts:dashboard") + "?year=2025"
    before = _table(secretary_client.get(url).content.decode(), ACTIVITIES)
    assert [n for _href, n in _cells(before, "党建交流")] == [1, 2, 1, 2]
    Activity.objects.filter(pk=record["planned"].pk).update(status=Activity.Status.COMPLETED)
    after = _table(secretary_client.get(url).content.decode(), ACTIVITIES)
    assert [n for _href, n in _cells(after, "党建交流")] == [2, 3, 1, 3]
