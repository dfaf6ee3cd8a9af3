"""Every library URL × actor: the expected status, and nothing changed by a refusal.

Built once for the module (tests/kit.py). The resource asked about is Jinshan's own (shared with
its own court only): Jinshan's staff read it, another court's answer 404 everywhere, a visitor
is sent to log in (its file: 404); the public pages show public resources to everyone."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from courts.choices import Role
from library import services
from library.models import Resource, ResourceUse, ResourceVersion
from library.public_urls import urlpatterns as public_urlpatterns
from library.urls import urlpatterns

from ..conftest import make_member
from ..factories import PDF_BYTES, court, make_activity
from ..kit import AccessTable, shared_world

ACTORS = ["owner_secretary", "other_secretary", "other_judge", "coordinator", "admin", "anonymous"]


def build_world() -> dict:
    owner = make_member("jinshan", Role.PARTY_SECRETARY, full_name="陈书记")
    other = make_member("pinghu", Role.PARTY_SECRETARY, full_name="沈书记")
    judge = make_member("pinghu", Role.JUDGE, full_name="平湖法官")
    coordinator = make_member("jinshan", Role.TRAINING_COORDINATOR, full_name="金山培训专员")
    admin = make_member("jiashan", Role.ADMIN, username="portal-admin", full_name="管理员")

    def share(title: str, visibility: str) -> Resource:
        return services.share_resource(
            by=owner,
            court=court("jinshan"),
            title=title,
            kind="guideline",
            area="trial_quality",
            visibility=visibility,
            upload=SimpleUploadedFile("指引.pdf", PDF_BYTES),
        )

    public = share("公开典型案例汇编", "public")
    activity = make_activity(host="jinshan", co_hosts=("pinghu",))
    use = services.use_resource(resource=public, target=activity, by=owner)
    return {
        "own": share("金山院内审判指引", "court"),
        "public": public,
        "activity": activity,
        "use": use,
        "actors": {
            "owner_secretary": owner,
            "other_secretary": other,
            "other_judge": judge,
            "coordinator": coordinator,
            "admin": admin,
            "anonymous": None,
        },
    }


world = shared_world(build_world)


def snapshot():
    return (
        list(Resource.objects.order_by("pk").values_list("title", "visibility", "latest_id")),
        list(ResourceVersion.objects.order_by("pk").values_list("resource_id", "number")),
        list(ResourceUse.objects.order_by("pk").values_list("resource_id", "target_id")),
    )


def url_for(name: str, w: dict) -> str:
    own = w["own"]
    return {
        "resource-list": reverse("library:resource-list"),
        "resource-create": reverse("library:resource-create"),
        "resource-detail": own.get_absolute_url(),
        "resource-edit": reverse("library:resource-edit", args=[own.pk]),
        "version-upload": reverse("library:version-upload", args=[own.pk]),
        "version-download": own.latest.get_absolute_url(),
        "version-preview": reverse("library:version-preview", args=[own.latest.pk]),
        "use-picker": reverse("library:use-picker")
        + f"?for=activities.activity:{w['activity'].pk}",
        "use-delete": reverse("library:use-delete", args=[w["use"].pk]),
        "public-resources": reverse("public-resources"),
        "public-resource": w["public"].get_public_url(),
    }[name]


L = "L"
OK = (200, 200, 200, 200, 200, L)
NO = (405, 405, 405, 405, 405, L)
OWN = (200, 404, 404, 200, 200, L)  # Jinshan's staff and administrators; another court: 404
TABLE = AccessTable(
    actors=ACTORS,
    rows={
        "resource-list": (OK, NO),
        # A court's secretaries and coordinators share for their own court; a judge may not.
        "resource-create": ((200, 200, 403, 200, 200, L), (200, 200, 403, 200, 200, L)),
        "resource-detail": (OWN, NO),
        # Edited and given versions by its court's secretaries and coordinators (bad input:
        # the form again, nothing saved).
        "resource-edit": (OWN, OWN),
        "version-upload": (OWN, OWN),
        # A file answers whoever reads its resource, logged in or not (a public one: anyone).
        "version-download": ((200, 404, 404, 200, 200, 404), (405,) * 6),
        "version-preview": ((200, 404, 404, 200, 200, 404), (405,) * 6),
        # Picking a resource for a record: whoever changes the record (the host court's
        # secretaries, administrators); a POST naming no resource finds none.
        "use-picker": ((200, 404, 404, 404, 200, L), (404, 404, 404, 404, 404, L)),
        # Taking a resource off a record: the same rule (done: tested in test_library).
        "use-delete": ((405, 405, 405, 405, 405, L), (None, 404, 404, 404, None, L)),
        "public-resources": ((200,) * 6, (405,) * 6),
        "public-resource": ((200,) * 6, (405,) * 6),
    },
    bad_post={"title": "", "kind": "no-such-kind", "upload": ""},
)


def test_every_library_url_is_in_the_table():
    TABLE.assert_covers([*urlpatterns, *public_urlpatterns])


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
