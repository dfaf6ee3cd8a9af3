from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from courts.models import CooperationItem, PartyBranch, Person
from portal.demo.courts import DEMO_PASSWORD

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
    assert not Person.objects.filter(user__username="admin").exists()  # nobody in the directory
    for username in ACCOUNTS[1:]:
        assert users.get(username=username).person.court is not None
    for username in ACCOUNTS:
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
    from casegroups.models import CaseReview
    from symposia.models import Paper, Symposium

    assert CaseReview.objects.count() == 2
    assert Symposium.objects.count() == 1 and Paper.objects.count() == 3


def test_demo_holds_a_year_of_work_mostly_completed_on_plausible_dates(db, settings):
    import datetime

    from django.utils import timezone

    from activities import checklist
    from activities.models import Activity

    settings.DEBUG = True
    call_command("seed_demo")
    today = timezone.localdate()
    past = Activity.objects.filter(start__date__lt=today, series=None)
    assert past.count() >= 15
    assert all(today - timezone.localdate(a.start) <= datetime.timedelta(days=366) for a in past)
    completed = past.filter(status=Activity.Status.COMPLETED)
    assert completed.count() > past.count() / 2
    for activity in completed.prefetch_related("attachments", "attendances"):
        assert checklist.missing(activity) == [], activity.title
    assert past.filter(status=Activity.Status.CANCELLED).exclude(cancel_reason="").exists()
    from core.holidays import day

    def working(moment) -> bool:  # no weekend, no statutory holiday (调休 days count)
        return day(timezone.localdate(moment)).workday

    assert all(working(a.start) for a in Activity.objects.all())
    from training.models import TrainingSession

    assert all(working(s.start) for s in TrainingSession.objects.all())
    qingming = Activity.objects.get(title="清明祭扫金山卫抗战遗址")
    assert timezone.localtime(qingming.start).month == 4
    assert timezone.localtime(qingming.start).day <= 7
    qiyi = Activity.objects.get(title="三地法院联合主题党日：重温入党誓词")
    assert timezone.localtime(qiyi.start).date().month in {6, 7}


def test_demo_late_sign_ins_are_an_officers_with_a_reason(db, settings):
    from activities.models import Attendance

    settings.DEBUG = True
    call_command("seed_demo")
    late = Attendance.objects.filter(status=Attendance.Status.LATE).select_related(
        "signed_in_by__person", "person"
    )
    assert late.exists()
    for attendance in late:
        assert attendance.sign_in_method == Attendance.Method.LATE
        assert attendance.sign_in_reason
        assert attendance.signed_in_by != attendance.person.user
        assert attendance.signed_in_by.groups.filter(name="party_secretary").exists()
    assert not Attendance.objects.filter(
        status=Attendance.Status.LATE, sign_in_method=Attendance.Method.QR
    ).exists()


def test_the_admin_account_is_offered_in_no_people_picker(client, db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    client.force_login(get_user_model().objects.get(username="jinshan-secretary"))
    directory = client.get(reverse("courts:person-list")).content.decode()
    assert "陈红梅" in directory and "系统管理员" not in directory
    from courts.models import Court

    options = client.get(
        reverse("courts:person-options"),
        {"courts": ",".join(str(c.pk) for c in Court.objects.all()), "q": "管理"},
    ).content.decode()
    assert "系统管理员" not in options
