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
    parts = re.split(r'<h2 class="h5" id="figure-[^"]+-title">', page)
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
    # session, user, courts, targets, layout; per figure one aggregate for the three courts and
    # one per path to a court (host, co-hosts; a share's whole as many again): 56 for the twenty
    with django_assert_max_num_queries(63):
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


def test_publicity_items_by_the_channels_that_carried_them(secretary_client, published):
    from ..factories import PublicationRecordFactory

    items = {
        (i.court.slug, i.published_at.month): i
        for i in PublicityItem.objects.filter(status="published")
    }
    feb, nov, may = items["jinshan", 2], items["jinshan", 11], items["pinghu", 5]
    for item, channel in [
        (feb, "newspaper"),
        (feb, "newspaper"),  # two newspapers carried it: one item
        (feb, "wechat"),
        (nov, "wechat"),
        (may, "newspaper"),
        (items["jinshan", 12], "newspaper"),  # published in 2024
    ]:
        PublicationRecordFactory(item=item, channel=channel, date=datetime.date(2025, 12, 1))
    page = secretary_client.get(reverse("courts:dashboard") + "?year=2025").content.decode()
    caption = "已发布的宣传稿件（按刊播渠道）"
    every = list(PublicityItem.objects.all())
    _check(secretary_client, page, caption, "报纸", [1, 1, 0, 2], every)
    _check(secretary_client, page, caption, "微信公众号", [2, 0, 0, 2], every)
    _check(secretary_client, page, caption, "视频平台", [0, 0, 0, 0], every)


def test_a_kept_figure_changes_when_an_activity_is_completed(secretary_client, record):
    url = reverse("courts:dashboard") + "?year=2025"
    before = _table(secretary_client.get(url).content.decode(), ACTIVITIES)
    assert [n for _href, n in _cells(before, "党建交流")] == [1, 2, 1, 2]
    Activity.objects.filter(pk=record["planned"].pk).update(status=Activity.Status.COMPLETED)
    after = _table(secretary_client.get(url).content.decode(), ACTIVITIES)
    assert [n for _href, n in _cells(after, "党建交流")] == [2, 3, 1, 3]


def _shown(client, href: str, objects) -> int:
    """How many of ``objects`` the list at ``href`` shows (each by a link to its page)."""
    listing = client.get(href).content.decode()
    return sum(1 for o in objects if f'href="{o.get_absolute_url()}"' in listing)


def _check(client, page: str, caption: str, row: str, expected: list, objects) -> None:
    """One row of a figure: its numbers (``(n, whole)`` for a share) equal those made by hand,
    and each number's link lists exactly that many of ``objects``."""
    table = _table(page, caption)
    cells = re.search(rf'<th scope="row" class="fw-normal">{row}</th>(.*?)</tr>', table)
    assert cells, (caption, row)
    found = re.findall(r'<a href="([^"]+)">(\d+)</a>(?:<span[^>]*> / (\d+))?', cells.group(1))
    numbers = [(int(n), int(of)) if of else int(n) for _href, n, of in found]
    assert numbers == expected, (caption, row)
    for href, n, _of in found:
        assert _shown(client, href.replace("&amp;", "&"), objects) == int(n), href


def test_activities_by_kind(secretary_client, record):
    page = secretary_client.get(reverse("courts:dashboard") + "?year=2025").content.decode()
    done = list(Activity.objects.filter(status="completed"))
    _check(secretary_client, page, "已完成的联合活动（按类型）", "主题党日", [2, 2, 2, 3], done)
    _check(secretary_client, page, "已完成的联合活动（按类型）", "党课", [0, 0, 0, 0], done)


