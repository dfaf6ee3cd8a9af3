import datetime

import pytest
from django.urls import reverse

from courts.choices import Area, Position
from courts.models import CooperationItem
from tests.kit import warm_to_do_count

from ..conftest import make_member
from ..factories import CooperationItemFactory, PartyBranchFactory, PersonFactory, court


def test_people_directory_filters_by_court_branch_and_position(judge_client):
    branch = PartyBranchFactory(court=court("pinghu"), name="执行局党支部")
    PersonFactory(
        full_name="平湖执行法官", court=court("pinghu"), branch=branch, position=Position.JUDGE
    )
    PersonFactory(
        full_name="平湖书记员", court=court("pinghu"), branch=branch, position=Position.CLERK
    )
    PersonFactory(full_name="嘉善法官", court=court("jiashan"), position=Position.JUDGE)
    url = reverse("courts:person-list")

    page = judge_client.get(url, {"court": court("pinghu").pk}).content.decode()
    assert "平湖执行法官" in page and "平湖书记员" in page and "嘉善法官" not in page

    page = judge_client.get(url, {"branch": branch.pk, "position": "clerk"}).content.decode()
    assert "平湖书记员" in page and "平湖执行法官" not in page

    page = judge_client.get(url, {"q": "嘉善"}).content.decode()
    assert "嘉善法官" in page and "平湖书记员" not in page


def test_people_directory_shows_an_empty_state_and_paginates(judge_client, settings):
    settings.PAGINATE_BY = 5
    for _ in range(7):
        PersonFactory(court=court("jiashan"))
    url = reverse("courts:person-list")
    first = judge_client.get(url, {"court": court("jiashan").pk})
    assert len(first.context["page_obj"].object_list) == 5
    assert first.context["page_obj"].paginator.count == 7
    second = judge_client.get(url, {"court": court("jiashan").pk, "page": 2})
    assert len(second.context["page_obj"].object_list) == 2
    empty = judge_client.get(url, {"q": "没有这个人"}).content.decode()
    assert "没有符合条件的人员" in empty


@pytest.mark.parametrize("rows", [3, 30])
def test_people_directory_query_count_does_not_grow(
    judge_client, django_assert_max_num_queries, rows
):
    branch = PartyBranchFactory(court=court("pinghu"))
    for _ in range(rows):
        PersonFactory(court=court("pinghu"), branch=branch)
    # session, user, count, page, courts (filter), person+court, groups, unread messages,
    # branches, savepoint, session save, release
    warm_to_do_count(judge_client)
    with django_assert_max_num_queries(12):
        assert judge_client.get(reverse("courts:person-list")).status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
def test_cooperation_list_and_home_query_counts_do_not_grow(
    judge_client, django_assert_max_num_queries, rows
):
    for index in range(rows):
        CooperationItemFactory(lead_court=court(["jinshan", "pinghu", "jiashan"][index % 3]))
    warm_to_do_count(judge_client)
    with django_assert_max_num_queries(11):
        assert judge_client.get(reverse("courts:cooperationitem-list")).status_code == 200
    # + one query per "waiting for me" list (coming activities, leave, minutes, comments,
    # action items, cooperation items): each registered list costs one
    with django_assert_max_num_queries(16):
        assert judge_client.get(reverse("home")).status_code == 200
    with django_assert_max_num_queries(11):
        assert (
            judge_client.get(reverse("courts:area-detail", args=["mechanism"])).status_code == 200
        )


def test_court_page_shows_branches_and_counts(judge_client):
    branch = PartyBranchFactory(court=court("jiashan"), name="综合保障党支部")
    PersonFactory(court=court("jiashan"), branch=branch)
    response = judge_client.get(reverse("courts:court-detail", args=["jiashan"]))
    page = response.content.decode()
    assert "浙江省嘉善县人民法院" in page and "综合保障党支部" in page
    assert judge_client.get(reverse("courts:court-detail", args=["nowhere"])).status_code == 404


def test_cooperation_list_filters_by_area_and_court(judge_client):
    CooperationItemFactory(title="平湖培训", area=Area.TALENT, lead_court=court("pinghu"))
    CooperationItemFactory(title="金山宣传", area=Area.PUBLICITY, lead_court=court("jinshan"))
    page = judge_client.get(
        reverse("courts:cooperationitem-list"), {"area": "talent"}
    ).content.decode()
    assert "平湖培训" in page and "金山宣传" not in page
    page = judge_client.get(
        reverse("courts:cooperationitem-list"), {"lead_court": court("jinshan").pk}
    ).content.decode()
    assert "金山宣传" in page and "平湖培训" not in page


