"""Every list on a 390 px phone: one card per row, every column's value on screen with its label,
the filters folded behind one button; still accessible."""

from .a11y import axe_violations
from .test_login_journey import login

LISTS = [
    ("/activities/", "activities", True),
    ("/cooperation/", "cooperation", True),
    ("/people/", "people", True),
    ("/activities/series/", "series", False),
    ("/activities/bases/", "bases", False),
    ("/activities/my-record/", "my-record", False),
]


def test_lists_are_cards_on_a_phone(page, live_server, demo_data, shot):
    login(page, live_server, "jinshan-secretary")
    page.set_viewport_size({"width": 390, "height": 844})
    for path, name, has_filters in LISTS:
        page.goto(f"{live_server.url}{path}")
        shot(page, f"phone-list-{name}")
        rows = page.locator(".list-table tbody tr")
        assert rows.count() > 0, path
        first = rows.first
        # A card: the key column is its heading, every other cell shows its column's label.
        labels = first.locator("td").evaluate_all(
            "cells => cells.map(c => getComputedStyle(c, '::before').content)"
        )
        assert labels and all(label not in ("none", '""') for label in labels), (path, labels)
        # Nothing off-screen: the page does not scroll sideways and each cell lies inside it.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        for cell in first.locator("th, td").all():
            box = cell.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, (path, box)
        if has_filters:
            form = page.locator("#list-filters")
            assert not form.is_visible(), path
            page.get_by_role("button", name="筛选条件").click()
            form.wait_for(state="visible")
            page.mouse.move(0, 0)  # off the button: axe reads colours, not a hover
        assert axe_violations(page) == [], path
    # On a desktop the same list is a table with a header row, and the filters are open.
    page.set_viewport_size({"width": 1280, "height": 860})
    page.goto(f"{live_server.url}/activities/")
    assert page.locator(".list-table thead th").first.is_visible()
    assert page.locator("#list-filters").is_visible()
    shot(page, "desktop-list-activities")
