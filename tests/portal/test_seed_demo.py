from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from courts.demo import DEMO_PASSWORD
from courts.models import CooperationItem, PartyBranch, Person

ACCOUNTS = [
    "admin",
    "jinshan-secretary",
    "pinghu-secretary",
    "jiashan-secretary",
    "jinshan-judge",
    "pinghu-judge",
    "jiashan-judge",
    "jinshan-coordinator",
    "pinghu-coordinator",
    "jiashan-coordinator",
    "jinshan-reviewer",
]


def test_seed_demo_is_idempotent_and_every_account_logs_in(client, db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    counts = (Person.objects.count(), PartyBranch.objects.count(), CooperationItem.objects.count())
    call_command("seed_demo")
    assert counts == (
        Person.objects.count(),
        PartyBranch.objects.count(),
        CooperationItem.objects.count(),
    )
    assert 28 <= counts[0] <= 40
    for court_slug in ["jinshan", "pinghu", "jiashan"]:
        assert PartyBranch.objects.filter(court__slug=court_slug).exists()
    users = get_user_model().objects
    assert users.get(username="admin").is_superuser
    for username in ACCOUNTS:
        assert users.get(username=username).person.court is not None
        response = client.post(
            reverse("account_login"), {"login": username, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, username
        client.post(reverse("account_logout"))
    assert users.get(username="pinghu-secretary").groups.filter(name="party_secretary").exists()


def test_demo_holds_activities_of_every_kind_with_roll_calls(db, settings):
    from activities.models import Activity, Attendance, Kind

    settings.DEBUG = True
    call_command("seed_demo")
    assert set(Activity.objects.values_list("kind", flat=True)) == set(Kind.values)
    assert Attendance.objects.filter(status=Attendance.Status.SIGNED_IN).exists()
    assert all(len(a.courts) >= 2 for a in Activity.objects.prefetch_related("co_host_courts"))


def test_demo_holds_case_study_groups_with_members_of_three_courts_and_cases(db, settings):
    from casegroups.models import CaseStudyGroup, Membership, StudyCase

    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")  # idempotent
    assert CaseStudyGroup.objects.filter(active=True).count() == 3
    assert CaseStudyGroup.objects.filter(active=False).count() == 1
    financial = CaseStudyGroup.objects.get(name="金融审判类案研究组")
    members = Membership.objects.filter(group=financial, status="active")
    assert {m.person.court.slug for m in members} == {"jinshan", "pinghu", "jiashan"}
    # the walk-through's judge can still ask to join
    assert not members.filter(person__user__username="pinghu-judge").exists()
    assert set(StudyCase.objects.values_list("status", flat=True)) == {"discussion", "concluded"}
    from casegroups.models import CaseReview, Paper, Symposium

    assert CaseReview.objects.count() == 2
    assert Symposium.objects.count() == 1 and Paper.objects.count() == 3
