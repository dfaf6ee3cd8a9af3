import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from core.models import CalendarToken

from ..factories import court, make_activity

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _shanghai(year, month, day, hour, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def test_single_event_ics_has_shanghai_times_categories_and_an_alarm(
    judge_client, jinshan_secretary
):
    activity = make_activity(
        by=jinshan_secretary,
        start=_shanghai(2030, 7, 6, 9, 30),
        end=_shanghai(2030, 7, 6, 11, 30),
        place="金山法院",
    )
    response = judge_client.get(reverse("activities:activity-ics", args=[activity.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    event = next(iter(calendar.walk("VEVENT")))
    start = event.decoded("dtstart")
    assert start == _shanghai(2030, 7, 6, 9, 30)
    assert str(start.tzinfo) == "Asia/Shanghai"
    assert event.decoded("dtend") == _shanghai(2030, 7, 6, 11, 30)
    assert str(event["location"]) == "金山法院"
    assert {str(c) for c in event["categories"].cats} == {"党建交流", "主题党日"}
    alarm = next(iter(event.walk("VALARM")))
    assert alarm.decoded("trigger") == -datetime.timedelta(hours=1)
    assert calendar.walk("VTIMEZONE")  # the zone travels with the file


def test_private_feed_needs_the_token_and_reset_revokes_it(
    client, jinshan_judge, jinshan_secretary
):
    make_activity(by=jinshan_secretary, title="本院参加的活动")
    make_activity(by=jinshan_secretary, host="jinshan", co_hosts=["pinghu"], title="另一个")
    client.force_login(jinshan_judge)
    client.post(reverse("calendar-token-reset"))
    token = CalendarToken.objects.get(user=jinshan_judge).token
    client.logout()
    feed = client.get(reverse("calendar-feed", args=[token]))
    assert feed.status_code == 200
    calendar = Calendar.from_ical(feed.content)
    assert str(calendar["x-wr-calname"]) == "金平嘉联合活动"
    assert {str(e["summary"]) for e in calendar.walk("VEVENT")} == {"本院参加的活动", "另一个"}
    assert client.get(reverse("calendar-feed", args=["wrong-token"])).status_code == 404
    client.force_login(jinshan_judge)
    client.post(reverse("calendar-token-reset"))
    client.logout()
    assert client.get(reverse("calendar-feed", args=[token])).status_code == 404


def test_feed_leaves_out_activities_of_other_courts(client, jiashan_secretary, jinshan_judge):
    make_activity(by=jiashan_secretary, host="jiashan", co_hosts=["pinghu"], title="嘉善平湖")
    token = CalendarToken.objects.create(user=jinshan_judge).token
    calendar = Calendar.from_ical(client.get(reverse("calendar-feed", args=[token])).content)
    assert calendar.walk("VEVENT") == []


def test_month_view_places_events_on_their_day_and_filters(
    judge_client, jinshan_secretary, jiashan_secretary
):
    make_activity(by=jinshan_secretary, title="七月党日", start=_shanghai(2030, 7, 6, 9))
    make_activity(
        by=jiashan_secretary,
        host="jiashan",
        co_hosts=["pinghu"],
        title="嘉善拓展",
        start=_shanghai(2030, 7, 20, 9),
        kind="team_building",
    )
    response = judge_client.get(reverse("calendar"), {"month": "2030-07"})
    days = {
        cell["day"]: [label for _url, label, _c in cell["events"]]
        for week in response.context["weeks"]
        for cell in week
    }
    assert days[datetime.date(2030, 7, 6)] == ["09:00 七月党日"]
    assert days[datetime.date(2030, 7, 20)] == ["09:00 嘉善拓展"]
    page = judge_client.get(
        reverse("calendar"), {"month": "2030-07", "court": court("jinshan").pk, "view": "list"}
    ).content.decode()
    assert "七月党日" in page and "嘉善拓展" not in page
    page = judge_client.get(
        reverse("calendar"), {"month": "2030-07", "kind": "team_building"}
    ).content.decode()
    assert "嘉善拓展" in page and "七月党日" not in page


def test_bad_month_falls_back_to_this_month(judge_client):
    this_month = timezone.localdate().replace(day=1)
    response = judge_client.get(reverse("calendar"), {"month": "2030-13"})
    assert response.context["month"] == this_month
    # The first and last months of the date type have no neighbours: no server error.
    for query in [
        {"month": "9999-12"},
        {"month": "0001-01"},
        {"day": "9999-12-31"},
        {"day": "0001-01-01", "view": "list"},
        {"day": "2030-02-30"},
    ]:
        response = judge_client.get(reverse("calendar"), query)
        assert response.status_code == 200, query
        assert response.context["month"] == this_month, query


def test_inbox_opens_and_marks_read(client, jinshan_judge, jinshan_secretary):
    from core.models import Notification
    from core.services import notify

    notify(recipients=[jinshan_judge], title="测试消息", link="/activities/")
    client.force_login(jinshan_judge)
    page = client.get(reverse("home")).content.decode()
    assert '1<span class="visually-hidden"> 条未读' in page
    notification = Notification.objects.get()
    response = client.post(reverse("notification-open", args=[notification.pk]))
    assert response.status_code == 302 and response.url == "/activities/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    client.force_login(jinshan_secretary)  # someone else's message answers 404
    assert client.post(reverse("notification-open", args=[notification.pk])).status_code == 404


def test_red_education_base_shows_which_court_visited_when(judge_client, jinshan_secretary):
    from activities.models import RedEducationBase

    base = RedEducationBase.objects.create(name="南湖革命纪念馆", place="嘉兴")
    make_activity(
        by=jinshan_secretary,
        title="参观南湖",
        kind="red_base_visit",
        red_base=base,
        start=_shanghai(2030, 5, 1, 9),
    )
    page = judge_client.get(base.get_absolute_url()).content.decode()
    assert "参观南湖" in page and "2030年5月1日" in page and "金山" in page
    listing = judge_client.get(reverse("activities:base-list")).content.decode()
    assert "南湖革命纪念馆" in listing


def test_a_busy_day_shows_three_events_and_a_link_to_the_rest(judge_client, jinshan_secretary):
    for hour in range(8, 13):
        make_activity(by=jinshan_secretary, title=f"忙碌{hour}", start=_shanghai(2030, 9, 10, hour))
    response = judge_client.get(reverse("calendar"), {"month": "2030-09"})
    cell = next(
        c
        for week in response.context["weeks"]
        for c in week
        if c["day"].day == 10 and c["day"].month == 9
    )
    assert [label for _u, label, _c in cell["events"]] == [
        "08:00 忙碌8",
        "09:00 忙碌9",
        "10:00 忙碌10",
    ]
    assert cell["more"] == 2
    page = response.content.decode()
    assert "还有 2 项" in page and "忙碌11" not in page
    day_page = judge_client.get(reverse("calendar") + cell["more_url"]).content.decode()
    assert all(f"忙碌{hour}" in day_page for hour in range(8, 13))
    assert "2030年9月10日" in day_page


def test_the_list_view_is_paged(judge_client, jinshan_secretary, settings):
    from portal import views

    for day in range(1, 8):
        make_activity(by=jinshan_secretary, title=f"十月{day}日", start=_shanghai(2030, 10, day, 9))
    original = views.LIST_PER_PAGE
    views.LIST_PER_PAGE = 3
    try:
        first = judge_client.get(reverse("calendar"), {"month": "2030-10", "view": "list"})
        third = judge_client.get(
            reverse("calendar"), {"month": "2030-10", "view": "list", "page": 3}
        )
    finally:
        views.LIST_PER_PAGE = original
    assert [e.title for e in first.context["page_obj"]] == ["十月1日", "十月2日", "十月3日"]
    assert first.context["page_obj"].paginator.num_pages == 3
    assert [e.title for e in third.context["page_obj"]] == ["十月7日"]


def test_the_feed_follows_a_change_at_once(client, jinshan_secretary):
    from activities import services

    activity = make_activity(
        by=jinshan_secretary, title="缓存前", start=timezone.now() + datetime.timedelta(days=3)
    )
    token = CalendarToken.objects.create(user=jinshan_secretary).token
    url = reverse("calendar-feed", args=[token])
    before = Calendar.from_ical(client.get(url).content)
    assert [str(e["summary"]) for e in before.walk("VEVENT")] == ["缓存前"]
    services.update_activity(activity=activity, by=jinshan_secretary, title="缓存后")
    after = Calendar.from_ical(client.get(url).content)
    assert [str(e["summary"]) for e in after.walk("VEVENT")] == ["缓存后"]


def test_the_list_joins_courts_in_each_languages_way(judge_client, jinshan_secretary):
    make_activity(by=jinshan_secretary, title="联合", start=_shanghai(2030, 11, 3, 9))
    url = reverse("calendar")
    page = judge_client.get(url, {"month": "2030-11", "view": "list"}).content.decode()
    assert "金山、平湖" in page
    judge_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = judge_client.get(url, {"month": "2030-11", "view": "list"}).content.decode()
    assert "Jinshan, Pinghu" in page and "、" not in page.split("list-group")[1]


def test_the_feed_carries_the_coming_year_and_the_last_month_within_bounds(
    client, jinshan_secretary, monkeypatch
):
    from portal import views

    monkeypatch.setattr(views, "FEED_MAX_COMING", 2)
    now = timezone.now()
    for days, title in [
        (-40, "上上月"),
        (-10, "上周"),
        (3, "下周一"),
        (5, "下周三"),
        (9, "再下周"),
    ]:
        make_activity(by=jinshan_secretary, title=title, start=now + datetime.timedelta(days=days))
    client.force_login(jinshan_secretary)
    client.post(reverse("calendar-token-reset"))
    token = CalendarToken.objects.get(user=jinshan_secretary).token
    feed = client.get(reverse("calendar-feed", args=[token])).content.decode()
    assert "上周" in feed and "下周一" in feed and "下周三" in feed
    assert "上上月" not in feed and "再下周" not in feed  # past the month / past the bound
