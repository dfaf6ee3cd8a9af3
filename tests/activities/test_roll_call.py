import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from activities import roll_call, selectors, services
from activities.models import Attendance

from ..factories import PASSWORD, make_activity


def test_qr_tokens_expire_after_the_grace_periods():
    now = timezone.now()
    token = roll_call.current_token(7, now=now)
    assert roll_call.token_is_valid(7, token, now=now)
    assert roll_call.token_is_valid(7, token, now=now + datetime.timedelta(seconds=60))
    assert not roll_call.token_is_valid(7, token, now=now + datetime.timedelta(minutes=4))
    assert roll_call.current_token(7, now=now + datetime.timedelta(minutes=1)) != token


def test_a_token_for_one_activity_does_not_sign_in_to_another(
    running_activity, jinshan_secretary, jinshan_member
):
    other = make_activity(by=jinshan_secretary, title="另一个活动", start=running_activity.start)
    for activity in (running_activity, other):
        services.invite(activity=activity, by=jinshan_secretary, people=[jinshan_member.person])
    with pytest.raises(ValidationError):
        services.sign_in_with_token(
            activity=other, user=jinshan_member, token=roll_call.current_token(running_activity.pk)
        )
    assert other.attendances.get().status == Attendance.Status.INVITED


def test_invited_person_signs_in_with_the_current_token(
    running_activity, jinshan_secretary, pinghu_member
):
    services.invite(activity=running_activity, by=jinshan_secretary, people=[pinghu_member.person])
    token = roll_call.current_token(running_activity.pk)
    attendance = services.sign_in_with_token(
        activity=running_activity, user=pinghu_member, token=token
    )
    assert attendance.status == Attendance.Status.SIGNED_IN
    assert attendance.signed_in_by == pinghu_member
    assert attendance.sign_in_method == Attendance.Method.QR


def test_a_person_not_invited_cannot_sign_in(running_activity, jiashan_member):
    with pytest.raises(ValidationError) as error:
        services.sign_in_with_token(
            activity=running_activity,
            user=jiashan_member,
            token=roll_call.current_token(running_activity.pk),
        )
    assert "邀请名单" in " ".join(error.value.messages)
    assert running_activity.attendances.count() == 0


def test_an_expired_token_is_refused_with_a_clear_message(
    running_activity, jinshan_secretary, jinshan_member
):
    services.invite(activity=running_activity, by=jinshan_secretary, people=[jinshan_member.person])
    old = roll_call.current_token(
        running_activity.pk, now=timezone.now() - datetime.timedelta(minutes=5)
    )
    with pytest.raises(ValidationError) as error:
        services.sign_in_with_token(activity=running_activity, user=jinshan_member, token=old)
    assert "过期" in " ".join(error.value.messages)


def test_sign_in_is_not_open_days_before_the_start(activity, jinshan_secretary, jinshan_member):
    services.invite(activity=activity, by=jinshan_secretary, people=[jinshan_member.person])
    with pytest.raises(ValidationError):
        services.sign_in_with_token(
            activity=activity, user=jinshan_member, token=roll_call.current_token(activity.pk)
        )


def test_sign_for_records_the_officer_and_only_own_courts_officer_may(
    running_activity, jinshan_secretary, pinghu_secretary, pinghu_member
):
    services.invite(activity=running_activity, by=jinshan_secretary, people=[pinghu_member.person])
    attendance = running_activity.attendances.get()
    with pytest.raises(PermissionDenied):
        services.sign_in_for(attendance=attendance, by=jinshan_secretary, reason="代签")
    services.sign_in_for(
        attendance=attendance, by=pinghu_secretary, late=True, reason="手机没电，现场核实"
    )
    attendance.refresh_from_db()
    assert attendance.status == Attendance.Status.LATE
    assert attendance.signed_in_by == pinghu_secretary
    assert attendance.sign_in_method == Attendance.Method.LATE
    assert attendance.sign_in_reason == "手机没电，现场核实"


def test_participation_rate_per_court(
    running_activity, jinshan_secretary, pinghu_secretary, jinshan_member, pinghu_member
):
    from ..factories import PersonFactory, court

    extra_pinghu = [PersonFactory(court=court("pinghu")) for _ in range(3)]
    services.invite(
        activity=running_activity,
        by=jinshan_secretary,
        people=[jinshan_member.person, pinghu_member.person, *extra_pinghu],
    )
    rows = {a.person_id: a for a in running_activity.attendances.all()}
    services.sign_in_with_token(
        activity=running_activity,
        user=pinghu_member,
        token=roll_call.current_token(running_activity.pk),
    )
    services.sign_in_for(attendance=rows[extra_pinghu[0].pk], by=pinghu_secretary, reason="代签")
    Attendance.objects.filter(pk=rows[extra_pinghu[1].pk].pk).update(status=Attendance.Status.LEAVE)
    columns = {
        c.court.slug: c
        for c in selectors.roll_call(selectors.activity_for_detail(running_activity.pk))
    }
    # Pinghu: 4 invited, 1 on leave → 3 expected, 2 attended
    assert (columns["pinghu"].attended, columns["pinghu"].expected) == (2, 3)
    assert columns["pinghu"].rate == pytest.approx(2 / 3)
    assert (columns["jinshan"].attended, columns["jinshan"].expected) == (0, 1)
    assert columns["jinshan"].rate == 0


def test_scan_link_signs_in_after_login_through_the_browser_flow(
    client, running_activity, jinshan_secretary, pinghu_member
):
    services.invite(activity=running_activity, by=jinshan_secretary, people=[pinghu_member.person])
    url = reverse(
        "activities:sign-in",
        kwargs={"pk": running_activity.pk, "token": roll_call.current_token(running_activity.pk)},
    )
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    client.force_login(pinghu_member)
    assert "立即签到" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert running_activity.attendances.get().status == Attendance.Status.SIGNED_IN


def test_the_qr_image_encodes_the_current_sign_in_link(client, running_activity, jinshan_secretary):
    import io
    from unittest import mock

    import qrcode
    import qrcode.image.svg

    client.force_login(jinshan_secretary)
    frozen = timezone.now()
    with mock.patch.object(roll_call.timezone, "now", return_value=frozen):
        response = client.get(reverse("activities:activity-qr-image", args=[running_activity.pk]))
        url = "http://testserver" + reverse(
            "activities:sign-in",
            kwargs={
                "pk": running_activity.pk,
                "token": roll_call.current_token(running_activity.pk),
            },
        )
    expected = io.BytesIO()
    qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=20, border=2).save(
        expected
    )
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Cache-Control"] == "no-store"
    assert response.content == expected.getvalue()


def test_the_login_page_says_which_activity_a_scanned_code_signs_in_to(
    client, running_activity, jinshan_secretary, pinghu_member
):
    """Logged out, a phone scans the venue's code: the login page names the activity, and after
    logging in the person lands on its sign-in page. An old or forged code names nothing."""
    services.invite(activity=running_activity, by=jinshan_secretary, people=[pinghu_member.person])
    token = roll_call.current_token(running_activity.pk)
    sign_in = reverse("activities:sign-in", args=[running_activity.pk, token])
    response = client.get(sign_in, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert f"您扫描的是“{running_activity.title}”" in page
    forged = reverse("activities:sign-in", args=[running_activity.pk, "0" * 20])
    page = client.get(f"{reverse('account_login')}?next={forged}").content.decode()
    assert running_activity.title not in page
    response = client.post(
        f"{reverse('account_login')}?next={sign_in}",
        {"login": pinghu_member.username, "password": PASSWORD, "next": sign_in},
    )
    assert response.status_code == 302 and response["Location"] == sign_in
