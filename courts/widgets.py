"""Form widgets for choosing people (grouped by court, searched by name, court and Party
branch), shared by the feature apps."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, cast

from django import forms
from django.template.loader import render_to_string

from core.forms import row_id


class PeoplePicker(forms.SelectMultiple):
    """Choosing several people on a phone: checkboxes grouped by court, with a search box
    (name, court, Party branch) that narrows the list as one types — no Ctrl-click. Works
    without JavaScript (the whole list shows). The options must come from a queryset of people
    with ``court`` and ``branch`` selected."""

    template_name = "widgets/people_picker.html"
    option_inherits_attrs = True  # each checkbox gets its own id, for its label
    add_id_index = True
    # A SelectMultiple underneath (the same posted list), so that crispy-forms renders this
    # template rather than its own checkbox list.

    def use_required_attribute(self, initial: Any) -> bool:
        return False

    def optgroups(self, name: str, value: Any, attrs: dict | None = None) -> list:
        groups: dict[str, list] = {}
        chosen = {str(v) for v in value}
        index = 0
        choices: Any = self.choices  # a ModelChoiceIterator: (value, label) pairs
        for option_value, option_label in choices:
            if option_value == "":
                continue
            person = getattr(option_value, "instance", None)
            court = person.court.short_name if person is not None else ""
            selected = str(option_value) in chosen
            option = self.create_option(
                name, option_value, option_label, selected, index, attrs=attrs
            )
            if person is not None:
                branch = person.branch.name if person.branch_id else ""
                option["search"] = f"{person.full_name} {court} {branch}".lower()
                option["detail"] = " · ".join(filter(None, [person.get_position_display(), branch]))
            groups.setdefault(court, []).append(option)
            index += 1
        return [(court, options, i) for i, (court, options) in enumerate(groups.items())]


class FastSelect(forms.Select):
    """A select rendered in Python, not one template per option: a list of a thousand people
    took 0.8 s through Django's option templates, a few milliseconds this way. Flat choices only
    (model choice fields)."""

    def render(self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None) -> Any:
        chosen = {str(v) for v in self.format_value(value)}
        final = self.build_attrs(self.attrs, attrs)
        return _select_html(name, final, cast(Any, self.choices), chosen, blank=False)


class PersonSearchSelect(FastSelect):
    """Choosing one person among thousands: the select lists only ``suggested`` people (those
    at the meeting, say) and the one already chosen; a search box above it asks the server
    (``options_url``, htmx) for the people matching a name and puts them in the list. Without
    JavaScript the suggestions and the current choice remain. The field's queryset still decides
    what is valid: the widget never renders the whole set (20,000 options at ten times today's
    volume)."""

    template_name = "widgets/person_search.html"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs)
        # the suggestions, or a function giving them when the widget is rendered
        self.suggested: list[tuple[Any, str]] | Callable[[], list[tuple[Any, str]]] = []
        self.options_url = ""

    def render(self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None) -> Any:
        chosen = {str(v) for v in self.format_value(value) if v not in ("", None)}
        options = list(self.suggested() if callable(self.suggested) else self.suggested)
        known = {str(pk) for pk, _label in options}
        # A forged value ("abc", 30 digits) is the form's error to report, not a query to run.
        missing = {pk for v in chosen - known if (pk := row_id(v)) is not None}
        if missing:
            choices: Any = self.choices  # the field's ModelChoiceIterator
            field_queryset = getattr(choices, "queryset", None)
            if field_queryset is not None:
                for person in field_queryset.filter(pk__in=missing):
                    options.insert(0, (person.pk, choices.field.label_from_instance(person)))
        final = self.build_attrs(self.attrs, attrs)
        field = getattr(self.choices, "field", None)
        blank = field is None or field.empty_label is not None  # "---------" until one chooses
        select = _select_html(name, final, options, chosen, blank=blank)
        return render_to_string(
            self.template_name,
            {
                "select": select,
                "id": final.get("id", name),
                "options_url": self.options_url + ("&blank=1" if blank else ""),
            },
        )


def _select_html(
    name: str, attrs: dict[str, Any], options: Iterable[Any], chosen: set[str], *, blank: bool
) -> Any:
    """A ``<select>`` drawn by widgets/select.html in one loop (not Django's template per
    option, which took 0.8 s for a thousand people)."""
    rows = ([("", "---------")] if blank else []) + list(options)
    return render_to_string(
        "widgets/select.html",
        {
            "attrs": {**attrs, "name": name},
            "options": [(pk, label, str(pk) in chosen) for pk, label in rows],
        },
    )
