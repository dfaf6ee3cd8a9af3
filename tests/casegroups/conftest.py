import pytest

from casegroups import services
from courts.choices import Role

from ..conftest import make_member


@pytest.fixture
def pinghu_judge(db):
    return make_member("pinghu", Role.JUDGE, full_name="李法官")


@pytest.fixture
def jiashan_judge(db):
    return make_member("jiashan", Role.JUDGE, full_name="周法官")


@pytest.fixture
def group(jinshan_secretary, jinshan_judge):
    """A financial group convened by the Jinshan judge 王法官, set up by Jinshan's secretary."""
    return services.create_group(
        by=jinshan_secretary,
        name="金融审判类案研究组",
        specialty="financial",
        purpose="研究新类型金融借款纠纷。",
        convenor=jinshan_judge.person,
    )


@pytest.fixture
def member(group, pinghu_judge, jinshan_judge):
    """李法官 of Pinghu, an active member of ``group``."""
    membership = services.request_membership(group=group, by=pinghu_judge, statement="想参加")
    services.approve_membership(membership=membership, by=jinshan_judge)
    return pinghu_judge


CASE = {
    "case_number": "(2024)浙0482民初567号",
    "cause_of_action": "金融借款合同纠纷",
    "summary": "原告某银行与被告某公司签订借款合同，约定以应收账款质押。",
    "difficulty": "应收账款质押登记的效力。",
}


@pytest.fixture
def case_data():
    from ..factories import court

    return {**CASE, "court_of_origin": court("pinghu")}
