"""Text longer than its column is refused with a message, never cut silently — in the services
as in the forms."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from activities import services
from activities.models import Attendance
from core.services import fitting_text


def test_fitting_text_refuses_what_does_not_fit_and_says_how_long_it_is():
    assert fitting_text("  补签  ", limit=2, field="reason") == "补签"
    with pytest.raises(ValidationError) as error:
        fitting_text("因" * 201, limit=200, field="reason")
    assert error.value.message_dict["reason"] == ["最多 200 个字符（现有 201 个）。"]


def test_a_long_late_sign_in_reason_is_refused_and_nothing_changes(
    running_activity, jinshan_secretary, jinshan_member
):
    services.invite(activity=running_activity, by=jinshan_secretary, people=[jinshan_member.person])
    attendance = running_activity.attendances.get()
    with pytest.raises(ValidationError):
        services.sign_in_for(
            attendance=attendance, by=jinshan_secretary, late=True, reason="开庭" * 101
        )
    attendance.refresh_from_db()
    assert attendance.status == Attendance.Status.INVITED and attendance.sign_in_reason == ""


def test_a_long_leave_reason_is_refused_in_the_form_and_kept_for_correction(
    client, activity, jinshan_secretary, pinghu_member
):
    services.invite(activity=activity, by=jinshan_secretary, people=[pinghu_member.person])
    client.force_login(pinghu_member)
    reason = "外出开庭" * 60
    response = client.post(
        reverse("activities:leave-request", args=[activity.pk]), {"reason": reason}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "最多 200 个字符（现有 240 个）" in page and reason in page
    assert activity.attendances.get().leave == ""
    with pytest.raises(ValidationError):
        services.request_leave(activity=activity, by=pinghu_member, reason=reason)
    assert activity.attendances.get().leave_reason == ""
