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
