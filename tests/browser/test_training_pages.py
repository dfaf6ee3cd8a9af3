"""The training pages meet WCAG 2.1 AA as far as axe-core can tell, on a desktop and on a
390 px phone (lists as cards, nothing off-screen), in Chinese and in English."""

import pytest

from training.models import Enrolment, TrainingSession

from .a11y import axe_violations
from .test_login_journey import login


def _pages():
    open_ = TrainingSession.objects.filter(title="裁判文书说理能力提升班").get()
    held = TrainingSession.objects.filter(status="held").order_by("start").first()
    completed = Enrolment.objects.filter(session=held, status="completed", court__slug="jinshan")
    return [
        ("/training/", "sessions"),
        ("/training/new/", "session-form"),
        ("/training/mine/", "mine"),
        ("/training/programmes/", "programmes"),
        (open_.programme.get_absolute_url(), "programme"),
        (open_.get_absolute_url(), "session"),
        (f"{open_.get_absolute_url()}enrol/", "enrol"),
        (f"{held.get_absolute_url()}attendance/", "attendance"),
        (completed.first().get_certificate_url(), "certificate"),
        ("/training/verify/", "verify"),
        (f"/training/verify/{completed.first().certificate_code}/", "verified"),
    ]


@pytest.mark.parametrize("width", [390, 1280])
def test_training_pages_pass_axe_and_fit_the_screen(page, live_server, demo_data, shot, width):
    login(page, live_server, "jinshan-coordinator")
    page.set_viewport_size({"width": width, "height": 844})
    failures = {}
    for path, name in _pages():
        page.goto(f"{live_server.url}{path}")
        assert page.locator("main").count() == 1, path
        shot(page, f"training-{name}-{width}")
        if width == 390:
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        violations = axe_violations(page)
        if violations:
            failures[path] = violations
    assert failures == {}, "\n".join(f"{p}: {v}" for p, vs in failures.items() for v in vs)


def test_training_pages_in_english(page, live_server, demo_data, shot):
    login(page, live_server, "jinshan-coordinator")
    page.get_by_role("button", name="English").click()
    for path, name in _pages()[:8]:
        page.goto(f"{live_server.url}{path}")
        shot(page, f"training-en-{name}")
        text = page.locator("main").inner_text()
        # English pages carry no Chinese punctuation of their own (names and titles aside)
        for mark in "，。：；（）、":
            assert mark not in _without_data(text), (path, mark)


def _without_data(text: str) -> str:
    """The page's own words: lines of demo data (Chinese titles, names, places) left out."""
    return "\n".join(
        line for line in text.splitlines() if not any("\u4e00" <= ch <= "\u9fff" for ch in line)
    )
