"""A secretary writes an item with an image and submits it; the reviewer returns it with a
comment; the secretary fixes and resubmits it; the reviewer publishes; a visitor who is not
logged in reads it on /public/."""

import io
import re

from PIL import Image
from playwright.sync_api import expect

from publicity.models import PublicityItem

from .test_activity_journey import new_page
from .test_login_journey import login


def _photo(path):
    image = Image.new("RGB", (1200, 800), (180, 40, 40))
    for x in range(0, 1200, 40):
        for y in range(0, 800, 40):
            if (x + y) // 40 % 2:
                image.putpixel((x, y), (255, 255, 255))
    out = io.BytesIO()
    image.save(out, format="JPEG")
    path.write_bytes(out.getvalue())
    return path


def test_secretary_writes_reviewer_returns_then_publishes_visitor_reads(
    browser, live_server, demo_data, shot, tmp_path
):
    # 1. 陈红梅 (Jinshan's secretary) writes a draft.
    writer = new_page(browser)
    login(writer, live_server, "jinshan-secretary")
    writer.get_by_role("button", name="宣传").click()
    writer.get_by_role("link", name="宣传稿件", exact=True).click()
    writer.get_by_role("link", name="撰写稿件").click()
    writer.get_by_label("标题").fill("三地法院共建“法治长廊”")
    writer.get_by_label("摘要").fill("金山、平湖、嘉善三地法院在交界处共建法治宣传长廊。")
    writer.get_by_role("textbox", name="正文").fill(
        "## 建设情况\n\n长廊全长三百米，设有三地法院的典型案例展板。"
    )
    # the live preview shows formatted text, not Markdown
    preview = writer.get_by_test_id("body-preview")
    expect(preview.get_by_role("heading", name="建设情况")).to_be_visible()
    expect(preview).not_to_contain_text("##")
    writer.get_by_label("领域").select_option(label="舆论宣传")
    writer.get_by_label("平湖").check()
    writer.get_by_label("标签").fill("法治宣传，共建")
    writer.get_by_role("button", name="保存").click()
    expect(writer.get_by_text("草稿已保存")).to_be_visible()

    # 2. An image goes into the body through the editor's button.
    writer.get_by_role("link", name="编辑", exact=True).click()
    with writer.expect_file_chooser() as chooser:
        writer.get_by_role("button", name="插入图片").click()
    chooser.value.set_files(str(_photo(tmp_path / "长廊.jpg")))
    expect(writer.get_by_role("textbox", name="正文")).to_have_value(
        re.compile(r"/public/images/\d+/")
    )
    shot(writer, "publicity-01-editor")
    writer.get_by_role("button", name="保存").click()
    expect(writer.locator(".publicity-body img")).to_be_visible()
    writer.get_by_role("button", name="提交审核").click()
    expect(writer.get_by_text("已提交")).to_be_visible()
    shot(writer, "publicity-02-submitted")

    # 3. The Jinshan reviewer returns it with a comment.
    reviewer = new_page(browser)
    login(reviewer, live_server, "jinshan-reviewer")
    reviewer.get_by_role("link", name=re.compile("待审核：三地法院共建")).click()
    reviewer.get_by_role("link", name="退回作者").click()
    reviewer.get_by_label("意见").fill("请补充长廊建成的时间。")
    reviewer.get_by_role("button", name="退回作者").click()
    expect(reviewer.get_by_text("已退回作者")).to_be_visible()

    # 4. The secretary sees the comment, fixes the body and submits again.
    writer.goto(f"{live_server.url}/")
    writer.get_by_role("link", name=re.compile("退回给我：三地法院共建")).click()
    expect(writer.get_by_role("status").filter(has_text="请补充长廊建成的时间。")).to_be_visible()
    shot(writer, "publicity-03-returned")
    writer.get_by_role("link", name="编辑", exact=True).click()
    body = writer.get_by_role("textbox", name="正文")
    body.fill(body.input_value() + "\n\n长廊于2026年10月建成。")
    writer.get_by_role("button", name="保存").click()
    writer.get_by_role("button", name="重新提交").click()
    expect(writer.get_by_text("已提交")).to_be_visible()

    # 5. The reviewer publishes it.
    reviewer.goto(f"{live_server.url}/publicity/review/")
    reviewer.get_by_role("link", name="三地法院共建“法治长廊”").click()
    reviewer.once("dialog", lambda dialog: dialog.accept())
    reviewer.get_by_role("button", name="发布", exact=True).click()
    expect(reviewer.get_by_text("已发布：")).to_be_visible()
    item = PublicityItem.objects.get(title="三地法院共建“法治长廊”")
    assert item.status == "published"

    # 6. A visitor reads it on /public/ without logging in.
    visitor = new_page(browser)
    visitor.goto(f"{live_server.url}/public/")
    visitor.get_by_role("link", name="三地法院共建“法治长廊”").click()
    expect(visitor.get_by_role("heading", name="三地法院共建“法治长廊”")).to_be_visible()
    expect(visitor.get_by_text("长廊于2026年10月建成。")).to_be_visible()
    image = visitor.locator(".publicity-body img")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.naturalWidth") > 0  # the image really loads
    expect(visitor.get_by_text("陈红梅")).to_have_count(0)
    shot(visitor, "publicity-04-public")