def test_exchange_meetings_held_of_planned(secretary_client, db):
    from ..factories import MeetingSeriesFactory

    series = MeetingSeriesFactory()
    made = {
        state: make_activity(
            host="jinshan", co_hosts=("pinghu",), start=_at(2025, month, 3), area="mechanism"
        )
        for month, state in [(2, "completed"), (5, "planned"), (8, "cancelled")]
    }
    plain = make_activity(
        host="jinshan", co_hosts=("pinghu",), start=_at(2025, 4, 1), area="mechanism"
    )
    for state, activity in made.items():
        Activity.objects.filter(pk=activity.pk).update(series=series, status=state)
    Activity.objects.filter(pk=plain.pk).update(status="completed")
    page = secretary_client.get(reverse("courts:dashboard") + "?year=2025").content.decode()
    caption = "已完成的定期交流会商（占计划数）"
    every = list(Activity.objects.all())
    _check(secretary_client, page, caption, "长效机制", [(1, 2), (1, 2), (0, 0), (1, 2)], every)


def test_cooperation_items_done_and_overdue(secretary_client, db):
    from courts.models import CooperationItem

    from ..factories import CooperationItemFactory

    for lead, status, due in [
        ("jinshan", "done", datetime.date(2025, 6, 30)),
        ("jinshan", "in_progress", datetime.date(2025, 3, 1)),  # overdue ever since
        ("jinshan", "dropped", datetime.date(2025, 4, 1)),  # not counted
        ("pinghu", "done", datetime.date(2025, 12, 31)),
        ("pinghu", "planned", datetime.date(2024, 12, 31)),  # another year
    ]:
        CooperationItemFactory(lead_court=court(lead), status=status, due_date=due)
    page = secretary_client.get(reverse("courts:dashboard") + "?year=2025").content.decode()
    items = list(CooperationItem.objects.all())
    _check(
        secretary_client,
        page,
        "已完成的合作事项（占到期数）",
        "长效机制",
        [(1, 2), (1, 1), (0, 0), (2, 3)],
        items,
    )
    _check(secretary_client, page, "逾期的合作事项", "长效机制", [1, 0, 0, 1], items)


def test_action_items_done_and_overdue_for_the_court_that_is_to_do_them(secretary_client, db):
    from activities.models import ActionItem

    from ..factories import ActionItemFactory

    for who, area, done, due in [
        ("jinshan", "mechanism", True, datetime.date(2025, 3, 1)),
        ("jinshan", "mechanism", False, datetime.date(2025, 4, 1)),  # overdue ever since
        ("pinghu", "mechanism", True, datetime.date(2025, 12, 31)),
        ("pinghu", "mechanism", False, datetime.date(2024, 6, 1)),  # another year
        ("jiashan", "talent", False, datetime.date(2025, 5, 1)),  # another area
    ]:
        ActionItemFactory(
            activity=make_activity(host="jinshan", co_hosts=("pinghu",), area=area),
            court=court(who),
            due_date=due,
            done_at=timezone.now() if done else None,
        )
    page = secretary_client.get(reverse("courts:dashboard") + "?year=2025").content.decode()
    items = list(ActionItem.objects.all())
    _check(
        secretary_client,
        page,
        "已完成的待办事项（占到期数）",
        "长效机制",
        [(1, 2), (1, 1), (0, 0), (2, 3)],
        items,
    )
    _check(secretary_client, page, "逾期的待办事项", "长效机制", [1, 0, 0, 1], items)
    _check(secretary_client, page, "逾期的待办事项", "人才培养", [0, 0, 1, 1], items)


def test_papers_and_awards_count_each_authors_court(secretary_client, db):
    from symposia.models import Paper

    from ..factories import PaperFactory, PersonFactory, SymposiumFactory

    symposium = SymposiumFactory(year=2025, date=datetime.date(2025, 10, 16))
    joint = PaperFactory(symposium=symposium, award="first")
    joint.authors.set([PersonFactory(court=court("jinshan")), PersonFactory(court=court("pinghu"))])
    alone = PaperFactory(symposium=symposium)
    alone.authors.set([PersonFactory(court=court("jiashan"))])
    earlier = PaperFactory(symposium=SymposiumFactory(year=2024, date=datetime.date(2024, 10, 1)))
    earlier.authors.set([PersonFactory(court=court("jiashan"))])
    page = secretary_client.get(reverse("courts:dashboard") + "?year=2025").content.decode()
    papers = list(Paper.objects.all())
    _check(secretary_client, page, "学术讨论会论文", "审判质效", [1, 1, 1, 2], papers)
    _check(secretary_client, page, "获奖的学术讨论会论文", "审判质效", [1, 1, 0, 1], papers)


