"""Every page of the foundation meets WCAG 2.1 AA as far as axe-core can tell, and looks right."""

import pytest

from activities.models import Activity, MeetingSeries
from courts.models import CooperationItem

from .a11y import axe_violations, markup_errors
from .test_login_journey import login

PAGES = [
    ("/", "home"),
    ("/people/", "people"),
    ("/courts/jiashan/", "court"),
    ("/areas/mechanism/", "area"),
    ("/cooperation/", "cooperation-list"),
    ("/cooperation/new/", "cooperation-form"),
    ("/agreement/", "agreement"),
    ("/dashboard/", "dashboard"),
    ("/dashboard/targets/", "targets"),
    ("/search/?q=党日", "search"),
    ("/reports/2025/", "annual-report"),
    ("/accounts/password/change/", "password-change"),
    ("/accounts/2fa/", "mfa"),
    ("/accounts/2fa/totp/activate", "mfa-totp"),
    ("/no-such-page/", "404"),
    ("/activities/", "activity-list"),
    ("/activities/new/", "activity-form"),
    ("/activities/my-record/", "my-record"),
    ("/activities/bases/", "bases"),
    ("/activities/action-items/", "action-items"),
    ("/training/trainees/", "trainees"),
    ("/casegroups/cases/", "every-groups-cases"),
    ("/casegroups/sessions/?held=true", "every-groups-sessions"),
    ("/calendar/", "calendar-month"),
    ("/calendar/?view=list", "calendar-list"),
    ("/inbox/", "inbox"),
    ("/casegroups/", "casegroup-list"),
    ("/casegroups/new/", "casegroup-form"),
    ("/casegroups/symposia/", "symposium-list"),
    ("/casegroups/papers/", "paper-list"),
]


def test_member_pages_pass_axe(page, live_server, demo_data, shot):
    login(page, live_server, "jinshan-secretary")
    item = CooperationItem.objects.filter(lead_court__slug="jinshan").first()
    activity = Activity.objects.filter(host_court__slug="jinshan", status="held").first()
    activity_pages = [
        (activity.get_absolute_url(), "activity-detail"),
        (f"{activity.get_absolute_url()}roll-call/", "roll-call"),
        (f"{activity.get_absolute_url()}invite/", "invite"),
        (f"{activity.get_absolute_url()}parts/jinshan/", "part"),
        (f"{activity.get_absolute_url()}cancel/", "cancel"),
        (f"{activity.get_absolute_url()}qr/", "qr"),
        (f"{activity.get_absolute_url()}minutes/", "minutes"),
        ("/activities/series/", "series-list"),
        ("/activities/series/new/", "series-form"),
        (MeetingSeries.objects.first().get_absolute_url(), "series-detail"),
        (f"{MeetingSeries.objects.first().get_absolute_url()}reminders/", "series-reminders"),
        (
            activity.red_base.get_absolute_url() if activity.red_base else "/activities/bases/",
            "base-detail",
        ),
    ]
    from casegroups.models import CaseStudyGroup, StudyCase
    from courts.models import PartyBranch, Person

    branch = PartyBranch.objects.filter(court__slug="jinshan").order_by("pk").first()
    member = Person.objects.filter(branch=branch).order_by("pk").first()
    activity_pages += [
        (f"/branches/{branch.pk}/record/", "branch-record"),
        (f"/people/{member.pk}/record/", "person-record"),
    ]
    group = CaseStudyGroup.objects.get(name="金融审判类案研究组")
    case = StudyCase.objects.get(group=group, visibility="staff")
    activity_pages += [
        (group.get_absolute_url(), "casegroup-detail"),
        (f"{group.get_absolute_url()}cases/", "casegroup-cases"),
        (f"{group.get_absolute_url()}join/", "casegroup-join"),
        (case.get_absolute_url(), "casegroup-case"),
    ]
    from symposia.models import Paper, Symposium

    activity_pages += [
        (Symposium.objects.get().get_absolute_url(), "symposium-detail"),
        (Paper.objects.first().get_absolute_url(), "paper-detail"),
        (f"{case.get_absolute_url()}review/", "case-review-404"),
    ]
    from django.db.models import Count

    from publicity.models import PublicityItem

    published = (
        PublicityItem.objects.filter(status="published")
        .annotate(n=Count("images"))
        .order_by("-n", "pk")
        .first()
    )
    activity_pages += [
        (published.get_absolute_url(), "publicity-item"),
        (published.get_public_url(), "publicity-public-item"),
        ("/public/", "public-list"),
    ]
    from library.models import Resource

    shared = Resource.objects.get(title="金平嘉三地金融纠纷典型案例汇编（2025）")
    activity_pages += [
        ("/library/", "library"),
        ("/library/new/", "library-share"),
        (shared.get_absolute_url(), "library-resource"),
        (f"{shared.get_absolute_url()}versions/new/", "library-version"),
        ("/public/resources/", "public-resources"),
        (shared.get_public_url(), "public-resource"),
    ]
    failures = {}
    for path, name in [*PAGES, (item.get_absolute_url(), "cooperation-detail"), *activity_pages]:
        page.goto(f"{live_server.url}{path}")
        shot(page, f"a11y-{name}")
        violations = axe_violations(page) + markup_errors(page.content())
        if violations:
            failures[path] = violations
    assert failures == {}, "\n".join(f"{p}: {v}" for p, vs in failures.items() for v in vs)


@pytest.mark.parametrize("width", [390, 1280])
def test_public_pages_pass_axe(page, live_server, demo_data, shot, width):
    page.set_viewport_size({"width": width, "height": 800})
    for path, name in [
        ("/accounts/login/", "login"),
        ("/accounts/password/reset/", "reset"),
        ("/accounts/signup/", "signup-closed"),
        ("/agreement/", "agreement"),
        ("/public/resources/", "public-resources"),
    ]:
        page.goto(f"{live_server.url}{path}")
        shot(page, f"a11y-public-{name}-{width}")
        assert axe_violations(page) == [], path


def test_phone_pages_pass_axe(page, live_server, demo_data, shot):
    """At 390 px tables scroll sideways: the scrolling region takes the keyboard focus."""
    from casegroups.models import CaseStudyGroup

    login(page, live_server, "jinshan-judge")
    page.set_viewport_size({"width": 390, "height": 800})
    group = CaseStudyGroup.objects.get(name="金融审判类案研究组")
    failures = {}
    for path, name in [
        (group.get_absolute_url(), "casegroup-detail"),
        ("/", "home"),
        ("/calendar/", "calendar-month"),
        ("/activities/", "activity-list"),
    ]:
        page.goto(f"{live_server.url}{path}")
        shot(page, f"a11y-phone-{name}")
        violations = axe_violations(page) + markup_errors(page.content())
        if violations:
            failures[path] = violations
    assert failures == {}, failures


def test_the_markup_check_catches_what_nu_refuses():
    assert markup_errors('<p><time datetime="2026-12-07T11:23:28.123456+08:00">x</time></p>')
    assert markup_errors('<span class="d-flex"><form method="post"></form></span>')
    assert (
        markup_errors('<time datetime="2026-12-07T11:23:28+08:00">x</time><div><form></form></div>')
        == []
    )


def test_the_checker_catches_an_unlabelled_field(page):
    page.set_content('<html lang="zh-Hans"><title>t</title><main><input type="text"></main></html>')
    assert any(line.startswith("label:") for line in axe_violations(page))
