"""Every courts and shell URL × actor: the expected status, and nothing changed by a refusal.

Built once for the module (tests/kit.py). Cooperation items are joint records: every member
reads them; only the lead court's secretary (or an admin) changes one."""

import pytest
from django.urls import reverse

from core.models import CalendarToken, Notification
from courts.choices import Role
from courts.models import CooperationItem, Person, Target
from courts.urls import urlpatterns
from portal.urls import urlpatterns as shell_urlpatterns

from ..conftest import make_member
from ..factories import CooperationItemFactory, PartyBranchFactory, court
from ..kit import AccessTable, shared_world

ACTORS = ["lead_secretary", "other_secretary", "judge", "admin", "anonymous"]


def build_world() -> dict:
    lead = make_member("jinshan", Role.PARTY_SECRETARY, full_name="陈书记")
    other = make_member("pinghu", Role.PARTY_SECRETARY, full_name="沈书记")
    judge = make_member("jinshan", Role.JUDGE, full_name="王法官")
    admin = make_member("jiashan", Role.ADMIN, username="portal-admin", full_name="管理员")
    item = CooperationItemFactory(
        title="联合调研", responsible=lead.person, lead_court=court("jinshan")
    )
    note = Notification.objects.create(recipient=judge, title="提醒", link="/")
    branch = PartyBranchFactory(court=court("jinshan"), name="机关第一党支部")
    Person.objects.filter(pk=judge.person.pk).update(branch=branch)
    target = Target.objects.create(
        year=2025,
        court=court("jinshan"),
        figure="papers",
        row="trial_quality",
        value=2,
        set_by=lead,
    )
    return {
        "item": item,
        "target": target,
        "branch": branch,
        "judge": judge,
        "note": note,
        "actors": {
            "lead_secretary": lead,
            "other_secretary": other,
            "judge": judge,
            "admin": admin,
            "anonymous": None,
        },
    }


world = shared_world(build_world)


def snapshot():
    return (
        list(CooperationItem.objects.order_by("pk").values_list("title", "status", "due_date")),
        list(Person.objects.order_by("pk").values_list("full_name", "court_id")),
        list(Notification.objects.order_by("pk").values_list("title", "read_at")),
        list(CalendarToken.objects.order_by("pk").values_list("user_id", "token")),
        list(Target.objects.order_by("pk").values_list("court_id", "figure", "row", "value")),
    )


def url_for(name: str, w: dict) -> str:
    return {
        "person-list": reverse("courts:person-list"),
        "person-options": reverse("courts:person-options")
        + f"?courts={court('jinshan').pk},{court('pinghu').pk}&q=王",
        "court-detail": reverse("courts:court-detail", args=["pinghu"]),
        "area-detail": reverse("courts:area-detail", args=["mechanism"]),
        "agreement": reverse("courts:agreement"),
        "dashboard": reverse("courts:dashboard"),
        "targets": reverse("courts:targets"),
        "person-record": reverse("courts:person-record", args=[w["judge"].person.pk]),
        "branch-record": reverse("courts:branch-record", args=[w["branch"].pk]),
        "target-delete": reverse("courts:target-delete", args=[w["target"].pk]),
        "cooperationitem-list": reverse("courts:cooperationitem-list"),
        "cooperationitem-create": reverse("courts:cooperationitem-create"),
        "cooperationitem-detail": w["item"].get_absolute_url(),
        "cooperationitem-edit": reverse("courts:cooperationitem-edit", args=[w["item"].pk]),
        # The shell's own pages
        "home": reverse("home"),
        "calendar": reverse("calendar"),
        "calendar-token-reset": reverse("calendar-token-reset"),
        "inbox": reverse("inbox"),
        "search": reverse("search") + "?q=联合",
        "inbox-read-all": reverse("inbox-read-all"),
        "public-services": reverse("public-services"),
        "notification-open": reverse("notification-open", args=[w["note"].pk]),
        "healthz": reverse("healthz"),
        "ping": reverse("ping"),
        "layout-alone": reverse("layout-alone"),
        "calendar-feed": reverse("calendar-feed", args=["not-a-token"]),
    }[name]


OK = (200, 200, 200, 200, "L")
NO = (405, 405, 405, 405, "L")
TABLE = AccessTable(
    actors=ACTORS,
    rows={
        "person-list": (OK, NO),
        # A person search for a form: people are joint records, readable by every member.
        "person-options": (OK, NO),
        "court-detail": (OK, NO),
        "area-detail": (OK, NO),
        "agreement": ((200, 200, 200, 200, 200), (405, 405, 405, 405, 405)),
        # What the agreement produced: joint figures every member of staff reads.
        "dashboard": (OK, NO),
        # The targets are joint records; a court's secretaries set their own (bad input: the
        # form again), a judge none.
        "targets": (OK, (200, 200, 403, 200, "L")),
        # Another court's target is not found; removing one's own is tested in test_targets.
        "target-delete": (NO, (None, 404, 404, None, "L")),
        # The judge's own record: for the judge, Jinshan's secretaries and administrators;
        # another court's secretary gets 404. A branch's page is for its court's secretaries.
        "person-record": ((200, 404, 200, 200, "L"), NO),
        "branch-record": ((200, 404, 404, 200, "L"), NO),
        "cooperationitem-list": (OK, NO),
        "cooperationitem-create": ((200, 200, 403, 200, "L"), (200, 200, 403, 200, "L")),
        "cooperationitem-detail": (OK, NO),
        "cooperationitem-edit": ((200, 404, 404, 200, "L"), (200, 404, 404, 200, "L")),
        "home": (OK, NO),
        "calendar": (OK, NO),
        # Creating one's own feed address is allowed; its effect is tested in test_calendar.
        "calendar-token-reset": (NO, (None, None, None, None, "L")),
        "inbox": (OK, NO),
        # Each kind found by its own visibility rule (tested in tests/portal/test_search.py).
        "search": (OK, NO),
        # Marks the user's own notices read only (tested in tests/portal/test_inbox.py).
        "inbox-read-all": ((405, 405, 405, 405, "L"), (None, None, None, None, "L")),
        # The joint services to the public: public, read-only.
        "public-services": ((200,) * 5, (405,) * 5),
        # A notice opens for its recipient only; others get 404 and nothing is marked read
        # (the recipient's POST marks it read: tested in tests/portal).
        "notification-open": (NO, (404, 404, None, 404, "L")),
        "healthz": ((200,) * 5, (405,) * 5),
        # The benchmark's baseline: a trivial page for members.
        "ping": (OK, NO),
        # The benchmark's "layout alone": an empty page in the layout, for members.
        "layout-alone": (OK, NO),
        # A feed answers its token only, logged in or not; a wrong token is 404.
        "calendar-feed": ((404,) * 5, (405,) * 5),
    },
    bad_post={"title": "", "due_date": "not a date", "status": "done"},
)


def test_every_courts_url_is_in_the_table():
    TABLE.assert_covers([*urlpatterns, *shell_urlpatterns])


@pytest.mark.parametrize(("name", "actor"), TABLE.cases())
def test_url_actor_table(client, world, name, actor):
    TABLE.check(
        client,
        name=name,
        actor=actor,
        user=world["actors"][actor],
        url=url_for(name, world),
        snapshot=snapshot,
    )
