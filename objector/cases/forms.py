"""Input to the staff pages over requests, parsed in one place."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from objector.intake.models import Request
from objector.intake.questionnaire import EVENT_CHOICES

from .access import lawyers

MAX_BULK = 500  # one bulk action's reach; a bigger batch is narrowed by a filter first


class BulkForm(forms.Form):
    ACTIONS = (("assign", "assign"), ("status", "status"), ("template", "template"))

    action = forms.ChoiceField(
        choices=ACTIONS, error_messages={"required": _("Choose one action.")}
    )
    # "selected": the ticked rows; "matching": every request the queue's filter shows.
    scope = forms.ChoiceField(
        choices=(("selected", "selected"), ("matching", "matching")), required=False
    )
    filter = forms.CharField(required=False, max_length=2000)
    ids = forms.TypedMultipleChoiceField(coerce=int, required=False)
    lawyer = forms.CharField(required=False, max_length=20)
    status = forms.CharField(required=False, max_length=16)
    outcome = forms.CharField(required=False, max_length=32)
    template = forms.IntegerField(required=False, min_value=1)
    back = forms.CharField(required=False, max_length=2000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Any whole number is a valid id here; which of them the reader may touch is decided
        # by cases.access, not by the form.
        raw = self.data.getlist("ids") if hasattr(self.data, "getlist") else []
        choices = [(v, v) for v in raw[:MAX_BULK] if str(v).isdigit() and len(str(v)) < 19]
        ids = self.fields["ids"]
        assert isinstance(ids, forms.TypedMultipleChoiceField)  # noqa: S101 -- declared above
        ids.choices = choices

    def clean_ids(self) -> list[int]:
        return list(self.cleaned_data["ids"])

    def filter_params(self) -> QueryDict:
        return QueryDict(self.cleaned_data.get("filter") or "")


class SavedViewForm(forms.Form):
    name = forms.CharField(
        max_length=80,
        strip=True,
        error_messages={"required": _("Give the view a name.")},
    )
    query = forms.CharField(required=False, max_length=1000)


EARLIEST_EVENT = dt.date(1990, 1, 1)  # no §12 event of a serving person's case lies before this


class EventForm(forms.Form):
    type = forms.ChoiceField(label=_("Event"), choices=[(c.value, c.value) for c in EVENT_CHOICES])
    date = forms.DateField(
        label=_("Date"),
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": _("Enter a real date, as year-month-day (2026-11-20).")},
    )
    combat = forms.BooleanField(required=False)

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_date(self) -> dt.date:
        when: dt.date = self.cleaned_data["date"]
        if when > self.today:
            raise forms.ValidationError(_("The date is still to come."))
        if when < EARLIEST_EVENT:
            raise forms.ValidationError(_("The date is too long ago: check the year."))
        return when


class NoteForm(forms.Form):
    # The label names the form in a refusal shown above the page ("Note: …"; "Text: …" left
    # a lawyer wondering whether the note or the message was refused).
    text = forms.CharField(label=_("Note"), max_length=10_000)


class MessageForm(forms.Form):
    text = forms.CharField(label=_("Message to the requester"), max_length=10_000)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Request.Status.choices)
    outcome = forms.CharField(required=False, max_length=32)


class AssignForm(forms.Form):
    lawyer = forms.ModelChoiceField(
        label=_("Lawyer"),
        queryset=lawyers(),
        error_messages={"invalid_choice": _("Choose a lawyer of the team.")},
    )


class DeadlineForm(forms.Form):
    label = forms.CharField(label=_("What"), max_length=200)
    due = forms.DateField(
        label=_("Due"),
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": _("Enter a real date, as year-month-day (2026-11-20).")},
    )


class ShredForm(forms.Form):
    confirm = forms.BooleanField(
        error_messages={
            "required": _("Tick the box to confirm the destruction: it cannot be undone.")
        }
    )


def form_error(form: forms.Form) -> str:
    """The first error, naming its field: "Date: Enter a real date…"."""
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = field.label if field is not None and field.label else ""
        return f"{label}: {errors[0]}" if label else str(errors[0])
    return ""


class DeadlineFilterForm(forms.Form):
    """The deadlines page's filters; every field may be left out."""

    WITHIN = (("", _("any time")), ("7", _("the next 7 days")), ("30", _("the next 30 days")))
    KINDS = (
        ("", _("every kind")),
        ("engine", _("from the law (engine)")),
        ("threshold", _("the absence becomes graver")),
        ("manual", _("added by hand")),
    )

    within = forms.ChoiceField(label=_("Due within"), choices=WITHIN, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=KINDS, required=False)
    # "none", or a lawyer's id; only a coordinator sees the team's.
    assignee = forms.CharField(label=_("Lawyer"), required=False, max_length=20)
    page = forms.CharField(required=False, max_length=30)
    overdue_page = forms.CharField(required=False, max_length=30)

    def clean_assignee(self) -> str:
        value: str = self.cleaned_data["assignee"]
        if value and value != "none" and not (value.isdigit() and len(value) < 19):
            raise forms.ValidationError(_("Choose a lawyer of the team."))
        return value
