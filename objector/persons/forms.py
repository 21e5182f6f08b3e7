from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from objector.accounts.models import Staff

from .access import mentions_visible
from .models import Mention, Person, of_person


class MergeForm(forms.Form):
    """Another person to make part of this one, by its number (ids only: no name is sent)."""

    other = forms.IntegerField(
        min_value=1,
        max_value=2**53,
        label=_("Person number"),
        error_messages={
            "required": _("Choose the person to merge into this one."),
            "invalid": _("A person's number is a whole number, such as 42."),
            "min_value": _("A person's number is a whole number, such as 42."),
            "max_value": _("No person has that number."),
        },
    )

    def __init__(self, *args: Any, staff: Staff, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.staff, self.person = staff, person

    def clean_other(self) -> Person:
        pk = self.cleaned_data["other"]
        if pk == self.person.pk:
            raise forms.ValidationError(_("A person cannot be merged with itself."))
        visible = Mention.objects.filter(mentions_visible(self.staff), of_person(pk))
        other = Person.objects.filter(pk=pk).first()
        if other is None or not visible.exists():
            raise forms.ValidationError(_("No person you may see has that number."))
        return other


class SplitForm(forms.Form):
    """Mentions of this person to move to a new person."""

    mentions = forms.ModelMultipleChoiceField(
        queryset=Mention.objects.none(),
        label=_("Mentions to move"),
        error_messages={
            "required": _("Tick the mentions to move to a new person."),
            "invalid_choice": _("A ticked mention is not one of this person's."),
            "invalid_pk_value": _("A ticked mention is not one of this person's."),
        },
    )

    def __init__(self, *args: Any, staff: Staff, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["mentions"]
        assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101 -- for mypy
        field.queryset = Mention.objects.filter(mentions_visible(staff), of_person(person.pk))
