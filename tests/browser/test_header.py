"""The header keeps one row at every width in both languages, with the portal's name beside the
menu button on a phone and in the brand link's accessible name everywhere."""

from .test_login_journey import login

WIDTHS = [360, 390, 1024, 1200, 1280, 1366, 1440, 1920]
ONE_ROW = 70  # px: a second row of links or buttons makes it about 90-130


def test_the_header_keeps_one_row(page, live_server, demo_data, shot):
    for username in ("jinshan-secretary", "admin"):
        page.context.clear_cookies()
        login(page, live_server, username)
        for language, name in (("zh-hans", "金平嘉毗邻党建协作平台"), ("en", "Jin-Ping-Jia")):
            page.context.add_cookies(
                [{"name": "django_language", "value": language, "url": live_server.url}]
            )
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 800})
                page.goto(f"{live_server.url}/")
                height = page.locator(".portal-header").bounding_box()["height"]
                assert height < ONE_ROW, (username, language, width, height)
                text = page.locator(".brand-text")
                assert name in text.text_content()  # heard by screen readers even when hidden
                assert text.evaluate("e => getComputedStyle(e).display") != "none"
                if width < 576:  # on a phone the name is on screen, beside the menu button
                    box = text.bounding_box()
                    toggler = page.locator(".navbar-toggler").bounding_box()
                    assert box["width"] > 50 and abs(box["y"] - toggler["y"]) < toggler["height"]
            shot(page, f"header-{username}-{language}-1920")


def test_the_admin_link_is_in_the_user_menu_of_staff_only(page, live_server, demo_data):
    login(page, live_server, "admin")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/")
    page.locator("#user-menu").click()
    page.get_by_role("link", name="管理后台").click()
    assert page.url.endswith("/admin/")
    page.context.clear_cookies()
    login(page, live_server, "jinshan-secretary")
    page.goto(f"{live_server.url}/")
    page.locator("#user-menu").click()
    assert page.get_by_role("link", name="管理后台").count() == 0
