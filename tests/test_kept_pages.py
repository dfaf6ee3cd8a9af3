"""Kept answers are never stale, as a property: every page of the demo world, as each role, is
the same served from the cache as computed afresh — after writes through every path Django has
(``save``, ``QuerySet.update``, ``bulk_create``, ``bulk_update``, ``delete`` and its cascades,
m2m on either side, raw SQL through Django's cursor) and in two "processes", each holding its
own in-process answers. The cases found by hand before the caching followed what it read are
named tests below."""

from __future__ import annotations

import collections
import datetime
import re

from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from core import generations

from .kit import SHARED, shared_world
from .test_fuzz import _pages, build_world

ROLES = ["admin", "jinshan-secretary", "pinghu-judge", "jiashan-coordinator", "jinshan-reviewer"]
# What differs between two renderings of the same page by design: CSRF tokens (masked anew for
# every response), the sign-in QR's token of the minute and a feed's DTSTAMP.
VOLATILE = [
    re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"'),
    re.compile(r'name="csrf-token" content="[^"]+"'),
    re.compile(r"token=[A-Za-z0-9_:\-]+"),
    re.compile(r"<svg.*?</svg>", re.S),
    # A feed's DTSTAMP is when the calendar object was made (RFC 5545): a kept feed keeps its own.
    re.compile(r"DTSTAMP:\d{8}T\d{6}Z"),
]


world = shared_world(build_world)
pytestmark = SHARED


def _all_pages() -> list[str]:
    """Every kind of page of bench/pages.py (lists, details, exports, feeds, a certificate's
    check) and the public ones, in the demo world."""
    from django.contrib.auth import get_user_model

    from core.models import CalendarToken
    from publicity.models import PublicityItem
    from symposia.models import Paper, Symposium
    from training.models import Enrolment, Programme, TrainingSession

    published = PublicityItem.objects.filter(status="published").order_by("pk").first()
    owner = get_user_model().objects.get(username="jinshan-secretary")
    token = CalendarToken.objects.get_or_create(user=owner)[0].token
    symposium = Symposium.objects.order_by("pk").first()
    paper = Paper.objects.order_by("pk").first()
    held = TrainingSession.objects.filter(status="held").order_by("pk").first()
    certified = Enrolment.objects.filter(certificate_code__isnull=False).order_by("pk").first()
    return [
        *_pages(),
        f"/calendar/feed/{token}.ics",
        *([symposium.get_absolute_url()] if symposium else []),
        *([paper.get_absolute_url()] if paper else []),
        "/casegroups/papers/?format=csv",
        "/casegroups/?format=csv",
        *([f"/training/{held.pk}/roster/?format=csv", held.get_absolute_url()] if held else []),
        f"{Programme.objects.order_by('pk').first().get_absolute_url()}?format=csv",
        *([f"/training/verify/{certified.certificate_code}/"] if certified else []),
        "/publicity/?format=csv",
        "/people/?q=王",
        "/courts/pinghu/",
        "/areas/mechanism/",
        "/areas/trial_quality/",
        "/activities/export/?format=csv",
        "/publicity/review/",
        "/casegroups/symposia/",
        f"/public/{published.pk}/" if published else "/public/",
        "/public/feed/",
    ]


def _text(response) -> str:
    body = response.content.decode(errors="replace")
    for pattern in VOLATILE:
        body = pattern.sub("…", body)
    return f"{response.status_code}\n{body}"


class Process:
    """A web process of its own: its in-process answers (core.generations._LOCAL) and its copy
    of every table's generation (core.generations._COPY), which another process's write
    leaves as it was."""

    def __init__(self) -> None:
        self.held: collections.OrderedDict = collections.OrderedDict()
        self.copy = None

    def __enter__(self):
        self.saved = generations._LOCAL, generations._COPY
        generations._LOCAL, generations._COPY = self.held, self.copy
        return self

    def __exit__(self, *exc) -> None:
        self.copy = generations._COPY
        generations._LOCAL, generations._COPY = self.saved


def _writes() -> None:
    """A change through each write path to rows the pages show."""
    from django.contrib.auth.models import Group

    from activities.models import Activity, MeetingSeries, RedEducationBase
    from casegroups.models import CaseStudyGroup, Membership
    from core import services as core_services
    from courts.models import Court, Person
    from publicity.models import PublicityItem
    from training.models import TrainingSession

    User = get_user_model()
    # save()
    person = Person.objects.get(user__username="pinghu-secretary")
    person.full_name = "改名后的书记"
    person.save()
    group = CaseStudyGroup.objects.order_by("pk").first()
    group.name = "改名后的研究组"
    group.save()
    # QuerySet.update()
    held = Activity.objects.filter(status="held").order_by("pk").first()
    Activity.objects.filter(pk=held.pk).update(title="更新后的活动标题")
    TrainingSession.objects.filter(status="open").update(title="改名后的培训")
    Court.objects.filter(slug="jiashan").update(short_name_zh="嘉善院")
    # raw SQL through Django's cursor
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE activities_rededucationbase SET name = %s WHERE id = %s",
            ["改名后的红色基地", RedEducationBase.objects.order_by("pk").first().pk],
        )
    # bulk_update()
    items = list(PublicityItem.objects.order_by("pk")[:5])
    for item in items:
        item.title = f"批量改名{item.pk}"
    PublicityItem.objects.bulk_update(items, ["title"])
    # bulk_create(): a notice for everyone in the roles
    core_services.notify(
        recipients=list(User.objects.filter(username__in=ROLES)), title="新的通知标题"
    )
    # delete() and its cascades (SET_NULL: a series' meetings)
    MeetingSeries.objects.order_by("pk").first().delete()
    Membership.objects.filter(person__user__username="pinghu-judge").delete()
    # m2m, from either side: a role taken away, a role given
    Group.objects.get(name="judge").user_set.remove(User.objects.get(username="pinghu-judge"))
    User.objects.get(username="jiashan-coordinator").groups.add(
        Group.objects.get(name="party_secretary")
    )
    # a person moves to another court (the user's court, their feed, their rights)
    Person.objects.filter(user__username="jinshan-reviewer").update(
        court=Court.objects.get(slug="pinghu")
    )


