"""A secretary opens the dashboard, changes the year and the court, follows a figure to the list
it counts, sets a target and sees her court behind it, then downloads the annual report's
workbook and Word document — whose numbers are the page's; on a phone the dashboard reads too."""

import io
import re

from docx import Document
from openpyxl import load_workbook
from playwright.sync_api import expect

from .test_activity_journey import new_page
from .test_login_journey import login


def test_secretary_reads_the_dashboard_sets_a_target_and_downloads_the_report(
    browser, live_server, demo_data, shot
):
    page = new_page(browser)
    login(page, live_server, "jinshan-secretary")
    page.get_by_role("button", name="六大领域").click()
    page.get_by_role("link", name="成果总览").click()
    year = str(page.evaluate("new Date().getFullYear()"))
    expect(page.get_by_role("heading", name=f"{year}年协议成果")).to_be_visible()
    shot(page, "dashboard-01-this-year")

    # One court's column only.
    page.get_by_label("法院", exact=True).select_option(label="浙江省平湖市人民法院")
    page.get_by_role("button", name="查看").click()
    activities = page.get_by_role("region", name="已完成的联合活动", exact=True)
    expect(activities.get_by_role("columnheader", name="平湖")).to_be_visible()
    expect(activities.get_by_role("columnheader", name="金山")).to_have_count(0)

    # Back to every court; the Party-building figure of Jinshan opens the list it counts.
    page.get_by_label("法院", exact=True).select_option(label="全部法院")
    page.get_by_role("button", name="查看").click()
    row = activities.get_by_role("row", name=re.compile("^党建交流"))
    jinshan = row.get_by_role("link").first
    counted = int(jinshan.inner_text())
    jinshan.click()
    expect(page).to_have_url(re.compile(r"/activities/\?.*status=completed"))
    expect(page.locator("main table tbody tr")).to_have_count(counted)
    shot(page, "dashboard-02-the-list-it-counts")

    # A target above what was done: the court is behind it.
    page.go_back()
    page.get_by_role("link", name="设定年度目标").click()
    page.get_by_label("统计项").select_option("activities-completed:party_exchange")
    page.get_by_label("目标").fill(str(counted + 20))
    page.get_by_role("button", name="保存目标").click()
    expect(page.get_by_text("目标已保存。")).to_be_visible()
    expect(page.get_by_role("cell", name=str(counted + 20))).to_be_visible()
    shot(page, "dashboard-03-targets")
    page.get_by_role("link", name="返回成果总览").click()
    expect(page.get_by_role("heading", name=re.compile("项数据落后于目标"))).to_be_visible()
    shot(page, "dashboard-04-behind")

    # The annual report and its files hold the page's numbers.
    page.get_by_role("link", name="年度报告").first.click()
    expect(page.get_by_role("heading", name=f"{year}年度报告")).to_be_visible()
    with page.expect_download() as workbook:
        page.get_by_role("link", name="Excel 工作簿").click()
    book = load_workbook(io.BytesIO(workbook.value.path().read_bytes()))
    summary = {(r[0], r[1]): r[2] for r in book["汇总"].iter_rows(min_row=2, values_only=True)}
    assert summary["已完成的联合活动", "党建交流"] == counted
    with page.expect_download() as word:
        page.get_by_role("link", name="Word 文档").click()
    document = Document(word.value.path())
    lines = [p.text for p in document.paragraphs if p.text]
    assert lines[0] == f"三地法院{year}年度毗邻党建工作总结" and "一、总体情况" in lines
    shot(page, "dashboard-05-annual-report")


def test_the_dashboard_on_a_phone(browser, live_server, demo_data, shot):
    page = new_page(browser)
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, "pinghu-secretary")
    page.goto(f"{live_server.url}/dashboard/")
    table = page.get_by_role("region", name="已完成的联合活动", exact=True)
    expect(table).to_be_visible()
    page.get_by_text("按月").first.click()
    expect(page.get_by_role("img", name=re.compile("按月分布")).first).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width  # nothing wider than the phone: tables scroll in their region
    shot(page, "dashboard-06-phone")


def test_a_judge_searches_a_chinese_word_in_the_header(browser, live_server, demo_data, shot):
    """王立新 (Jinshan) finds a case of his own group by a two-character word inside its text;
    a group-only case of a group he is not in is neither found nor counted."""
    page = new_page(browser)
    login(page, live_server, "jinshan-judge")
    box = page.get_by_role("searchbox", name="全站搜索")
    box.fill("质押")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q="))
    cases = page.locator("#found-cases").locator("xpath=..")
    expect(cases.get_by_role("link", name=re.compile("金融借款合同纠纷"))).to_be_visible()
    expect(cases.locator("mark").first).to_have_text("质押")
    shot(page, "search-01-own-group")
    box = page.get_by_role("searchbox", name="全站搜索")
    box.fill("电镀")
    box.press("Enter")
    expect(page.get_by_text("没有找到与“电镀”相关的记录。")).to_be_visible()
    expect(page.locator("#found-cases")).to_have_count(0)
    shot(page, "search-02-another-groups-case")


def test_a_secretary_opens_a_branch_and_a_members_record(browser, live_server, demo_data, shot):
    """陈红梅 opens Jinshan's page, a branch's members with their counts, one member's record
    across the three courts, and downloads it; Pinghu's secretary cannot open it."""
    page = new_page(browser)
    login(page, live_server, "jinshan-secretary")
    page.goto(f"{live_server.url}/courts/jinshan/")
    records = page.get_by_role("navigation", name="党员档案")
    records.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"/branches/\d+/record/"))
    expect(page.get_by_role("columnheader", name="参加的联合活动（占受邀数）")).to_be_visible()
    shot(page, "record-01-branch")
    member = page.locator("main table tbody th a").first
    name = member.inner_text()
    member.click()
    expect(page.get_by_role("heading", name=re.compile(f"^{name}"))).to_be_visible()
    address = page.url
    with page.expect_download() as workbook:
        page.get_by_role("link", name="Excel 工作簿").click()
    book = load_workbook(io.BytesIO(workbook.value.path().read_bytes()))
    assert book.sheetnames[0] == "参加的联合活动（占受邀数）"
    shot(page, "record-02-member")
    other = new_page(browser)
    login(other, live_server, "pinghu-secretary")
    answer = other.goto(address)
    assert answer.status == 404
