from django.contrib.auth.models import AnonymousUser, Group

from courts.choices import Role
from courts.models import CooperationItem
from courts.permissions import can_change, can_edit_cooperation_item, can_read, court_of
from courts.roles import ROLE_PERMISSIONS

from ..factories import CooperationItemFactory, court


def test_own_court_secretary_may_change_other_court_may_not(jinshan_secretary, pinghu_secretary):
    item = CooperationItemFactory(lead_court=court("jinshan"))
    assert can_edit_cooperation_item(jinshan_secretary, item)
    assert not can_edit_cooperation_item(pinghu_secretary, item)


def test_own_court_without_the_role_may_not_change(jinshan_judge):
    item = CooperationItemFactory(lead_court=court("jinshan"))
    assert can_change(jinshan_judge, item, role=None)  # no role required: same court
    assert not can_edit_cooperation_item(jinshan_judge, item)  # secretary role required


def test_anonymous_may_neither_read_nor_change(db):
    item = CooperationItemFactory()
    anonymous = AnonymousUser()
    assert not can_read(anonymous)
    assert not can_change(anonymous, item)
    assert court_of(anonymous) is None


def test_every_logged_in_user_reads_joint_records(pinghu_secretary, jinshan_judge):
    assert can_read(pinghu_secretary)
    assert can_read(jinshan_judge)


def test_inactive_user_may_do_nothing(jinshan_secretary):
    item = CooperationItemFactory(lead_court=court("jinshan"))
    jinshan_secretary.is_active = False
    assert not can_read(jinshan_secretary)
    assert not can_edit_cooperation_item(jinshan_secretary, item)


def test_admins_change_every_court(portal_admin, superuser):
    item = CooperationItemFactory(lead_court=court("jiashan"))
    assert can_edit_cooperation_item(portal_admin, item)
    assert can_edit_cooperation_item(superuser, item)


def test_editable_by_matches_the_helper(jinshan_secretary, pinghu_secretary, portal_admin):
    jinshan_item = CooperationItemFactory(lead_court=court("jinshan"))
    pinghu_item = CooperationItemFactory(lead_court=court("pinghu"))
    assert list(CooperationItem.objects.editable_by(jinshan_secretary)) == [jinshan_item]
    assert list(CooperationItem.objects.editable_by(pinghu_secretary)) == [pinghu_item]
    assert set(CooperationItem.objects.editable_by(portal_admin)) == {jinshan_item, pinghu_item}


def test_role_groups_exist_after_migrate_with_their_permissions(db):
    names = set(Group.objects.values_list("name", flat=True))
    assert {role.value for role in Role} <= names
    secretary = Group.objects.get(name=Role.PARTY_SECRETARY)
    codes = {f"{p.content_type.app_label}.{p.codename}" for p in secretary.permissions.all()}
    assert codes == set(ROLE_PERMISSIONS[Role.PARTY_SECRETARY])
    admin = Group.objects.get(name=Role.ADMIN)
    assert admin.permissions.filter(codename="delete_cooperationitem").exists()
    assert not admin.permissions.filter(
        content_type__app_label="auditlog", codename="delete_logentry"
    ).exists()
