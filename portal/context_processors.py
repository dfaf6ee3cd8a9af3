from django.conf import settings

from core.models import Notification
from courts.choices import Area
from courts.permissions import is_portal_admin, person_of


def portal(request):
    user = getattr(request, "user", None)
    person = person_of(user) if user is not None else None
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "AREAS": Area,
        "current_person": person,
        "current_court": person.court if person else None,
        "is_portal_admin": is_portal_admin(user) if user is not None else False,
        "unread_count": (
            Notification.objects.for_user(user).unread().count()
            if user is not None and user.is_authenticated
            else 0
        ),
    }
