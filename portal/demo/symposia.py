"""Demo symposia: the third joint academic symposium of the three courts and its papers."""

from __future__ import annotations

import datetime

from django.apps import apps
from django.contrib.auth.models import User
from django.utils import timezone

from core.clock import recorded_on as on
from courts.models import Court, Person
from symposia import services
from symposia.models import Symposium

PAPERS = [
    ("长三角跨域立案协作的实践与完善", ["冯雪"], "first"),
    ("毗邻地区环境资源案件集中管辖研究", ["杨帆", "吕东"], "second"),
    ("保理合同纠纷中虚构应收账款的裁判规则", ["吕东"], "excellence"),
]


def seed_symposia() -> int:
    """The third joint symposium, held at the demo's joint meeting of that kind, with three
    papers and their awards."""
    admin = User.objects.get(username="admin")
    title = "第三届金平嘉法院学术讨论会联席会议"
    if Symposium.objects.filter(title=title).exists():
        return Symposium.objects.count()
    # The demo's joint meeting of that kind is this symposium: same host, same day, linked.
    meeting = (
        apps.get_model("activities", "Activity")
        .objects.filter(kind="symposium_joint_meeting", status__in=("held", "completed"))
        .order_by("-start")
        .first()
    )
    day = timezone.localtime(meeting.start).date() if meeting else datetime.date(2025, 10, 16)
    with on(day):
        symposium = services.create_symposium(
            by=admin,
            title=title,
            year=day.year,
            host_court=meeting.host_court if meeting else Court.objects.get(slug="jiashan"),
            date=day,
            theme="长三角生态绿色一体化发展示范区建设中的司法协作",
            activity=meeting,
        )
    with on(day + datetime.timedelta(days=7)):
        for paper_title, authors, award in PAPERS:
            services.add_paper(
                symposium=symposium,
                by=admin,
                title=paper_title,
                authors=Person.objects.filter(full_name__in=authors),
                abstract="以金山、平湖、嘉善三地法院的实践为样本，提出完善跨域司法协作的建议。",
                award=award,
            )
    return Symposium.objects.count()
