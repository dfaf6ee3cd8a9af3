"""What the database itself keeps for the groups: one open membership per judge and group, one
case per case number and group, case numbers stored normalised."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from casegroups.models import CaseStudyGroup, Membership, Specialty, StudyCase

from ..factories import PersonFactory, court


@pytest.fixture
def group(db):
    convenor = PersonFactory(court=court("jinshan"), full_name="召集法官")
    made = CaseStudyGroup.objects.create(
        name="金融审判研究组",
        specialty=Specialty.FINANCIAL,
        purpose="研究金融案件",
        convenor=convenor,
    )
    made.member_courts.set([court("jinshan"), court("pinghu"), court("jiashan")])
    return made


def test_a_judge_has_one_open_membership_per_group_and_may_ask_again_after_leaving(group):
    judge = PersonFactory(court=court("pinghu"))
    first = Membership.objects.create(group=group, person=judge)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(group=group, person=judge)
    first.status = Membership.Status.LEFT
    first.save()
    again = Membership.objects.create(group=group, person=judge)
    assert again.status == Membership.Status.PENDING
    assert Membership.objects.filter(group=group, person=judge).count() == 2


def _case(group, number, **fields):
    return StudyCase(
        group=group,
        submitted_by=group.convenor,
        case_number=number,
        court_of_origin=court("jinshan"),
        cause_of_action="金融借款合同纠纷",
        summary="某银行诉某公司借款合同纠纷。",
        difficulty="新类型担保方式。",
        **fields,
    )


def test_a_case_number_is_stored_normalised_and_once_per_group(group):
    case = _case(group, "(2020)沪0116民初1234号")
    case.full_clean()
    case.save()
    assert StudyCase.objects.get().case_number == "（2020）沪0116民初1234号"
    duplicate = _case(group, "（2020） 沪0116民初1234号")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "已" in str(error.value) or "already" in str(error.value)


def test_a_wrong_case_number_is_the_fields_error(group):
    with pytest.raises(ValidationError) as error:
        _case(group, "沪0116民初1234号").full_clean()
    assert "case_number" in error.value.message_dict


def test_only_a_concluded_case_with_its_experience_can_be_public(group):
    draft = _case(group, "（2020）沪0116民初1号", visibility=StudyCase.Visibility.PUBLIC)
    with pytest.raises(ValidationError) as error:
        draft.full_clean()
    assert "visibility" in error.value.message_dict
    done = _case(
        group,
        "（2020）沪0116民初2号",
        visibility=StudyCase.Visibility.PUBLIC,
        status=StudyCase.Status.CONCLUDED,
        experience="审判经验：……",
    )
    done.full_clean()
