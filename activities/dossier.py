"""The activity dossier (组织生活纪实): one zip with a printable index, the sign-in sheet,
the minutes and every attachment."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.exports import xlsx_bytes

from . import checklist, selectors
from .documents import minutes_bytes
from .models import Activity


def signin_sheet_rows(activity: Activity) -> Iterator[list[Any]]:
    for column in selectors.roll_call(activity):
        for a in column.attendances:
            yield [
                column.court.short_name,
                a.person.full_name,
                a.person.branch.name if a.person.branch else "",
                a.person.get_position_display(),
                str(a.shown_status.label),
                a.signed_in_at,
                a.get_sign_in_method_display(),
                a.signed_in_by.person.full_name
                if a.signed_in_by is not None and hasattr(a.signed_in_by, "person")
                else "",
                a.sign_in_reason or a.leave_reason,
            ]


def signin_sheet_headers() -> list[str]:
    return [
        _("Court"),
        _("Name"),
        _("Party branch"),
        _("Position"),
        _("Attendance"),
        _("Signed in at"),
        _("Method"),
        _("Signed in by"),
        _("Reason"),
    ]


def attachment_path(attachment: Any) -> str:
    return (
        f"attachments/{attachment.part.court.short_name}/"
        f"{attachment.get_kind_display()}-{attachment.pk}-{attachment.original_name}"
    )


def build_dossier(activity: Activity) -> bytes:
    """``activity`` as returned by ``selectors.activity_for_detail``. Always in Chinese: the
    dossier is filed with the court's records."""
    with translation.override("zh-hans"):
        return _build(activity)


def _build(activity: Activity) -> bytes:
    attachments = list(activity.attachments.all())
    context = {
        "activity": activity,
        "roll_call": selectors.roll_call(activity),
        "checklist": checklist.checklist(activity),
        "attachments": [(a, attachment_path(a)) for a in attachments],
        "generated_at": timezone.now(),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("index.html", render_to_string("activities/dossier_index.html", context))
        archive.writestr(
            "signin-sheet.xlsx",
            xlsx_bytes(signin_sheet_headers(), signin_sheet_rows(activity), title=_("Sign-in")),
        )
        archive.writestr("minutes.docx", minutes_bytes(activity))
        for attachment in attachments:
            with attachment.file.open("rb") as handle:
                archive.writestr(attachment_path(attachment), handle.read())
    return buffer.getvalue()
