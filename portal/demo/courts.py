"""Demo data for `make run`: branches, about 30 people, the demo accounts and a few items."""

from __future__ import annotations

import contextlib
import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from core.clock import recorded_on
from courts.choices import Area, Position, Role
from courts.models import CooperationItem, Court, PartyBranch, Person
from courts.services import plan_item_reminders

DEMO_PASSWORD = "jpj-demo-2020"

BRANCHES = {
    "jinshan": ["机关第一党支部", "刑事审判党支部", "民事审判党支部"],
    "pinghu": ["机关党支部", "审判第一党支部", "执行局党支部"],
    "jiashan": ["机关党支部", "审判党支部", "综合保障党支部"],
}

# username, full name, court, branch index, position, Party member, roles
ACCOUNTS = [
    (
        "jinshan-secretary",
        "陈红梅",
        "jinshan",
        0,
        Position.PARTY_AFFAIRS,
        True,
        [Role.PARTY_SECRETARY],
    ),
    (
        "pinghu-secretary",
        "沈建国",
        "pinghu",
        0,
        Position.PARTY_AFFAIRS,
        True,
        [Role.PARTY_SECRETARY],
    ),
    (
        "jiashan-secretary",
        "顾晓燕",
        "jiashan",
        0,
        Position.PARTY_AFFAIRS,
        True,
        [Role.PARTY_SECRETARY],
    ),
    ("jinshan-judge", "王立新", "jinshan", 1, Position.JUDGE, True, [Role.JUDGE]),
    ("pinghu-judge", "李文华", "pinghu", 1, Position.JUDGE, True, [Role.JUDGE]),
    ("jiashan-judge", "张志强", "jiashan", 1, Position.JUDGE, True, [Role.JUDGE]),
    (
        "jinshan-coordinator",
        "赵丽萍",
        "jinshan",
        0,
        Position.ADMINISTRATIVE,
        True,
        [Role.TRAINING_COORDINATOR],
    ),
    (
        "pinghu-coordinator",
        "钱海涛",
        "pinghu",
        0,
        Position.ADMINISTRATIVE,
        False,
        [Role.TRAINING_COORDINATOR],
    ),
    (
        "jiashan-coordinator",
        "孙静",
        "jiashan",
        0,
        Position.ADMINISTRATIVE,
        True,
        [Role.TRAINING_COORDINATOR],
    ),
    (
        "jinshan-reviewer",
        "周明",
        "jinshan",
        0,
        Position.PARTY_AFFAIRS,
        True,
        [Role.PUBLICITY_REVIEWER],
    ),
]

# Further staff without demo logins: name, court, branch index, position, Party member
STAFF = [
    ("吴国平", "jinshan", 0, Position.PRESIDENT, True),
    ("郑晓东", "jinshan", 1, Position.JUDGE, True),
    ("冯雪", "jinshan", 2, Position.JUDGE_ASSISTANT, True),
    ("褚亮", "jinshan", 2, Position.CLERK, False),
    ("卫红", "jinshan", 1, Position.JUDGE_ASSISTANT, False),
    ("蒋伟", "jinshan", 2, Position.BAILIFF, True),
    ("沈玉兰", "pinghu", 0, Position.VICE_PRESIDENT, True),
    ("韩磊", "pinghu", 1, Position.JUDGE, True),
    ("杨帆", "pinghu", 1, Position.JUDGE_ASSISTANT, False),
    ("朱琳", "pinghu", 2, Position.JUDGE, True),
    ("秦川", "pinghu", 2, Position.CLERK, False),
    ("尤佳", "pinghu", 1, Position.CLERK, True),
    ("许文斌", "jiashan", 0, Position.PRESIDENT, True),
    ("何小芳", "jiashan", 1, Position.JUDGE, True),
    ("吕东", "jiashan", 1, Position.JUDGE_ASSISTANT, True),
    ("施洁", "jiashan", 2, Position.CLERK, False),
    ("张海燕", "jiashan", 1, Position.JUDGE, False),
    ("孔祥瑞", "jiashan", 2, Position.BAILIFF, True),
    ("曹敏", "jinshan", 0, Position.ADMINISTRATIVE, True),
    ("严俊", "pinghu", 0, Position.ADMINISTRATIVE, True),
    ("华明", "jiashan", 0, Position.ADMINISTRATIVE, True),
]

