from django import forms
from django.utils.translation import gettext_lazy as _

from core.registry import calendar_sources
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
        self.fields["kind"].choices = [("", _("All kinds")), *kinds]