def test_training_sessions_held(secretary_client, db):
    from training.models import TrainingSession

    from ..factories import ProgrammeFactory, TrainingSessionFactory

    programme = ProgrammeFactory(year=2025)
    TrainingSessionFactory(
        programme=programme, host_court=court("pinghu"), status="held", start=_at(2025, 4, 10)
    )
    TrainingSessionFactory(
        programme=programme, host_court=court("pinghu"), status="cancelled", start=_at(2025, 5, 10)
    )
    page = secretary_client.get(reverse("courts:dashboard") + "?year=2025").content.decode()
    sessions = list(TrainingSession.objects.all())
    _check(secretary_client, page, "已举办的培训", "人才培养", [0, 1, 0, 1], sessions)


def test_training_seats_completions_and_certificates_count_each_trainees_court(
    secretary_client, db
):
    from training.models import Enrolment

    from ..factories import (
        EnrolmentFactory,
        PersonFactory,
        ProgrammeFactory,
        TrainingSessionFactory,
    )

    programme = ProgrammeFactory(year=2025)
    held = TrainingSessionFactory(
        programme=programme, host_court=court("pinghu"), status="held", start=_at(2025, 4, 10)
    )
    coming = TrainingSessionFactory(
        programme=programme, host_court=court("pinghu"), status="open", start=_at(2025, 12, 10)
    )
    for n, (where, status, certificate) in enumerate(
        [
            ("jinshan", "completed", True),
            ("jinshan", "completed", False),
            ("jinshan", "absent", False),
            ("pinghu", "attended", False),
            ("jiashan", "completed", True),
            ("jiashan", "cancelled", False),  # no seat: not counted
            ("jiashan", "waitlisted", False),  # no seat: not counted
        ]
    ):
        EnrolmentFactory(
            session=held,
            person=PersonFactory(court=court(where), full_name=f"学员{n}"),
            status=status,
            certificate_code=f"JPJ2025{n:05d}" if certificate else None,
        )
    EnrolmentFactory(session=coming, person=PersonFactory(court=court("jinshan")))  # not held
    page = secretary_client.get(reverse("courts:dashboard") + "?year=2025").content.decode()

    def check(caption: str, expected: list) -> None:
        table = _table(page, caption)
        cells = re.search(r'<th scope="row" class="fw-normal">人才培养</th>(.*?)</tr>', table)
        found = re.findall(r'<a href="([^"]+)">(\d+)</a>(?:<span[^>]*> / (\d+))?', cells.group(1))
        assert [(int(n), int(of)) if of else int(n) for _h, n, of in found] == expected, caption
        for href, n, _of in found:  # each number lists exactly that many trainees
            listing = secretary_client.get(href.replace("&amp;", "&")).content.decode()
            assert len(set(re.findall(r"学员\d", listing))) == int(n), href

    check("已举办培训的参训席位", [3, 1, 1, 5])
    check("完成培训的学员（占参训席位）", [(2, 3), (0, 1), (1, 1), (3, 5)])
    check("已颁发的培训证书", [1, 0, 1, 2])
    assert Enrolment.objects.count() == 8


