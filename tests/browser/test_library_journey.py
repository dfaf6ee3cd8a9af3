"""A coordinator of Pinghu shares a training deck with the three courts from her session's page,
which uses it; a judge of Jinshan finds it by a Chinese word inside the file and downloads it;
a visitor finds the public typical-case compilation on the public pages and downloads it
without logging in."""

import io
import re

from playwright.sync_api import expect

from portal.demo.library import _docx

from .test_activity_journey import new_page
from .test_login_journey import login


def test_a_deck_shared_by_one_court_is_found_by_a_word_inside_it_in_another(
    browser, live_server, demo_data, shot, tmp_path
):
    deck = tmp_path / "调解技巧培训课件.docx"
    deck.write_bytes(_docx(["诉前调解技巧", "一、人民调解与司法确认的衔接"]))

    page = new_page(browser)
    login(page, live_server, "pinghu-coordinator")
    page.get_by_role("button", name="合作").click()
    page.get_by_role("link", name="资源库").click()
    expect(page.get_by_role("heading", name="资源库")).to_be_visible()

    # From her court's training session: shared into the library and used by the session.
    page.get_by_role("button", name="培训").click()
    page.get_by_role("link", name="培训班次").click()
    page.get_by_role("link", name="裁判文书说理能力提升班").click()
    page.get_by_role("link", name="上传新资料到资源库").click()
    expect(page.get_by_text("上传到资源库，并添加到“裁判文书说理能力提升班”。")).to_be_visible()
    page.get_by_label("标题").fill("诉前调解技巧培训课件")
    page.get_by_label("资源类型").select_option(label="培训资料")
    page.get_by_label("合作领域").select_option(label="人才培养")
    page.get_by_label("共享范围").select_option(label="三地法院")
    page.get_by_label("文件（PDF、Word、Excel、JPG 或 PNG）").set_input_files(str(deck))
    page.get_by_label("版本说明").fill("第一版")
    shot(page, "library-01-share")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("资源已共享。")).to_be_visible()
    expect(page.get_by_role("heading", name="裁判文书说理能力提升班")).to_be_visible()
    panel = page.get_by_role("region", name="资源库中的资料")
    expect(panel.get_by_role("link", name="诉前调解技巧培训课件")).to_be_visible()
    shot(page, "library-02-used-by-the-session")

    judge = new_page(browser)
    login(judge, live_server, "jinshan-judge")
    judge.goto(f"{live_server.url}/library/")
    filters = judge.locator("#list-filters")
    filters.get_by_label("搜索").fill("司法确认")  # words inside the file, not in its title
    filters.get_by_role("button", name="筛选").click()
    expect(judge.get_by_role("link", name="诉前调解技巧培训课件")).to_be_visible()
    shot(judge, "library-03-found-by-a-word-inside")
    judge.get_by_role("link", name="诉前调解技巧培训课件").click()
    expect(judge.get_by_role("link", name="裁判文书说理能力提升班")).to_be_visible()  # where used
    with judge.expect_download() as download:
        judge.get_by_role("link", name="下载最新版本").click()
    assert download.value.suggested_filename == "调解技巧培训课件.docx"
    judge.reload()
    downloads = judge.get_by_role("table", name="按法院统计的下载次数")
    expect(downloads.get_by_role("row", name=re.compile("^金山"))).to_contain_text("1")
    shot(judge, "library-04-downloads-by-court")

    visitor = new_page(browser)
    visitor.goto(f"{live_server.url}/public/")
    visitor.get_by_role("link", name="共享资料").first.click()
    expect(
        visitor.get_by_role("link", name="金平嘉三地金融纠纷典型案例汇编（2025）")
    ).to_be_visible()
    expect(visitor.get_by_text("青年干警庭审驾驭能力培训课件")).to_have_count(0)  # courts only
    visitor.get_by_role("link", name="金平嘉三地金融纠纷典型案例汇编（2025）").click()
    shot(visitor, "library-05-public")
    with visitor.expect_download() as public_file:
        visitor.get_by_role("link", name=re.compile("^下载")).click()
    data = io.BytesIO()
    with open(public_file.value.path(), "rb") as f:
        data.write(f.read())
    assert data.getvalue().startswith(b"%PDF-")
