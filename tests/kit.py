"""The test kit every app uses: a world built once per module, and a URL × actor table runner.

A module-scoped world (``shared_world(build)``) is built once inside a transaction that is
rolled back when the module ends; each test runs inside a savepoint of it (pytest-django's
``db``), so tests see the same world and cannot leak into each other — Django's
``setUpTestData`` pattern for pytest. Files the world uploads go to a folder of the module's.

An access table maps each URL name to the status every actor gets for a GET and for a hostile
POST; the runner checks the status and that nothing in the database changed (a GET never
writes; a refused POST changes nothing)::

    TABLE = AccessTable(
        actors=["host_secretary", "judge", "anonymous"],
        rows={"activity-edit": ((200, 404, "L"), (200, 404, "L"))},
        bad_post={"title": "被改了"},
    )

``"L"`` means "sent to log in", ``None`` in a POST tuple "allowed; its effect is tested
elsewhere", and ``TABLE.NO`` marks a method the URL does not accept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern

LOGIN = "L"
# A test on a shared world: the database (the marker also makes pytest-django set it up) and the
# world's own media folders, which the per-test isolation in conftest.py then leaves alone.
SHARED = [pytest.mark.django_db, pytest.mark.shared_world]


def shared_world(build: Callable[[], dict[str, Any]]):
    """A module-scoped ``world`` fixture built once by ``build()`` (see the module docstring)."""

    @pytest.fixture(scope="module")
    def world(django_db_setup, django_db_blocker, tmp_path_factory):
        from .conftest import ensure_baseline

        folder = tmp_path_factory.mktemp("world")
        media = override_settings(
            MEDIA_ROOT=folder / "media", PRIVATE_MEDIA_ROOT=folder / "private"
        )
        media.enable()
        django_db_blocker.unblock()
        outer = transaction.atomic()
        outer._from_testcase = True  # like a TestCase's own block: never committed
        outer.__enter__()
        try:
            ensure_baseline()
            data = build()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            django_db_blocker.restore()
            media.disable()
            raise
        django_db_blocker.restore()
        yield data
        django_db_blocker.unblock()
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
        django_db_blocker.restore()
        media.disable()

    return world


@dataclass
class AccessTable:
    actors: list[str]
    rows: dict[str, tuple[tuple, tuple]]
    bad_post: dict[str, Any] = field(default_factory=dict)

    @property
    def NO(self) -> tuple:  # noqa: N802 - reads as a constant in the tables
        return tuple(405 for _ in self.actors[:-1]) + (LOGIN,)

    def cases(self) -> list[Any]:
        return [
            pytest.param(name, actor, id=f"{actor}-{name}", marks=SHARED)
            for name in sorted(self.rows)
            for actor in self.actors
        ]

    def assert_covers(self, urlpatterns: Iterable[Any], *, except_: Iterable[str] = ()) -> None:
        names = {p.name for p in urlpatterns if isinstance(p, URLPattern)} - set(except_)
        assert names == set(self.rows), {
            "missing from the table": names - set(self.rows),
            "not a URL": set(self.rows) - names,
        }

    def check(
        self,
        client: Any,
        *,
        name: str,
        actor: str,
        user: Any,
        url: str,
        snapshot: Callable[[], Any],
    ) -> None:
        if user is not None:
            client.force_login(user)
        get_expected, post_expected = self.rows[name]
        index = self.actors.index(actor)
        before = snapshot()
        _assert_status(client.get(url), get_expected[index], (name, actor, "GET"))
        assert snapshot() == before, (name, actor, "a GET changed the database")
        if post_expected[index] is None:
            return
        _assert_status(client.post(url, self.bad_post), post_expected[index], (name, actor, "POST"))
        assert snapshot() == before, (name, actor, "a refused POST changed the database")


def _assert_status(response: Any, expected: int | str, where: tuple) -> None:
    if expected == LOGIN:
        assert response.status_code == 302 and "/accounts/login/" in response.url, where
    else:
        assert response.status_code == expected, (where, response.status_code)


def warm_to_do_count(client: Any) -> None:
    """Fill the menu's to-do count (cached per user for a minute), so that a test pins a
    page's own queries; ``test_to_do_badge`` pins the count's cost once. An answer that read
    the clock is kept to the end of its minute: in a minute's last seconds this waits for the
    next one, so that the pages pinned right after do not find it gone."""
    import time

    from django.urls import reverse

    into_minute = time.time() % 60
    if into_minute > 52:
        time.sleep(60.05 - into_minute)
    assert client.get(reverse("home")).status_code == 200
