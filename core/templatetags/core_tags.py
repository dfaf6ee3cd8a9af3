from auditlog.models import LogEntry
from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

register = template.Library()


def _verbose_name(entry, field: str) -> str:
    model = entry.content_type.model_class()
    try:
        return str(model._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:  # a field removed since the entry was written
        return field


@register.filter
def audit_action(entry) -> str:
    """The audit entry's action in the user's language."""
    labels = {
        LogEntry.Action.CREATE: _("Created"),
        LogEntry.Action.UPDATE: _("Changed"),
        LogEntry.Action.DELETE: _("Deleted"),
        LogEntry.Action.ACCESS: _("Viewed"),
    }
    return labels.get(entry.action, str(entry.action))


@register.filter
def audit_changes(entry) -> list[tuple[str, str, str]]:
    """(field, before, after) rows of an update entry; a creation lists nothing."""
    if entry.action != LogEntry.Action.UPDATE:
        return []
    rows = []
    raw = entry.changes_dict
    display = entry.changes_display_dict
    for field, values in raw.items():
        if isinstance(values, dict) and values.get("type") == "m2m":
            label = _verbose_name(entry, field)
            objects = "、".join(values.get("objects", []))
            change = (
                _("added: %(objects)s")
                if values.get("operation") == "add"
                else _("removed: %(objects)s")
            )
            rows.append((label, "", change % {"objects": objects}))
    for label, values in display.items():
        if isinstance(values, dict):
            continue
        if not isinstance(values, list | tuple) or len(values) != 2:
            continue
        before, after = ("" if v in (None, "None") else v for v in values)
        rows.append((label, before, after))
    return rows


@register.filter
def absolute(value: int) -> int:
    return abs(int(value))
