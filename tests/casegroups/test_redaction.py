"""The redaction check: personal data found in a case summary, few false alarms, masked right."""

import pytest

from casegroups.redaction import (
    BANK_CARD,
    EMAIL,
    ID_NUMBER,
    LANDLINE,
    MOBILE,
    PARTY,
    luhn,
    mask,
    scan,
    valid_id_number,
)


def _with_check_digit(first17: str) -> str:
    """The check digit by ISO 7064 MOD 11-2, written independently of the module."""
    total = sum(int(d) * (2 ** (17 - i) % 11) for i, d in enumerate(first17))
    check = (12 - total % 11) % 11
    return first17 + ("X" if check == 10 else str(check))


VALID_ID = _with_check_digit("33010219850612123")
VALID_ID_X = "11010519491231002X"  # the standard's own example


def _wrong_check(number: str) -> str:
    last = number[-1]
    return number[:-1] + ("0" if last != "0" else "1")


def _card(first15: str) -> str:
    """A 16-digit number completed so that it passes Luhn (computed by brute force)."""
    return next(first15 + str(d) for d in range(10) if luhn(first15 + str(d)))


def test_identity_numbers_are_checked():
    assert valid_id_number(VALID_ID) and valid_id_number(VALID_ID_X)
    assert valid_id_number(VALID_ID_X.lower())
    assert not valid_id_number(_wrong_check(VALID_ID))
    assert not valid_id_number(_with_check_digit("33010219851332123"))  # 32nd of month 13
    assert not valid_id_number(_with_check_digit("33010230850612123"))  # born in 3085


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        (f"被告身份证号{VALID_ID}，住杭州。", [ID_NUMBER]),
        (f"身份证号码：{VALID_ID_X}", [ID_NUMBER]),
        (f"号码{_wrong_check(VALID_ID)}有误", []),  # a wrong check digit is not an ID
        ("联系电话13812345678。", [MOBILE]),
        ("手机 138-1234-5678 或 +86 139 1234 5678", [MOBILE, MOBILE]),
        ("办公电话021-57921234，传真（0573）85012345", [LANDLINE, LANDLINE]),
        (f"账户{_card('622202100011223')}收款", [BANK_CARD]),
        ("卡号6222 0210 0011 2233 后四位", []),  # fails Luhn unless it is a card
        ("邮箱 zhang.san@example.com。", [EMAIL]),
        ("原告张三与被告李四签订合同，张三付款。", [PARTY, PARTY, PARTY]),
        ("标的额12345678元，案号（2020）沪0116民初1234号，2020年3月5日开庭。", []),
        ("合同编号20200305，金额1380000元", []),
    ],
)
def test_what_the_check_finds(text, kinds):
    assert [hit.kind for hit in scan(text, parties=["张三", "李四"])] == kinds


def test_an_identity_number_is_not_also_a_card_or_a_phone():
    hits = scan(f"{VALID_ID}")
    assert [h.kind for h in hits] == [ID_NUMBER]


def test_masking_replaces_each_hit():
    text = f"原告张三（身份证{VALID_ID}，电话13812345678，邮箱zs@example.com）"
    masked = mask(text, scan(text, parties=["张三"]))
    assert masked == (
        f"原告张某（身份证{VALID_ID[:4]}**********{VALID_ID[-4:]}，电话138****5678，"
        "邮箱z***@example.com）"
    )
    assert scan(masked, parties=["张三"]) == []  # nothing left to find


def test_masking_a_card_and_a_landline_keeps_the_last_four_digits():
    card = _card("622202100011223")
    text = f"卡{card}，座机021-57921234"
    assert mask(text, scan(text)) == f"卡{card[:4]}********{card[-4:]}，座机*******1234"


def test_a_hit_from_an_older_scan_is_not_applied_to_changed_text():
    hits = scan("电话13812345678")
    assert mask("电话：13812345678", hits) == "电话：13812345678"
