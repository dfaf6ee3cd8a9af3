import re

from playwright.sync_api import expect

from portal.demo.courts import DEMO_PASSWORD


def login(page, live_server, username):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("用户名或电子邮箱").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    # wait for the login to land before the test goes on: a goto() racing the form's POST
    # left the browser logged out now and then
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"), timeout=15000)


def test_secretary_logs_in_switches_language_and_logs_out(page, live_server, demo_data, shot):
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.get_by_role("heading", name="登录平台")).to_be_visible()
    shot(page, "01-login-zh")

    login(page, live_server, "pinghu-secretary")
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_test_id("home-court")).to_have_text("浙江省平湖市人民法院")
    expect(page.get_by_role("heading", name="沈建国，您好")).to_be_visible()
    shot(page, "02-home-zh")

    page.get_by_role("button", name="English").click()  # one step, named in itself
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_test_id("home-court")).to_have_text("Zhejiang Pinghu City People's Court")
    expect(page.get_by_role("link", name="People", exact=True)).to_be_visible()
    shot(page, "03-home-en")

    page.get_by_role("button", name="简体中文").click()
    expect(page.get_by_test_id("home-court")).to_have_text("浙江省平湖市人民法院")

    page.get_by_role("button", name=re.compile("沈建国")).click()
    page.get_by_role("button", name="退出登录").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.goto(f"{live_server.url}/courts/pinghu/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))


def test_people_directory_filters_on_a_phone(page, live_server, demo_data, shot):
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, "jiashan-judge")
    page.get_by_role("button", name="显示菜单").click()
    expect(page.locator("#main-nav")).to_have_class(re.compile(r"\bshow\b"))
    page.get_by_role("link", name="人员").click()
    expect(page).to_have_url(re.compile(r"/people/$"))
    # On a phone the filters fold behind one button, open again once a filter is in use.
    page.get_by_role("button", name="筛选条件").click()
    expect(page.locator("#list-filters")).to_have_class(re.compile(r"\bshow\b"))
    page.get_by_label("法院").select_option(label="浙江省嘉善县人民法院")
    page.get_by_role("button", name="筛选", exact=True).click()
    expect(page.get_by_label("法院")).to_be_visible()
    expect(page.get_by_role("button", name="筛选条件（1）")).to_be_visible()
    expect(page.get_by_role("rowheader", name="张志强")).to_be_visible()
    expect(page.get_by_role("rowheader", name="沈建国")).to_have_count(0)
    shot(page, "04-people-phone")


def test_wrong_password_keeps_the_login_and_says_why(page, live_server, demo_data, shot):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名或电子邮箱").fill("jinshan-judge")
    page.get_by_label("密码").fill("not-the-password")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_text("不正确")).to_be_visible()
    expect(page.get_by_label("用户名或电子邮箱")).to_have_value("jinshan-judge")
    shot(page, "05-login-error")
