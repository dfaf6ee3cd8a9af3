"""Playwright journeys in Debian's Chromium against pytest-django's live server."""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
CHROMIUM = next(
    (
        p
        for p in ("/usr/lib/chromium/chromium", shutil.which("chromium") or "")
        if p and os.path.exists(p)
    ),
    "/usr/lib/chromium/chromium",
)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # An English browser: the portal must still open in Chinese.
    # Reduced motion: Bootstrap then opens menus and folded filters at once; a click during
    # their animation was sometimes lost (the phone journey failed now and then).
    return {
        **browser_context_args,
        "locale": "en-US",
        "viewport": {"width": 1280, "height": 860},
        "reduced_motion": "reduce",
    }


@pytest.fixture
def shot():
    """Save a full-page screenshot under var/screenshots/ to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def demo_data(transactional_db):
    from portal.demo import seed_all

    return seed_all()
