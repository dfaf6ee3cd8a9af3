"""A joint activity from creation to dossier, across two courts and a phone."""

import datetime
import io
import re
import zipfile

from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from activities import roll_call
from activities.models import Activity, Attachment, Attendance

from .test_login_journey import login


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (164, 22, 26)).save(buffer, format="PNG")
    return buffer.getvalue()


def new_page(browser, **kwargs):
    context = browser.new_context(
        locale="zh-CN",
        viewport={"width": 1280, "height": 900},
        accept_downloads=True,
        reduced_motion="reduce",
        **kwargs,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def test_joint_activity_from_creation_to_dossier(browser, live_server, demo_data, shot):
    now = timezone.localtime()
    start = (now - datetime.timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M")
    end = (now + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")

    # 1. The Jinshan secretary creates a joint activity with Pinghu and invites both courts.
    host = new_page(browser)
    login(host, live_server, "jinshan-secretary")
    host.goto(f"{live_server.url}/activities/new/")
    host.get_by_label("标题").fill("金平联合交流座谈")
    host.get_by_label("活动类型").select_option(label="交流座谈")
    host.get_by_label("合作领域").select_option(label="文化交流")
    host.get_by_label("浙江省平湖市人民法院").check()
    host.get_by_label("开始时间").fill(start)
    host.get_by_label("结束时间").fill(end)
    host.get_by_label("地点").fill("金山法院第一会议室")
    host.get_by_label("通知").fill("请准时参加。")
    shot(host, "10-activity-form")
    host.get_by_role("button", name="保存").click()
    expect(host.get_by_role("heading", name="邀请参加人员")).to_be_visible()
    # People are found by typing and ticked, grouped by court: no Ctrl-click list.
    search = host.get_by_placeholder("按姓名、法院或党支部查找")
    search.fill("王立新")
    expect(host.locator("[data-people-count]")).to_contain_text("显示 1 人")
    host.get_by_label("王立新").check()
    search.fill("平湖")
    host.get_by_label("李文华").check()
    expect(host.locator("[data-people-count]")).to_contain_text("已选 2 人")
    search.fill("")
    shot(host, "11-invite")
    host.get_by_role("button", name="邀请").click()
    expect(host.get_by_text("已邀请 2 人。")).to_be_visible()
    activity = Activity.objects.get(title="金平联合交流座谈")
    assert set(activity.attendances.values_list("person__full_name", flat=True)) == {
        "王立新",
        "李文华",
    }

    # 2. The Pinghu secretary adds their court's photo to Pinghu's part.
    cohost = new_page(browser)
    login(cohost, live_server, "pinghu-secretary")
    cohost.goto(f"{live_server.url}{activity.get_absolute_url()}")
    cohost.get_by_role("link", name="编辑本院材料").click()
    cohost.get_by_label("文件*").set_input_files(
        files=[{"name": "平湖合影.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    cohost.get_by_role("button", name="上传").click()
    expect(cohost.get_by_text("文件已上传。")).to_be_visible()
    expect(cohost.get_by_role("link", name="平湖合影.png")).to_be_visible()
    shot(cohost, "12-part-upload")
    assert Attachment.objects.get(activity=activity).part.court.slug == "pinghu"

    # 3. The Pinghu judge scans the QR code on a phone, logs in and is signed in.
    host.goto(f"{live_server.url}/activities/{activity.pk}/qr/")
    expect(host.get_by_role("img", name="签到二维码")).to_be_visible()
    shot(host, "13-qr-screen")
    phone = new_page(browser)
    phone.set_viewport_size({"width": 390, "height": 844})
    token = roll_call.current_token(activity.pk)
    phone.goto(f"{live_server.url}/activities/{activity.pk}/sign-in/{token}/")
    expect(phone).to_have_url(re.compile(r"/accounts/login/"))
    phone.get_by_label("用户名或电子邮箱").fill("pinghu-judge")
    phone.get_by_label("密码").fill("jpj-demo-2020")
    phone.get_by_role("button", name="登录").click()
    shot(phone, "14-sign-in-phone")
    phone.get_by_role("button", name="立即签到").click()
    expect(phone.get_by_text("签到成功，欢迎参加！")).to_be_visible()
    shot(phone, "15-signed-in-phone")
    assert Attendance.objects.get(activity=activity, person__full_name="李文华").status == (
        Attendance.Status.SIGNED_IN
    )

    # 4. The roll call shows both courts side by side with their rates.
    host.goto(f"{live_server.url}/activities/{activity.pk}/roll-call/")
    expect(host.get_by_test_id("rate-pinghu")).to_contain_text("100%")
    expect(host.get_by_test_id("rate-jinshan")).to_contain_text("0%")
    shot(host, "16-roll-call")

    # 5. Without minutes "mark completed" is not offered (the page says what waits); the host
    # writes them, completes, downloads.
    host.goto(f"{live_server.url}{activity.get_absolute_url()}")
    expect(host.get_by_role("button", name="标记完成")).to_have_count(0)
    expect(host.get_by_test_id("complete-waits")).to_contain_text("归档材料齐全后即可标记完成")
    host.get_by_role("link", name="会议记录", exact=True).click()
    host.get_by_label("会议记录").fill("三地法院交流了审判工作经验。")
    host.get_by_role("button", name="保存为新版本").click()
    expect(host.get_by_text("已保存。")).to_be_visible()
    host.goto(f"{live_server.url}{activity.get_absolute_url()}")
    # The record is complete, but the activity has not ended: the page says when it can be.
    expect(host.get_by_role("button", name="标记完成")).to_have_count(0)
    expect(host.get_by_test_id("complete-not-yet")).to_contain_text("活动结束")
    ended = timezone.now() - datetime.timedelta(minutes=1)
    Activity.objects.filter(pk=activity.pk).update(end=ended)
    host.reload()
    host.once("dialog", lambda dialog: dialog.accept())  # it asks first: irreversible
    host.get_by_role("button", name="标记完成").click()
    expect(host.get_by_text("活动已标记完成。")).to_be_visible()
    shot(host, "17-completed")
    with host.expect_download() as download_info:
        host.get_by_role("link", name="下载活动纪实").click()
    archive = zipfile.ZipFile(download_info.value.path())
    names = archive.namelist()
    assert "index.html" in names and "signin-sheet.xlsx" in names
    assert any(name.endswith("平湖合影.png") for name in names)
    activity.refresh_from_db()
    assert activity.status == Activity.Status.COMPLETED
