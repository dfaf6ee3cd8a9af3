"""The redaction check a case summary passes before it is shared with a study group.

``scan(text, parties)`` finds what looks like personal data — 18-digit resident identity numbers
whose check digit (GB 11643-1999) and birth date are right, mobile and landline numbers, bank
card numbers that pass the Luhn check, e-mail addresses, and the names of the parties the
submitter lists — and ``mask(text, hits)`` replaces each hit with its masked form (``张某``,
``3301**********1234``, ``138****5678``). A hit is reported once, the longest reading winning
(an identity number is not also a card number).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

ID_NUMBER = "id_number"
MOBILE = "mobile"
LANDLINE = "landline"
BANK_CARD = "bank_card"
EMAIL = "email"
PARTY = "party"

# Longest first: when readings overlap, the earlier kind in this order wins.
KINDS = (EMAIL, ID_NUMBER, BANK_CARD, LANDLINE, MOBILE, PARTY)

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"

_NOT_DIGIT_BEFORE = r"(?<![0-9A-Za-z])"
_NOT_DIGIT_AFTER = r"(?![0-9A-Za-z])"
_PATTERNS = {
    EMAIL: re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"),
    ID_NUMBER: re.compile(_NOT_DIGIT_BEFORE + r"\d{17}[\dXx]" + _NOT_DIGIT_AFTER),
    BANK_CARD: re.compile(
        _NOT_DIGIT_BEFORE + r"\d{4}(?:[ -]?\d{4}){2,3}(?:[ -]?\d{1,3})?" + _NOT_DIGIT_AFTER
    ),
    LANDLINE: re.compile(
        _NOT_DIGIT_BEFORE + r"(?:\(0\d{2,3}\)|（0\d{2,3}）|0\d{2,3}-?)\s?\d{7,8}" + _NOT_DIGIT_AFTER
    ),
    MOBILE: re.compile(
        _NOT_DIGIT_BEFORE + r"(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}" + _NOT_DIGIT_AFTER
    ),
}


@dataclass(frozen=True)
class Hit:
    kind: str
    start: int
    end: int
    text: str

    @property
    def masked(self) -> str:
        return mask_value(self.kind, self.text)


def valid_id_number(value: str) -> bool:
    """An 18-character resident identity number with a right check digit and a real birth
    date (not in the future, not before 1900)."""
    if not re.fullmatch(r"\d{17}[\dXx]", value):
        return False
    total = sum(int(d) * w for d, w in zip(value[:17], _WEIGHTS, strict=True))
    if _CHECK[total % 11] != value[17].upper():
        return False
    try:
        born = datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    return datetime.date(1900, 1, 1) <= born <= datetime.date.today()


def luhn(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        n = int(char)
        if index % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _candidates(text: str, parties: Iterable[str]) -> list[Hit]:
    found: list[Hit] = []
    for kind, pattern in _PATTERNS.items():
        for match in pattern.finditer(text):
            value = match.group()
            digits = _digits(value)
            if kind == ID_NUMBER and not valid_id_number(value):
                continue
            if kind == BANK_CARD and not (16 <= len(digits) <= 19 and luhn(digits)):
                continue
            found.append(Hit(kind, match.start(), match.end(), value))
    for name in {p.strip() for p in parties if p and len(p.strip()) >= 2}:
        for match in re.finditer(re.escape(name), text):
            found.append(Hit(PARTY, match.start(), match.end(), name))
    return found


def scan(text: str, parties: Sequence[str] = ()) -> list[Hit]:
    """The personal data found in ``text``, in reading order, without overlaps."""
    order = {kind: i for i, kind in enumerate(KINDS)}
    chosen: list[Hit] = []
    for hit in sorted(
        _candidates(text or "", parties),
        key=lambda h: (-(h.end - h.start), order[h.kind], h.start),
    ):
        if all(hit.end <= other.start or hit.start >= other.end for other in chosen):
            chosen.append(hit)
    return sorted(chosen, key=lambda h: h.start)


def mask_value(kind: str, value: str) -> str:
    """A hit as it is shown once masked."""
    if kind == PARTY:
        return value[0] + "某"
    if kind == EMAIL:
        local, _at, domain = value.partition("@")
        return f"{local[0]}***@{domain}"
    digits = _digits(value)
    if kind == ID_NUMBER:
        return digits[:4] + "*" * 10 + value[-4:]
    if kind == MOBILE:
        digits = digits[-11:]
        return digits[:3] + "****" + digits[-4:]
    if kind == LANDLINE:
        return "*" * (len(digits) - 4) + digits[-4:]
    return digits[:4] + "*" * (len(digits) - 8) + digits[-4:]  # a card


def mask(text: str, hits: Iterable[Hit]) -> str:
    """``text`` with each of ``hits`` replaced by its masked form."""
    out, position = [], 0
    for hit in sorted(hits, key=lambda h: h.start):
        if hit.start < position or text[hit.start : hit.end] != hit.text:
            continue  # stale or overlapping: the text changed since the scan
        out += [text[position : hit.start], hit.masked]
        position = hit.end
    out.append(text[position:])
    return "".join(out)


@dataclass(frozen=True)
class Finding:
    """A hit in one field of a case."""

    field: str
    hit: Hit


def parties_from(text: str) -> list[str]:
    """The parties' names a submitter typed, one per line or separated by commas or 、."""
    return [name for name in re.split(r"[\s,，、;；]+", text or "") if len(name) >= 2][:50]


def findings(texts: dict[str, str], parties: Sequence[str] = ()) -> list[Finding]:
    """Every hit in each of ``texts`` (field name → text), field by field in reading order."""
    return [Finding(field, hit) for field, text in texts.items() for hit in scan(text, parties)]


def unconfirmed(
    texts: dict[str, str], parties: Sequence[str], not_personal: Iterable[str]
) -> list[Finding]:
    """The hits the submitter has neither masked nor confirmed as not personal."""
    confirmed = set(not_personal)
    return [f for f in findings(texts, parties) if f.hit.text not in confirmed]


def kind_label(kind: str) -> str:
    """What a hit is, in the active language."""
    from django.utils.translation import gettext

    labels = {
        ID_NUMBER: gettext("an identity number"),
        MOBILE: gettext("a mobile number"),
        LANDLINE: gettext("a telephone number"),
        BANK_CARD: gettext("a bank card number"),
        EMAIL: gettext("an e-mail address"),
        PARTY: gettext("a party's name"),
    }
    return labels.get(kind, kind)
