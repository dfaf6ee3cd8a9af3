"""The demo training programme: this year's joint programme with two sessions already held
(attendance recorded, certificates issued), one open session with a per-court quota and one
small open session for the walk-through (two seats, nobody enrolled yet)."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.clock import recorded_on
from core.holidays import working_day
from courts.models import Court, Person
from training import services
from training.models import Programme, TrainingSession

PROGRAMME = "“金平嘉”三地法院干警联合集训"

# title, topic, host, "trainer｜organisation and title", days from now, hours, venue, seats,
# quota, past?
SESSIONS = [
    (
        "民法典合同编司法解释专题培训",
        "合同解除与违约责任的裁判规则",
        "jinshan",
        "周立民｜上海市第一中级人民法院 审判委员会专职委员",
        -40,
        3,
        "金山区人民法院二楼培训室",
        12,
        4,
        True,
    ),
    (
        "执行攻坚与跨域协作实务",
        "长三角执行事务协作机制",
        "jiashan",
        "沈建华｜嘉兴市中级人民法院 执行局局长",
        -12,
        3,
        "嘉善县人民法院审判综合楼多功能厅",
        9,
        3,
        True,
    ),
    (
        "裁判文书说理能力提升班",
        "类案检索与说理",
        "pinghu",
        "王晓雯｜浙江大学光华法学院 教授",
        24,
        6,
        "平湖市人民法院培训中心",
        12,
        4,
        False,
    ),
    (
        "新录用人员审判辅助技能训练",
        "庭审记录与电子卷宗",
        "jinshan",
        "陆佳怡｜金山区人民法院 审判管理办公室主任",
        30,
        3,
        "金山区人民法院三楼会议室",
        2,
        None,
        False,
    ),
]


def _on_a_working_day(moment: datetime.datetime, *, forward: bool) -> datetime.datetime:
    """Sessions run on working days: ``moment`` moved to one, its time kept."""
    return datetime.datetime.combine(working_day(moment.date(), forward=forward), moment.timetz())


def _user(username: str):
    return get_user_model().objects.get(username=username)


def _staff(slug: str) -> list[Person]:
    return list(
        Person.objects.filter(court__slug=slug, user__is_active=True)
        .exclude(user__is_superuser=True)
        .exclude(user__username__in=["admin"])
        .order_by("pk")
    )


def seed_training() -> int:
    """Create the demo programme and its sessions (idempotent); returns how many sessions."""
    year = timezone.localdate().year
    programme, _created = Programme.objects.get_or_create(
        year=year,
        title=PROGRAMME,
        defaults={"description": "依据三地法院毗邻党建协议，每年联合举办干警培训，三院轮流承办。"},
    )
    made = 0
    now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    for title, topic, host, trainer, days, hours, venue, seats, quota, past in SESSIONS:
        if TrainingSession.objects.filter(programme=programme, title=title).exists():
            continue
        coordinator = _user(f"{host}-coordinator")
        if past:  # held: set up a month before, enrolled three weeks before, marked after
            start = _on_a_working_day(
                (now - datetime.timedelta(days=abs(days))).replace(hour=9), forward=False
            )
            set_up = start - datetime.timedelta(days=30)
            enrolled_at = start - datetime.timedelta(days=20)
        else:  # coming: set up and enrolled now
            start = _on_a_working_day(
                (now + datetime.timedelta(days=abs(days))).replace(hour=9), forward=True
            )
            set_up = enrolled_at = now
        with recorded_on(set_up):
            session = services.create_session(
                by=coordinator,
                programme=programme,
                title=title,
                topic=topic,
                host_court=Court.objects.get(slug=host),
                trainer=trainer.partition("｜")[0],
                trainer_organisation=trainer.partition("｜")[2],
                start=start,
                end=start + datetime.timedelta(hours=hours),
                venue=venue,
                seats=seats,
                court_quota=quota,
                enrol_deadline=start - datetime.timedelta(days=7),
                description=f"{topic}。请各院联络员在截止时间前为本院干警报名。",
            )
        made += 1
        if seats <= 2:
            continue  # the walk-through's session: the coordinator enrols
        enrolled = []
        with recorded_on(enrolled_at):
            for slug in ("jinshan", "pinghu", "jiashan"):
                people = _staff(slug)[: (quota or 4) + 1]
                enrolled += services.enrol(
                    session=session, people=people, by=_user(f"{slug}-coordinator")
                )
        if not past:
            continue
        with recorded_on(start + datetime.timedelta(hours=hours, minutes=30)):
            session.refresh_from_db()
            seated = [e for e in session.enrolments.all() if e.status == "enrolled"]
            marks = {
                e.pk: ("absent" if index % 5 == 4 else "completed")
                for index, e in enumerate(seated)
            }
            services.record_attendance(session=session, by=coordinator, marks=marks)
    return made
