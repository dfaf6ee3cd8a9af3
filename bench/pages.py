"""What the benchmark measures: the pages (found in the seeded database), their query counts,
and the reminder sweep. Imported by bench/run.py after django.setup()."""

from __future__ import annotations

import datetime
import time

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, MeetingSeries
from core.models import CalendarToken, Delivery, Notification, Reminder
from courts.models import CooperationItem, PartyBranch, Person


def pages() -> list[tuple[str, str]]:
    """(name, path) of every page measured."""
    held = (
        Activity.objects.filter(host_court__slug="jinshan", status="completed")
        .exclude(attendances=None)
        .order_by("-start")
        .first()
    )
    series = MeetingSeries.objects.exclude(occurrences=None).order_by("pk").first()
    item = CooperationItem.objects.order_by("-pk").first()
    user = get_user_model().objects.get(username="jinshan-secretary")
    token, _ = CalendarToken.objects.get_or_create(user=user)
    today = timezone.localdate()
    activities = reverse("activities:activity-list")
    member = Person.objects.filter(court__slug="jinshan").exclude(attendances=None).order_by("pk")
    branch = PartyBranch.objects.filter(court__slug="jinshan").order_by("pk").first()
    action_items = reverse("activities:action-item-list")
    return [
        ("layout alone (empty page)", reverse("layout-alone")),
        ("home", reverse("home")),
        ("dashboard (this year, every court)", reverse("courts:dashboard")),
        ("targets (this year)", reverse("courts:targets")),
        ("search 党日 (every kind)", reverse("search") + "?q=党日"),
        ("search 质押 (every kind)", reverse("search") + "?q=质押"),
        ("annual report (last year)", reverse("reports:report", args=[today.year - 1])),
        ("activity list p1", activities),
        ("activity list p200", f"{activities}?page=200"),
        ("activity search 党日 + court", f"{activities}?q=党日&court=2"),
        ("activity detail", held.get_absolute_url()),
        ("roll call", reverse("activities:roll-call", args=[held.pk])),
        ("minutes", reverse("activities:minutes", args=[held.pk])),
        (
            "activity export (filtered csv)",
            reverse("activities:activity-export")
            + f"?court=2&area=mechanism&date_from={today.year}-01-01&format=csv",
        ),
        ("my record", reverse("activities:my-record")),
        ("member's record (secretary)", reverse("courts:person-record", args=[member[0].pk])),
        ("branch record", reverse("courts:branch-record", args=[branch.pk])),
        ("action items p1", action_items),
        (
            "action items overdue, this year",
            f"{action_items}?overdue=true&due_after={today.year}-01-01",
        ),
        ("series list", reverse("activities:series-list")),
        ("series detail", series.get_absolute_url()),
        ("red bases", reverse("activities:base-list")),
        ("calendar month", reverse("calendar")),
        ("calendar list", reverse("calendar") + "?view=list"),
        ("calendar feed", reverse("calendar-feed", args=[token.token])),
        ("people p1", reverse("courts:person-list")),
        ("people p40", reverse("courts:person-list") + "?page=40"),
        ("people search 王", reverse("courts:person-list") + "?q=王"),
        ("cooperation items p1", reverse("courts:cooperationitem-list")),
        ("cooperation items p100", reverse("courts:cooperationitem-list") + "?page=100"),
        ("cooperation item", item.get_absolute_url()),
        ("court page", reverse("courts:court-detail", args=["pinghu"])),
        ("area page", reverse("courts:area-detail", args=["mechanism"])),
        ("inbox", reverse("inbox")),
        *casegroup_pages(),
        *training_pages(),
        *publicity_pages(),
        *library_pages(),
    ]


def casegroup_pages() -> list[tuple[str, str]]:
    """The case-study groups' pages: lists, a deep page, a search, details, a case with its
    similar-case lookup over all cases, exports."""
    from casegroups.models import CaseStudyGroup, StudyCase
    from symposia.models import Paper, Symposium

    group = CaseStudyGroup.objects.filter(name__contains="基准").order_by("pk").first()
    case = (
        StudyCase.objects.filter(visibility="staff", group__name__contains="基准")
        .order_by("pk")
        .first()
    )
    symposium = Symposium.objects.order_by("-pk").first()
    paper = Paper.objects.order_by("-pk").first()
    groups = reverse("casegroups:group-list")
    papers = reverse("symposia:paper-list")
    return [
        ("case groups p1", groups),
        ("case groups p5", f"{groups}?page=5"),
        ("case groups search 金融 + court", f"{groups}?q=金融&court=2"),
        ("case group detail", group.get_absolute_url()),
        ("group cases p1", reverse("casegroups:case-list", args=[group.pk])),
        (
            "every group's cases, concluded and shared",
            reverse("casegroups:all-case-list") + "?status=concluded&shared=true",
        ),
        ("every group's sessions held", reverse("casegroups:session-list") + "?held=true"),
        ("case detail + similar", case.get_absolute_url()),
        ("symposia", reverse("symposia:symposium-list")),
        ("symposium detail", symposium.get_absolute_url()),
        ("papers p1", papers),
        ("papers p40", f"{papers}?page=40"),
        ("papers filtered (award, court)", f"{papers}?award=first&court=2"),
        ("paper detail", paper.get_absolute_url()),
        ("papers export (filtered xlsx)", f"{papers}?award=second&format=xlsx"),
    ]


