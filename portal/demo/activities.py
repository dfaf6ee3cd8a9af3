"""Demo joint activities of every kind: a year of past work, most of it documented and completed,
and the coming weeks."""

from __future__ import annotations

import datetime

from auditlog.context import set_actor
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from activities import services
from activities.models import (
    KIND_AREAS,
    Activity,
    ActivityPart,
    Attachment,
    Attendance,
    Kind,
    MeetingSeries,
    RedEducationBase,
)
from activities.series import create_series
from core.clock import recorded_on
from core.holidays import working_day
from courts.models import Court, Person

# Each base's own visitor desk (invented, but not one number for all of them).
CONTACTS = ["宣教部 0573-82083651", "接待处 021-57392418", "讲解预约 0573-84126037"]

SERVICE_KINDS = {
    Kind.LEGAL_EDUCATION_OUTREACH,
    Kind.VOLUNTEER_SERVICE,
    Kind.COMMUNITY_LITIGATION_SERVICE,
}

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

# A year of joint work as it would have left its records: each past activity on a date that
# fits it (清明 in early April, 七一 on 1 July, 学雷锋日 on 5 March, the consumer-rights day on
# 15 March), moved off weekends. title, kind, host, co-hosts, (month, day), hours, place,
# base index or None. The most recent one that falls within the past year is used.
PAST = [
    (
        "{year}年度党支部委员会联席会议",
        Kind.BRANCH_COMMITTEE_MEETING,
        "jiashan",
        ["pinghu"],
        (1, 9),
        2,
        "嘉善法院党建活动室",
        None,
    ),
    (
        "学雷锋志愿服务：三地法院党员进社区",
        Kind.VOLUNTEER_SERVICE,
        "pinghu",
        ["jinshan", "jiashan"],
        (3, 5),
        3,
        "平湖市当湖街道社区服务中心",
        None,
    ),
    (
        "“3·15”消费者权益保护联合普法宣传",
        Kind.LEGAL_EDUCATION_OUTREACH,
        "jinshan",
        ["pinghu"],
        (3, 15),
        3,
        "金山区石化街道市民广场",
        None,
    ),
    (
        "清明祭扫金山卫抗战遗址",
        Kind.RED_BASE_VISIT,
        "jinshan",
        ["jiashan"],
        (4, 3),
        3,
        "金山卫抗战遗址纪念园",
        2,
    ),
    (
        "“世界读书日”青年干警读书分享会",
        Kind.OTHER,
        "jiashan",
        ["pinghu"],
        (4, 23),
        2,
        "嘉善法院图书室",
        None,
    ),
    (
        "诉讼服务进社区：家事纠纷调解咨询",
        Kind.COMMUNITY_LITIGATION_SERVICE,
        "jiashan",
        ["jinshan"],
        (5, 20),
        4,
        "嘉善县魏塘街道新时代文明实践站",
        None,
    ),
    (
        "党组理论学习中心组联学",
        Kind.PARTY_GROUP_MEETING,
        "pinghu",
        ["jiashan", "jinshan"],
        (6, 12),
        2,
        "平湖法院党组会议室",
        None,
    ),
    (
        "“金平嘉”联合党课：长三角一体化中的司法担当",
        Kind.JOINT_PARTY_LESSON,
        "pinghu",
        ["jinshan", "jiashan"],
        (6, 26),
        2,
        "平湖法院三楼报告厅",
        None,
    ),
    (
        "三地法院联合主题党日：重温入党誓词",
        Kind.THEMED_PARTY_DAY,
        "jinshan",
        ["pinghu", "jiashan"],
        (7, 1),
        3,
        "嘉兴南湖革命纪念馆",
        0,
    ),
    (
        "三地法院党员志愿献血",
        Kind.VOLUNTEER_SERVICE,
        "jinshan",
        ["pinghu"],
        (8, 6),
        3,
        "金山区中心血站",
        None,
    ),
    (
        "参观中共一大纪念馆",
        Kind.RED_BASE_VISIT,
        "jiashan",
        ["jinshan"],
        (8, 14),
        4,
        "中共一大纪念馆",
        1,
    ),
    (
        "第三季度定期交流会商",
        Kind.REGULAR_EXCHANGE_MEETING,
        "pinghu",
        ["jinshan", "jiashan"],
        (9, 8),
        2,
        "平湖法院党组会议室",
        None,
    ),
    (
        "机关党支部党员大会（联合）",
        Kind.BRANCH_GENERAL_MEETING,
        "jinshan",
        ["pinghu"],
        (9, 17),
        2,
        "金山法院第一会议室",
        None,
    ),
    (
        "支部书记讲党课",
        Kind.PARTY_LESSON,
        "jiashan",
        ["jinshan"],
        (9, 24),
        2,
        "嘉善法院报告厅",
        None,
    ),
    (
        "三地干警素质拓展",
        Kind.TEAM_BUILDING,
        "jiashan",
        ["jinshan", "pinghu"],
        (10, 16),
        6,
        "嘉善县大云镇拓展基地",
        None,
    ),
    (
        "学术讨论会联席会议：新型民商事案件",
        Kind.SYMPOSIUM_JOINT_MEETING,
        "jinshan",
        ["pinghu", "jiashan"],
        (10, 29),
        4,
        "金山法院学术报告厅",
        None,
    ),
    (
        "跨区域审判工作交流座谈",
        Kind.EXCHANGE_DISCUSSION,
        "jinshan",
        ["jiashan"],
        (11, 12),
        3,
        "金山法院审委会会议室",
        None,
    ),
    (
        "庭审互相观摩：金融借款合同纠纷",
        Kind.MUTUAL_OBSERVATION,
        "pinghu",
        ["jinshan"],
        (11, 19),
        3,
        "平湖法院第三法庭",
        None,
    ),
]
# Called off: (title, reason).
CANCELLED = {"三地法院党员志愿献血": "受台风影响，血站暂停团体献血，活动取消，另行安排。"}
# Past activities more recent than this are held but not yet fully documented.
DOCUMENTING_DAYS = 21

