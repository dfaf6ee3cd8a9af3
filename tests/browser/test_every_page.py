"""Every page of the demo world at 1366 and 390 px, in Chinese and in English: it answers, fits
the width (nothing to scroll sideways) and is saved as a screenshot to look at
(var/screenshots/pages/<language>-<width>/)."""

import re

import pytest

from tests.test_fuzz import _pages

from .conftest import SCREENSHOTS
from .test_login_journey import login


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_page_fits_phone_and_desktop_in_each_language(page, live_server, demo_data, language):
    login(page, live_server, "admin")
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    # The admin account is no person: it has no record of its own and writes no publicity.
    paths = [p for p in _pages() if p not in {"/activities/my-record/", "/publicity/new/"}]
    for width in (1366, 390):
        folder = SCREENSHOTS / "pages" / f"{language}-{width}"
        folder.mkdir(parents=True, exist_ok=True)
        page.set_viewport_size({"width": width, "height": 900})
        for index, path in enumerate(paths):
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, (path, response.status)
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width, (path, width, scroll)
            name = re.sub(r"[^a-z0-9]+", "_", path.strip("/")) or "home"
            page.screenshot(path=str(folder / f"{index:02d}-{name}.png"), full_page=True)
