from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DATETIME_INPUTS, RowsField, field_of, labelled_by
from courts.choices import Role
from courts.models import Court, Person
from courts.permissions import courts_acted_for, is_portal_admin

from . import redaction
from .models import (
    RUBRIC,
    CaseReview,
    CaseStudyGroup,
    Criterion,
    StudyCase,
    StudySession,
)


def _person_label(person: Person) -> str:
    return f"{person.full_name} · {person.court.short_name}"


class GroupForm(forms.ModelForm):
    """Secretaries set up groups convened by a judge of their own court; administrators any."""

    class Meta:
        model = CaseStudyGroup
        fields = [
            "name",
            "specialty",
            "purpose",
            "convenor",
            "member_courts",
            "open_to_requests",
            "active",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "member_courts": forms.CheckboxSelectMultiple,
        }
        # refuses a posted value that is no row id with a form error (core.forms.RowsField)
        field_classes = {"member_courts": RowsField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        judges = (
            Person.objects.active()
            .with_related()
            .filter(user__groups__name=Role.JUDGE)
            .order_by("court__sort_order", "full_name")
        )
        if not is_portal_admin(user):
            judges = judges.filter(court__in=courts_acted_for(user))
        if self.instance.pk:  # the present convenor stays choosable
            judges = judges | Person.objects.with_related().filter(pk=self.instance.convenor_id)
        field_of(self, "convenor", forms.ModelChoiceField).queryset = judges.distinct()
        labelled_by(
            field_of(self, "convenor", forms.ModelChoiceField),
            lambda p: f"{p.full_name} · {p.court.short_name}",
        )
        field_of(self, "member_courts", forms.ModelChoiceField).queryset = Court.objects.order_by(
            "sort_order"
        )
        self.fields["name"].error_messages["unique"] = _("A group with this name exists.")


class JoinForm(forms.Form):
    statement = forms.CharField(
        label=_("Why I want to join"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A sentence or two for the convenor: your experience, the cases you hear."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Please give a reason.")},
    )


if TYPE_CHECKING:  # the mixin is only ever mixed into a form
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class RedactionMixin(_FormBase):
    """The redaction step of a case form: each piece of personal data found in the texts is
    listed (``self.findings``) with a choice — mask it, or confirm it is not personal. The
    choices are fields ``hit_<digest>``, named after what was found, in which field and its
    how-manieth occurrence there (so a choice survives edits elsewhere in the text). A finding
    the page has not shown yet stops the form with one message and no red fields; one shown
    (``redaction_shown``) and left unanswered is a field error. ``resolved()`` gives the texts
    with the chosen masks applied and the values confirmed as not personal, for the service
    (which checks again)."""

    MASK, KEEP = "mask", "keep"
    redaction_texts: tuple[str, ...] = ()

    def setup_redaction(self) -> None:
        self.findings: list[tuple[str, redaction.Finding]] = []
        if not self.is_bound:
            return
        texts = {name: self.data.get(name, "") for name in self.redaction_texts}
        parties = redaction.parties_from(self.data.get("parties", ""))
        seen: dict[tuple[str, str], int] = {}
        for finding in redaction.findings(texts, parties):
            nth = seen[finding.field, finding.hit.text] = (
                seen.get((finding.field, finding.hit.text), -1) + 1
            )
            name = self._hit_field(finding, nth)
            self.findings.append((name, finding))
            self.fields[name] = forms.ChoiceField(
                label=_("%(number)d. “%(text)s”, %(kind)s")
                % {
                    "number": len(self.findings),
                    "text": finding.hit.text,
                    "kind": redaction.kind_label(finding.hit.kind),
                },
                choices=[
                    (self.MASK, _("Mask it as %(masked)s") % {"masked": finding.hit.masked}),
                    (self.KEEP, _("Not personal data: keep it")),
                ],
                widget=forms.RadioSelect,
                required=False,
            )

    @property
    def shown_value(self) -> str:
        return " ".join(name for name, _finding in self.findings)

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        shown = set(self.data.get("redaction_shown", "").split())
        unseen = False
        for name, _finding in self.findings:
            if cleaned.get(name):
                continue
            if name in shown:
                self.add_error(name, _("Choose: mask it, or keep it."))
            else:
                unseen = True
        if unseen:
            self.add_error(
                None,
                _(
                    "The check found what may be personal data. For each finding, mask it or "
                    "confirm that it is not personal; nothing is shared until you do."
                ),
            )
        return cleaned

    @staticmethod
    def _hit_field(finding: redaction.Finding, nth: int) -> str:
        what = f"{finding.field}|{finding.hit.kind}|{finding.hit.text}|{nth}"
        return "hit_" + hashlib.blake2b(what.encode(), digest_size=6).hexdigest()

    @property
    def hit_fields(self) -> list[forms.BoundField]:
        return [self[name] for name, _finding in self.findings]

    @property
    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if not name.startswith("hit_")]

    def highlighted(self) -> list[tuple[str, list[tuple[str, int | None]]]]:
        """Each scanned text that holds findings, as (its label, its segments): plain text, or
        a finding with its number as in the list of choices below it (None for plain text).
        partials/redaction_step.html marks them."""
        out = []
        number = 0
        for field in self.redaction_texts:
            text = self.data.get(field, "")
            hits = [f.hit for _name, f in self.findings if f.field == field]
            if not hits:
                continue
            segments: list[tuple[str, int | None]] = []
            position = 0
            for hit in hits:
                number += 1
                segments += [(text[position : hit.start], None), (hit.text, number)]
                position = hit.end
            segments.append((text[position:], None))
            out.append((str(self.fields[field].label), segments))
        return out

    def resolved(self) -> tuple[dict[str, str], set[str]]:
        masks: dict[str, list[redaction.Hit]] = {}
        keep: set[str] = set()
        for name, finding in self.findings:
            if self.cleaned_data.get(name) == self.KEEP:
                keep.add(finding.hit.text)
            else:
                masks.setdefault(finding.field, []).append(finding.hit)
        texts = {
            name: redaction.mask(self.cleaned_data.get(name, ""), masks.get(name, []))
            for name in self.redaction_texts
            if name in self.cleaned_data
        }
        return texts, keep


