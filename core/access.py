"""One way to fetch an object and check access, and the registry of access rules.

Each app keeps its rules as ``can_*`` functions in its ``permissions.py`` (the single source of
truth) and registers that module in ``AppConfig.ready()``. Views fetch with :func:`fetch`, so a
missing object and a forbidden one look the same (404, as Zulip does); services check the same
rule with :func:`require`; templates ask the same rule with ``{% can "app.rule" obj as flag %}``.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from .types import Viewer

M = TypeVar("M", bound=Model)
Rule = Callable[..., bool]

_rules: dict[str, Rule] = {}
HiddenFields = Callable[[Viewer, Any], frozenset[str]]
_hidden_fields: dict[str, HiddenFields] = {}


def register_rules(app_label: str, module: ModuleType) -> None:
    """Register each ``can_<verb>_<noun>`` of ``module`` as ``<app_label>.<verb>_<noun>``."""
    for name, value in vars(module).items():
        if name.startswith("can_") and callable(value) and value.__module__ == module.__name__:
            _rules[f"{app_label}.{name.removeprefix('can_')}"] = value


def register_hidden_fields(model: type[Model], rule: HiddenFields) -> None:
    """Declare which fields of ``model`` a viewer may not read though they read the object
    (a study session's online link for non-members): its history panel leaves their changes
    out for that viewer. The rule lives in the app's ``permissions.py`` beside the page's."""
    _hidden_fields[model._meta.label_lower] = rule


def hidden_fields(user: Viewer, obj: Model) -> frozenset[str]:
    """The fields of ``obj`` whose values ``user`` may not read (none unless declared)."""
    declared = _hidden_fields.get(obj._meta.label_lower)
    return declared(user, obj) if declared is not None else frozenset()


def rule(name: str) -> Rule:
    try:
        return _rules[name]
    except KeyError:
        raise LookupError(f"No access rule {name!r}; known: {sorted(_rules)}") from None


def rules() -> dict[str, Rule]:
    return dict(_rules)


def allowed(name: str, user: Viewer, obj: Any = None) -> bool:
    check = rule(name)
    return bool(check(user) if obj is None else check(user, obj))


def fetch(queryset: QuerySet[M] | type[M], *, user: Viewer, rule: Rule, **lookup: Any) -> M:
    """The object matching ``lookup``, if ``rule(user, object)`` allows it; else 404 either way.

    Every view fetches its objects here, with the rule of what it is about to show or do: one
    refusal for a missing object and a forbidden one, one status code (404) in every app."""
    return shown(get_object_or_404(queryset, **lookup), user=user, rule=rule)


def shown(obj: M | None, *, user: Viewer, rule: Rule) -> M:
    """``obj`` if it exists and ``rule(user, obj)`` allows it; else the same 404 as
    :func:`fetch` (for a view that found the object another way, e.g. a kept lookup)."""
    if obj is None or not rule(user, obj):
        raise Http404
    return obj


def require(allowed: bool, message: str = "") -> None:
    """In a service: refuse unless the rule allowed it (views answer 403/404 before this)."""
    if not allowed:
        raise PermissionDenied(message or None)
