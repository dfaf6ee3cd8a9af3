import logging

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q

logger = logging.getLogger("portal.security")


class ClosedSignupAccountAdapter(DefaultAccountAdapter):
    """Accounts are created by administrators; nobody signs up on their own.

    Failed sign-ins are counted per account, not per typed text: a username and the same
    account's e-mail address (in any letter case) share one counter, so a lockout cannot be
    sidestepped by switching between them. allauth counts per client address as well
    (``ACCOUNT_RATE_LIMITS["login_failed"]``); a lockout is logged.
    """

    def is_open_for_signup(self, request) -> bool:
        return False

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        typed = str(credentials.get("email", credentials.get("username", ""))).strip()
        account = self._account_for(typed)
        if account is not None:
            return f"account:{account}"
        return f"typed:{typed.lower()}"

    @staticmethod
    def _account_for(typed: str) -> int | None:
        if not typed:
            return None
        lookup = Q(username__iexact=typed)
        if "@" in typed:
            lookup |= Q(email__iexact=typed) | Q(emailaddress__email__iexact=typed)
        return (
            get_user_model()
            .objects.filter(lookup)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )

    def pre_authenticate(self, request, **credentials) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            logger.warning(
                "sign-in refused: too many failures for %s from %s",
                self._get_login_attempts_cache_key(request, **credentials),
                self.get_client_ip(request),
            )
            raise
