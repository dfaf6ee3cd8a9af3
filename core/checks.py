from typing import Any

from django.conf import settings
from django.core.checks import Error, register

MIN_AUDIT_RETENTION_DAYS = 180


@register()
def audit_retention_check(app_configs: Any, **kwargs: Any) -> list[Error]:
    if settings.AUDIT_RETENTION_DAYS < MIN_AUDIT_RETENTION_DAYS:
        return [
            Error(
                f"AUDIT_RETENTION_DAYS is {settings.AUDIT_RETENTION_DAYS}; audit entries must "
                f"be kept at least {MIN_AUDIT_RETENTION_DAYS} days (six months).",
                id="core.E001",
            )
        ]
    return []
