"""案号: the forms people type, full- and half-width, and what the portal stores."""

import pytest
from django.core.exceptions import ValidationError

from casegroups.case_numbers import normalise, parse


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("（2020）沪0116民初1234号", "（2020）沪0116民初1234号"),
        ("(2020)浙0482民初567号", "（2020）浙0482民初567号"),
        ("( 2021 ) 浙0421 执 88 号", "（2021）浙0421执88号"),
        ("〔2019〕沪01民终00012号", "（2019）沪01民终12号"),
        ("（2022）浙04刑终3号", "（2022）浙04刑终3号"),
        ("（2023）最高法民申100号", "（2023）最高法民申100号"),
        ("（2020）沪73知民初9号", "（2020）沪73知民初9号"),
        ("(2024)浙0482执恢15号", "（2024）浙0482执恢15号"),
        ("（2020）沪行初1号", "（2020）沪行初1号"),
        ("（2021）浙0421破申2号", "（2021）浙0421破申2号"),
    ],
)
def test_valid_case_numbers_are_stored_in_one_form(typed, stored):
    assert normalise(typed) == stored


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("2020沪0116民初1234号", "form"),  # no brackets
        ("（2020）沪0116民初1234", "form"),  # no 号
        ("（20）沪0116民初1234号", "form"),  # two-digit year
        ("（2020）沪116民初1234号", "form"),  # three-digit court code
        ("（2020）沪0116民初号", "form"),  # no serial number
        ("（2020）0116民初1234号", "form"),  # no province
        ("（1985）沪0116民初1234号", "year"),
        ("（2999）沪0116民初1234号", "year"),
        ("（2020）美0116民初1234号", "court"),
        ("（2020）沪0116民字1234号", "type"),
        ("（2020）沪0116民初0号", "number"),
        ("", "form"),
        ("<script>（2020）沪0116民初1号</script>", "form"),
    ],
)
def test_invalid_case_numbers_say_what_is_wrong(typed, code):
    with pytest.raises(ValidationError) as error:
        parse(typed)
    assert error.value.code == code
    assert error.value.messages[0]  # a sentence for the form


def test_the_parts_of_a_case_number():
    number = parse("(2020)浙0482民初567号")
    assert (number.year, number.court, number.case_type, number.number) == (
        2020,
        "浙0482",
        "民初",
        567,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("number", "origin", "code"),
    [
        ("（2024）沪0482民初1号", "pinghu", "province"),  # Shanghai prefix, Zhejiang court
        ("（2024）浙0421民初1号", "pinghu", "origin"),  # Jiashan's code, origin Pinghu
        ("（2024）浙0482民初1号", "jinshan", "province"),
    ],
)
def test_a_case_number_must_agree_with_its_court_of_origin(number, origin, code):
    """Province prefix, court code and court of origin agree; the error names the court and
    its own code, and is on the case number once."""
    from casegroups.forms import CaseForm
    from tests.factories import court

    form = CaseForm(
        {
            "case_number": number,
            "court_of_origin": court(origin).pk,
            "cause_of_action": "金融借款合同纠纷",
            "summary": "某银行诉某公司。",
            "difficulty": "担保效力。",
            "visibility": "group",
        }
    )
    assert not form.is_valid()
    assert len(form.errors["case_number"]) == 1
    assert court(origin).case_code in form.errors["case_number"][0]
    with pytest.raises(ValidationError) as error:
        from casegroups.case_numbers import check_origin

        check_origin(parse(number), court(origin).case_code, court(origin).name)
    assert error.value.code == code


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("number", "origin"),
    [
        ("（2024）浙0482民初1号", "pinghu"),
        ("（2024）浙04民终1号", "pinghu"),  # the appeal, at Jiaxing intermediate court
        ("（2024）沪01民终1号", "jinshan"),
        ("（2024）浙民申1号", "jiashan"),  # a retrial at the high court
        ("（2024）最高法民申1号", "jinshan"),
    ],
)
def test_numbers_of_the_court_and_its_higher_courts_are_accepted(number, origin):
    from casegroups.case_numbers import check_origin
    from tests.factories import court

    check_origin(parse(number), court(origin).case_code, court(origin).name)


def test_an_invalid_number_is_reported_once_in_the_form(db):
    from casegroups.forms import CaseForm
    from tests.factories import court

    form = CaseForm({"case_number": "（2024）浙0482民", "court_of_origin": court("pinghu").pk})
    assert not form.is_valid()
    assert len(form.errors["case_number"]) == 1
