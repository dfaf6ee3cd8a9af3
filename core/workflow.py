"""Status workflows: a ``TextChoices`` status, an allowed-transitions map and one
:func:`transition` that validates, saves with the actor (audited), and tells people.

Minutes are the first user; enrolment, membership and publicity follow the same shape::

    MINUTES = Workflow(
        field="minutes_status",
        transitions={"draft": {"open": open_rule, "final": final_rule}, ...},
    )
    transition(activity, "final", by=user, workflow=MINUTES)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from .access import require
from .types import Actor, Viewer

Rule = Callable[[Any, Any], bool]


@dataclass(frozen=True)
class Workflow:
    field: str
    # from-status → {to-status: the rule that says who may make that move}
    transitions: Mapping[str, Mapping[str, Rule]]

    def targets(self, obj: models.Model) -> Mapping[str, Rule]:
        return self.transitions.get(getattr(obj, self.field), {})

    def allowed(self, obj: models.Model, to: str, user: Viewer) -> bool:
        rule = self.targets(obj).get(to)
        return rule is not None and bool(rule(user, obj))

    def available(self, obj: models.Model, user: Viewer) -> list[str]:
        """The statuses ``user`` may move ``obj`` to now (what the page offers)."""
        return [to for to, rule in self.targets(obj).items() if rule(user, obj)]


M = TypeVar("M", bound=models.Model)


def transition(
    obj: M,
    to: str,
    *,
    by: Actor,
    workflow: Workflow,
    also: Iterable[str] = (),
    notify: Callable[[M], object] | None = None,
) -> M:
    """Move ``obj`` to status ``to``: refuse a move the map does not allow (a ValidationError
    naming both statuses), refuse a user the rule does not allow, save the status and the
    ``also`` fields with ``by`` as the audit actor, then call ``notify``."""
    field = obj._meta.get_field(workflow.field)
    current = getattr(obj, workflow.field)
    if to not in workflow.targets(obj):
        labels = dict(cast(Any, field).choices or [])
        raise ValidationError(
            _("“%(current)s” cannot become “%(to)s”.")
            % {"current": labels.get(current, current), "to": labels.get(to, to)}
        )
    require(workflow.allowed(obj, to, by))
    setattr(obj, workflow.field, to)
    update_fields = [workflow.field, *also]
    if any(f.name == "updated_at" for f in obj._meta.concrete_fields):
        update_fields.append("updated_at")
    with set_actor(by):
        obj.save(update_fields=update_fields)
    if notify is not None:
        notify(obj)
    return obj
