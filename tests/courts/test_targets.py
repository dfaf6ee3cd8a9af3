"""Yearly targets per court × measure × row: who sets them, what the dashboard makes of them
(where a count should be by today, what is behind), and that bad input changes nothing."""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from activities.models import Activity
from courts import services
from courts.models import Target
from courts.selectors import expected_by, figure_tables

from ..factories import court, make_activity
from ..factories import court as court_of
from .test_dashboard import _at


def _set(
    by,
    *,
    value: int,
    court=None,
    figure: str = "activities-completed",
    row: str = "party_exchange",
    year: int = 2025,
) -> Target:
    """Set a target (Jinshan's joint activities of Party-building exchange in 2025 unless said)."""
    return services.set_target(
        by=by, year=year, court=court or court_of("jinshan"), figure=figure, row=row, value=value
    )


@pytest.mark.parametrize(
    "year, today, expected",
    [
        (2025, datetime.date(2025, 1, 15), 0),  # no month over yet
        (2025, datetime.date(2025, 3, 31), 0),  # March is not over on its last day
        (2025, datetime.date(2025, 4, 1), 1),  # a quarter over: 1 of 4
        (2025, datetime.date(2025, 7, 2), 2),
        (2025, datetime.date(2025, 12, 31), 3),
        (2025, datetime.date(2026, 1, 1), 4),  # the year is over: all of it
        (2026, datetime.date(2025, 6, 1), 0),  # a year to come asks nothing yet
    ],
)
def test_a_target_is_spread_over_the_months_that_are_over(year, today, expected):
    assert expected_by(4, year, today) == expected


def test_a_secretary_sets_their_courts_target_and_setting_it_again_changes_it(
    jinshan_secretary,
):
    first = _set(jinshan_secretary, value=4)
    again = _set(jinshan_secretary, value=6)
    assert first.pk == again.pk
    assert list(Target.objects.values_list("value", flat=True)) == [6]
    entries = LogEntry.objects.get_for_object(again)
    assert entries.count() == 2 and entries.first().actor == jinshan_secretary


def test_another_courts_target_and_an_unknown_measure_are_refused(jinshan_secretary):
    with pytest.raises(PermissionDenied):
        _set(jinshan_secretary, court=court("pinghu"), value=4)
    for figure, row in [("no-such-measure", "party_exchange"), ("training-held", "culture")]:
        with pytest.raises(ValidationError):
            _set(jinshan_secretary, figure=figure, row=row, value=4)
    assert not Target.objects.exists()


def test_the_targets_page_sets_a_target(secretary_client):
    url = reverse("courts:targets")
    answer = secretary_client.post(
        url,
        {
            "year": "2025",
            "court": court("jinshan").pk,
            "measure": "activities-kinds:joint_party_lesson",
            "value": "4",
        },
    )
    assert answer.status_code == 302 and answer["Location"] == f"{url}?year=2025"
    target = Target.objects.get()
    assert (target.figure, target.row, target.value) == (
        "activities-kinds",
        "joint_party_lesson",
        4,
    )
    page = secretary_client.get(answer["Location"]).content.decode()
    assert "联合党课" in page and "删除" in page


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("value", "0", "请输入不小于 1 的值"),
        ("value", "100000", "请输入不大于 9999 的值"),
        ("measure", "activities-completed:nowhere", "选择一个有效的选项"),
        ("court", "pinghu", "选择一个有效的选项"),  # not a court the secretary sets targets for
    ],
)
def test_bad_input_keeps_what_was_typed_and_saves_nothing(secretary_client, field, value, message):
    data = {
        "year": "2025",
        "court": court("jinshan").pk,
        "measure": "activities-completed:party_exchange",
        "value": "7",
    }
    data[field] = court(value).pk if field == "court" else value
    answer = secretary_client.post(reverse("courts:targets"), data)
    page = answer.content.decode()
    assert answer.status_code == 200 and message in page
    assert not Target.objects.exists()
    if field != "value":
        assert 'value="7"' in page


