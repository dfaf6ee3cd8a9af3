"""A Pinghu judge joins the Jinshan-convened financial group, is approved, and shares a case
through the personal-data check; an outside judge sees counts only."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from casegroups.models import StudyCase

from .test_activity_journey import new_page
from .test_login_journey import login


def test_judge_joins_a_group_of_another_court_and_submits_a_case(
    browser, live_server, demo_data, shot
):
    # 1. 李文华 (Pinghu) finds the financial group and asks to join it.
    judge = new_page(browser)
    login(judge, live_server, "pinghu-judge")
    judge.get_by_role("button", name="审判质效").click()
    judge.get_by_role("link", name="类案研究小组").click()
    judge.get_by_label("专业领域").select_option(label="金融")
    judge.get_by_role("button", name="筛选", exact=True).click()
    expect(judge.get_by_role("rowheader")).to_have_count(1)
    shot(judge, "casegroups-01-list")
    judge.get_by_role("link", name="金融审判类案研究组").click()
    judge.get_by_label("申请理由").fill("长期审理金融借款和保理纠纷。")
    judge.get_by_role("button", name="提交申请").click()
    expect(judge.get_by_text("申请已发送给召集人")).to_be_visible()
    expect(judge.get_by_text("召集人尚未审批")).to_be_visible()

    # 2. 王立新 (Jinshan), the convenor, sees the request on the home page and approves it.
    convenor = new_page(browser)
    login(convenor, live_server, "jinshan-judge")
    convenor.get_by_role("link", name=re.compile("李文华申请加入")).click()
    expect(convenor.get_by_text("长期审理金融借款和保理纠纷。")).to_be_visible()
    shot(convenor, "casegroups-02-request")
    convenor.get_by_role("button", name="批准李文华").click()
    expect(convenor.get_by_text("李文华已成为本组成员")).to_be_visible()
    members = convenor.get_by_role("region", name="成员")
    expect(members.get_by_role("heading", name=re.compile("平湖"))).to_be_visible()
    expect(members.get_by_text("李文华")).to_be_visible()

    # 3. The judge is told, and submits a case; the check finds a phone number and a party.
    judge.goto(f"{live_server.url}/inbox/")
    expect(
        judge.locator(".fw-semibold", has_text="您已成为“金融审判类案研究组”的成员")
    ).to_be_visible()
    judge.goto(f"{live_server.url}/casegroups/")
    judge.get_by_role("link", name="金融审判类案研究组").click()
    judge.get_by_role("link", name="提交案例").click()
    judge.get_by_label("案号").fill("(2024)浙0482民初1024号")
    judge.get_by_label("案由").fill("保理合同纠纷")
    judge.get_by_label("案情摘要（已脱敏）").fill(
        "保理商受让债权后通知债务人，联系人刘某某（电话13957312345）确认收到通知。"
    )
    judge.get_by_label("疑难或新类型之处").fill("虚构应收账款时保理商的审查义务。")
    judge.get_by_label("当事人姓名（仅用于检查，不保存）").fill("刘某某")
    judge.get_by_role("button", name="检查并提交").click()
    expect(judge.get_by_role("heading", name="个人信息检查")).to_be_visible()
    expect(judge.locator("mark.redaction-hit")).to_have_count(2)
    shot(judge, "casegroups-03-check")
    judge.get_by_role("group", name=re.compile("13957312345")).get_by_label(
        re.compile("遮盖为")
    ).check()
    judge.get_by_role("group", name=re.compile("刘某某")).get_by_label(
        re.compile("不是个人信息")
    ).check()
    judge.get_by_role("button", name="按所选处理并提交").click()
    expect(judge.get_by_role("heading", name="（2024）浙0482民初1024号")).to_be_visible()
    expect(judge.get_by_text("139****2345")).to_be_visible()
    # the demo's factoring-and-receivables case is the most similar one
    similar = judge.get_by_role("region", name="类案推荐")
    expect(similar.get_by_role("link", name="（2023）浙0482民初3125号")).to_be_visible()
    shot(judge, "casegroups-04-case")
    case = StudyCase.objects.get(case_number="（2024）浙0482民初1024号")
    assert "13957312345" not in case.summary and "刘某某" in case.summary

    # 4. A Jiashan secretary sees that the group has cases, not what they are.
    outsider = new_page(browser)
    login(outsider, live_server, "jiashan-secretary")
    outsider.goto(f"{live_server.url}{case.group.get_absolute_url()}")
    expect(outsider.get_by_test_id("case-counts")).to_contain_text("仅向本组成员公开")
    expect(outsider.get_by_text("（2024）浙0482民初1024号")).to_have_count(0)
    shot(outsider, "casegroups-05-outsider")

    # 5. The convenor schedules a study session of the case; it is on both judges' calendars.
    convenor.goto(f"{live_server.url}{case.group.get_absolute_url()}")
    convenor.get_by_role("link", name="安排研讨").click()
    day = timezone.localdate() + datetime.timedelta(days=2)
    convenor.get_by_label("开始时间").fill(f"{day.isoformat()}T14:00")
    convenor.get_by_label("结束时间").fill(f"{day.isoformat()}T16:30")
    convenor.get_by_label("地点").fill("金山法院三楼会议室")
    convenor.get_by_label("线上会议链接").fill("https://meeting.example.cn/j/2024")
    convenor.get_by_label(re.compile("（2024）浙0482民初1024号")).check()
    convenor.get_by_role("button", name="保存").click()
    expect(convenor.get_by_text("研讨已安排，已通知全体成员")).to_be_visible()
    shot(convenor, "casegroups-06-session")
    for viewer in (judge, convenor):
        viewer.goto(f"{live_server.url}/calendar/?view=list&month={day.strftime('%Y-%m')}")
        expect(
            viewer.get_by_role("link", name="金融审判类案研究组第1次研讨", exact=True)
        ).to_be_visible()
    shot(judge, "casegroups-07-calendar")
    judge.get_by_role("link", name="金融审判类案研究组第1次研讨", exact=True).click()
    expect(judge.get_by_role("link", name="https://meeting.example.cn/j/2024")).to_be_visible()
