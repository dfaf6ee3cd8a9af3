"""Forms of publicity: what an author, a reviewer and a recorder type; the rules themselves live
in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import RowsField, TagsField, field_of
from courts.models import Court

from .models import Channel, PublicationRecord, PublicityItem


class ItemForm(forms.ModelForm):
    tags = TagsField(
        label=_("Tags"),
        required=False,
        max_length=200,
        help_text=_("Words separated by commas, e.g. 诉源治理, 党建引领."),
    )
    source = forms.CharField(widget=forms.HiddenInput, required=False, max_length=60)

    class Meta:
        model = PublicityItem
        fields = [
            "title",
            "summary",
            "body",
            "area",
            "courts",
            "good_practice",
            "joint_signoff",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 16, "data-markdown-editor": ""}),
            "courts": forms.CheckboxSelectMultiple,
        }
        # refuses a posted value that is no row id with a form error (core.forms.RowsField)
        field_classes = {"courts": RowsField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "courts", forms.ModelChoiceField).queryset = Court.objects.order_by(
            "sort_order"
        )
        self.fields["courts"].help_text = _("Your own court is always involved.")
        if self.instance.pk:
            self.initial.setdefault("tags", [t.name for t in self.instance.tags.all()])
            del self.fields["source"]


class ImageForm(forms.Form):
    upload = forms.ImageField(
        label=_("Image (JPG or PNG)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png"}),
        error_messages={"invalid_image": _("The file is not a readable image.")},
    )
    alt = forms.CharField(
        label=_("What the image shows"),
        max_length=120,
        required=False,
        help_text=_("Read aloud to people who cannot see it."),
    )


class AttachmentForm(forms.Form):
    upload = forms.FileField(label=_("File (PDF, Word, Excel, JPG or PNG)"))


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the author"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class WithdrawForm(forms.Form):
    comment = forms.CharField(
        label=_("Reason for withdrawing"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OptionalCommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RecordForm(forms.ModelForm):
    clipping_upload = forms.FileField(label=_("Scanned clipping (PDF, JPG or PNG)"), required=False)

    class Meta:
        model = PublicationRecord
        fields = ["channel", "outlet", "date", "link", "reach"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "channel", forms.ChoiceField).choices = Channel.choices
        self.fields["date"].error_messages["invalid"] = _("Enter a date such as 2026-05-20.")
        self.fields["reach"].widget.attrs.update({"min": 0, "max": 1_000_000_000})
