"""Every symposium URL × actor: the expected status, and nothing changed by a refusal.

Jinshan hosts the symposium; a Pinghu judge wrote its paper; the Pinghu secretary keeps their own
court's symposia only."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import Notification
from courts.choices import Role
from symposia import services
from symposia.models import Paper, Symposium
from symposia.urls import urlpatterns

from ..conftest import make_member
from ..factories import PDF_BYTES, court
from ..kit import AccessTable, shared_world

ACTORS = ["author", "other_secretary", "secretary", "admin", "anonymous"]


def build_world() -> dict:
    secretary = make_member("jinshan", Role.PARTY_SECRETARY, full_name="陈书记")
    other_secretary = make_member("pinghu", Role.PARTY_SECRETARY, full_name="沈书记")
    author = make_member("pinghu", Role.JUDGE, full_name="李法官")
    admin = make_member("jiashan", Role.ADMIN, username="portal-admin", full_name="管理员")
    symposium = services.create_symposium(
        by=secretary,
        title="学术讨论会",
        year=2025,
        host_court=court("jinshan"),
        date=datetime.date(2025, 10, 16),
    )
    paper = services.add_paper(
        symposium=symposium,
        by=secretary,
        title="论文",
        authors=[author.person],
        upload=SimpleUploadedFile("论文.pdf", PDF_BYTES),
    )
    return {
        "symposium": symposium,
        "paper": paper,
        "actors": {
            "author": author,
            "other_secretary": other_secretary,
            "secretary": secretary,
            "admin": admin,
            "anonymous": None,
        },
    }


world = shared_world(build_world)


def snapshot():
    return (
        list(Symposium.objects.order_by("pk").values_list("title", "year", "host_court")),
        list(Paper.objects.order_by("pk").values_list("title", "award", "file")),
        Notification.objects.count(),
    )


def url_for(name: str, w: dict) -> str:
    args = {
        "symposium-list": [],
        "symposium-create": [],
        "symposium-detail": [w["symposium"].pk],
        "symposium-edit": [w["symposium"].pk],
        "paper-create": [w["symposium"].pk],
        "paper-list": [],
        "paper-detail": [w["paper"].pk],
        "paper-edit": [w["paper"].pk],
        "paper-download": [w["paper"].pk],
    }[name]
    return reverse(f"symposia:{name}", args=args)


L = "L"
OK = (200, 200, 200, 200, L)
NO = (405, 405, 405, 405, L)
# The host court's secretaries (Jinshan here) and administrators keep a symposium and its papers.
KEEPERS = (404, 404, 200, 200, L)
TABLE = AccessTable(
    actors=ACTORS,
    rows={
        # Joint records every member of staff reads.
        "symposium-list": (OK, NO),
        "symposium-detail": (OK, NO),
        "paper-list": (OK, NO),
        "paper-detail": (OK, NO),
        "paper-download": (OK, NO),
        # Any court's secretary records their own court's symposia; a judge gets the 403 page.
        "symposium-create": ((403, 200, 200, 200, L), (403, 200, 200, 200, L)),
        "symposium-edit": (KEEPERS, KEEPERS),
        "paper-create": (KEEPERS, KEEPERS),
        "paper-edit": (KEEPERS, KEEPERS),
    },
    bad_post={"title": "", "year": "二〇二五", "date": "not a date", "authors": "x"},
)


def test_every_symposia_url_is_in_the_table():
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