# Held in the last days and not yet documented, one hosted by each court, whatever today's date:
# title, kind, host, co-hosts, days before today (moved back to a working day), hours, place,
# base index or None. (The dated activities above fall in the documenting window only on some
# days of the year; a demo's states must not depend on the calendar.)
RECENT = [
    (
        "金平两院联合主题党日：重温入党誓词",
        Kind.THEMED_PARTY_DAY,
        "jinshan",
        ["pinghu"],
        2,
        3,
        "金山法院党员活动室",
        None,
    ),
    (
        "平嘉两院青年干警交流座谈",
        Kind.EXCHANGE_DISCUSSION,
        "pinghu",
        ["jiashan"],
        4,
        2,
        "平湖法院第二会议室",
        None,
    ),
    (
        "嘉金两院联合普法宣传进社区",
        Kind.LEGAL_EDUCATION_OUTREACH,
        "jiashan",
        ["jinshan"],
        6,
        3,
        "嘉善县罗星街道社区服务中心",
        None,
    ),
]

# Coming activities: title, kind, host, co-hosts, days from today (moved off weekends), hours,
# place, base index or None.
COMING = [
    (
        "庭审互相观摩：知识产权侵权纠纷",
        Kind.MUTUAL_OBSERVATION,
        "jinshan",
        ["jiashan"],
        5,
        3,
        "金山法院第一法庭",
        None,
    ),
    (
        "诉讼服务进社区：涉企纠纷法律咨询",
        Kind.COMMUNITY_LITIGATION_SERVICE,
        "pinghu",
        ["jinshan"],
        12,
        3,
        "平湖经济技术开发区企业服务中心",
        None,
    ),
    (
        "三地法院毗邻党建工作推进座谈",
        Kind.EXCHANGE_DISCUSSION,
        "jiashan",
        ["jinshan", "pinghu"],
        20,
        3,
        "嘉善法院审委会会议室",
        None,
    ),
    (
        "“金平嘉”联合党课：新时代“枫桥经验”与诉源治理",
        Kind.JOINT_PARTY_LESSON,
        "jinshan",
        ["pinghu", "jiashan"],
        28,
        2,
        "金山法院学术报告厅",
        None,
    ),
    (
        "青年干警读书分享会（第二期）",
        Kind.OTHER,
        "pinghu",
        ["jiashan"],
        45,
        2,
        "平湖法院图书室",
        None,
    ),
]

