"""Admin edits of the case-study groups go through the pages' services."""

from django.urls import reverse

from casegroups.models import CaseStudyGroup, Membership, StudySession
from core.models import Reminder


def test_a_group_set_up_in_admin_has_its_convenor_as_member(client, superuser, jinshan_judge):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:casegroups_casestudygroup_add"),
        {
            "name": "执行难题研究组",
            "specialty": "enforcement",
            "purpose": "研究执行中的财产查控。",
            "convenor": jinshan_judge.person.pk,
            "open_to_requests": "on",
            "active": "on",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    group = CaseStudyGroup.objects.get(name="执行难题研究组")
    assert Membership.objects.get(group=group).person == jinshan_judge.person


def test_a_session_moved_in_admin_moves_the_members_reminders(
    client, superuser, group, member, jinshan_judge
):
    import datetime

    from django.utils import timezone

    from casegroups import services

    start = timezone.now() + datetime.timedelta(days=4)
    session = services.schedule_session(
        group=group,
        by=jinshan_judge,
        title="研讨",
        start=start,
        end=start + datetime.timedelta(hours=2),
        place="会议室",
    )
    later = timezone.localtime(start + datetime.timedelta(days=2))
    client.force_login(superuser)
    response = client.post(
        reverse("admin:casegroups_studysession_change", args=[session.pk]),
        {
            "title": "研讨",
            "start_0": later.strftime("%Y-%m-%d"),
            "start_1": later.strftime("%H:%M:%S"),
            # the end's own date: after 22:00 two hours later is the next day
            "end_0": (later + datetime.timedelta(hours=2)).strftime("%Y-%m-%d"),
            "end_1": (later + datetime.timedelta(hours=2)).strftime("%H:%M:%S"),
            "place": "会议室",
            "online_link": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    session = StudySession.objects.get()
    reminder = Reminder.objects.for_object(session).get(recipient=member)
    assert reminder.due_at == session.start - datetime.timedelta(days=1)
    # the day in the court's time zone (the database's value is UTC: after 16:00 UTC it is
    # already the next day in Shanghai)
    assert timezone.localtime(session.start).date() == later.date()
