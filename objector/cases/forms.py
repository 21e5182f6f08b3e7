"""Input to the staff pages over requests, parsed in one place."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

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
