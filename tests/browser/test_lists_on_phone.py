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


def test_the_calendar_opens_as_a_list_on_a_phone_and_numbers_are_tap_to_call(
    page, live_server, demo_data, shot
):
    login(page, live_server, "jinshan-secretary")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/calendar/")
    shot(page, "phone-calendar")
    # Only the days with something on, each with its date and weekday in words, one per row.
    days = page.locator(".calendar-month td")
    shown = [d for d in days.all() if d.is_visible()]
    assert shown and all(d.locator(".calendar-event").count() > 0 for d in shown)
    first = shown[0].locator(".day-long")
    assert first.is_visible() and "星期" in first.inner_text()
    assert page.locator(".calendar-month thead").bounding_box()["height"] <= 1  # read aloud only
    boxes = [d.bounding_box() for d in shown[:2]]
    if len(boxes) == 2:
        assert boxes[1]["y"] >= boxes[0]["y"] + boxes[0]["height"] - 1  # a list, not a row
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The filters fold behind one button there too.
    assert not page.locator("#calendar-filters").is_visible()
    page.get_by_role("button", name="筛选条件").click()
    page.locator("#calendar-filters").wait_for(state="visible")
    page.mouse.move(0, 0)
    assert axe_violations(page) == []
    # On a desktop the month is a grid of seven columns again.
    page.set_viewport_size({"width": 1280, "height": 860})
    page.goto(f"{live_server.url}/calendar/")
    assert page.locator(".calendar-month thead th").count() == 7
    assert page.locator(".calendar-month thead").bounding_box()["height"] > 20
    # Office numbers in the directory are tap-to-call links.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/people/")
    call = page.locator('.list-table a[href^="tel:0"]').first
    assert call.is_visible() and call.get_attribute("href").startswith("tel:021")