def test_every_page_is_the_same_kept_as_computed_afresh_after_writes_by_every_path(client, world):
    client.raise_request_exception = False
    users = {u.username: u for u in get_user_model().objects.filter(username__in=ROLES)}
    pages = _all_pages()
    first, second = Process(), Process()
    for process in (first, second):  # both warm: each holds its own answers
        with process:
            for role in ROLES:
                client.force_login(users[role])
                for path in pages:
                    client.get(path)
    _writes()
    users = {u.username: u for u in get_user_model().objects.filter(username__in=ROLES)}
    stale = []
    for role in ROLES:
        client.force_login(users[role])
        for path in pages:
            with generations.bypassed():
                fresh = _text(client.get(path))
            for name, process in (("first", first), ("second", second)):
                with process:
                    kept = _text(client.get(path))
                if kept != fresh:
                    stale.append((role, path, name, _first_difference(kept, fresh)))
    assert stale == [], "\n".join(map(str, stale))


def _first_difference(kept: str, fresh: str) -> str:
    for index, (a, b) in enumerate(zip(kept, fresh, strict=False)):
        if a != b:
            around = slice(max(0, index - 60), index + 60)
            return f"kept …{kept[around]!r} fresh …{fresh[around]!r}"
    return f"lengths {len(kept)} and {len(fresh)}"


# --- The cases found by hand ------------------------------------------------------------------


def test_a_judge_removed_from_a_group_no_longer_sees_its_group_only_cases_in_the_list(
    client, world
):
    """The list filters with Exists(Membership…): the subquery's table is read, so removing the
    membership makes the kept list stale at once."""
    from casegroups.models import Membership, StudyCase

    case = StudyCase.objects.filter(visibility="group").order_by("pk").first()
    membership = Membership.objects.filter(group=case.group, status="active").first()
    user = membership.person.user
    client.force_login(user)
    url = reverse("casegroups:case-list", args=[case.group.pk])
    assert case.case_number in client.get(url).content.decode()
    membership.delete()
    assert case.case_number not in client.get(url).content.decode()
    assert client.get(case.get_absolute_url()).status_code == 404


def test_renaming_a_red_base_shows_on_the_activity_page_at_once(client, world):
    from activities.models import Activity, RedEducationBase

    activity = Activity.objects.exclude(red_base=None).order_by("pk").first()
    client.force_login(get_user_model().objects.get(username="jinshan-secretary"))
    url = activity.get_absolute_url()
    assert activity.red_base.name in client.get(url).content.decode()
    RedEducationBase.objects.filter(pk=activity.red_base_id).update(name="新命名的教育基地")
    assert "新命名的教育基地" in client.get(url).content.decode()


def _same_as_fresh(client, url: str) -> str:
    kept = _text(client.get(url))
    with generations.bypassed():
        assert kept == _text(client.get(url)), url
    return kept


def test_a_role_taken_away_leaves_the_to_do_lists_at_once(client, world):
    from django.contrib.auth.models import Group

    user = get_user_model().objects.get(username="jinshan-secretary")
    client.force_login(user)
    _same_as_fresh(client, "/")
    assert client.get(reverse("activities:activity-create")).status_code == 200
    user.groups.remove(Group.objects.get(name="party_secretary"))
    assert client.get(reverse("activities:activity-create")).status_code == 403
    _same_as_fresh(client, "/")  # the to-do lists and the menu as computed afresh


def test_a_private_feed_follows_its_owners_move_to_another_court(client, world):
    from activities.models import Activity
    from core.models import CalendarToken
    from courts.models import Court, Person

    user = get_user_model().objects.get(username="jiashan-coordinator")
    token = CalendarToken.objects.get_or_create(user=user)[0].token
    url = reverse("calendar-feed", args=[token])
    only_jinshan = (
        Activity.objects.filter(host_court__slug="jinshan", co_host_courts=None)
        .filter(start__gte=timezone.now())
        .first()
    )
    if only_jinshan is None:  # a coming activity of Jinshan alone
        from .factories import make_activity

        only_jinshan = make_activity(
            by=get_user_model().objects.get(username="jinshan-secretary"),
            title="金山院内的活动",
            start=timezone.now() + datetime.timedelta(days=3),
        )
    assert only_jinshan.title not in client.get(url).content.decode()
    Person.objects.filter(user=user).update(court=Court.objects.get(slug="jinshan"))
    assert only_jinshan.title in client.get(url).content.decode()


def test_a_deleted_series_leaves_its_meetings_pages_as_computed_afresh(client, world):
    from activities.models import MeetingSeries

    series = MeetingSeries.objects.exclude(occurrences=None).order_by("pk").first()
    meeting = series.occurrences.order_by("start").first()
    client.force_login(get_user_model().objects.get(username="jinshan-secretary"))
    pages = [meeting.get_absolute_url(), reverse("activities:series-list"), "/calendar/"]
    before = [_same_as_fresh(client, url) for url in pages]
    series.delete()  # its meetings stay, their series set to NULL by SQL
    after = [_same_as_fresh(client, url) for url in pages]
    assert after[1] != before[1]
