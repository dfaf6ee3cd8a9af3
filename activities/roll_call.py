"""Rotating QR sign-in tokens: a new one every minute, the previous ones accepted briefly."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

PERIOD_SECONDS = 60
# A token stays good for this many further periods: time to scan, log in and confirm.
GRACE_PERIODS = 2


def _bucket(now: datetime.datetime) -> int:
    return int(now.timestamp()) // PERIOD_SECONDS


def _token(activity_id: int, bucket: int) -> str:
    return salted_hmac("activities.qr-sign-in", f"{activity_id}:{bucket}").hexdigest()[:20]


def current_token(activity_id: int, *, now: datetime.datetime | None = None) -> str:
    return _token(activity_id, _bucket(now or timezone.now()))


def token_is_valid(activity_id: int, token: str, *, now: datetime.datetime | None = None) -> bool:
    bucket = _bucket(now or timezone.now())
    return any(
        constant_time_compare(token, _token(activity_id, bucket - age))
        for age in range(GRACE_PERIODS + 1)
    )