LEAVE_REASONS = ["外出开庭", "参加上级法院业务培训", "执行外勤"]
LATE_REASON = "开庭结束后赶到会场，由支部书记补签"


def _last_occurrence(month: int, day: int, today: datetime.date) -> datetime.date:
    """The latest (month, day) at least two days before today, moved to a working day."""
    for year in (today.year, today.year - 1):
        candidate = working_day(datetime.date(year, month, day))
        if candidate <= today - datetime.timedelta(days=2):
            return candidate
    return working_day(datetime.date(today.year - 1, month, day), forward=False)


def _demo_photo(title: str) -> ContentFile:
    """A landscape JPEG standing in for the activity's photo (no file ships with the demo)."""
    import hashlib
    import io

    from PIL import Image, ImageDraw

    seed = hashlib.sha256(title.encode()).digest()
    image = Image.new("RGB", (1200, 800), (236, 230, 222))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 1200, 180), fill=(178, 34, 34))  # the banner over the stage
    for index in range(18):  # the audience, in rows
        x, y = 60 + (index % 6) * 185, 380 + (index // 6) * 130
        shade = 60 + seed[index] % 80
        draw.ellipse((x, y, x + 90, y + 90), fill=(shade, shade, shade + 20))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return ContentFile(buffer.getvalue(), name="现场照片.jpg")


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
                "contact": CONTACTS[index % len(CONTACTS)],
            },
        )[0]
        for index, (name, place, hours, capacity, lead, description) in enumerate(BASES)
    ]
    secretaries = {slug: User.objects.get(username=f"{slug}-secretary") for slug in courts if slug}
    today = timezone.localdate()
    plans = []
    for title, kind, host, co_hosts, (month, day), hours, place, base in PAST:
        date = _last_occurrence(month, day, today)
        plans.append((title.format(year=date.year), kind, host, co_hosts, date, hours, place, base))
    for title, kind, host, co_hosts, days, hours, place, base in RECENT:
        date = working_day(today - datetime.timedelta(days=days), forward=False)
        plans.append((title, kind, host, co_hosts, date, hours, place, base))
    for title, kind, host, co_hosts, days, hours, place, base in COMING:
        date = working_day(today + datetime.timedelta(days=days))
        plans.append((title, kind, host, co_hosts, date, hours, place, base))
    for title, kind, host, co_hosts, date, hours, place, base in plans:
        start = timezone.make_aware(datetime.datetime.combine(date, datetime.time(9, 0)))
        if kind in {Kind.REGULAR_EXCHANGE_MEETING, Kind.PARTY_GROUP_MEETING}:
            start = start.replace(hour=14, minute=30)
        secretary = secretaries[host]
        # recorded on its own dates: set up two weeks before, documented after it ended
        set_up = start - datetime.timedelta(days=14)
        with recorded_on(set_up), set_actor(secretary):  # the history names who did it
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
        if start.date() >= today:
            with recorded_on(set_up), set_actor(secretary):
                _invite(activity, parts, courts, secretaries)
        elif title in CANCELLED:
            with recorded_on(set_up), set_actor(secretary):
                _invite(activity, parts, courts, secretaries)
            with recorded_on(start - datetime.timedelta(days=2)), set_actor(secretary):
                activity.status = Activity.Status.CANCELLED
                activity.cancel_reason = CANCELLED[title]
                activity.save()
        else:
            with recorded_on(set_up), set_actor(secretary):
                _invite(activity, parts, courts, secretaries, held=True)
            ended = start + datetime.timedelta(hours=hours, minutes=30)
            with recorded_on(ended), set_actor(secretary):
                _document(
                    activity,
                    parts,
                    secretaries,
                    complete=(today - start.date()).days > DOCUMENTING_DAYS,
                )
    return Activity.objects.count()


