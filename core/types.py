"""Types shared by services, permissions and selectors.

``Actor`` is whoever performs a write (``by=`` on every service); ``Viewer`` is whoever a rule or
a selector is asked about, possibly not logged in.
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser, User

Actor: TypeAlias = User
Viewer: TypeAlias = User | AnonymousUser
