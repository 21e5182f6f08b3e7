"""Input to the staff account pages."""

from __future__ import annotations

from django import forms


class ConfirmForm(forms.Form):
    """A destructive change on the team page: the box must be ticked."""

    confirm = forms.BooleanField()
