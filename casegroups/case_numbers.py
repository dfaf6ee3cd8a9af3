"""Case numbers (案号) in the official form: validated and stored normalised.

A case number reads ``（2020）沪0116民初1234号``: the year the case was filed in brackets, the
court's code (a province's one-character abbreviation, then two digits for an intermediate court
and four for a basic court; ``最高法`` for the Supreme People's Court), the case type (类型代字,
from the Supreme People's Court's 2015 rules on case numbers, 《关于人民法院案件案号的若干规定》),
the serial number and ``号``. People type half-width brackets, 〔〕 or spaces; the portal stores
one form: full-width brackets, no spaces, no leading zeros in the serial number.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PROVINCES = frozenset("京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼兵")

# 类型代字 the portal accepts (civil, criminal, administrative, enforcement, IP, bankruptcy,
# preservation, state compensation, judicial assistance).
CASE_TYPES = frozenset(
    (
        "民初",
        "民终",
        "民申",
        "民再",
        "民抗",
        "民监",
        "民特",
        "民催",
        "民督",
        "民辖",
        "民辖终",
        "民辖监",
        "民他",
        "民保",
    )
    + ("刑初", "刑终", "刑申", "刑再", "刑抗", "刑监", "刑更", "刑医", "刑他")
    + ("行初", "行终", "行申", "行再", "行抗", "行监", "行审", "行审复", "行他", "行保")
    + ("执", "执恢", "执保", "执异", "执复", "执监", "执协", "执他")
    + ("知民初", "知民终", "知行初", "知行终", "知刑初", "知刑终")
    + ("破", "破申", "破终", "强清", "强清申", "强清终")
    + ("财保", "诉保", "法赔", "委赔", "赔", "司救")
)

_BRACKETS = str.maketrans({"(": "（", ")": "）", "〔": "（", "〕": "）", "[": "（", "]": "）"})
_PATTERN = re.compile(
    r"^（(?P<year>\d{4})）"
    r"(?P<court>最高法|[\u4e00-\u9fff](?:\d{2}|\d{4})?)"
    r"(?P<type>[\u4e00-\u9fff]{1,4}?)"
    r"(?P<number>\d{1,7})号$"
)
FIRST_YEAR = 1990


@dataclass(frozen=True)
class CaseNumber:
    year: int
    court: str
    case_type: str
    number: int

    def __str__(self) -> str:
        return f"（{self.year}）{self.court}{self.case_type}{self.number}号"


def parse(value: str) -> CaseNumber:
    """The case number in ``value``, or a ValidationError saying what is wrong with it."""
    text = re.sub(r"\s+", "", str(value or "")).translate(_BRACKETS)
    match = _PATTERN.match(text)
    if not match:
        raise ValidationError(
            _("Write the case number as on the judgment, e.g. （2020）沪0116民初1234号."),
            code="form",
        )
    year = int(match["year"])
    if not FIRST_YEAR <= year <= datetime.date.today().year:
        raise ValidationError(
            _("The year of a case number is between %(first)s and this year.")
            % {"first": FIRST_YEAR},
            code="year",
        )
    court = match["court"]
    if court != "最高法" and court[0] not in PROVINCES:
        raise ValidationError(
            _("“%(code)s” is not a province's court code.") % {"code": court[0]}, code="court"
        )
    if match["type"] not in CASE_TYPES:
        raise ValidationError(
            _("“%(type)s” is not a case type of a case number (民初, 民终, 刑初, 执…).")
            % {"type": match["type"]},
            code="type",
        )
    number = int(match["number"])
    if number == 0:
        raise ValidationError(_("A case number's serial number starts at 1."), code="number")
    return CaseNumber(year, court, match["type"], number)


def normalise(value: str) -> str:
    """``value`` in the stored form (full-width brackets, no spaces); ValidationError if it is
    not a case number."""
    return str(parse(value))


def check_origin(number: CaseNumber, court_code: str, court_name: str) -> None:
    """A ValidationError unless the case number can come from the court of origin whose own
    code in case numbers is ``court_code`` (e.g. ``浙0482``; empty: not known, not checked).

    A basic court's number (four digits) must be that court's; a higher court's number (an
    intermediate court's two digits or a high court's abbreviation alone — an appeal or a
    retrial of the court's case) must be of the same province; the Supreme People's Court's
    numbers go with any court."""
    if not court_code or number.court == "最高法":
        return
    if number.court[0] != court_code[0]:
        raise ValidationError(
            _(
                "The case number is of a court in “%(province)s”, but %(court)s numbers its "
                "cases “%(code)s…”: check the number or the court of origin."
            )
            % {"province": number.court[0], "court": court_name, "code": court_code},
            code="province",
        )
    digits = number.court[1:]
    if len(digits) == 4 and number.court != court_code:
        raise ValidationError(
            _(
                "“%(number_code)s” is not the code of %(court)s (its case numbers read "
                "“%(code)s…”): check the number or the court of origin."
            )
            % {"number_code": number.court, "court": court_name, "code": court_code},
            code="origin",
        )
