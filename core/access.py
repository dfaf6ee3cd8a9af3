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


def register_rules(app_label: str, module: ModuleType) -> None:
    """Register each ``can_<verb>_<noun>`` of ``module`` as ``<app_label>.<verb>_<noun>``."""
    for name, value in vars(module).items():
        if name.startswith("can_") and callable(value) and value.__module__ == module.__name__:
            _rules[f"{app_label}.{name.removeprefix('can_')}"] = value


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


def fetch(
    queryset: QuerySet[M] | type[M], *, user: Viewer, rule: Rule | None = None, **lookup: Any
) -> M:
    """The object matching ``lookup``, if ``rule(user, object)`` allows it; else 404 either way."""
    obj = get_object_or_404(queryset, **lookup)
    if rule is not None and not rule(user, obj):
        raise Http404
    return obj


def require(allowed: bool, message: str = "") -> None:
    """In a service: refuse unless the rule allowed it (views answer 403/404 before this)."""
    if not allowed:
        raise PermissionDenied(message or None)
