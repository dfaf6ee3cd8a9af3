"""Messages of Django and of the libraries that the portal translates itself.

Their own Chinese is missing (django-auditlog, django-celery-beat, parts of allauth's MFA) or
reads badly ("确保该变量包含不超过 200 字符 (目前字符数 300)" calls the user's text a variable and
uses ASCII brackets). Listing the message ids here lets ``makemessages`` carry them into the
project's catalogue, which ``LOCALE_PATHS`` puts before every library's. Nothing imports this
module; the strings must match the libraries' exactly (``tests/portal/test_library_messages.py``
checks that each is still used by its library).
"""

from django.utils.translation import gettext_noop, ngettext_lazy

# Django's form fields.
ngettext_lazy(
    "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
    "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
    "limit_value",
)
ngettext_lazy(
    "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
    "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
    "limit_value",
)
gettext_noop("Ensure this value is less than or equal to %(limit_value)s.")
gettext_noop("Ensure this value is greater than or equal to %(limit_value)s.")

# django-auditlog (no Chinese catalogue of its own).
gettext_noop("Audit log")
gettext_noop("Audit log: %s")
gettext_noop("Changes")
gettext_noop("Click to filter by records with this correlation id")
gettext_noop("Correlation ID")
gettext_noop("Created {repr:s}")
gettext_noop("Deleted {repr:s}")
gettext_noop("Updated {repr:s}")
gettext_noop("Logged {repr:s}")
gettext_noop("Field")
gettext_noop("Relationship")
gettext_noop("Resource Type")
gettext_noop("Resource")
gettext_noop("To")
gettext_noop("access")
gettext_noop("action")
gettext_noop("actor email")
gettext_noop("actor")
gettext_noop("additional data")
gettext_noop("create")
gettext_noop("delete")
gettext_noop("update")
gettext_noop("object pk")
gettext_noop("object representation")
gettext_noop("remote address")
gettext_noop("remote port")
gettext_noop("timestamp")

# allauth's MFA and django-celery-beat: the few messages their catalogues lack.
gettext_noop("WebAuthn")
gettext_noop("Periodic Tasks Using This Schedule")
gettext_noop("Arguments")
gettext_noop("Execution Options")
gettext_noop("Schedule")
