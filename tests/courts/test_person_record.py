"""A member's record across the alliance (党员队伍共管): the person, their court's secretaries and
administrators read it; another court's secretaries read the joint records but not this; a
branch page lists its members with the same counts, from a bounded number of queries."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from casegroups.models import StudyCase
from courts.choices import Role
from publicity.models import PublicityItem

from ..conftest import make_member
from ..courts.test_dashboard import _at
from ..factories import (
    ActivityFactory,
    ActivityPartFactory,
    AttendanceFactory,
    CaseStudyGroupFactory,
    EnrolmentFactory,
    PaperFactory,
    PartyBranchFactory,
    ProgrammeFactory,
    PublicityItemFactory,
    StudyCaseFactory,
    SymposiumFactory,
    TrainingSessionFactory,
    court,
)


@pytest.fixture
def member(db):
    """徐党员 of Jinshan's first branch, in 2025: invited to two activities (one of Pinghu's,
    attended; one of Jinshan's, absent), completed one training of two, submitted a group-only
    case, co-wrote a paper and wrote two publicity items (one published)."""
    branch = PartyBranchFactory(court=court("jinshan"), name="机关第一党支部")
    user = make_member("jinshan", Role.JUDGE, username="xu", full_name="徐党员", branch=branch)
    person = user.person
    for host, status in [("pinghu", "signed_in"), ("jinshan", "absent")]:
        part = ActivityPartFactory(
            activity=ActivityFactory(
                host_court=court(host),
                start=_at(2025, 5, 1),
                title=f"{host}联合党课",
                status="completed",
            ),
            court=court("jinshan"),
        )
        AttendanceFactory(part=part, person=person, status=status)
    programme = ProgrammeFactory(year=2025)
    for state in ("completed", "absent"):
        EnrolmentFactory(
            person=person,
            status=state,
            session=TrainingSessionFactory(programme=programme, start=_at(2025, 6, 1)),
        )
    StudyCaseFactory(
        group=CaseStudyGroupFactory(),
        submitted_by=person,
        cause_of_action="仅组内可见的纠纷",
        visibility="group",
    )
    PaperFactory(symposium=SymposiumFactory(year=2025)).authors.add(person)
    PublicityItemFactory(author=person, status="published", title="徐党员的稿件一")
    PublicityItemFactory(author=person, status="draft", title="徐党员的稿件二")
    # written in 2025
    PublicityItem.objects.filter(author=person).update(created_at=_at(2025, 3, 1))
    StudyCase.objects.filter(submitted_by=person).update(created_at=_at(2025, 4, 1))
    return user


def _url(member, **query) -> str:
    base = reverse("courts:person-record", args=[member.person.pk])
    return base + "?" + "&".join(f"{k}={v}" for k, v in {"year": 2025, **query}.items())


def test_the_person_reads_their_record_across_the_courts(client, member):
    client.force_login(member)
    page = client.get(_url(member)).content.decode()
    assert "pinghu联合党课" in page and "jinshan联合党课" in page  # another court's activity too
    assert "仅组内可见的纠纷" not in page  # a group-only case: not even its submitter's page
    assert "徐党员的稿件一" in page and "徐党员的稿件二" in page


def test_the_counts_are_made_by_hand(client, member, jinshan_secretary):
    client.force_login(jinshan_secretary)
    page = client.get(_url(member)).content.decode()
    cards = page.split('<div class="row g-3 mb-4">')[1].split("</div></div></div>\n</div>")[0]
    numbers = [
        " ".join(card.split('<div class="fs-4 fw-semibold">')[1].split("</div>")[0].split())
        for card in cards.split('<div class="card h-100">')[1:]
    ]
    # attended of invited; cases and reviews; papers; training completed of enrolled; items
    # published of written
    assert numbers == [
        '1<span class="fs-6 text-body-secondary"> / 2</span>',
        "1",
        "1",
        '1<span class="fs-6 text-body-secondary"> / 2</span>',
        '1<span class="fs-6 text-body-secondary"> / 2</span>',
    ]
    # the secretary is no member of the case's group: the case is counted, not shown
    assert "仅组内可见的纠纷" not in page


@pytest.mark.parametrize(
    "who, status",
    [("own_secretary", 200), ("admin", 200), ("other_secretary", 404), ("colleague", 404)],
)
def test_who_reads_a_record(client, member, who, status):
    users = {
        "own_secretary": lambda: make_member("jinshan", Role.PARTY_SECRETARY, full_name="陈书记"),
        "admin": lambda: make_member("pinghu", Role.ADMIN, username="adm", full_name="管理员"),
        "other_secretary": lambda: make_member("pinghu", Role.PARTY_SECRETARY, full_name="沈书记"),
        "colleague": lambda: make_member("jinshan", Role.JUDGE, username="wang", full_name="王"),
    }
    client.force_login(users[who]())
    assert client.get(_url(member)).status_code == status
    branch = member.person.branch
    assert client.get(reverse("courts:branch-record", args=[branch.pk])).status_code == (
        200 if who in ("own_secretary", "admin") else 404
    )


def test_the_record_as_a_workbook(client, member, jinshan_secretary):
    client.force_login(jinshan_secretary)
    book = load_workbook(io.BytesIO(client.get(_url(member, format="xlsx")).content))
    assert book.sheetnames[0] == "参加的联合活动（占受邀数）"
    rows = list(book.worksheets[0].iter_rows(min_row=2, values_only=True))
    assert {r[1] for r in rows} == {"pinghu联合党课", "jinshan联合党课"}


def test_the_branch_page_lists_its_members_with_their_counts(
    client, member, jinshan_secretary, django_assert_max_num_queries
):
    client.force_login(jinshan_secretary)
    url = reverse("courts:branch-record", args=[member.person.branch_id]) + "?year=2025"
    page = client.get(url).content.decode()
    assert "徐党员" in page and reverse("courts:person-record", args=[member.person.pk]) in page
    client.get(url)
    # session, user, branch, members, per part one aggregate (two for cases), the layout
    with django_assert_max_num_queries(13):
        client.get(url)
    for n in range(8):
        make_member(
            "jinshan", None, username=f"m{n}", full_name=f"成员{n}", branch=member.person.branch
        )
    client.get(url)  # the caches the writes above emptied (menu, badges) filled again
    with django_assert_max_num_queries(13):  # the same with 9 members
        page = client.get(url).content.decode()
    assert "成员7" in page
