"""The short forms: only the fields a draft still lacks; consent; the persons of an order."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from . import core
from .kinds import kind_name

COURT_KINDS = ("claim_dismissal", "claim_dismissal_joint", "appeal_court_decision")
LONG = ("case.story", "input.grounds", "input.valid_reasons", "input.reasons")


def field_name(path: str) -> str:
    return path.replace(".", "__")


class MissingForm(forms.Form):
    """One optional field for each missing schema field; what stays empty stays a blank."""

    def __init__(self, fields: list[core.Field], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.paths = {field_name(f.path): f.path for f in fields}
        for f in fields:
            name = field_name(f.path)
            label = f"{f.label} ({f.path})"
            if f.path == "input.restore_for":
                choices = [(k, kind_name(k)) for k in COURT_KINDS]
                self.fields[name] = forms.ChoiceField(label=label, choices=choices)
            elif f.type == "date":
                self.fields[name] = forms.DateField(
                    label=label, required=False, widget=forms.DateInput(attrs={"type": "date"})
                )
            else:
                widget = forms.Textarea(attrs={"rows": 3}) if f.path in LONG else None
                self.fields[name] = forms.CharField(
                    label=label, required=False, max_length=core.MAX_TEXT, widget=widget
                )

    def inputs(self) -> dict[str, str]:
        out = {}
        for name, path in self.paths.items():
            value = self.cleaned_data.get(name)
            if value:
                out[path] = value.isoformat() if hasattr(value, "isoformat") else str(value)
        return out


class ConsentForm(forms.Form):
    date = forms.DateField(
        label=_("Date of consent"), widget=forms.DateInput(attrs={"type": "date"})
    )
    channel = forms.ChoiceField(
        label=_("How it was given"),
        choices=[
            ("paper", _("on paper")),
            ("in_person", _("in person")),
            ("phone", _("by phone")),
            ("web", _("web form")),
            ("telegram", _("Telegram")),
        ],
    )


class JointForm(forms.Form):
    """The persons chosen (all, or some), and the item of the order for each."""

    def __init__(self, persons: list[dict[str, Any]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person_pks = [p["pk"] for p in persons]
        self.fields["chosen"] = forms.TypedMultipleChoiceField(
            label=_("Persons"),
            choices=[(p["pk"], str(p["pk"])) for p in persons],
            coerce=int,
            widget=forms.CheckboxSelectMultiple,
        )
        for p in persons:
            self.fields[f"item_{p['pk']}"] = forms.CharField(
                label=_("Item of the order"), required=False, max_length=20
            )
        for path, label in (
            ("directory.court.name", _("Court")),
            ("directory.defendant.name", _("Defendant (the commander)")),
            ("document.issuer", _("Who issued the order (genitive)")),
        ):
            self.fields[field_name(path)] = forms.CharField(
                label=label, required=False, max_length=500
            )

    def items(self) -> dict[int, str]:
        return {pk: self.cleaned_data.get(f"item_{pk}", "") for pk in self.person_pks}

    def inputs(self) -> dict[str, str]:
        paths = ("directory.court.name", "directory.defendant.name", "document.issuer")
        return {
            p: self.cleaned_data[field_name(p)]
            for p in paths
            if self.cleaned_data.get(field_name(p))
        }