def test_a_judge_reads_the_targets_but_may_not_set_them(judge_client, jinshan_secretary):
    _set(jinshan_secretary, value=4)
    page = judge_client.get(reverse("courts:targets") + "?year=2025").content.decode()
    assert "党建交流" in page and "设定目标" not in page and "删除" not in page
    refused = judge_client.post(
        reverse("courts:targets"),
        {
            "year": "2025",
            "court": court("jinshan").pk,
            "measure": "papers:trial_quality",
            "value": 1,
        },
    )
    assert refused.status_code == 403
    target = Target.objects.get()
    assert judge_client.post(reverse("courts:target-delete", args=[target.pk])).status_code == 404
    assert Target.objects.filter(pk=target.pk).exists()


def test_another_courts_secretary_cannot_remove_a_target(
    client, jinshan_secretary, pinghu_secretary
):
    target = _set(jinshan_secretary, value=4)
    client.force_login(pinghu_secretary)
    assert client.post(reverse("courts:target-delete", args=[target.pk])).status_code == 404
    client.force_login(jinshan_secretary)
    answer = client.post(reverse("courts:target-delete", args=[target.pk]))
    assert answer.status_code == 302 and not Target.objects.exists()


def test_the_dashboard_marks_a_court_behind_its_target(secretary_client, jinshan_secretary):
    """2025 is over: Jinshan completed one Party-building exchange of the four it set out to,
    Pinghu (no target) is not marked."""
    done = make_activity(
        host="jinshan", co_hosts=("pinghu",), start=_at(2025, 3, 5), area="party_exchange"
    )
    Activity.objects.filter(pk=done.pk).update(status=Activity.Status.COMPLETED)
    _set(jinshan_secretary, value=4)
    cells = figure_tables(2025)[0].rows[0][1]
    assert (cells[0].n, cells[0].target, cells[0].expected, cells[0].behind) == (1, 4, 4, True)
    assert (cells[1].target, cells[1].behind) == (None, False)
    page = secretary_client.get(reverse("courts:dashboard") + "?year=2025").content.decode()
    assert "1 项数据落后于目标" in page
    assert "金山 · 已完成的联合活动 · 党建交流：1，截至今日应达 4（目标 4）" in page


def test_a_new_target_shows_at_once(secretary_client, jinshan_secretary):
    """The dashboard keeps its figures; a target set after it was shown appears next time."""
    url = reverse("courts:dashboard") + "?year=2025"
    assert "落后于目标" not in secretary_client.get(url).content.decode()
    _set(jinshan_secretary, figure="papers", row="trial_quality", value=2)
    assert "1 项数据落后于目标" in secretary_client.get(url).content.decode()


def test_the_admin_sets_targets_through_the_service(client, superuser):
    client.force_login(superuser)
    answer = client.post(
        reverse("admin:courts_target_add"),
        {
            "year": "2025",
            "court": court("pinghu").pk,
            "figure": "training-held",
            "row": "culture",  # training counts in the talent area only
            "value": "3",
        },
    )
    assert answer.status_code == 200 and not Target.objects.exists()
    client.post(
        reverse("admin:courts_target_add"),
        {
            "year": "2025",
            "court": court("pinghu").pk,
            "figure": "training-held",
            "row": "talent",
            "value": "3",
        },
    )
    target = Target.objects.get()
    assert target.set_by == superuser and LogEntry.objects.get_for_object(target).count() == 1


def test_the_courts_other_secretaries_hear_of_a_target_set_or_removed(
    jinshan_secretary, portal_admin, db
):
    from core.models import Notification
    from courts.choices import Role

    from ..conftest import make_member

    colleague = make_member(
        "jinshan", Role.PARTY_SECRETARY, username="jinshan-colleague", full_name="金山另一位书记"
    )
    pinghu = make_member(
        "pinghu", Role.PARTY_SECRETARY, username="pinghu-sec", full_name="平湖书记"
    )
    target = _set(jinshan_secretary, value=4)

    def titles(user) -> list[str]:
        return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))

    assert titles(colleague) == ["金山2025年度目标已设定：已完成的联合活动 · 党建交流，4"]
    assert titles(jinshan_secretary) == []  # who set it knows
    assert titles(pinghu) == []  # another court's target
    services.remove_target(by=portal_admin, target=target)
    assert titles(jinshan_secretary) == ["金山2025年度目标已删除：已完成的联合活动 · 党建交流"]
    assert len(titles(colleague)) == 2
