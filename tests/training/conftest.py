import datetime

import pytest
from django.utils import timezone

from courts.choices import Role
from training import services

from ..conftest import make_member
from ..factories import PersonFactory, ProgrammeFactory, UserFactory, court


@pytest.fixture
def jinshan_coordinator(db):
    return make_member("jinshan", Role.TRAINING_COORDINATOR, full_name="金山联络员")


@pytest.fixture
def pinghu_coordinator(db):
    return make_member("pinghu", Role.TRAINING_COORDINATOR, full_name="平湖联络员")


@pytest.fixture
def jiashan_coordinator(db):
    return make_member("jiashan", Role.TRAINING_COORDINATOR, full_name="嘉善联络员")


def staff(slug: str, n: int, prefix: str = "干警") -> list:
    """``n`` active staff members of a court (people with accounts)."""
    return [
        PersonFactory(
            user=UserFactory(username=f"{slug}-{prefix}-{i}"),
            court=court(slug),
            full_name=f"{prefix}{slug[:2]}{i}",
        )
        for i in range(n)
    ]


@pytest.fixture
def programme(db):
    return ProgrammeFactory()


def new_session(by, *, seats=10, quota=None, host="pinghu", days=20, **fields):
    start = timezone.now() + datetime.timedelta(days=days)
    data = {
        "programme": ProgrammeFactory(),
        "title": "民法典合同编专题培训",
        "topic": "合同解除",
        "host_court": court(host),
        "trainer": "张明",
        "trainer_organisation": "华东政法大学 教授",
        "start": start,
        "end": start + datetime.timedelta(hours=3),
        "venue": "平湖市人民法院培训中心",
        "seats": seats,
        "court_quota": quota,
        "enrol_deadline": start - datetime.timedelta(days=5),
        "description": "",
        **fields,
    }
    return services.create_session(by=by, **data)


@pytest.fixture
def session(pinghu_coordinator):
    """A Pinghu-hosted session with 10 seats and no quota, 20 days ahead."""
    return new_session(pinghu_coordinator)
