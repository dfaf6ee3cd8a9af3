"""Bad input never breaks a page: every GET parameter and every form field of the portal's pages,
filled with hostile values, gets an answer below 500 (a form error, an empty list, a 404) — never
a server error. The pages are those of the demo world, crawled as an administrator (who sees
every form); their forms are read from the HTML, so a new field is fuzzed without listing it."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model

from .kit import SHARED, shared_world

HOSTILE = [
    "²",  # a digit to str.isdigit(), not to int()
    "\x00",
    "99999999999999999999",  # beyond a 64-bit integer
    "-1",
    "9999-12-31",
    "<script>alert(1)</script>",
    "长" * 1000,
]
SKIP_FIELDS = {"csrfmiddlewaretoken", "next"}


class Forms(HTMLParser):
    """The forms of a page: (method, action, field names)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, str, set[str]]] = []
        self.current: tuple[str, str, set[str]] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.current = (
                (attrs.get("method") or "get").lower(),
                attrs.get("action") or "",
                set(),
            )
            self.forms.append(self.current)
        elif (
            tag in ("input", "select", "textarea")
            and self.current
            and attrs.get("name")
            and attrs.get("type") not in ("submit", "file")
        ):
            self.current[2].add(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None


def build_world() -> dict:
    from portal.demo import seed_all

    seed_all()
    return {}


world = shared_world(build_world)
pytestmark = SHARED


def _pages() -> list[str]:
    from activities.models import Activity, MeetingSeries
    from casegroups.models import CaseStudyGroup, StudyCase
    from courts.models import CooperationItem, PartyBranch, Person
    from library.models import Resource
    from publicity.models import PublicityItem
    from training.models import Programme, TrainingSession

    activity = Activity.objects.filter(status="held").order_by("pk").first()
    group = CaseStudyGroup.objects.order_by("pk").first()
    session = TrainingSession.objects.filter(status="open").order_by("pk").first()
    item = PublicityItem.objects.filter(status="draft").order_by("pk").first()
    return [
        "/",
        "/dashboard/",
        "/dashboard/targets/",
        "/search/?q=党日",
        f"/people/{Person.objects.filter(branch__isnull=False).order_by('pk').first().pk}/record/",
        f"/branches/{PartyBranch.objects.order_by('pk').first().pk}/record/",
        "/reports/2025/",
        "/people/",
        "/cooperation/",
        "/cooperation/new/",
        CooperationItem.objects.order_by("pk").first().get_absolute_url(),
        "/activities/",
        "/activities/new/",
        "/activities/my-record/",
        "/activities/bases/",
        "/activities/action-items/",
        "/training/trainees/",
        "/casegroups/cases/",
        "/casegroups/sessions/",
        "/activities/series/",
        MeetingSeries.objects.order_by("pk").first().get_absolute_url(),
        activity.get_absolute_url(),
        f"{activity.get_absolute_url()}roll-call/",
        f"{activity.get_absolute_url()}minutes/",
        "/calendar/",
        "/calendar/?view=list",
        "/inbox/",
        "/casegroups/",
        "/casegroups/new/",
        group.get_absolute_url(),
        f"{group.get_absolute_url()}cases/",
        StudyCase.objects.filter(group=group).order_by("pk").first().get_absolute_url(),
        "/casegroups/symposia/",
        "/casegroups/papers/",
        "/training/",
        "/training/new/",
        "/training/mine/",
        session.get_absolute_url(),
        f"{session.get_absolute_url()}enrol/",
        "/training/programmes/",
        Programme.objects.order_by("pk").first().get_absolute_url(),
        "/training/verify/",
        "/publicity/",
        "/publicity/new/",
        "/library/",
        "/library/new/",
        Resource.objects.order_by("pk").first().get_absolute_url(),
        "/public/resources/",
        item.get_absolute_url(),
        f"{item.get_absolute_url()}edit/",
        "/public/",
    ]


def _forms(client, path: str) -> list[tuple[str, str, set[str]]]:
    response = client.get(path)
    assert response.status_code < 500, path
    parser = Forms()
    parser.feed(response.content.decode())
    return parser.forms


@pytest.fixture
def admin_client(client, world):
    client.raise_request_exception = False  # a server error is an answer to assert on
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


def test_every_get_parameter(admin_client):
    failures = []
    for path in _pages():
        names = {"page"}
        for method, _action, fields in _forms(admin_client, path):
            if method == "get":
                names |= fields - SKIP_FIELDS
        base = path.split("?")[0]
        for name in sorted(names):
            for value in HOSTILE:
                response = admin_client.get(base, {name: value})
                if response.status_code >= 500:
                    failures.append((base, name, value[:20], response.status_code))
    assert failures == [], "\n".join(map(str, failures))


def test_every_form_field(admin_client):
    failures = []
    for path in _pages():
        for method, action, fields in _forms(admin_client, path):
            if method != "post":
                continue
            target = urlsplit(action).path or path.split("?")[0]
            if "logout" in target or "/i18n/" in target:
                continue
            fields -= SKIP_FIELDS
            for value in HOSTILE:
                # every field hostile at once, then each field alone
                attempts = [dict.fromkeys(fields, value)] + [{f: value} for f in sorted(fields)]
                for data in attempts:
                    response = admin_client.post(target, data)
                    if response.status_code >= 500:
                        failures.append((target, sorted(data)[:3], value[:20]))
    assert failures == [], "\n".join(map(str, failures))