def test_case_study_sessions_held_and_shared_cases_concluded_and_reviewed(secretary_client, db):
    from casegroups.models import StudyCase, StudySession

    from ..factories import (
        CaseReviewFactory,
        CaseStudyGroupFactory,
        StudyCaseFactory,
        StudySessionFactory,
    )

    bank, land = CaseStudyGroupFactory(), CaseStudyGroupFactory()
    bank.member_courts.set([court("jinshan"), court("pinghu")])
    land.member_courts.set([court("jiashan")])
    for group, when, cancelled in [
        (bank, _at(2025, 3, 4), False),
        (bank, _at(2025, 4, 4), True),  # cancelled
        (land, _at(2025, 6, 4), False),
        (land, _at(2024, 6, 4), False),  # another year
    ]:
        StudySessionFactory(
            group=group, start=when, end=when + datetime.timedelta(hours=2), cancelled=cancelled
        )
    cases = {}
    for key, origin, status, visibility, concluded in [
        ("reviewed", "jinshan", "concluded", "staff", _at(2025, 5, 1)),
        ("public", "pinghu", "concluded", "public", _at(2025, 7, 1)),
        ("group_only", "jinshan", "concluded", "group", _at(2025, 8, 1)),  # not shared
        ("open", "jiashan", "discussion", "staff", None),
        ("earlier", "jiashan", "concluded", "staff", _at(2024, 11, 1)),
    ]:
        cases[key] = StudyCaseFactory(
            group=bank,
            court_of_origin=court(origin),
            status=status,
            visibility=visibility,
            concluded_at=concluded,
        )
    CaseReviewFactory(case=cases["reviewed"])
    CaseReviewFactory(case=cases["reviewed"])  # two reviews: one case reviewed
    CaseReviewFactory(case=cases["group_only"])
    page = secretary_client.get(reverse("courts:dashboard") + "?year=2025").content.decode()
    sessions, every_case = list(StudySession.objects.all()), list(StudyCase.objects.all())
    _check(secretary_client, page, "已举办的类案研讨", "审判质效", [1, 1, 1, 2], sessions)
    _check(
        secretary_client, page, "已形成结论并向三地共享的案例", "审判质效", [1, 1, 0, 2], every_case
    )
    _check(
        secretary_client,
        page,
        "已被评议的共享案例（占已形成结论数）",
        "审判质效",
        [(1, 1), (0, 1), (0, 0), (1, 2)],
        every_case,
    )


def test_the_months_of_a_figure(secretary_client, record):
    """The activities completed by month: Jinshan's in March and September, the three courts'
    in March, June and September."""
    page = _table(
        secretary_client.get(reverse("courts:dashboard") + "?year=2025").content.decode(),
        ACTIVITIES,
    )
    rest = secretary_client.get(reverse("courts:dashboard") + "?year=2025").content.decode()
    months = rest.split(page, 1)[1].split("</table>")[1]
    rows = re.findall(
        r'<th scope="row" class="fw-normal">(\d+)月</th>((?:<td[^>]*>\d+</td>)+)', months
    )
    by_month = {int(m): [int(n) for n in re.findall(r">(\d+)<", cells)] for m, cells in rows}
    assert len(by_month) == 12
    assert by_month[3] == [1, 1, 0, 1] and by_month[6] == [0, 1, 1, 1]
    assert by_month[9] == [1, 0, 1, 1] and by_month[1] == [0, 0, 0, 0]


def test_participation_counts_each_courts_people_of_those_invited(secretary_client, record):
    """The Party-building exchange of Jinshan and Pinghu (March): two Jinshan people invited,
    one signed in; one Jiashan guest who came late; a planned activity's invitation aside."""
    from ..factories import AttendanceFactory, PersonFactory

    joint = record["joint"]
    part = joint.parts.first()
    for slug, status in [("jinshan", "signed_in"), ("jinshan", "absent"), ("jiashan", "late")]:
        AttendanceFactory(part=part, person=PersonFactory(court=court(slug)), status=status)
    planned_part = record["planned"].parts.first()
    AttendanceFactory(
        part=planned_part, person=PersonFactory(court=court("pinghu")), status="invited"
    )
    page = secretary_client.get(reverse("courts:dashboard") + "?year=2025").content.decode()
    table = _table(page, "已完成活动的参加人数（占受邀人数）")
    row = re.search(r'<th scope="row" class="fw-normal">党建交流</th>(.*?)</tr>', table).group(1)
    found = re.findall(r'<a href="[^"]+">(\d+)</a><span[^>]*> / (\d+)', row)
    # Jinshan 1 of 2, Pinghu 0 of 0, Jiashan 1 of 1, the three courts 2 of 3
    assert [(int(n), int(of)) for n, of in found] == [(1, 2), (0, 0), (1, 1), (2, 3)]
