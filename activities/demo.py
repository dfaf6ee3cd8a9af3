"""Demo joint activities of every kind, some past (completed, with roll call), some ahead."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from courts.models import Court, Person

from .models import KIND_AREAS, Activity, ActivityPart, Attendance, Kind, RedEducationBase

BASES = [
    (
        "嘉兴南湖革命纪念馆",
        "浙江省嘉兴市南湖区南湖路1号",
        "09:00–17:00（周一闭馆）",
        200,
        7,
        "中国共产党一大会议闭幕地，南湖红船所在地。",
    ),
    (
        "中共一大纪念馆",
        "上海市黄浦区黄陂南路374号",
        "09:00–17:00（周一闭馆）",
        150,
        14,
        "中国共产党第一次全国代表大会会址。",
    ),
    (
        "金山卫抗战遗址纪念园",
        "上海市金山区金山卫镇",
        "08:30–16:30",
        120,
        3,
        "纪念1937年日军金山卫登陆、金山人民抗战的遗址纪念园。",
    ),
]

# title, kind, host, co-hosts, days from today, hours long, place, base index or None
ACTIVITIES = [
    (
        "三地法院联合主题党日：重温入党誓词",
        Kind.THEMED_PARTY_DAY,
        "jinshan",
        ["pinghu", "jiashan"],
        -60,
        3,
        "嘉兴南湖革命纪念馆",
        0,
    ),
    (
        "“金平嘉”联合党课：长三角一体化中的司法担当",
        Kind.JOINT_PARTY_LESSON,
        "pinghu",
        ["jinshan", "jiashan"],
        -40,
        2,
        "平湖法院三楼报告厅",
        None,
    ),
    (
        "参观中共一大纪念馆",
        Kind.RED_BASE_VISIT,
        "jiashan",
        ["jinshan"],
        -30,
        4,
        "中共一大纪念馆",
        1,
    ),
    (
        "机关党支部党员大会（联合）",
        Kind.BRANCH_GENERAL_MEETING,
        "jinshan",
        ["pinghu"],
        -25,
        2,
        "金山法院第一会议室",
        None,
    ),
    (
        "党支部委员会联席会议",
        Kind.BRANCH_COMMITTEE_MEETING,
        "jiashan",
        ["pinghu"],
        -20,
        1,
        "嘉善法院党建活动室",
        None,
    ),
    (
        "党组理论学习中心组联学",
        Kind.PARTY_GROUP_MEETING,
        "pinghu",
        ["jiashan", "jinshan"],
        -15,
        2,
        "平湖法院党组会议室",
        None,
    ),
    ("支部书记讲党课", Kind.PARTY_LESSON, "jiashan", ["jinshan"], -12, 2, "嘉善法院报告厅", None),
    (
        "跨区域审判工作交流座谈",
        Kind.EXCHANGE_DISCUSSION,
        "jinshan",
        ["jiashan"],
        -8,
        3,
        "金山法院审委会会议室",
        None,
    ),
    (
        "庭审互相观摩：金融借款合同纠纷",
        Kind.MUTUAL_OBSERVATION,
        "pinghu",
        ["jinshan"],
        5,
        3,
        "平湖法院第三法庭",
        None,
    ),
    (
        "三地干警素质拓展",
        Kind.TEAM_BUILDING,
        "jiashan",
        ["jinshan", "pinghu"],
        12,
        6,
        "嘉善县大云镇拓展基地",
        None,
    ),
    (
        "学术讨论会联席会议：新型民商事案件",
        Kind.SYMPOSIUM_JOINT_MEETING,
        "jinshan",
        ["pinghu", "jiashan"],
        20,
        4,
        "金山法院学术报告厅",
        None,
    ),
    (
        "2026年第四季度定期交流会商",
        Kind.REGULAR_EXCHANGE_MEETING,
        "pinghu",
        ["jinshan", "jiashan"],
        28,
        2,
        "平湖法院党组会议室",
        None,
    ),
    (
        "清明祭扫金山卫抗战遗址",
        Kind.RED_BASE_VISIT,
        "jinshan",
        ["jiashan"],
        35,
        3,
        "金山卫抗战遗址纪念园",
        2,
    ),
    ("青年干警读书分享会", Kind.OTHER, "jiashan", ["pinghu"], 45, 2, "嘉善法院图书室", None),
]


@transaction.atomic
def seed_activities() -> int:
    User = get_user_model()
    courts = {court.slug: court for court in Court.objects.all()}
    bases = [
        RedEducationBase.objects.get_or_create(
            name=name,
            defaults={
                "place": place,
                "opening_hours": hours,
                "capacity": capacity,
                "booking_lead_days": lead,
                "description": description,
                "contact": "宣教部 0573-82000000",
            },
        )[0]
        for name, place, hours, capacity, lead, description in BASES
    ]
    now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    for title, kind, host, co_hosts, days, hours, place, base in ACTIVITIES:
        start = (now + datetime.timedelta(days=days)).replace(hour=9)
        secretary = User.objects.get(username=f"{host}-secretary")
        activity, created = Activity.objects.get_or_create(
            title=title,
            defaults={
                "kind": kind,
                "area": KIND_AREAS[kind],
                "host_court": courts[host],
                "start": start,
                "end": start + datetime.timedelta(hours=hours),
                "place": place,
                "red_base": bases[base] if base is not None else None,
                "notice": f"请各参加单位党员干警于{start:%m月%d日%H:%M}前到达{place}。",
                "agenda": "一、学习传达\n二、交流发言\n三、总结部署",
                "created_by": secretary,
            },
        )
        if not created:
            continue
        activity.co_host_courts.set([courts[c] for c in co_hosts])
        parts = {
            slug: ActivityPart.objects.create(activity=activity, court=courts[slug])
            for slug in [host, *co_hosts]
        }
        past = days < 0
        for slug, part in parts.items():
            invitees = Person.objects.filter(
                court=courts[slug], is_party_member=True, user__is_active=True
            )[:6]
            for index, person in enumerate(invitees):
                status = Attendance.Status.INVITED
                signed_at = None
                if past:
                    status = [
                        Attendance.Status.SIGNED_IN,
                        Attendance.Status.SIGNED_IN,
                        Attendance.Status.LATE,
                        Attendance.Status.LEAVE,
                        Attendance.Status.SIGNED_IN,
                        Attendance.Status.ABSENT,
                    ][index % 6]
                    if status in {Attendance.Status.SIGNED_IN, Attendance.Status.LATE}:
                        signed_at = start + datetime.timedelta(minutes=index * 3 - 10)
                Attendance.objects.create(
                    activity=activity,
                    part=part,
                    person=person,
                    status=status,
                    signed_in_at=signed_at,
                    signed_in_by=person.user if signed_at else None,
                    sign_in_method=Attendance.Method.QR if signed_at else "",
                    leave=Attendance.Leave.APPROVED if status == Attendance.Status.LEAVE else "",
                    leave_reason="外出开庭" if status == Attendance.Status.LEAVE else "",
                    invited_by=secretary,
                )
        if past:
            activity.minutes = (
                "会议由主办法院党组书记主持，三地法院党员代表交流发言，形成共识三项。"
            )
            activity.summary = "活动按计划完成，参加人员认真学习，交流充分。"
            activity.status = Activity.Status.HELD
            activity.minutes_status = "final"
            activity.save()
    return Activity.objects.count()


def seed_series() -> int:
    """A quarterly exchange meeting of the three courts' Party groups, host rotating."""
    from .models import MeetingSeries
    from .series import create_series

    if MeetingSeries.objects.filter(title="三地法院党组定期交流会商").exists():
        return MeetingSeries.objects.count()
    today = timezone.localdate()
    create_series(
        by=get_user_model().objects.get(username="admin"),
        title="三地法院党组定期交流会商",
        rrule="FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU",
        first_date=today.replace(day=1),
        start_time=datetime.time(14, 30),
        duration_minutes=120,
        host_mode=MeetingSeries.HostMode.ROTATING,
        place_rule="{host}法院党组会议室",
        agenda="一、通报上季度合作事项进展\n二、交流各院党建工作\n三、确定下季度合作事项",
    )
    return MeetingSeries.objects.count()
