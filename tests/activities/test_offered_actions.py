"""Actions that cannot succeed now are not offered, and the sign-in page says before the tap
what the tap would do."""

import datetime

from django.urls import reverse
from django.utils import timezone

from activities import roll_call, services
from activities.models import Activity

SIGN_IN_BUTTON = "立即签到"
QR_BUTTON = "显示签到二维码"


def _sign_in_url(activity):
    return reverse(
        "activities:sign-in",
        kwargs={"pk": activity.pk, "token": roll_call.current_token(activity.pk)},
    )


def test_someone_already_signed_in_sees_when_and_no_button(
    client, running_activity, jinshan_secretary, pinghu_member
):
    services.invite(activity=running_activity, by=jinshan_secretary, people=[pinghu_member.person])
    token = roll_call.current_token(running_activity.pk)
    services.sign_in_with_token(activity=running_activity, user=pinghu_member, token=token)
    client.force_login(pinghu_member)
    response = client.get(_sign_in_url(running_activity))
    page = response.content.decode()
    signed_at = timezone.localtime(running_activity.attendances.get().signed_in_at)
    assert response.status_code == 200
    assert f"您已于 {signed_at:%H:%M} 签到" in page and SIGN_IN_BUTTON not in page


def test_someone_not_invited_is_told_before_tapping(client, running_activity, jiashan_member):
    client.force_login(jiashan_member)
    response = client.get(_sign_in_url(running_activity))
    page = response.content.decode()
    assert response.status_code == 400
    assert "不在本次活动的邀请名单" in page and SIGN_IN_BUTTON not in page
    assert "请本院党建联络员" in page or "党组织书记" in page


def test_an_invited_person_gets_the_button(
    client, running_activity, jinshan_secretary, pinghu_member
):
    services.invite(activity=running_activity, by=jinshan_secretary, people=[pinghu_member.person])
    client.force_login(pinghu_member)
    assert SIGN_IN_BUTTON in client.get(_sign_in_url(running_activity)).content.decode()


def test_sign_in_on_a_cancelled_activity_is_refused_before_the_tap(
    client, running_activity, jinshan_secretary, pinghu_member
):
    services.invite(activity=running_activity, by=jinshan_secretary, people=[pinghu_member.person])
    running_activity.status = Activity.Status.CANCELLED
    running_activity.save()
    client.force_login(pinghu_member)
    page = client.get(_sign_in_url(running_activity)).content.decode()
    assert "已取消" in page and SIGN_IN_BUTTON not in page


def test_the_qr_is_offered_until_the_end_and_refused_after(
    client, running_activity, jinshan_secretary
):
    client.force_login(jinshan_secretary)
    detail = reverse("activities:activity-detail", args=[running_activity.pk])
    assert QR_BUTTON in client.get(detail).content.decode()
    running_activity.start = timezone.now() - datetime.timedelta(hours=5)
    running_activity.end = timezone.now() - datetime.timedelta(hours=3)
    running_activity.save()
    assert QR_BUTTON not in client.get(detail).content.decode()
    roll = client.get(reverse("activities:roll-call", args=[running_activity.pk])).content.decode()
    assert QR_BUTTON not in roll
    for name in ("activities:activity-qr", "activities:activity-qr-image"):
        assert client.get(reverse(name, args=[running_activity.pk])).status_code in {403, 404}


def test_the_qr_page_says_when_sign_in_opens(client, activity, jinshan_secretary):
    client.force_login(jinshan_secretary)
    page = client.get(reverse("activities:activity-qr", args=[activity.pk])).content.decode()
    assert "签到将于" in page and "开放" in page


def test_a_cancelled_activity_shows_no_missing_documents(client, activity, jinshan_secretary):
    services.cancel_activity(activity=activity, by=jinshan_secretary, reason="台风")
    client.force_login(jinshan_secretary)
    page = client.get(reverse("activities:activity-detail", args=[activity.pk])).content.decode()
    assert "已取消的活动无需归档材料" in page
    assert "缺少" not in page


def test_mark_completed_is_offered_only_once_the_checklist_is_met(
    client, running_activity, jinshan_secretary
):
    client.force_login(jinshan_secretary)
    detail = reverse("activities:activity-detail", args=[running_activity.pk])
    page = client.get(detail).content.decode()
    assert "标记完成</button>" not in page and "归档材料齐全后即可标记完成" in page
    running_activity.notice = "通知"
    running_activity.minutes = "记录"
    running_activity.save()
    from activities.models import Attachment, Attendance

    services.invite(
        activity=running_activity, by=jinshan_secretary, people=[jinshan_secretary.person]
    )
    Attendance.objects.filter(activity=running_activity).update(status="signed_in")
    assert not Attachment.objects.exists()
    running_activity.kind = "branch_committee_meeting"  # notice, sign-in sheet, minutes
    running_activity.save()
    page = client.get(detail).content.decode()
    # The checklist is met; it has not ended yet, and the page says when it can be completed.
    assert "标记完成</button>" not in page and "归档材料齐全后即可标记完成" not in page
    assert 'data-testid="complete-not-yet"' in page
    running_activity.end = timezone.now() - datetime.timedelta(minutes=1)
    running_activity.save()
    page = client.get(detail).content.decode()
    assert "标记完成</button>" in page and 'data-testid="complete-not-yet"' not in page


def test_an_administrator_edits_a_courts_part_by_its_name(client, activity, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("activities:activity-detail", args=[activity.pk])).content.decode()
    assert "编辑金山材料" in page and "编辑平湖材料" in page and "编辑本院材料" not in page
