"""Forms of the resource library: what a court's secretary or coordinator types; the rules
themselves live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import TagsField, field_of
from courts.models import Court

from . import permissions
from .models import Resource

FILE_LABEL = _("File (PDF, Word, Excel, JPG or PNG)")


class ResourceForm(forms.ModelForm):
    tags = TagsField(
        label=_("Tags"),
        required=False,
        max_length=200,
        help_text=_("Words separated by commas, e.g. 金融借款, 党史学习."),
    )
    upload = forms.FileField(label=FILE_LABEL, required=False)
    note = forms.CharField(
        label=_("About this version"),
        max_length=300,
        required=False,
        help_text=_("E.g. 2026年修订版."),
    )

    class Meta:
        model = Resource
        fields = ["title", "kind", "area", "court", "description", "link", "visibility"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        labels = {"visibility": _("Shared with")}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        courts = permissions.sharing_courts(user)
        court_field = field_of(self, "court", forms.ModelChoiceField)
        everyone = Court.objects.order_by("sort_order")
        court_field.queryset = everyone if courts is None else everyone.filter(pk__in=courts)
        court_field.empty_label = None
        if self.instance.pk:
            # The owning court and the file are not changed here (a new version has its form).
            del self.fields["court"], self.fields["upload"], self.fields["note"]
            self.initial.setdefault("tags", [t.name for t in self.instance.tags.all()])

    def clean(self):
        cleaned = super().clean() or {}
        if (
            not self.instance.pk
            and not cleaned.get("upload")
            and not cleaned.get("link")
            and "link" not in self.errors
        ):
            self.add_error("upload", _("Upload a file or give a link."))
        return cleaned


class VersionForm(forms.Form):
    upload = forms.FileField(label=FILE_LABEL)
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)
