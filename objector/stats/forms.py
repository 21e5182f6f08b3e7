from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from objector.persons.counts import dims_allowed

from .counts import DIMENSIONS

# What a reader sees for each dimension (the selects showed the keys: "week", "district").
DIMENSION_LABELS = {
    "week": pgettext_lazy("dimension", "week"),
    "month": pgettext_lazy("dimension", "month"),
    "district": pgettext_lazy("dimension", "federal district"),
    "channel": pgettext_lazy("dimension", "channel"),
    "status": pgettext_lazy("dimension", "status"),
    "outcome": pgettext_lazy("dimension", "outcome"),
    "personnel": pgettext_lazy("dimension", "service"),
    "category": pgettext_lazy("dimension", "category"),
    "unit": pgettext_lazy("dimension", "unit"),
}
CHOICES = [("", "—"), *[(key, DIMENSION_LABELS[key]) for key in DIMENSIONS]]
# A date is picked from the browser's calendar, whatever the page's language.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def dimension_names(dims: list[Any]) -> str:
    return ", ".join(str(DIMENSION_LABELS[d]) for d in dims)


MEASURES = [
    ("requests", _("requests")),
    ("persons", _("distinct persons")),
    ("ordered", _("persons named in orders")),
]


class TableForm(forms.Form):
    """Which cross-table: one to three dimensions, an optional period."""

    measure = forms.ChoiceField(
        choices=MEASURES,
        required=False,
        initial="requests",
        label=pgettext_lazy("measure", "Count"),
    )
    rows = forms.ChoiceField(choices=CHOICES[1:], initial="district", label=_("Rows"))
    columns = forms.ChoiceField(choices=CHOICES, required=False, label=_("Columns"))
    layers = forms.ChoiceField(choices=CHOICES, required=False, label=_("Layers"))
    start = forms.DateField(required=False, label=_("From"), widget=DATE)
    end = forms.DateField(required=False, label=_("To"), widget=DATE)
    raw = forms.BooleanField(required=False, label=_("Raw counts (not for publication)"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        dims = [data.get(k) for k in ("rows", "columns", "layers") if data.get(k)]
        if len(set(dims)) != len(dims):
            raise forms.ValidationError(
                _("Each dimension once: %(dims)s") % {"dims": dimension_names(dims)}
            )
        if "week" in dims and "month" in dims:
            raise forms.ValidationError(_("Weeks or months, not both"))
        measure = data["measure"] = data.get("measure") or "requests"
        allowed = dims_allowed(measure) if measure != "requests" else set(DIMENSIONS) - {"unit"}
        refused = [d for d in dims if d not in allowed]
        if refused:
            said = _("%(measure)s cannot be counted by %(dims)s") % {
                "measure": dict(MEASURES)[measure],
                "dims": dimension_names(refused),
            }
            # What they can be counted by: "persons named in orders" by week, month and unit only.
            can = _("They can be counted by: %(dims)s.") % {
                "dims": dimension_names([d for d in DIMENSIONS if d in allowed])
            }
            first = next((i for i, c in enumerate(said) if c.isalpha()), 0)  # after a «
            said = said[:first] + said[first : first + 1].upper() + said[first + 1 :]
            raise forms.ValidationError(f"{said}. {can}")
        start, end = data.get("start"), data.get("end")
        if (start is None) != (end is None):
            raise forms.ValidationError(_("A period needs both its first and its last day"))
        if start and end and start > end:
            raise forms.ValidationError(_("The period ends before it starts"))
        data["dims"] = dims
        data["period"] = (start, end) if start and end else None
        return data


RELEASE_CHOICES = [
    ("", "—"),
    *[
        (key, DIMENSION_LABELS[key])
        for key in ("week", "district", "channel", "personnel", "category")
    ],
]


class ReleaseForm(forms.Form):
    """A release: a title, one to three dimensions that never change, whole past weeks."""

    title = forms.CharField(max_length=200, label=_("Title"))
    rows = forms.ChoiceField(choices=RELEASE_CHOICES[1:], label=_("Rows"))
    columns = forms.ChoiceField(choices=RELEASE_CHOICES, required=False, label=_("Columns"))
    layers = forms.ChoiceField(choices=RELEASE_CHOICES, required=False, label=_("Layers"))
    first = forms.DateField(label=_("First week (any day of it)"), widget=DATE)
    last = forms.DateField(label=_("Last week (any day of it)"), widget=DATE)
    # Empty: suppression with the attacker's audit; a number: differential privacy at that ε.
    epsilon = forms.FloatField(
        required=False,
        min_value=0.05,
        max_value=5,
        label=_("Differential privacy: ε to spend (empty: suppression)"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        dims = [data.get(k) for k in ("rows", "columns", "layers") if data.get(k)]
        if len(set(dims)) != len(dims):
            raise forms.ValidationError(
                _("Each dimension once: %(dims)s") % {"dims": dimension_names(dims)}
            )
        data["dims"] = dims
        return data
