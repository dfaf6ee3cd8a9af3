"""Status machines: each model with states declares one :class:`Workflow` — its status field,
the allowed moves and, per move, the rule that says who may make it — and every status change
goes through :func:`transition` (one row) or :func:`transition_rows` (many), which validate the
move, check the rule, save with the actor (audited) and tell people::

    MINUTES = Workflow(
        model=Activity,
        field="minutes_status",
        transitions={"draft": {"open": open_rule, "final": final_rule}, ...},
    )
    transition(activity, "final", by=user, workflow=MINUTES)

A move the portal makes by itself (a sweep, a freed seat going to the waiting list) has the rule
:func:`by_portal` and ``by=None``. :func:`machines` lists every declared workflow and
:func:`mermaid` draws one; ``manage.py workflows`` prints the diagrams the README shows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

from . import audit
from .access import require
from .types import Actor, Viewer

Rule = Callable[[Any, Any], bool]

_MACHINES: dict[tuple[str, str], Workflow] = {}


def by_portal(user: Viewer | None, obj: Any) -> bool:
    """The rule of a move only the portal makes, by itself (``by=None``): no person may."""
    return user is None


@dataclass(frozen=True)
class Workflow:
    model: type[models.Model]
    field: str
    # from-status → {to-status: the rule that says who may make that move}
    transitions: Mapping[str, Mapping[str, Rule]]
    # what the diagram says of the machine (one line), beside the model's name
    note: str = ""
    # False for the portal's own technical rows (reminders): moved without audit entries, by
    # rules that cannot depend on the row (``by_portal``)
    audited: bool = True

    def __post_init__(self) -> None:
        choices = dict(cast(Any, self.model._meta.get_field(self.field)).choices or [])
        unknown = {
            status
            for source, moves in self.transitions.items()
            for status in (source, *moves)
            if status not in choices
        }
        if unknown:
            raise ValueError(f"{self.model.__name__}.{self.field} has no status {sorted(unknown)}")
        _MACHINES[(self.model._meta.label, self.field)] = self

    def targets(self, obj: models.Model) -> Mapping[str, Rule]:
        return self.transitions.get(getattr(obj, self.field), {})

    def sources(self, to: str) -> list[str]:
        """The statuses from which ``to`` can be reached in one move."""
        return [source for source, moves in self.transitions.items() if to in moves]

    def allowed(self, obj: models.Model, to: str, user: Viewer | None) -> bool:
        rule = self.targets(obj).get(to)
        return rule is not None and bool(rule(user, obj))

    def available(self, obj: models.Model, user: Viewer) -> list[str]:
        """The statuses ``user`` may move ``obj`` to now (what the page offers)."""
        return [to for to, rule in self.targets(obj).items() if rule(user, obj)]

    def label(self, status: str) -> str:
        choices = dict(cast(Any, self.model._meta.get_field(self.field)).choices or [])
        return str(choices.get(status, status))


def machines() -> list[Workflow]:
    """Every declared workflow, by model and field: each app's ``workflows`` module (and the
    kernel's reminders, imported when the app is ready)."""
    autodiscover_modules("workflows")
    return [_MACHINES[key] for key in sorted(_MACHINES)]


M = TypeVar("M", bound=models.Model)


def refuse_move(workflow: Workflow, current: str, to: str) -> ValidationError:
    return ValidationError(
        _("“%(current)s” cannot become “%(to)s”.")
        % {"current": workflow.label(current), "to": workflow.label(to)}
    )


def transition(
    obj: M,
    to: str,
    *,
    by: Actor | None,
    workflow: Workflow,
    also: Iterable[str] = (),
    notify: Callable[[M], object] | None = None,
) -> M:
    """Move ``obj`` to status ``to``: refuse a move the map does not allow (a ValidationError
    naming both statuses), refuse a user the rule does not allow, save the status and the
    ``also`` fields (set on ``obj`` by the caller) with ``by`` as the audit actor, then call
    ``notify``."""
    current = getattr(obj, workflow.field)
    if to not in workflow.targets(obj):
        raise refuse_move(workflow, current, to)
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


def transition_rows(
    queryset: models.QuerySet, to: str, *, by: Actor | None, workflow: Workflow, **also: Any
) -> int:
    """Move every row of ``queryset`` that may make the move to ``to`` (its status allows it
    and the rule allows ``by``), with the ``also`` values, in one UPDATE and one audit entry per
    row. Rows that may not are left as they are. Returns how many moved."""
    if not workflow.audited:
        sources = workflow.sources(to)
        require(all(workflow.transitions[s][to](by, None) for s in sources))
        return queryset.filter(**{f"{workflow.field}__in": sources}).update(
            **{workflow.field: to}, **also
        )
    rows = [
        row
        for row in queryset.filter(**{f"{workflow.field}__in": workflow.sources(to)})
        if workflow.allowed(row, to, by)
    ]
    if not rows:
        return 0
    return audit.bulk_update(
        workflow.model._default_manager.filter(pk__in=[row.pk for row in rows]),
        by=by,
        **{workflow.field: to},
        **also,
    )


def mermaid(workflow: Workflow) -> str:
    """The machine as a Mermaid state diagram: each move labelled with the rule's name."""
    lines = ["stateDiagram-v2"]
    for source, moves in workflow.transitions.items():
        for to, rule in moves.items():
            # an empty status (no leave asked for) is where the machine starts
            lines.append(f"    {source or '[*]'} --> {to or '[*]'}: {rule.__name__}")
    return "\n".join(lines)


def readme_section() -> str:
    """The README's state diagrams, printed from the code (``manage.py workflows``)."""
    parts = []
    for workflow in machines():
        meta = workflow.model._meta
        title = f"`{meta.label}.{workflow.field}`"
        if workflow.note:
            title += f" — {workflow.note}"
        parts.append(f"{title}\n\n```mermaid\n{mermaid(workflow)}\n```")
    return "\n\n".join(parts) + "\n"
