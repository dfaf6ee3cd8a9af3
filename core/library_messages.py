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
