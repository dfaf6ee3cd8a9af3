"""Every transition of an item, allowed and forbidden, by role and court; self-approval refused;
a returned item keeps the comment; the history records who, when and why."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import Notification
from courts.choices import Role
from publicity import permissions, services
from publicity.models import ItemEvent, PublicityItem

from ..conftest import make_member
from ..factories import court
from .conftest import draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def actors(author, jinshan_reviewer, pinghu_reviewer, portal_admin, jinshan_judge):
    colleague = make_member("jinshan", Role.PARTY_SECRETARY, username="colleague")
    return {
        "author": author,
        "colleague": colleague,
        "jinshan_reviewer": jinshan_reviewer,
        "pinghu_reviewer": pinghu_reviewer,
        "admin": portal_admin,
        "judge": jinshan_judge,
    }


def in_state(status, author, reviewer):
    item = draft(author)
    if status == "draft":
        return item
    services.submit_item(item=item, by=author)
    if status == "in_review":
        return item
    if status == "returned":
        return services.return_item(item=item, by=reviewer, comment="请补充照片")
    services.publish_item(item=item, by=reviewer)
    if status == "published":
        return item
    return services.withdraw_item(item=item, by=reviewer, reason="数据有误")


ACTIONS = {
    "submit": lambda item, by: services.submit_item(item=item, by=by),
    "return": lambda item, by: services.return_item(item=item, by=by, comment="请修改"),
    "publish": lambda item, by: services.publish_item(item=item, by=by),
    "withdraw": lambda item, by: services.withdraw_item(item=item, by=by, reason="撤回"),
    "republish": lambda item, by: services.republish_item(item=item, by=by),
    "edit": lambda item, by: services.update_item(item=item, by=by, title="新标题"),
}

# (status, action) → the actors allowed; every other actor is refused and nothing changes.
ALLOWED = {
    ("draft", "submit"): {"author", "admin"},
    ("draft", "edit"): {"author", "admin"},
    ("returned", "submit"): {"author", "admin"},
    ("returned", "edit"): {"author", "admin"},
    ("in_review", "publish"): {"jinshan_reviewer", "admin"},
    ("in_review", "return"): {"jinshan_reviewer", "admin"},
    ("published", "withdraw"): {"jinshan_reviewer", "admin"},
    ("withdrawn", "republish"): {"jinshan_reviewer", "admin"},
    ("withdrawn", "edit"): {"author", "admin"},
    ("withdrawn", "submit"): {"author", "admin"},
}
STATES = ["draft", "in_review", "returned", "published", "withdrawn"]
ACTORS = ["author", "colleague", "jinshan_reviewer", "pinghu_reviewer", "admin", "judge"]


@pytest.mark.parametrize("status", STATES)
@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("actor", ACTORS)
def test_transition_table(actors, author, jinshan_reviewer, status, action, actor):
    item = in_state(status, author, jinshan_reviewer)
    before = PublicityItem.objects.values_list("status", "title").get(pk=item.pk)
    events = ItemEvent.objects.count()
    allowed = actor in ALLOWED.get((status, action), set())
    if allowed:
        ACTIONS[action](item, actors[actor])
        assert PublicityItem.objects.values_list("status", "title").get(pk=item.pk) != before
    else:
        with pytest.raises((PermissionDenied, ValidationError)):
            ACTIONS[action](item, actors[actor])
        assert PublicityItem.objects.values_list("status", "title").get(pk=item.pk) == before
        assert ItemEvent.objects.count() == events


def test_a_reviewer_never_approves_their_own_item(jinshan_reviewer, portal_admin):
    own = draft(jinshan_reviewer) if permissions.may_write(jinshan_reviewer) else None
    assert own is None  # a reviewer who is not a secretary writes nothing…
    writer = make_member("jinshan", Role.PARTY_SECRETARY, username="both")
    writer.groups.add(*jinshan_reviewer.groups.all())
    item = draft(writer)
    services.submit_item(item=item, by=writer)
    with pytest.raises(PermissionDenied):  # …and one who is both never approves their own
        services.publish_item(item=item, by=writer)
    assert not permissions.can_publish_item(writer, item)


def test_returned_item_keeps_the_comment_and_the_history_says_who_when_why(
    author, jinshan_reviewer
):
    item = in_state("returned", author, jinshan_reviewer)
    item.refresh_from_db()
    assert item.review_comment == "请补充照片"
    assert Notification.objects.filter(recipient=author, body="请补充照片").exists()
    services.update_item(item=item, by=author, body="## 概况\n\n补充了照片。")
    services.submit_item(item=item, by=author)
    services.publish_item(item=item, by=jinshan_reviewer, comment="同意发布")
    history = list(ItemEvent.objects.filter(item=item).values_list("before", "after", "comment"))
    assert history == [
        ("draft", "draft", ""),
        ("draft", "in_review", ""),
        ("in_review", "returned", "请补充照片"),
        ("returned", "in_review", ""),
        ("in_review", "published", "同意发布"),
    ]
    assert all(e.by_id for e in ItemEvent.objects.filter(item=item))


def test_returning_needs_a_comment(item, author, jinshan_reviewer):
    services.submit_item(item=item, by=author)
    with pytest.raises(ValidationError):
        services.return_item(item=item, by=jinshan_reviewer, comment="  ")
    assert PublicityItem.objects.get(pk=item.pk).status == "in_review"


def test_joint_item_waits_for_every_court_involved(
    author, jinshan_reviewer, pinghu_reviewer, jiashan_reviewer
):
    item = draft(author, joint_signoff=True, courts=[court("pinghu"), court("jiashan")])
    services.submit_item(item=item, by=author)
    assert Notification.objects.filter(recipient=pinghu_reviewer).exists()  # asked to sign
    with pytest.raises(ValidationError, match="平湖"):
        services.publish_item(item=item, by=jinshan_reviewer)
    services.signoff_item(item=item, by=pinghu_reviewer)
    with pytest.raises(ValidationError, match="平湖审核员"):  # once per court: says who signed
        services.signoff_item(item=item, by=pinghu_reviewer)
    services.signoff_item(item=item, by=jiashan_reviewer)
    services.signoff_item(item=item, by=jinshan_reviewer)
    services.publish_item(item=item, by=jinshan_reviewer)
    assert PublicityItem.objects.get(pk=item.pk).status == "published"


def test_first_publication_date_stays_when_republished(item, author, jinshan_reviewer):
    services.submit_item(item=item, by=author)
    services.publish_item(item=item, by=jinshan_reviewer)
    first = PublicityItem.objects.get(pk=item.pk).published_at
    services.withdraw_item(item=item, by=jinshan_reviewer, reason="更正")
    services.republish_item(item=item, by=jinshan_reviewer)
    assert PublicityItem.objects.get(pk=item.pk).published_at == first


def test_an_action_overtaken_by_another_reviewer_says_so_rather_than_failing(
    client, item, author, jinshan_reviewer
):
    """Two reviewers republish at once: the second finds the item already published and is told
    so on the page (the service's refusal), not shown a server error."""
    from unittest import mock

    from django.core.exceptions import ValidationError
    from django.urls import reverse

    services.submit_item(item=item, by=author)
    services.publish_item(item=item, by=jinshan_reviewer)
    services.withdraw_item(item=item, by=jinshan_reviewer, reason="更正")
    client.force_login(jinshan_reviewer)
    refusal = ValidationError("只有已撤回的稿件才能重新发布。")
    with mock.patch.object(services, "republish_item", side_effect=refusal):
        response = client.post(reverse("publicity:item-republish", args=[item.pk]), follow=True)
    assert response.status_code == 200
    assert "只有已撤回的稿件才能重新发布" in response.content.decode()
    assert PublicityItem.objects.get(pk=item.pk).status == "withdrawn"


def test_a_court_without_a_reviewer_signs_off_through_its_secretaries_named_on_the_item(
    client, author, jinshan_reviewer, pinghu_secretary
):
    """平湖 has no publicity reviewer (as in the demo): the joint item names who must act, its
    Party secretaries are asked and may sign, the sign-off is in the history with the signer,
    and a second sign-off for the same court is told who signed, not shown a 404."""
    from django.urls import reverse

    item = draft(author, joint_signoff=True, courts=[court("pinghu")])
    services.submit_item(item=item, by=author)
    assert Notification.objects.filter(recipient=pinghu_secretary).exists()  # asked to sign
    client.force_login(author)
    page = client.get(item.get_absolute_url()).content.decode()
    assert "待平湖会签" in page and pinghu_secretary.person.full_name in page
    client.force_login(pinghu_secretary)
    queue = client.get(reverse("publicity:review-queue")).content.decode()
    assert item.title in queue  # in the secretary's queue
    response = client.post(reverse("publicity:item-signoff", args=[item.pk]), follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "已会签" in page and pinghu_secretary.person.full_name in page
    assert "代表平湖会签" in page  # the history
    again = client.post(reverse("publicity:item-signoff", args=[item.pk]), follow=True)
    assert again.status_code == 200 and "已会签" in again.content.decode()
    assert item.signoffs.count() == 1
    event = ItemEvent.objects.get(item=item, signoff_court=court("pinghu"))
    assert event.by == pinghu_secretary
    services.signoff_item(item=item, by=jinshan_reviewer)  # its own court signs too
    services.publish_item(item=item, by=jinshan_reviewer)
    assert PublicityItem.objects.get(pk=item.pk).status == "published"


def test_a_signer_of_a_court_not_involved_gets_the_refusal_not_a_server_error(
    client, author, pinghu_reviewer, jiashan_reviewer
):
    from django.urls import reverse

    item = draft(author, joint_signoff=True, courts=[court("pinghu")])
    services.submit_item(item=item, by=author)
    client.force_login(jiashan_reviewer)  # 嘉善 is not involved in this item
    response = client.post(reverse("publicity:item-signoff", args=[item.pk]))
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        services.signoff_item(item=item, by=jiashan_reviewer)
    assert item.signoffs.count() == 0
