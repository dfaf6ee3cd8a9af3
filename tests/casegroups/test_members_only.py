"""What a case-study group keeps for its members — its group-only cases (case number, cause,
summary) and its study sessions' online links — reaches nobody else through any page: the
walk below opens every GET address of the portal that takes an object, with the ids of the
group's objects, and every list, export and feed, as a judge of another court who is not a
member, and finds none of it. The same walk as a member finds it (the walk can fail)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from casegroups import services
from casegroups.models import StudySession
from core.models import CalendarToken

from ..factories import court

SECRET_NUMBER = "(2026)浙0482民初98765号"
SECRET_CAUSE = "质押式回购纠纷秘密案由"
SECRET_SUMMARY = "仅限研究组成员阅读的案情摘要"
OLD_LINK = "https://meeting.example.cn/j/members-only-old"
NEW_LINK = "https://meeting.example.cn/j/members-only-new"
# The case number as the portal writes it (full-width brackets): its digits are what is searched.
SECRET_DIGITS = "98765号"
SECRETS = [SECRET_DIGITS, SECRET_CAUSE, SECRET_SUMMARY, OLD_LINK, NEW_LINK, "members-only"]

# Addresses that are not pages to read: writes on GET are refused by the views anyway, and
# logging out would end the walk.
SKIP = re.compile(r"^/(accounts/logout|i18n|admin|-/|static|media)")


def _at(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


@pytest.fixture
def members_only(group, member, jinshan_judge):
    shared = services.submit_case(
        group=group,
        by=member,
        case_number="(2026)浙0482民初11111号",
        court_of_origin=court("pinghu"),
        cause_of_action="金融借款合同纠纷",
        summary="原告某银行与被告某公司签订借款合同，约定以应收账款质押。",
        difficulty="应收账款质押登记的效力。",
        visibility="staff",
    )
    secret = services.submit_case(
        group=group,
        by=member,
        case_number=SECRET_NUMBER,
        court_of_origin=court("pinghu"),
        cause_of_action=SECRET_CAUSE,
        summary=SECRET_SUMMARY + "，原告某银行与被告某公司签订借款合同，约定以应收账款质押。",
        difficulty="应收账款质押登记的效力。",
    )
    session = services.schedule_session(
        group=group,
        by=jinshan_judge,
        title="第二次类案研讨",
        start=_at(4, 14),
        end=_at(4, 17),
        place="金山法院三楼会议室",
        online_link=OLD_LINK,
        cases=[shared],
    )
    # The history now holds the old and the new link and an agenda naming the secret case.
    services.update_session(session=session, by=jinshan_judge, online_link=NEW_LINK)
    services.update_session(session=session, by=jinshan_judge, cases=[shared, secret])
    session = StudySession.objects.get(pk=session.pk)
    return {"group": group, "shared": shared, "secret": secret, "session": session}


def _patterns(resolver=None, prefix: str = ""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _addresses(objects: dict, token: str) -> list[str]:
    ids = sorted({objects[name].pk for name in ("group", "shared", "secret", "session")})
    found: set[str] = set()
    for route in _patterns():
        route = route.lstrip("^").rstrip("$")
        if "<" not in route:
            found.add("/" + route)
            continue
        if "<int:pk>" in route and route.count("<") == 1:
            found.update("/" + route.replace("<int:pk>", str(pk)) for pk in ids)
        elif "<str:token>" in route:
            found.add("/" + route.replace("<str:token>", token))
        elif "<slug:slug>" in route:
            found.update("/" + route.replace("<slug:slug>", s) for s in ("jinshan", "pinghu"))
    addresses = {a for a in found if not SKIP.match(a)}
    # Every list in each export format and view the portal offers.
    exports = [f"{a}?format={f}" for a in addresses if "<" not in a for f in ("csv", "ics")]
    return sorted(addresses | set(exports) | {"/calendar/?view=list", "/calendar/?view=week"})


def _walk(client, user, objects) -> dict[str, list[str]]:
    token = CalendarToken.objects.get_or_create(user=user)[0].token
    client.force_login(user)
    seen: dict[str, list[str]] = {}
    for address in _addresses(objects, token):
        response = client.get(address)
        if response.status_code != 200 or response.streaming:
            continue
        body = response.content.decode(errors="replace")
        hits = [secret for secret in SECRETS if secret in body]
        if hits:
            seen[address] = hits
    return seen


def test_a_non_member_finds_nothing_of_the_members_only(client, members_only, jiashan_judge):
    assert _walk(client, jiashan_judge, members_only) == {}


def test_a_member_finds_it_on_the_pages_meant_for_them(client, members_only, member):
    seen = _walk(client, member, members_only)
    session = members_only["session"].get_absolute_url()
    assert NEW_LINK in seen[session] and OLD_LINK in seen[session]  # the history panel
    assert SECRET_DIGITS in seen[members_only["secret"].get_absolute_url()]
    assert SECRET_CAUSE in seen[session]  # the agenda names the case for a member


def test_the_history_panel_hides_the_members_fields_but_shows_the_rest(
    client, members_only, jiashan_judge
):
    client.force_login(jiashan_judge)
    body = client.get(members_only["session"].get_absolute_url()).content.decode()
    assert "第二次类案研讨" in body and "仅限组员" in body
    assert OLD_LINK not in body and NEW_LINK not in body and SECRET_DIGITS not in body
    history = body[body.index('id="history-heading"') :]
    assert "创建" in history  # the creation entry stays; the link and agenda changes do not