def _invite(activity, parts, courts, secretaries, *, held: bool = False) -> None:
    """Six Party members of each court; after the day, the roll call as a real one ends: most
    scanned the QR code, one was signed in late by the secretary with a reason (补签), one was
    on approved leave, one never came."""
    start = activity.start
    for slug, part in parts.items():
        invitees = Person.objects.filter(
            court=courts[slug], is_party_member=True, user__is_active=True
        ).order_by("pk")[:6]
        secretary = secretaries[slug]
        for index, person in enumerate(invitees):
            fields: dict = {"status": Attendance.Status.INVITED}
            if held:
                role = index % 6
                if role in {0, 1, 2, 4}:
                    fields = {
                        "status": Attendance.Status.SIGNED_IN,
                        "signed_in_at": start + datetime.timedelta(minutes=index * 2 - 12),
                        "signed_in_by": person.user,
                        "sign_in_method": Attendance.Method.QR,
                    }
                elif role == 3:
                    fields = {
                        "status": Attendance.Status.LEAVE,
                        "leave": Attendance.Leave.APPROVED,
                        "leave_reason": LEAVE_REASONS[activity.pk % len(LEAVE_REASONS)],
                        "leave_decided_by": secretary,
                    }
                elif activity.pk % 2:  # the late one
                    fields = {
                        "status": Attendance.Status.LATE,
                        "signed_in_at": start + datetime.timedelta(minutes=50),
                        "signed_in_by": secretary,
                        "sign_in_method": Attendance.Method.LATE,
                        "sign_in_reason": LATE_REASON,
                    }
            Attendance.objects.create(
                activity=activity, part=part, person=person, invited_by=secretary, **fields
            )


def _document(activity, parts, secretaries, *, complete: bool) -> None:
    """A held activity's records: minutes or a service summary, and, when it is older than a
    few weeks, its photo and publicity link, then completed through the service (which marks
    those who never signed in as absent)."""

    host = activity.host_court.slug
    activity.summary = (
        "现场接待群众咨询52人次，发放宣传资料300余份，当场化解纠纷2起。"
        if activity.kind in SERVICE_KINDS
        else "活动按计划完成，参加人员认真学习，交流充分。"
    )
    if activity.kind in SERVICE_KINDS:
        # the figures agree with the summary
        activity.served_people, activity.consultations, activity.disputes_resolved = 52, 52, 2
        activity.served_enterprises = (
            6 if activity.kind == Kind.COMMUNITY_LITIGATION_SERVICE else None
        )
    if activity.kind not in SERVICE_KINDS:
        activity.minutes = "会议由主办法院党组书记主持，三地法院党员代表交流发言，形成共识三项。"
        activity.minutes_status = "final"
    activity.status = Activity.Status.HELD
    if complete:
        activity.publicity_link = f"https://mp.weixin.qq.com/s/jpj-{activity.start:%Y%m%d}"
    activity.save()
    if not complete:
        return
    services.add_attachment(
        part=parts[host],
        by=secretaries[host],
        kind=Attachment.Kind.PHOTO,
        upload=_demo_photo(activity.title),
        caption="活动现场",
    )
    activity.refresh_from_db()
    services.complete_activity(activity=activity, by=secretaries[host])


def seed_series() -> int:
    """A quarterly exchange meeting of the three courts' Party groups, host rotating."""

    if MeetingSeries.objects.filter(title="三地法院党组定期交流会商").exists():
        return MeetingSeries.objects.count()
    today = timezone.localdate()
    create_series(  # convened by Jinshan's Party secretary, hosts rotating
        by=get_user_model().objects.get(username="jinshan-secretary"),
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
