"""Types shared by services, permissions and selectors.

``Actor`` is whoever performs a write (``by=`` on every service); ``Viewer`` is whoever a rule or
a selector is asked about, possibly not logged in.
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest

Actor: TypeAlias = User
Viewer: TypeAlias = User | AnonymousUser


class AuthedRequest(HttpRequest):
    """A request past ``login_required``: its user is a logged-in ``User`` — the ``Actor`` a
    view hands to services — never ``AnonymousUser``. Views behind login take it; a public view
    takes ``HttpRequest`` and asks rules about a ``Viewer``."""

    user: User
