from django.core.exceptions import ValidationError


def add_service_error(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def row_id(value: object) -> int | None:
    """A primary key taken from a query string or a post, or None: digits only, within a 64-bit
    integer (a longer number is a database error on SQLite, not an empty result)."""
    text = str(value)
    if text.isdigit() and len(text) <= 18:
        return int(text)
    return None
