import functools

from django.conf import settings

from core.registry import nav_entries, to_do_count
from core.selectors import unread_count
from courts.choices import Area
from courts.permissions import is_portal_admin, person_of
from courts.selectors import courts_by_id


def portal(request):
    user = getattr(request, "user", None)
    person = person_of(user) if user is not None else None
    nav = _navigation(user) if user is not None and user.is_authenticated else []
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "AREAS": Area,
        "current_person": person,
        "current_court": person.court if person else None,
        "is_portal_admin": is_portal_admin(user) if user is not None else False,
        "nav": nav,
        # What the cached menu depends on: its entries and the admin link.
        "nav_key": ",".join(e.key for _g, entries in nav for e in entries)
        + (":staff" if user is not None and user.is_staff else ""),
        # Called only when the menu shows it (a callable is evaluated by the template).
        "to_do_count": functools.cache(lambda: to_do_count(user))
        if user is not None and user.is_authenticated
        else 0,
        "unread_count": (unread_count(user) if user is not None and user.is_authenticated else 0),
        # The alliance's courts, in their order (the footer, the public pages' words): a court
        # added in admin appears without a code change.
        "alliance_courts": functools.cache(lambda: list(courts_by_id().values())),
    }


def _navigation(user) -> list[tuple[object, list]]:
    """Registered navigation entries: (group label or None, entries), in order."""
    groups: list[tuple[object, list]] = []
    for entry in nav_entries(user):
        if entry.group is not None and groups and groups[-1][0] == entry.group:
            groups[-1][1].append(entry)
        else:
            groups.append((entry.group, [entry]))
    return groups
