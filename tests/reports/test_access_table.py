"""Every report URL × actor: the annual report is a joint record every member of staff reads
(each format), no one writes through it, and a visitor is sent to log in."""

import pytest
from django.urls import reverse

from courts.choices import Role
from courts.models import Target
from reports.urls import urlpatterns

from ..conftest import make_member
from ..kit import AccessTable, shared_world

ACTORS = ["secretary", "other_secretary", "judge", "admin", "anonymous"]


def build_world() -> dict:
    return {
        "actors": {
            "secretary": make_member("jinshan", Role.PARTY_SECRETARY, full_name="陈书记"),
            "other_secretary": make_member("pinghu", Role.PARTY_SECRETARY, full_name="沈书记"),
            "judge": make_member("jinshan", Role.JUDGE, full_name="王法官"),
            "admin": make_member(
                "jiashan", Role.ADMIN, username="portal-admin", full_name="管理员"
            ),
            "anonymous": None,
        }
    }


world = shared_world(build_world)


def snapshot():
    return list(Target.objects.order_by("pk").values_list("court_id", "figure", "value"))


def url_for(name: str, w: dict) -> str:
    return {
        "report-now": reverse("reports:report-now"),
        "report": reverse("reports:report", args=[2025]),
        "report-file": reverse("reports:report-file", args=[2025, "docx"]),
    }[name]


L = "L"
NO = (405, 405, 405, 405, L)
TABLE = AccessTable(
    actors=ACTORS,
    rows={
        # This year's report.
        "report-now": ((302, 302, 302, 302, L), NO),
        "report": ((200, 200, 200, 200, L), NO),
        "report-file": ((200, 200, 200, 200, L), NO),
    },
)


def test_every_reports_url_is_in_the_table():
    TABLE.assert_covers(urlpatterns)


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
