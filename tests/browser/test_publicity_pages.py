"""The publicity pages meet WCAG 2.1 AA as far as axe-core can tell, on a desktop and on a
390 px phone, for staff and for a visitor; the editor's toolbar is reachable by keyboard."""

import pytest

from publicity.models import PublicityItem

from .a11y import axe_violations
from .test_login_journey import login


def _staff_pages():
    published = PublicityItem.objects.filter(status="published").order_by("pk").first()
    draft = PublicityItem.objects.filter(status="draft").order_by("pk").first()
    return [
        ("/publicity/", "items"),
        ("/publicity/mine/", "mine"),
        ("/publicity/new/", "new"),
        (draft.get_absolute_url(), "draft"),
        (f"{draft.get_absolute_url()}edit/", "edit"),
        (published.get_absolute_url(), "published"),
        (f"{published.get_absolute_url()}records/new/", "record"),
    ]


@pytest.mark.parametrize("width", [390, 1280])
def test_publicity_pages_pass_axe(page, live_server, demo_data, shot, width):
    page.set_viewport_size({"width": width, "height": 844})
    published = PublicityItem.objects.filter(status="published").order_by("pk").first()
    failures = {}
    for path, name in [("/public/", "public-list"), (published.get_public_url(), "public-item")]:
        page.goto(f"{live_server.url}{path}")
        shot(page, f"publicity-{name}-{width}")
        if width == 390:
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        if violations := axe_violations(page):
            failures[path] = violations
    login(page, live_server, "jinshan-secretary")
    for path, name in _staff_pages():
        page.goto(f"{live_server.url}{path}")
        shot(page, f"publicity-{name}-{width}")
        if width == 390:
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        if violations := axe_violations(page):
            failures[path] = violations
    assert failures == {}, "\n".join(f"{p}: {v}" for p, vs in failures.items() for v in vs)


def test_the_editor_toolbar_works_from_the_keyboard(page, live_server, demo_data):
    login(page, live_server, "jinshan-secretary")
    draft = PublicityItem.objects.filter(status="draft").order_by("pk").first()
    page.goto(f"{live_server.url}{draft.get_absolute_url()}edit/")
    body = page.get_by_role("textbox", name="正文")
    body.fill("三地共读")
    body.press("Control+a")
    bold = page.get_by_role("toolbar", name="正文格式").get_by_role("button", name="加粗")
    bold.focus()
    page.keyboard.press("Enter")
    assert body.input_value() == "**三地共读**"


def test_public_pages_in_english(page, live_server, demo_data, shot):
    page.goto(f"{live_server.url}/public/")
    page.get_by_role("button", name="English").click()
    page.goto(f"{live_server.url}/public/")
    text = page.locator("main").inner_text()
    assert "Good practices and joint work" in text
    for mark in "，。：；（）、":
        assert mark not in "\n".join(
            line for line in text.splitlines() if not any("\u4e00" <= ch <= "\u9fff" for ch in line)
        ), mark
    shot(page, "publicity-en-public-list")
