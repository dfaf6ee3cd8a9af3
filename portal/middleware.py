from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _

from core import registry


class DefaultLanguageMiddleware:
    """Simplified Chinese unless the user chose another language with the switcher.

    Django's LocaleMiddleware would follow the browser's Accept-Language header; court PCs
    often have English browsers, and the portal is meant to open in Chinese.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class StaffMFAMiddleware:
    """With MFA_REQUIRED_FOR_STAFF on, staff must set up TOTP before using the admin."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.MFA_REQUIRED_FOR_STAFF
            and request.path.startswith("/admin/")
            and request.user.is_authenticated
            and request.user.is_staff
        ):
            from allauth.mfa.models import Authenticator

            has_totp = Authenticator.objects.filter(
                user=request.user, type=Authenticator.Type.TOTP
            ).exists()
            if not has_totp:
                messages.warning(
                    request,
                    _(
                        "Administrators must set up two-factor authentication before using the "
                        "admin site."
                    ),
                )
                return redirect("mfa_activate_totp")
        return self.get_response(request)


class ReadAheadMiddleware:
    """For a logged-in user, the shell's per-user cached answers (unread count, to-do lists) are
    fetched with the request's generations in one cache round trip instead of one each."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            registry.read_ahead_for(user)
        return self.get_response(request)