def training_pages() -> list[tuple[str, str]]:
    """The training programme's pages: the session list (a deep page, filters), a session with
    its roster, the programme's statistics, the exports, a certificate's public check."""
    from training.models import Enrolment, Programme, TrainingSession

    session = (  # an open one, with its waiting list, when there is one
        TrainingSession.objects.filter(title__contains="基准").order_by("-status", "pk").first()
    )
    programme = Programme.objects.filter(title__contains="基准").order_by("-year", "pk").first()
    completed = Enrolment.objects.filter(status="completed").order_by("pk").first()
    sessions = reverse("training:session-list")
    return [
        ("training sessions p1", sessions),
        ("training sessions p100", f"{sessions}?page=100"),
        (
            "training sessions filtered (year, court, status)",
            f"{sessions}?year=2024&court=2&status=held",
        ),
        ("training session + roster", session.get_absolute_url()),
        ("training roster export", reverse("training:session-roster", args=[session.pk])),
        ("my training", reverse("training:my-training")),
        ("trainees of the sessions held", reverse("training:trainee-list") + "?outcome=completed"),
        ("programme statistics", programme.get_absolute_url()),
        ("programme statistics export", f"{programme.get_absolute_url()}?format=xlsx"),
        (
            "certificate verification",
            reverse("training:verify-code", args=[completed.certificate_code]),
        ),
    ]


def publicity_pages() -> list[tuple[str, str]]:
    """Publicity: the public list (first and a deep page, filtered), an item, the feed; the
    staff list, an item with its history and the export with publication records."""
    from publicity.models import PublicityItem

    item = PublicityItem.objects.filter(status="published", title__contains="基准").first()
    public = reverse("public-list")
    staff = reverse("publicity:item-list")
    return [
        ("public list p1", public),
        ("public list p50", f"{public}?page=50"),
        (
            "public list filtered (court, area, tag)",
            f"{public}?court=2&area=trial_quality&tag=诉源治理",
        ),
        ("public item", item.get_public_url()),
        ("public feed", reverse("public-feed")),
        ("publicity items p1", staff),
        ("publicity items filtered", f"{staff}?status=published&court=1&q=经验"),
        ("publicity item", item.get_absolute_url()),
        ("publicity export (filtered xlsx)", f"{staff}?status=in_review&court=3&format=xlsx"),
    ]


def query_counts(page_list: list[tuple[str, str]], username: str) -> dict[str, int]:
    """Queries per page for the logged-in demo secretary (warm: the second request), and a
    check that each page answers 200 — a redirect would be measured as a fast page."""
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    counts = {}
    with override_settings(ALLOWED_HOSTS=["testserver"], SECURE_SSL_REDIRECT=False):
        for name, path in page_list:
            client.get(path)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            if response.status_code != 200:
                raise SystemExit(f"{name}: {path} answered {response.status_code}")
            counts[name] = len(queries)
    return counts


def sweep_checks(*, count: int) -> dict:
    """The reminder sweep: its claim query uses an index over the whole table when nothing is
    due, and how long delivering many due reminders takes (locmem e-mail backend)."""
    from core import reminders

    lines = []
    total = Reminder.objects.count()
    now = timezone.now()
    claim = (
        Reminder.objects.filter(status=Reminder.Status.PENDING, due_at__lte=now)
        .order_by("due_at", "id")
        .values("id")[:1]
    )
    sql, params = claim.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT TEXT) " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    uses_index = "Index" in plan and "Seq Scan" not in plan
    lines.append(
        f"Claim query with nothing due over {total:,} reminders: "
        f"{'index scan' if uses_index else 'SEQUENTIAL SCAN'} "
        f"({'PASS' if uses_index else 'FAIL'}). Plan: `{plan.splitlines()[0].strip()}`"
    )
    started = time.monotonic()
    empty = reminders.send_due_reminders(now=now - datetime.timedelta(days=3000))
    lines.append(f"Sweep with nothing due: {1000 * (time.monotonic() - started):.1f} ms.")
    del empty

    chosen = list(
        Reminder.objects.filter(status=Reminder.Status.SENT).values_list("pk", flat=True)[:count]
    )
    Reminder.objects.filter(pk__in=chosen).update(
        status=Reminder.Status.PENDING,
        due_at=now - datetime.timedelta(minutes=1),
        expires_at=now + datetime.timedelta(days=1),
    )
    Activity.objects.filter(
        pk__in=Reminder.objects.filter(pk__in=chosen).values("object_id")
    ).update(status="planned")
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        started = time.monotonic()
        result = reminders.send_due_reminders(now=now, budget_seconds=10**6)
        seconds = time.monotonic() - started
    lines.append(
        f"Sweep delivering {len(chosen):,} due reminders (inbox + e-mail to locmem): "
        f"{seconds:.1f} s, {len(chosen) / seconds:.0f} per second "
        f"(sent {result.sent}, withdrawn {result.withdrawn}, missed {result.missed})."
    )
    Notification.objects.filter(reminder_id__in=chosen).delete()
    Delivery.objects.filter(reminder_id__in=chosen).delete()
    return {
        "lines": lines,
        "claim_uses_index": uses_index,
        "delivered_per_second": len(chosen) / seconds,
    }


def library_pages() -> list[tuple[str, str]]:
    """The resource library: its list (first and a deep page), a search by a word inside the
    files' text, filters, a resource with its versions and downloads per court."""
    from library.models import Resource

    resources = reverse("library:resource-list")
    resource = Resource.objects.filter(visibility="alliance").order_by("-pk").first()
    if resource is None:  # a database seeded before the library: nothing of it to measure
        return []
    return [
        ("library p1", resources),
        ("library p100", f"{resources}?page=100"),
        ("library search 保理 (title and file text)", f"{resources}?q=保理"),
        (
            "library filtered (kind, area, court)",
            f"{resources}?kind=cases&area=trial_quality&court=2",
        ),
        ("library resource", resource.get_absolute_url()),
    ]
