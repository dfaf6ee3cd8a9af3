from django import template
from django.urls import Resolver404, resolve

from .. import roll_call
from ..models import Activity

register = template.Library()


@register.simple_tag
def sign_in_intent(next_url: str | None) -> Activity | None:
    """The activity a logged-out person is signing in to, when the login page's ``next`` is a
    venue QR code's address with a code that is valid now (the code is what the venue shows;
    an old or forged one names nothing)."""
    if not next_url:
        return None
    try:
        match = resolve(str(next_url).split("?", 1)[0])
    except Resolver404:
        return None
    if match.view_name != "activities:sign-in":
        return None
    pk, token = match.kwargs.get("pk"), match.kwargs.get("token", "")
    if pk is None or not roll_call.token_is_valid(pk, token):
        return None
    return Activity.objects.select_related("host_court").filter(pk=pk).first()