ITEMS = [
    ("建立三地法院党组书记年度互访机制", Area.MECHANISM, "jinshan", "jinshan-secretary", 30),
    ("联合开展“金平嘉”青年干警业务培训", Area.TALENT, "pinghu", "pinghu-secretary", 60),
    ("共建红色教育基地联学路线", Area.PARTY_EXCHANGE, "jiashan", "jiashan-secretary", 45),
    ("编写毗邻党建优秀案例汇编", Area.PUBLICITY, "jinshan", "jinshan-secretary", -10),
    ("开展三地法院干警素质拓展活动", Area.CULTURE, "jiashan", "jiashan-secretary", 20),
]


# Items the alliance finished before the demo's present (title, area, lead, responsible, due).
ITEMS_DONE = [
    (
        "组建跨区域专业法官案例研讨小组",
        Area.TRIAL_QUALITY,
        "pinghu",
        "pinghu-secretary",
        datetime.date(2021, 4, 30),
    ),
]


# Office numbers as each court's own: Shanghai's area code for Jinshan, Jiaxing's for the two
# Zhejiang courts (Pinghu 85…, Jiashan 84…).
PHONE_PREFIX = {"jinshan": "021-5792", "pinghu": "0573-8510", "jiashan": "0573-8412"}


def _office_phone(court, n: int) -> str:
    return f"{PHONE_PREFIX.get(court.slug, '0573-8500')}{n % 10000:04d}"


def _person(user, *, full_name, court, branch, position, party_member) -> Person:
    person, _created = Person.objects.update_or_create(
        user=user,
        defaults={
            "full_name": full_name,
            "court": court,
            "branch": branch,
            "position": position,
            "is_party_member": party_member,
            "phone": _office_phone(court, user.pk),
        },
    )
    return person


@transaction.atomic
def seed_demo() -> dict[str, int]:
    """Create or refresh the demo data. Idempotent: running it twice changes nothing more."""
    User = get_user_model()
    courts = {court.slug: court for court in Court.objects.all()}
    branches = {
        slug: [
            PartyBranch.objects.get_or_create(court=courts[slug], name=name)[0] for name in names
        ]
        for slug, names in BRANCHES.items()
    }
    groups = {role: Group.objects.get_or_create(name=role.value)[0] for role in Role}

    admin_user, created = User.objects.get_or_create(
        username="admin", defaults={"email": "admin@jpj.local"}
    )
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.first_name = "系统管理员"  # named in the admin's welcome, not "admin"
    if created:
        admin_user.set_password(DEMO_PASSWORD)
    admin_user.save()
    admin_user.groups.add(groups[Role.ADMIN])
    # The administrator's account is nobody in the directory: no person, so no picker, roll call
    # or list offers "系统管理员" as a colleague (an earlier demo made one; drop it if unused).
    with contextlib.suppress(ProtectedError):
        Person.objects.filter(user=admin_user).delete()

    def member(username, full_name, slug, branch_index, position, party_member, *, can_log_in):
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@jpj.local"}
        )
        if created:
            if can_log_in:
                user.set_password(DEMO_PASSWORD)
            else:
                user.set_unusable_password()
            user.save()
        person = _person(
            user,
            full_name=full_name,
            court=courts[slug],
            # a Party branch lists its Party members only
            branch=branches[slug][branch_index] if party_member else None,
            position=position,
            party_member=party_member,
        )
        return user, person

    people = {}
    for username, *profile, roles in ACCOUNTS:
        user, people[username] = member(username, *profile, can_log_in=True)
        user.groups.set([groups[role] for role in roles])
    for index, staff in enumerate(STAFF, 1):
        member(f"{staff[1]}-staff-{index:02d}", *staff, can_log_in=False)

    today = timezone.localdate()
    for title, area, slug, username, days in ITEMS:
        item, created = CooperationItem.objects.get_or_create(
            title=title,
            defaults={
                "area": area,
                "lead_court": courts[slug],
                "responsible": people[username],
                "due_date": today + datetime.timedelta(days=days),
                "status": CooperationItem.Status.IN_PROGRESS,
            },
        )
        if created:
            plan_item_reminders(item)
    # Done long ago: the case-study groups were formed in 2021 (casegroups' demo founds them).
    for title, area, slug, username, due in ITEMS_DONE:
        with recorded_on(due):
            item, created = CooperationItem.objects.get_or_create(
                title=title,
                defaults={
                    "area": area,
                    "lead_court": courts[slug],
                    "responsible": people[username],
                    "due_date": due,
                    "status": CooperationItem.Status.DONE,
                },
            )
    return {
        "people": Person.objects.count(),
        "accounts": len(ACCOUNTS) + 1,
        "items": CooperationItem.objects.count(),
    }
