"""Choosing one person among thousands (the minutes' note-taker, an action item's responsible):
the page lists those invited and the one chosen; a search finds anyone else of the courts."""

from django.urls import reverse

from activities import services
from activities.models import ActionItem

from ..factories import PersonFactory, court, make_activity


def _add_action_item(client, activity, *, responsible, what):
    return client.post(
        reverse("activities:minutes", args=[activity.pk]),
        {
            "action": "action_item",
            "court": court("jinshan").pk,
            "responsible": responsible.pk,
            "what": what,
            "due_date": "2030-01-10",
        },
    )


def test_the_select_offers_the_invited_not_everybody(client, jinshan_secretary, pinghu_secretary):
    activity = make_activity(by=jinshan_secretary)
    services.invite(activity=activity, by=jinshan_secretary, people=[pinghu_secretary.person])
    stranger = PersonFactory(court=court("jinshan"), full_name="路人甲")
    client.force_login(jinshan_secretary)
    page = client.get(reverse("activities:minutes", args=[activity.pk])).content.decode()
    assert pinghu_secretary.person.full_name in page
    assert "路人甲" not in page
    # …yet anyone active in the activity's courts may be chosen, found by the search.
    options = client.get(
        reverse("courts:person-options"),
        {"courts": f"{court('jinshan').pk},{court('pinghu').pk}", "q": "路人", "field": "x"},
    ).content.decode()
    assert f'value="{stranger.pk}"' in options and "金山 · 路人甲" in options
    response = _add_action_item(client, activity, responsible=stranger, what="整理材料")
    assert response.status_code == 302
    assert ActionItem.objects.get(what="整理材料").responsible == stranger


def test_someone_of_another_court_is_refused_and_what_was_typed_kept(client, jinshan_secretary):
    activity = make_activity(by=jinshan_secretary, co_hosts=["pinghu"])
    outsider = PersonFactory(court=court("jiashan"), full_name="嘉善某")
    client.force_login(jinshan_secretary)
    response = _add_action_item(client, activity, responsible=outsider, what="不该成立")
    assert response.status_code == 200
    assert not ActionItem.objects.filter(what="不该成立").exists()
    assert "不该成立" in response.content.decode()  # what was typed is kept


def test_the_search_shows_the_chosen_person_first_and_says_when_nobody_matches(
    judge_client,
):
    kept = PersonFactory(court=court("pinghu"), full_name="已选中")
    pinghu = court("pinghu").pk
    options = judge_client.get(
        reverse("courts:person-options"),
        {"courts": str(pinghu), "q": "王", "field": "responsible", "responsible": kept.pk},
    ).content.decode()
    assert options.startswith(f'<option value="{kept.pk}" selected>')
    for forged in ["99999999999999999999999", "a,b", "1" * 40 + ",x"]:  # never a server error
        response = judge_client.get(
            reverse("courts:person-options"),
            {"courts": forged, "field": "f", "f": forged, "q": "王" * 500},
        )
        assert response.status_code == 200
    nobody = judge_client.get(
        reverse("courts:person-options"), {"courts": str(pinghu), "q": "不存在的名字"}
    ).content.decode()
    assert "没有叫“不存在的名字”的人" in nobody


def test_a_forged_person_value_is_a_form_error_not_a_crash(client, jinshan_secretary):
    activity = make_activity(by=jinshan_secretary)
    client.force_login(jinshan_secretary)
    for forged in ["abc", "99999999", "99999999999999999999999", "1; drop table"]:
        response = client.post(
            reverse("activities:minutes", args=[activity.pk]),
            {
                "action": "action_item",
                "court": court("jinshan").pk,
                "responsible": forged,
                "what": "伪造",
                "due_date": "2030-01-10",
            },
        )
        assert response.status_code == 200, forged
    assert not ActionItem.objects.filter(what="伪造").exists()
