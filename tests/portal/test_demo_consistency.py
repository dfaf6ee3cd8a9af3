"""The demo tells one consistent story: every record's history, notices and dates agree with
the record itself (it is seeded through the services with the clock at each record's date)."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from casegroups.models import CaseReview, CaseStudyGroup, StudyCase
from core.models import Notification
from courts.models import CooperationItem, Person
from portal.demo import seed_all
from training.models import TrainingSession

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    return seed_all()


def _history(obj):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk)
    )


def test_each_case_lives_in_its_own_year(demo):
    now = timezone.now()
    for case in StudyCase.objects.select_related("group"):
        year = int(case.case_number[1:5])
        assert case.created_at.year == year, case.case_number
        assert case.group.created_at <= case.created_at
        stamps = list(_history(case).values_list("timestamp", flat=True))
        assert stamps and all(year <= s.year and s <= now for s in stamps), case.case_number
        # submitted, discussed, concluded: each on its own day, not all at one minute
        days = {timezone.localtime(s).date() for s in stamps}
        steps = 3 if case.status == StudyCase.Status.CONCLUDED else 2
        assert len(days) >= steps, case.case_number
    for review in CaseReview.objects.select_related("case"):
        assert review.created_at > review.case.created_at


def test_groups_were_founded_before_today_and_the_item_that_formed_them_is_done(demo):
    first = CaseStudyGroup.objects.order_by("created_at").first()
    assert first.created_at.year == 2021
    item = CooperationItem.objects.get(title="组建跨区域专业法官案例研讨小组")
    assert item.status == CooperationItem.Status.DONE
    assert item.due_date.year == first.created_at.year


def test_notices_are_never_from_the_future_nor_contradict_their_training(demo):
    now = timezone.now()
    assert not Notification.objects.filter(created_at__gt=now).exists()
    for session in TrainingSession.objects.filter(end__lt=now):
        # a session already held was set up and announced before it took place
        assert session.created_at < session.start
        notices = Notification.objects.filter(
            target_type=ContentType.objects.get_for_model(session), target_id=session.pk
        )
        assert all(n.created_at <= session.end + datetime.timedelta(hours=1) for n in notices)


def test_party_branches_list_party_members_only(demo):
    assert not Person.objects.filter(branch__isnull=False, is_party_member=False).exists()


def test_trainers_are_named_people_and_contacts_differ(demo):
    from activities.models import RedEducationBase

    assert all(s.trainer_organisation for s in TrainingSession.objects.all())
    contacts = list(RedEducationBase.objects.values_list("contact", flat=True))
    assert len(set(contacts)) == len(contacts)


def test_a_held_activitys_history_is_from_its_own_days(demo):
    from activities.models import Activity

    now = timezone.now()
    for activity in Activity.objects.filter(start__lt=now - datetime.timedelta(days=30)):
        stamps = list(_history(activity).values_list("timestamp", flat=True))
        assert stamps, activity.title
        # set up before it took place, recorded after; nothing stamped at seeding time
        assert min(stamps) < activity.start, activity.title
        assert max(stamps) < now - datetime.timedelta(days=1), activity.title


def test_publicity_items_were_written_before_they_were_published(demo):
    from publicity.models import ItemEvent, PublicationRecord, PublicityItem

    for item in PublicityItem.objects.filter(status="published"):
        events = ItemEvent.objects.filter(item=item).order_by("at")
        assert events.first().at < item.published_at, item.title
        assert events.last().at <= item.published_at + datetime.timedelta(minutes=1)
    for record in PublicationRecord.objects.select_related("item"):
        assert record.date >= timezone.localtime(record.item.published_at).date()