class CaseForm(RedactionMixin, forms.ModelForm):
    redaction_texts = ("summary", "difficulty")
    field_order = [
        "case_number",
        "court_of_origin",
        "cause_of_action",
        "parties",
        "summary",
        "difficulty",
        "visibility",
    ]

    parties = forms.CharField(
        label=_("Parties' names (for the check only, not saved)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "List the parties' names, separated by commas or new lines: the check finds them in "
            "the text so that you can replace them with 张某 and the like."
        ),
    )

    class Meta:
        model = StudyCase
        fields = [
            "case_number",
            "court_of_origin",
            "cause_of_action",
            "summary",
            "difficulty",
            "visibility",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 8}),
            "difficulty": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "court_of_origin", forms.ModelChoiceField).queryset = Court.objects.order_by(
            "sort_order"
        )
        field_of(self, "court_of_origin", forms.ModelChoiceField).empty_label = None
        self.fields["summary"].help_text = _(
            "Anonymised: no names of natural persons, identity, telephone or bank card numbers. "
            "The portal checks before the case is shared."
        )
        concluded = self.instance.pk and self.instance.status == StudyCase.Status.CONCLUDED
        if not concluded:
            field_of(self, "visibility", forms.ChoiceField).choices = [
                c for c in StudyCase.Visibility.choices if c[0] != StudyCase.Visibility.PUBLIC
            ]
        self.setup_redaction()

    def validate_unique(self) -> None:
        # The group is set by the view, not the form: the service's full_clean checks the
        # (group, case number) rule and its message lands on the case number field.
        model_form = cast(Any, self)  # Django's own helpers for this (not in the type stubs)
        exclude = model_form._get_validation_exclusions()
        exclude.add("case_number")
        try:
            self.instance.validate_unique(exclude=exclude)
        except forms.ValidationError as error:
            model_form._update_errors(error)


class ConcludeForm(RedactionMixin, forms.Form):
    redaction_texts = ("conclusion", "experience")

    conclusion = forms.CharField(
        label=_("The group's conclusion"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write down the group's conclusion.")},
    )
    experience = forms.CharField(
        label=_("Trial experience"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What judges of the three courts can take from this case (审判经验总结)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_redaction()


DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SessionForm(forms.ModelForm):
    class Meta:
        model = StudySession
        fields = ["title", "start", "end", "place", "online_link", "cases"]
        widgets = {"start": DATETIME, "end": DATETIME, "cases": forms.CheckboxSelectMultiple}

    def __init__(self, *args, group: CaseStudyGroup, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("start", "end"):
            field_of(self, name, forms.DateTimeField).input_formats = DATETIME_INPUTS
            self.fields[name].error_messages["invalid"] = _(
                "Enter a date and time such as 2020-07-06 09:30."
            )
        field_of(self, "cases", forms.ModelChoiceField).queryset = StudyCase.objects.filter(
            group=group
        ).order_by("status", "-created_at")
        labelled_by(field_of(self, "cases", forms.ModelChoiceField), _case_label)
        if not self.instance.pk:
            number = group.sessions.count() + 1
            self.initial.setdefault(
                "title",
                _("%(group)s: study session no. %(number)d")
                % {"group": group.name, "number": number},
            )


def _case_label(case: StudyCase) -> str:
    return f"{case.case_number} · {case.cause_of_action}"


class RecordForm(forms.Form):
    attendees = forms.ModelMultipleChoiceField(
        label=_("Who attended"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    minutes = forms.CharField(
        label=_("Minutes"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "attendees", forms.ModelChoiceField).queryset = members
        labelled_by(field_of(self, "attendees", forms.ModelChoiceField), _person_label)


SCORES = [
    ("", _("Choose a score")),
    (5, _("5 · excellent")),
    (4, _("4 · good")),
    (3, _("3 · adequate")),
    (2, _("2 · weak")),
    (1, _("1 · poor")),
]


class ReviewForm(forms.ModelForm):
    class Meta:
        model = CaseReview
        fields = [*Criterion.values, "comment"]
        widgets = {
            **{c: forms.Select(choices=SCORES) for c in Criterion.values},
            "comment": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in Criterion:
            self.fields[criterion.value].error_messages["required"] = _("Give a score from 1 to 5.")
            self.fields[criterion.value].help_text = RUBRIC[criterion]
        self.fields["comment"].help_text = _(
            "What the judgment did well and what it could do better, criterion by criterion."
        )

    def validate_unique(self) -> None:
        """The one-review rule is the service's (it edits the reviewer's earlier review)."""
