import unicodedata
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

F = TypeVar("F", bound=forms.Field)


def labelled_by(field: forms.ModelChoiceField, label: Callable[[Any], str]) -> None:
    """Show each choice of ``field`` as ``label(row)`` (Django's way is to replace the field's
    ``label_from_instance``, a method the type checker does not let one assign)."""
    field.label_from_instance = label  # type: ignore[method-assign,assignment]


# What a date-and-time field takes: the browser's datetime-local value, or a date and a time.
DATETIME_INPUTS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def field_of(form: forms.BaseForm, name: str, kind: type[F]) -> F:
    """The form's field ``name`` as the kind of field it is (a model choice's queryset and
    labels, a choice field's choices, a date field's formats), checked."""
    found = form.fields[name]
    if not isinstance(found, kind):
        raise TypeError(f"{type(form).__name__}.{name} is a {type(found).__name__}")
    return found


def add_service_error(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has one (on a
    formset, above its forms)."""
    if not hasattr(form, "add_error"):
        form.non_form_errors().extend(error.messages)
    elif hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def row_id(value: object) -> int | None:
    """A primary key taken from a query string or a post, or None: digits only, within a 64-bit
    integer (a longer number is a database error on SQLite, not an empty result)."""
    text = str(value)
    if text.isascii() and text.isdigit() and len(text) <= 18:  # "²" is a digit to isdigit()
        return int(text)
    return None


def year_param(value: object, *, low: int = 2000, high: int = 2100) -> int | None:
    """A year taken from a query string, or None: ASCII digits only ("²" is a digit to
    ``str.isdigit`` and not to ``int``), within [low, high]."""
    text = str(value or "")
    if not (text.isascii() and text.isdigit() and len(text) <= 4):
        return None
    year = int(text)
    return year if low <= year <= high else None


class RowsField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that refuses a posted value which is no row id (letters, a
    twenty-digit number) with its form error, before asking the database — SQLite raises on
    integers beyond 64 bits, which would be a server error."""

    def _check_values(self, value):
        for pk in value:
            if row_id(pk) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": str(pk)[:20]},
                )
        return cast(Any, super())._check_values(value)  # Django's (not in the type stubs)


class TagsField(forms.CharField):
    """Tags typed as words separated by commas, 、 or spaces."""

    def to_python(self, value):
        text = super().to_python(value) or ""
        if any(unicodedata.category(c) == "Cc" for c in text):
            raise forms.ValidationError(
                _("Tags may not contain control characters."), code="control"
            )
        for mark in "，、;；":
            text = text.replace(mark, ",")
        return [part.strip() for chunk in text.split(",") for part in chunk.split()]

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return ", ".join(str(v) for v in value)
        return value