def _item_form(responsible, **overrides):
    data = {
        "title": "三地联学",
        "area": "party_exchange",
        "responsible": responsible.pk,
        "due_date": "2030-07-06",
        "status": "planned",
        "description": "说明",
        "progress_note": "",
    }
    data.update(overrides)
    return data


def test_secretary_creates_item_in_browserless_form(secretary_client, jinshan_secretary):
    response = secretary_client.post(
        reverse("courts:cooperationitem-create"), _item_form(jinshan_secretary.person)
    )
    item = CooperationItem.objects.get()
    assert response.status_code == 302 and response.url == item.get_absolute_url()
    assert item.lead_court.slug == "jinshan"
    assert item.due_date == datetime.date(2030, 7, 6)


def test_bad_input_keeps_what_was_typed_and_saves_nothing(secretary_client, jinshan_secretary):
    response = secretary_client.post(
        reverse("courts:cooperationitem-create"),
        _item_form(jinshan_secretary.person, title="", due_date="明天", description="保留我"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "请输入标题" in page
    assert "请输入日期" in page
    assert "保留我" in page
    assert CooperationItem.objects.count() == 0


def test_secretary_cannot_pick_a_responsible_from_another_court(secretary_client):
    outsider = PersonFactory(court=court("pinghu"))
    response = secretary_client.post(reverse("courts:cooperationitem-create"), _item_form(outsider))
    assert response.status_code == 200
    assert CooperationItem.objects.count() == 0


# URL x actor: expected status for GET and for POST, and the database unchanged after refusals.
ACTORS = ["own_secretary", "other_secretary", "own_judge", "anonymous"]


@pytest.fixture
def actors(db, jinshan_secretary, pinghu_secretary, jinshan_judge):
    return {
        "own_secretary": jinshan_secretary,
        "other_secretary": pinghu_secretary,
        "own_judge": jinshan_judge,
        "anonymous": None,
    }


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("own_secretary", 200),
        ("other_secretary", 404),
        ("own_judge", 404),
        ("anonymous", 302),
    ],
)
def test_edit_page_is_for_the_lead_courts_secretary_only(client, actors, actor, expected):
    item = CooperationItemFactory(lead_court=court("jinshan"), title="原标题")
    if actors[actor]:
        client.force_login(actors[actor])
    url = reverse("courts:cooperationitem-edit", args=[item.pk])
    assert client.get(url).status_code == expected
    response = client.post(url, _item_form(item.responsible, title="被改了"))
    item.refresh_from_db()
    if actor == "own_secretary":
        assert response.status_code == 302 and item.title == "被改了"
    else:
        assert response.status_code == expected and item.title == "原标题"


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("own_secretary", 200),
        ("other_secretary", 200),
        ("own_judge", 403),
        ("anonymous", 302),
    ],
)
def test_create_page_is_for_secretaries(client, actors, actor, expected):
    if actors[actor]:
        client.force_login(actors[actor])
    assert client.get(reverse("courts:cooperationitem-create")).status_code == expected


def test_detail_is_readable_by_every_court_and_shows_history(
    client, pinghu_secretary, jinshan_secretary
):
    from courts import services

    item = CooperationItemFactory(lead_court=court("jinshan"))
    services.update_cooperation_item(item=item, by=jinshan_secretary, status="in_progress")
    client.force_login(pinghu_secretary)
    page = client.get(item.get_absolute_url()).content.decode()
    assert item.title in page
    assert "陈书记" in page  # the history names who changed it
    assert "修改" in page and "计划中 → 推进中" in page  # what changed, in Chinese
    assert reverse("courts:cooperationitem-edit", args=[item.pk]) not in page


def test_anonymous_is_sent_to_login_for_every_member_page(client, db):
    item = CooperationItemFactory()
    for url in [
        reverse("home"),
        reverse("courts:person-list"),
        reverse("courts:court-detail", args=["jinshan"]),
        reverse("courts:area-detail", args=["talent"]),
        reverse("courts:cooperationitem-list"),
        item.get_absolute_url(),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url, url


def test_admin_chooses_any_lead_court(client, portal_admin):
    pinghu_person = make_member("pinghu", None, username="pinghu-leader").person
    client.force_login(portal_admin)
    response = client.post(
        reverse("courts:cooperationitem-create"),
        _item_form(pinghu_person, lead_court=court("pinghu").pk),
    )
    assert response.status_code == 302
    assert CooperationItem.objects.get().lead_court.slug == "pinghu"
