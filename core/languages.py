"""Text written in each language of the portal.

A notice or a reminder is stored in the portal's language (its e-mail, the admin) and in each
other language (the inbox shows the reader's). Its title and message are given as text, or as
functions that build the text in the active language; ``written`` runs such a function with
the language it is asked for active.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import translation

Text = str | Callable[[], Any]


def written(text: Text, language: str) -> str:
    """``text`` in ``language``: a function run with the language active, a string as it is."""
    if not callable(text):
        return str(text)
    with translation.override(language):
        return str(text())
