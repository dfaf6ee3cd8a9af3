"""The view idiom, written once: a form, a service, its error on the form, a message and a
redirect. Every view that submits a form to a service goes through :func:`submit`::

    form = SessionForm(request.POST or None, user=request.user)
    done = submit(
        request, form,
        lambda data: services.create_session(by=request.user, **data),
        success=_("Training session set up."),
    )
    return done or render(request, "training/session_form.html", {"form": form})
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from .forms import add_service_error

T = TypeVar("T")


def submit(
    request: HttpRequest,
    form: forms.BaseForm | forms.BaseFormSet,
    act: Callable[[Any], T],
    *,
    success: str | Callable[[T], str],
    then: Any = None,
    after: Callable[[T], object] | None = None,
) -> HttpResponse | None:
    """On a valid POST, call ``act(form.cleaned_data)``. A service's ValidationError goes onto
    the form — on its field when the form has one — and the answer is None: the caller renders
    the form again with what was typed (the service changed nothing: it runs in a transaction).
    Otherwise ``success`` (a text, or made from the result) becomes the page's message and the
    answer redirects to ``then`` (a function of the result, an object or a URL; by default
    the result itself); ``after(result)`` may add further messages first. On a GET, or an
    invalid form, the answer is None too."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = act(form.cleaned_data)
    except ValidationError as error:
        add_service_error(form, error)
        return None
    messages.success(request, success(result) if callable(success) else success)
    if after is not None:
        after(result)
    if then is None:  # the result is the object made or changed: its page
        return redirect(cast(Any, result))
    return redirect(then(result) if callable(then) else then)


def perform(
    request: HttpRequest,
    act: Callable[[], T],
    *,
    success: str | Callable[[T], str],
    then: Any,
    form: forms.BaseForm | None = None,
) -> HttpResponse:
    """A button's action (a POST from a page that is not the action's own): call ``act()``; a
    service's ValidationError becomes the page's error message (each of its messages),
    otherwise ``success`` (a text, or made from the result) its message. Either way the answer
    redirects to ``then`` (an object or a URL). A ``form`` posted with the button (a reason, a
    file) is checked first: its errors become the messages and ``act`` is not called."""
    if form is not None and not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
        return redirect(then)
    try:
        result = act()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, str(message))
    else:
        messages.success(request, success(result) if callable(success) else success)
    return redirect(then)


def changed(form: forms.BaseForm, *, leave: tuple[str, ...] = ()) -> dict[str, Any]:
    """What the user changed on an edit form (cleaned), for an update service: the fields the
    form's ``changed_data`` names, but those in ``leave``."""
    return {name: form.cleaned_data[name] for name in form.changed_data if name not in leave}
