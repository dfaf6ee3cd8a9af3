"""What the case-study groups add to the shell: navigation, the requests waiting for a
convenor, and the groups on the "trial quality" area page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.registry import (
    AreaSection,
    NavEntry,
    WaitingItem,
    WaitingList,
    register_area_section,
    register_nav,
    register_waiting,
)
from courts.choices import Area
from courts.permissions import is_portal_admin, person_of

# The menu's dropdown for the "trial quality" area: groups, and later reviews and symposia.
TRIAL_QUALITY = _("Trial quality")


def _area_groups(area: str, user: Any) -> dict | None:
    from .models import CaseStudyGroup

    if area != Area.TRIAL_QUALITY:
        return None
    groups = CaseStudyGroup.objects.for_list().filter(active=True).order_by("name")[:20]
    return {"rows": list(groups), "more_url": reverse("casegroups:group-list")}


def _requests_to_decide(user: Any) -> list[WaitingItem]:
    """Requests to join a group the user convenes (all of them for an administrator)."""
    from .models import Membership

    person = person_of(user)
    pending = Membership.objects.filter(status=Membership.Status.PENDING).select_related(
        "group", "person__court"
    )
    if not is_portal_admin(user):
        if person is None:
            return []
        pending = pending.filter(group__convenor=person)
    return [
        WaitingItem(
            title=str(_("%(person)s asks to join “%(group)s”"))
            % {"person": m.person.full_name, "group": m.group.name},
            url=m.group.get_absolute_url() + "#requests",
            detail=m.person.court.short_name,
            when=m.requested_at,
        )
        for m in pending.exclude(person=person).order_by("requested_at")[:10]
    ]


def register() -> None:
    from courts.models import Court, Person

    from .models import CaseStudyGroup, Membership, StudyCase

    register_nav(
        NavEntry(
            "casegroups",
            _("Case-study groups"),
            "casegroups:group-list",
            group=TRIAL_QUALITY,
            order=35,
        )
    )
    register_waiting(
        WaitingList(
            key="casegroup-requests",
            label=_("Requests to join my case-study groups"),
            items=_requests_to_decide,
            order=30,
            models=(Membership, CaseStudyGroup),
        )
    )
    register_area_section(
        AreaSection(
            key="casegroups",
            label=_("Case-study groups"),
            template="casegroups/partials/area_groups.html",
            context=_area_groups,
            order=20,
            models=(CaseStudyGroup, Membership, StudyCase, Person, Court),
        )
    )
