from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.forms import field_of
from core.registry import calendar_sources, search_sources
from courts.models import Court


class CalendarFilterForm(forms.Form):
    """The calendar's filters: a court, and a kind from what the registered sources offer."""

    court = forms.ModelChoiceField(
        label=_("Court"), queryset=Court.objects.all(), required=False, empty_label=_("All courts")
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = [choice for source in calendar_sources() for choice in source.kinds()]
        field_of(self, "kind", forms.ChoiceField).choices = [("", _("All kinds")), *kinds]


class InboxFilterForm(forms.Form):
    """The inbox's filters: unread only, reminders or other notices, and what they are about."""

    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("All messages")), ("unread", _("Unread only"))],
    )
    kind = forms.ChoiceField(
        label=pgettext_lazy("kind of message", "Kind"),
        required=False,
        choices=[
            ("", _("Reminders and notices")),
            ("reminder", _("Reminders")),
            ("notice", _("Notices")),
        ],
    )
    about = forms.ChoiceField(label=_("About"), required=False)

    def __init__(self, *args, abouts: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "about", forms.ChoiceField).choices = [("", _("Everything")), *abouts]

    def is_filtering(self) -> bool:
        return any(self.cleaned_data.get(name) for name in self.fields)

    def apply(self, notices):
        data = self.cleaned_data
        if data.get("show") == "unread":
            notices = notices.filter(read_at__isnull=True)
        if data.get("kind") == "reminder":
            notices = notices.filter(reminder__isnull=False)
        elif data.get("kind") == "notice":
            notices = notices.filter(reminder__isnull=True)
        if data.get("about"):
            notices = notices.filter(target_type__app_label=data["about"])
        return notices


class SearchForm(forms.Form):
    """The header's search box: words (up to 100 characters), and optionally one kind."""

    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    kind = forms.ChoiceField(label=pgettext_lazy("search", "Kind"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "kind", forms.ChoiceField).choices = [("", _("Every kind"))] + [
            (s.key, str(s.label)) for s in search_sources()
        ]
