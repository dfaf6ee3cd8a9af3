"""Fill a benchmark database with years of use (bench/README.md): bulk COPY on PostgreSQL.

Scale 1: the 3 courts, 60 branches, 2,000 people, 50,000 activities of two or three courts over
six years and the months ahead with their parts and 500,000 attendance rows, 200 meeting series
with their occurrences, 300,000 reminders, 5,000 cooperation items and 100,000 inbox notices;
100 case-study groups with 5,000 cases (and their similar-case index), 20,000 reviews, 500 study
sessions, 40 symposia with 1,000 papers (bench/seed/casegroups.py); 40 training programmes with
4,000 sessions and 100,000 enrolments (bench/seed/training.py); 20,000 publicity items with
40,000 publication records (bench/seed/publicity.py).
The demo accounts (jinshan-secretary …) are there too, so that the benchmark can log in.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Iterable, Sequence

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction
from django.utils import timezone

from activities.models import (
    KIND_AREAS,
    Activity,
    ActivityPart,
    Attendance,
    Kind,
    MeetingSeries,
)
from bench.seed import casegroups as casegroups_bench
from bench.seed import library as library_bench
from bench.seed import publicity as publicity_bench
from bench.seed import training as training_bench
from core import generations
from core.models import Notification, Reminder
from courts.choices import Area, Position
from courts.models import CooperationItem, Court, PartyBranch, Person
from portal.demo.activities import seed_activities, seed_series
from portal.demo.casegroups import seed_casegroups
from portal.demo.courts import seed_demo
from portal.demo.publicity import seed_publicity
from portal.demo.training import seed_training

PLACES = ["党组会议室", "报告厅", "第一会议室", "红色教育基地", "学术报告厅", "审委会会议室"]
WORDS = ["联合主题党日", "党课", "交流座谈", "互相观摩", "学术研讨", "青年干警读书会", "执行联动"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华慧巧美娅晨建国志文红平新雪亮"


def copy_rows(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """Insert unsaved ``objs`` with PostgreSQL's COPY (bulk_create elsewhere); no signals."""
    if not objs:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objs, batch_size=2000)
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    table = connection.ops.quote_name(str(model._meta.db_table))
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor, for COPY
        with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for obj in objs:
                copy.write_row(
                    [f.get_db_prep_save(f.pre_save(obj, add=True), connection) for f in fields]
                )


def new_ids(model: type[models.Model], after: int) -> list[int]:
    return list(
        model._default_manager.filter(pk__gt=after).order_by("pk").values_list("pk", flat=True)
    )


def last_id(model: type[models.Model]) -> int:
    return model._default_manager.order_by("-pk").values_list("pk", flat=True).first() or 0


def chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Command(BaseCommand):
    help = "Fill a benchmark database with years of data (refuses a database not named *bench*)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument("--seed", type=int, default=2020)

    def handle(self, *args, scale: float, seed: int, **options):
        name = str(connection.settings_dict["NAME"])
        if "bench" not in name and "test" not in name:
            raise CommandError(f"seed_bench fills a benchmark database; {name!r} is not one.")
        if Activity.objects.count() > 1000:
            raise CommandError("This database is already filled; drop it to seed again.")
        self.random = random.Random(seed)  # noqa: S311 - made-up data, repeatable
        self.now = timezone.now()
        started = time.monotonic()
        counts: dict[str, float] = dict(seed_demo())
        seed_activities()
        seed_series()
        seed_casegroups()
        seed_training()
        seed_publicity()
        with transaction.atomic():
            people = self.people(max(30, int(2000 * scale)), branches=max(3, int(60 * scale)))
            activities = self.activities(max(30, int(50_000 * scale)), people)
            self.series(max(2, int(200 * scale)))
            self.reminders(max(10, int(300_000 * scale)), activities, people)
            self.cooperation_items(max(5, int(5_000 * scale)), people)
            self.notifications(max(10, int(100_000 * scale)), people)
            casegroups = casegroups_bench.seed(
                scale=scale, people=people, copy=copy_rows, rnd=self.random, now=self.now
            )
            training = training_bench.seed(
                scale=scale, people=people, copy=copy_rows, rnd=self.random, now=self.now
            )
            publicity = publicity_bench.seed(
                scale=scale, people=people, copy=copy_rows, rnd=self.random, now=self.now
            )
            library = library_bench.seed(
                scale=scale, people=people, copy=copy_rows, rnd=self.random, now=self.now
            )
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # As autovacuum leaves a database in use: statistics and the visibility map
                # (index-only scans, e.g. the unread count, need it).
                cursor.execute("VACUUM ANALYZE")
        # COPY does not pass through Django's cursor.execute: every kept answer is void.
        generations.void_all()
        counts["seconds"] = round(time.monotonic() - started, 1)
        self.stdout.write(
            self.style.SUCCESS(
                f"Bench data at scale {scale}: {Activity.objects.count()} activities, "
                f"{Attendance.objects.count()} attendance rows, {Reminder.objects.count()} "
                f"reminders, {Notification.objects.count()} notices, "
                f"{casegroups['groups']} case-study groups with {casegroups['cases']} cases, "
                f"{casegroups['reviews']} reviews and {casegroups['papers']} papers, "
                f"{training['sessions']} training sessions with {training['enrolments']} "
                f"enrolments, {publicity['items']} publicity items with {publicity['records']} "
                f"publication records, {library['resources']} shared resources with "
                f"{library['versions']} versions and {library['downloads']} downloads "
                f"in {counts['seconds']} s."
            )
        )

    # --- people ---------------------------------------------------------------------------------
    def people(self, count: int, *, branches: int) -> dict[int, list[tuple[int, int]]]:
        """Returns court id → [(person id, user id)]."""
        rnd = self.random
        courts = list(Court.objects.order_by("sort_order"))
        before = last_id(PartyBranch)
        copy_rows(
            PartyBranch,
            [
                PartyBranch(court=courts[i % 3], name=f"第{i // 3 + 1}党支部（基准）")
                for i in range(branches)
            ],
        )
        branch_ids: dict[int, list[int]] = {c.pk: [] for c in courts}
        for branch in PartyBranch.objects.filter(pk__gt=before):
            branch_ids[branch.court_id].append(branch.pk)
        user_model = get_user_model()
        before_user = last_id(user_model)
        copy_rows(
            user_model,
            [
                user_model(
                    username=f"bench-{i}",
                    email=f"bench-{i}@bench.jpj.local",
                    password="!",  # unusable: these accounts never log in
                    is_active=True,
                    date_joined=self.now,
                )
                for i in range(count)
            ],
        )
        user_ids = new_ids(user_model, before_user)
        positions = [p.value for p in Position]
        before_person = last_id(Person)
        copy_rows(
            Person,
            [
                Person(
                    user_id=user_id,
                    full_name=rnd.choice(SURNAMES) + rnd.choice(GIVEN) + rnd.choice(GIVEN),
                    court_id=courts[i % 3].pk,
                    branch_id=rnd.choice(branch_ids[courts[i % 3].pk]),
                    position=rnd.choice(positions),
                    is_party_member=rnd.random() < 0.8,
                    phone=f"0573-8{i:07d}",
                )
                for i, user_id in enumerate(user_ids)
            ],
        )
        by_court: dict[int, list[tuple[int, int]]] = {c.pk: [] for c in courts}
        for pk, court_id, user_id in Person.objects.filter(pk__gt=before_person).values_list(
            "pk", "court_id", "user_id"
        ):
            by_court[court_id].append((pk, user_id))
        return by_court

    # --- activities, parts, attendance ------------------------------------------------------------
    def activities(self, count: int, people: dict[int, list[tuple[int, int]]]) -> list[int]:
        rnd = self.random
        courts = list(Court.objects.order_by("sort_order"))
        creator = get_user_model().objects.get(username="admin").pk
        kinds = [k for k in Kind if k != Kind.REGULAR_EXCHANGE_MEETING]
        span = datetime.timedelta(days=6 * 365 + 180)
        first = self.now - datetime.timedelta(days=6 * 365)
        plans = []
        for i in range(count):
            start = (first + span * rnd.random()).replace(minute=0, second=0, microsecond=0)
            kind = rnd.choice(kinds)
            host = courts[i % 3]
            others = [c for c in courts if c != host]
            co_hosts = others if rnd.random() < 0.4 else [rnd.choice(others)]
            status = (
                Activity.Status.COMPLETED
                if start < self.now - datetime.timedelta(days=30)
                else Activity.Status.PLANNED
            )
            if rnd.random() < 0.03:
                status = Activity.Status.CANCELLED
            plans.append((start, kind, host, co_hosts, status))
        before = last_id(Activity)
        copy_rows(
            Activity,
            [
                Activity(
                    title=f"{host.short_name_zh}{rnd.choice(WORDS)}（{start:%Y年%m月}）",
                    kind=kind,
                    area=KIND_AREAS[kind],
                    host_court=host,
                    start=start,
                    end=start + datetime.timedelta(hours=2),
                    place=host.short_name_zh + rnd.choice(PLACES),
                    agenda="一、学习传达\n二、交流研讨",
                    status=status,
                    created_by_id=creator,
                )
                for start, kind, host, co_hosts, status in plans
            ],
        )
        ids = new_ids(Activity, before)
        through = Activity.co_host_courts.through
        copy_rows(
            through,
            [
                through(activity_id=pk, court_id=court.pk)
                for pk, plan in zip(ids, plans, strict=True)
                for court in plan[3]
            ],
        )
        before_part = last_id(ActivityPart)
        copy_rows(
            ActivityPart,
            [
                ActivityPart(activity_id=pk, court_id=court.pk)
                for pk, plan in zip(ids, plans, strict=True)
                for court in [plan[2], *plan[3]]
            ],
        )
        parts: dict[int, list[tuple[int, int]]] = {}
        for pk, activity_id, court_id in ActivityPart.objects.filter(
            pk__gt=before_part
        ).values_list("pk", "activity_id", "court_id"):
            parts.setdefault(activity_id, []).append((pk, court_id))
        rows = []
        for pk, plan in zip(ids, plans, strict=True):
            for part_id, court_id in parts[pk]:
                # Four or five people per court's part: 500,000 rows at scale 1.
                size = 5 if rnd.random() < 0.17 else 4
                for person_id, _user_id in rnd.sample(people[court_id], size):
                    held = plan[4] == Activity.Status.COMPLETED
                    shown: str = (
                        rnd.choice(["signed_in", "signed_in", "late", "leave", "absent"])
                        if held
                        else "invited"
                    )
                    rows.append(
                        Attendance(
                            activity_id=pk,
                            part_id=part_id,
                            person_id=person_id,
                            invited_by_id=creator,
                            status=shown,
                        )
                    )
        for chunk in chunks(rows, 100_000):
            copy_rows(Attendance, chunk)
        return ids

    def series(self, count: int) -> None:
        rnd = self.random
        courts = list(Court.objects.order_by("sort_order"))
        creator = get_user_model().objects.get(username="admin").pk
        before = last_id(MeetingSeries)
        copy_rows(
            MeetingSeries,
            [
                MeetingSeries(
                    title=f"基准定期会商{i}",
                    convening_court=courts[i % 3],
                    rrule="FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU",
                    first_date=(self.now - datetime.timedelta(days=700)).date(),
                    start_time=datetime.time(14, 30),
                    created_by_id=creator,
                    active=rnd.random() < 0.9,
                )
                for i in range(count)
            ],
        )
        series_ids = new_ids(MeetingSeries, before)
        activities = list(
            Activity.objects.filter(kind=Kind.THEMED_PARTY_DAY, series=None)
            .order_by("pk")
            .values_list("pk", flat=True)[: len(series_ids) * 8]
        )
        for series_id, group in zip(series_ids, chunks(activities, 8), strict=False):
            for position, pk in enumerate(group):
                Activity.objects.filter(pk=pk).update(
                    series_id=series_id,
                    occurrence_index=position,
                    kind=Kind.REGULAR_EXCHANGE_MEETING,
                    area=Area.MECHANISM,
                )

    def reminders(self, count: int, activities: list[int], people: dict) -> None:
        rnd = self.random
        content_type = ContentType.objects.get_for_model(Activity)
        users = [user_id for rows in people.values() for _pk, user_id in rows]
        stages = ["host_secretary-21d", "all_secretaries-7d", "invitees-1d", "note_taker+3d"]
        rows: list[Reminder] = []
        seen: set[tuple] = set()
        while len(rows) < count:
            activity = rnd.choice(activities)
            stage = rnd.choice(stages)
            user = rnd.choice(users)
            if (activity, stage, user) in seen:
                continue
            seen.add((activity, stage, user))
            due = self.now + datetime.timedelta(days=rnd.uniform(-2000, 180))
            past = due < self.now
            rows.append(
                Reminder(
                    content_type=content_type,
                    object_id=activity,
                    stage=stage,
                    recipient_id=user,
                    title="提醒：基准会议",
                    body="时间：……",
                    link=f"/activities/{activity}/",
                    due_at=due,
                    expires_at=due + datetime.timedelta(days=1),
                    status=rnd.choice(["sent", "sent", "missed", "cancelled"])
                    if past
                    else "pending",
                    sent_at=due if past else None,
                )
            )
        for chunk in chunks(rows, 100_000):
            copy_rows(Reminder, chunk)

    def cooperation_items(self, count: int, people: dict) -> None:
        rnd = self.random
        courts = list(Court.objects.order_by("sort_order"))
        areas = [a.value for a in Area]
        copy_rows(
            CooperationItem,
            [
                CooperationItem(
                    title=f"基准合作事项{i}",
                    area=rnd.choice(areas),
                    lead_court=courts[i % 3],
                    responsible_id=rnd.choice(people[courts[i % 3].pk])[0],
                    due_date=(self.now + datetime.timedelta(days=rnd.randint(-900, 400))).date(),
                    status=rnd.choice(["planned", "in_progress", "done", "dropped"]),
                )
                for i in range(count)
            ],
        )

    def notifications(self, count: int, people: dict) -> None:
        rnd = self.random
        users = [user_id for rows in people.values() for _pk, user_id in rows]
        secretaries = list(
            get_user_model()
            .objects.filter(username__endswith="-secretary")
            .values_list("pk", flat=True)
        )
        rows = [
            Notification(
                recipient_id=rnd.choice(secretaries) if i % 10 == 0 else rnd.choice(users),
                title=f"活动邀请：基准活动{i}",
                body="时间：……",
                link="/",
                created_at=self.now - datetime.timedelta(minutes=i),
                read_at=None if i % 3 else self.now,
            )
            for i in range(count)
        ]
        for chunk in chunks(rows, 100_000):
            copy_rows(Notification, chunk)
