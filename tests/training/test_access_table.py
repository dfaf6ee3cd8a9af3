"""Every training URL × actor: the expected status, and nothing changed by a refusal.

A coming session hosted by Pinghu (one seat: a Jinshan trainee holds it, a colleague waits) and
a past session hosted by Jiashan where the trainee completed and holds a certificate."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.models import Notification
from courts.choices import Role
from training import services
from training.models import Enrolment, Material, Programme, TrainingSession
from training.urls import urlpatterns

from ..conftest import make_member
from ..factories import PDF_BYTES, court
from ..kit import AccessTable, shared_world

ACTORS = ["host", "coordinator", "trainee", "judge", "admin", "anonymous"]


def _session(by, host: str, title: str, days: int):
    start = timezone.now() + datetime.timedelta(days=days)
    return services.create_session(
        by=by,
        programme=Programme.objects.get_or_create(year=2026, title="联合集训")[0],
        title=title,
        host_court=court(host),
        trainer="张明",
        trainer_organisation="华东政法大学 教授",
        start=start,
        end=start + datetime.timedelta(hours=3),
        venue="培训中心",
        seats=1,
        enrol_deadline=start - datetime.timedelta(days=2),
    )


def build_world() -> dict:
    host = make_member("pinghu", Role.TRAINING_COORDINATOR, full_name="平湖联络员")
    coordinator = make_member("jinshan", Role.TRAINING_COORDINATOR, full_name="金山联络员")
    jiashan = make_member("jiashan", Role.TRAINING_COORDINATOR, full_name="嘉善联络员")
    trainee = make_member("jinshan", None, username="trainee", full_name="学员甲")
    waiting = make_member("jinshan", None, username="waiting", full_name="学员乙")
    judge = make_member("jiashan", Role.JUDGE, full_name="吴法官")
    admin = make_member("jiashan", Role.ADMIN, username="portal-admin", full_name="管理员")
    coming = _session(host, "pinghu", "即将开班", 20)
    seat, queued = services.enrol(
        session=coming, people=[trainee.person, waiting.person], by=coordinator
    )
    material = services.add_material(
        session=coming, by=host, upload=SimpleUploadedFile("课件.pdf", PDF_BYTES)
    )
    past = _session(jiashan, "jiashan", "已举办", 10)
    (done,) = services.enrol(session=past, people=[trainee.person], by=coordinator)
    now = timezone.now()
    TrainingSession.objects.filter(pk=past.pk).update(
        start=now - datetime.timedelta(days=2),
        end=now - datetime.timedelta(days=2) + datetime.timedelta(hours=3),
        enrol_deadline=now - datetime.timedelta(days=5),
    )
    past.refresh_from_db()
    services.record_attendance(session=past, by=jiashan, marks={done.pk: "completed"})
    done.refresh_from_db()
    return {
        "coming": coming,
        "past": past,
        "seat": seat,
        "queued": queued,
        "done": done,
        "material": material,
        "actors": {
            "host": host,
            "coordinator": coordinator,
            "trainee": trainee,
            "judge": judge,
            "admin": admin,
            "anonymous": None,
        },
    }


world = shared_world(build_world)


def snapshot():
    return (
        list(Programme.objects.order_by("pk").values_list("title", "year")),
        list(
            TrainingSession.objects.order_by("pk").values_list("title", "status", "seats", "start")
        ),
        list(Enrolment.objects.order_by("pk").values_list("status", "queued_at", "note")),
        list(Material.objects.order_by("pk").values_list("original_name")),
        Notification.objects.count(),
    )


def url_for(name: str, w: dict) -> str:
    coming, past = w["coming"].pk, w["past"].pk
    args = {
        "session-list": [],
        "session-create": [],
        "my-training": [],
        "trainee-list": [],
        "session-detail": [coming],
        "session-edit": [coming],
        "session-cancel": [coming],
        "session-status": [coming],
        "session-enrol": [coming],
        "session-attendance": [past],
        "session-roster": [coming],
        "session-ics": [coming],
        "material-upload": [coming],
        "material-download": [w["material"].pk],
        "material-delete": [w["material"].pk],
        "enrolment-cancel": [w["seat"].pk],
        "enrolment-promote": [w["queued"].pk],
        "certificate": [w["done"].pk],
        "certificate-pdf": [w["done"].pk],
        "programme-list": [],
        "programme-create": [],
        "programme-detail": [w["coming"].programme_id],
        "programme-edit": [w["coming"].programme_id],
        "verify": [],
        "verify-code": [w["done"].certificate_code],
    }[name]
    return reverse(f"training:{name}", args=args)


L = "L"
OK = (200, 200, 200, 200, 200, L)
NO = (405, 405, 405, 405, 405, L)
COORDINATORS = (200, 200, 404, 404, 200, L)
# A page about no object the actor's role may not use: the portal's 403 page, as in every app.
CREATORS = (200, 200, 403, 403, 200, L)
HOST = (200, 404, 404, 404, 200, L)
TABLE = AccessTable(
    actors=ACTORS,
    rows={
        "session-list": (OK, NO),
        "my-training": (OK, NO),
        "trainee-list": (OK, NO),
        "session-detail": (OK, NO),
        "session-roster": (OK, NO),
        "session-ics": (OK, NO),
        # Coordinators set up sessions hosted by their own court (administrators any).
        "session-create": (CREATORS, CREATORS),
        # The host court's coordinator (Pinghu) and administrators keep the session.
        "session-edit": (HOST, HOST),
        "session-cancel": (HOST, HOST),
        "session-status": (NO, (302, 404, 404, 404, 302, L)),
        # Any court's coordinator enrols their own staff; a judge or a trainee nobody.
        "session-enrol": (COORDINATORS, COORDINATORS),
        # After the session: coordinators (each sees the seats they may record; Pinghu's has
        # none in this Jiashan-hosted session, so its empty form saves nothing and returns).
        "session-attendance": (COORDINATORS, (302, 200, 404, 404, 200, L)),
        "material-upload": (NO, (302, 404, 404, 404, 302, L)),
        "material-download": (OK, NO),
        # Deleting works for the host (test_views); refused for everyone else.
        "material-delete": (NO, (None, 404, 404, 404, None, L)),
        # The trainee's seat: the trainee, their court's coordinator, administrators.
        "enrolment-cancel": ((404, 200, 200, 404, 200, L), (404, 200, 200, 404, 200, L)),
        # Moving up the waiting list: administrators, with a reason.
        "enrolment-promote": ((404, 404, 404, 404, 200, L), (404, 404, 404, 404, 200, L)),
        # The certificate: the person, their court's and the host court's coordinators
        # (Jiashan hosted it), administrators.
        "certificate": ((404, 200, 200, 404, 200, L), NO),
        "certificate-pdf": ((404, 200, 200, 404, 200, L), NO),
        "programme-list": (OK, NO),
        "programme-detail": (OK, NO),
        "programme-create": (CREATORS, CREATORS),
        "programme-edit": (COORDINATORS, COORDINATORS),
        # Public: anyone checks a code, nothing else.
        "verify": ((200, 200, 200, 200, 200, 200), (405, 405, 405, 405, 405, 405)),
        "verify-code": ((200, 200, 200, 200, 200, 200), (405, 405, 405, 405, 405, 405)),
    },
    bad_post={
        "title": "",
        "year": "二〇二六",
        "reason": "长" * 501,
        "people": "x",
        "to": "bogus",
        "seats": "-1",
        "start": "not a time",
    },
)


def test_every_training_url_is_in_the_table():
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
