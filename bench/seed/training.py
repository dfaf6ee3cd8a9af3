"""The training programme at benchmark volume (``seed_bench``): at scale 1, 40 programmes,
4,000 sessions and 100,000 enrolments (seats held within each session's seats and quota, the
rest waiting; sessions already held have attendance and certificates). Rows go in with ``copy``
(PostgreSQL's COPY; bulk_create elsewhere)."""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable, Sequence

from django.db import models

from courts.models import Court
from training.models import CODE_ALPHABET, CODE_LENGTH, Enrolment, Programme, TrainingSession

Copy = Callable[[type[models.Model], Sequence[models.Model]], None]

TOPICS = [
    "民法典合同编",
    "执行实务",
    "裁判文书说理",
    "类案检索",
    "庭审驾驭",
    "司法礼仪",
    "调解技巧",
]
VENUES = ["金山区人民法院培训室", "平湖市人民法院培训中心", "嘉善县人民法院多功能厅"]


def _last(model: type[models.Model]) -> int:
    return model._default_manager.order_by("-pk").values_list("pk", flat=True).first() or 0


def seed(
    *,
    scale: float,
    people: dict[int, list[tuple[int, int]]],
    copy: Copy,
    rnd: random.Random,
    now: datetime.datetime,
) -> dict[str, int]:
    courts = list(Court.objects.order_by("sort_order"))
    programme_count = max(2, int(40 * scale))
    session_count = max(10, int(4_000 * scale))
    enrolment_target = max(50, int(100_000 * scale))
    before = _last(Programme)
    copy(
        Programme,
        [
            Programme(
                year=now.year - i % 7,  # this year's programmes first, then six years back
                title=f"“金平嘉”联合集训（基准{i + 1}）",
                description="基准数据",
                created_at=now,
                updated_at=now,
            )
            for i in range(programme_count)
        ],
    )
    programmes = list(Programme.objects.filter(pk__gt=before).values_list("pk", "year"))
    before = _last(TrainingSession)
    sessions = []
    for i in range(session_count):
        programme_id, year = programmes[i % len(programmes)]
        # spread over the programme's year; the newest years run into the months ahead
        start = datetime.datetime(year, 1, 8, 9, tzinfo=now.tzinfo) + datetime.timedelta(
            days=rnd.randrange(0, 355), hours=rnd.choice([0, 5])
        )
        if year >= now.year:
            start = now + datetime.timedelta(days=rnd.randrange(-200, 150), hours=1)
        seats = rnd.choice([20, 30, 40, 50])
        past = start < now
        sessions.append(
            TrainingSession(
                programme_id=programme_id,
                title=f"{rnd.choice(TOPICS)}专题培训（基准{i + 1}）",
                topic=rnd.choice(TOPICS),
                host_court=courts[i % 3],
                trainer="基准授课人",
                trainer_organisation="基准单位 教授",
                start=start,
                end=start + datetime.timedelta(hours=3),
                venue=VENUES[i % 3],
                seats=seats,
                court_quota=seats // 3 if i % 2 else None,
                enrol_deadline=start - datetime.timedelta(days=7),
                status="held" if past else "open",
                description="",
                created_at=now,
                updated_at=now,
            )
        )
    copy(TrainingSession, sessions)
    rows = list(
        TrainingSession.objects.filter(pk__gt=before).values_list(
            "pk", "seats", "court_quota", "status", "start"
        )
    )
    per_session = max(1, enrolment_target // len(rows))
    enrolments = []
    codes: set[str] = set()
    for pk, seats, quota, status, start in rows:
        taken = {c.pk: 0 for c in courts}
        seated = 0
        chosen: set[int] = set()
        for n in range(per_session):
            court = courts[n % 3]
            person_id, user_id = rnd.choice(people[court.pk])
            if person_id in chosen:
                continue
            chosen.add(person_id)
            fits = seated < seats and (quota is None or taken[court.pk] < quota)
            if fits:
                seated += 1
                taken[court.pk] += 1
            state = "enrolled" if fits else "waitlisted"
            code = None
            if fits and status == "held":
                state = "completed" if rnd.random() < 0.85 else "absent"
                if state == "completed":
                    code = "".join(rnd.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
                    while code in codes:
                        code = "".join(rnd.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
                    codes.add(code)
            enrolments.append(
                Enrolment(
                    session_id=pk,
                    person_id=person_id,
                    court_id=court.pk,
                    status=state,
                    queued_at=start - datetime.timedelta(days=20, minutes=-n),
                    enrolled_by_id=user_id,
                    note="",
                    certificate_code=code,
                    completed_at=start + datetime.timedelta(hours=3) if code else None,
                    created_at=now,
                    updated_at=now,
                )
            )
    copy(Enrolment, enrolments)
    return {"programmes": len(programmes), "sessions": len(rows), "enrolments": len(enrolments)}
