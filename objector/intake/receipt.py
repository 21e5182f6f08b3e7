"""What the receipt says, in plain words, for someone reading it on a phone in a hurry: one sentence
on the situation, what to do now, the nearest date that matters and what changes on it, when to
expect an answer. The engine's full assessment follows, folded away, for whoever wants it.

Built from the §13 assessment alone (and the contact method), in the active language: call it
inside `translation.override`. The code and the key are not here: they stay with the view that
decides when they may be shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from objector.law.render import category_label, penalty
from objector.law.rules import PARTS, basis_text
from objector.law.texts import label

from .dates import human_date


@dataclass(frozen=True, slots=True)
class Nearest:
    when: str  # the date in words
    days: str  # "in 3 days"
    what: str  # what changes on it


@dataclass(frozen=True, slots=True)
class Summary:
    situation: str
    steps: list[str]
    nearest: Nearest | None
    answer_by: str


def _days(n: int) -> str:
    return ngettext("in %(n)d day", "in %(n)d days", n) % {"n": n}


def _for_self(result: dict[str, Any]) -> bool:
    return result.get("role") in (None, "self")


# The situation in one sentence, for the writer themselves and for someone else, by the first
# §10 category that has one (in the table's order).
_SITUATIONS = {
    "refusal_in_unit": (
        gettext_lazy("You refused an order or were ordered to the front, and are in your unit."),
        gettext_lazy(
            "The person you write about refused an order or was ordered to the front, and is in "
            "the unit."
        ),
    ),
    "dismissed": (
        gettext_lazy("You have been dismissed from service."),
        gettext_lazy("The person you write about has been dismissed from service."),
    ),
    "criminal_case": (
        gettext_lazy("A criminal case has been opened against you."),
        gettext_lazy("A criminal case has been opened against the person you write about."),
    ),
    "detention_abuse": (
        gettext_lazy("You are being held or mistreated by your unit."),
        gettext_lazy("The person you write about is being held or mistreated by the unit."),
    ),
    "captivity": (
        gettext_lazy("Your request is about captivity."),
        gettext_lazy("The person you write about is, or was, in captivity."),
    ),
}


def _situation(result: dict[str, Any], lang: str) -> str:
    me = _for_self(result)
    absence = result["absence"]
    if absence and absence["ongoing"]:
        values = {
            "start": human_date(absence["start"], lang),
            "days": ngettext("%(n)d day", "%(n)d days", absence["days"]) % {"n": absence["days"]},
        }
        if me:
            return _("You have been away from your unit since %(start)s: %(days)s.") % values
        return (
            _("The person you write about has been away from the unit since %(start)s: %(days)s.")
            % values
        )
    if absence:
        values = {
            "start": human_date(absence["start"], lang),
            "end": human_date(absence["end"], lang),
        }
        if me:
            return _("You were away from your unit from %(start)s to %(end)s.") % values
        return _("The person you write about was away from the unit from %(start)s to %(end)s.") % (
            values
        )
    categories = result["categories"]
    if "plans_to_leave" in categories:
        if me:
            return _("You are thinking of leaving your unit, and have not left yet.")
        return _(
            "The person you write about is thinking of leaving the unit, and has not left yet."
        )
    for category in categories:
        if category in _SITUATIONS:
            said = _SITUATIONS[category][0 if me else 1]
            return str(said)
    if categories:
        what = ", ".join(category_label(c, result, lang) for c in categories)
        return _("Your request is about: %(what)s.") % {"what": what}
    return _("Your request is a general question.")


def _steps(result: dict[str, Any], events: set[str], lang: str) -> list[str]:
    me = _for_self(result)
    categories = result["categories"]
    steps = []
    if "detention_abuse" in categories:
        steps.append(
            _(
                "If a life or someone's health is in danger right now, write to the lawyer under "
                "your code as soon as you can: such requests are read first."
            )
        )
    if "criminal_case" in categories or "detained" in events:
        steps.append(
            _(
                "You have the right not to testify against yourself (art. 51 of the "
                "Constitution). Sign no statement or record without a lawyer."
            )
            if me
            else _(
                "He has the right not to testify against himself (art. 51 of the Constitution). "
                "He should sign no statement or record without a lawyer."
            )
        )
    for d in result["deadlines"]:
        kind = label(d["kind"], lang)
        if d["expired"] and d["kind"] == "prosecutor_answer":
            steps.append(_("The prosecutor has not answered in time: tell the lawyer."))
        elif d["expired"]:
            steps.append(
                _(
                    "The time to %(what)s has passed, but a court can restore it for a valid "
                    "reason. Write to the lawyer as soon as you can."
                )
                % {"what": kind}
            )
    if (result["absence"] and result["absence"]["ongoing"]) or "plans_to_leave" in categories:
        steps.append(
            _("Do not discuss your plans in open chats or on the phone.")
            if me
            else _("Do not discuss his plans in open chats or on the phone.")
        )
    steps.append(_("Sign nothing and give no explanations until the lawyer answers."))
    return steps


def _nearest(result: dict[str, Any], lang: str, today: date) -> Nearest | None:
    """The earliest date still to come: a threshold of the absence or an open deadline."""
    found: list[tuple[str, int, str]] = []
    current = next((e for e in result["exposure"] if e["article"] == "337"), None)
    now = penalty(current, lang) if current else _("no criminal article")
    for t in result["thresholds"]:
        band = label(t["band"], lang)
        if t["to_part"]:
            # In the reader's language ("УК РФ ст. 337 ч. 2.1" stood in the English text).
            then = f"{basis_text(t['basis'], lang)}: {penalty(PARTS['337', t['to_part']], lang)}"
            what = _(
                "The absence will then have lasted %(band)s, and the penalty becomes %(then)s "
                "(now: %(now)s)."
            ) % {"band": band, "then": then, "now": now}
        else:
            what = _("The absence will then have lasted %(band)s.") % {"band": band}
        found.append((t["date"], 0, what))
    for d in result["deadlines"]:
        if d["expired"]:
            continue
        if d["kind"] == "prosecutor_answer":
            what = _("The last day for the prosecutor to answer your complaint.")
        else:
            what = _(
                "The last day to %(what)s. After it, a court would first have to restore the time."
            ) % {"what": label(d["kind"], lang)}
        found.append((d["due"], 1, what))
    if not found:
        return None
    when, _order, what = min(found)
    days = (date.fromisoformat(when) - today).days
    soon = _("today") if days == 0 else _days(days)
    return Nearest(when=human_date(when, lang), days=soon, what=what)


def _answer_by(result: dict[str, Any], contact_method: str) -> str:
    period = {
        "critical": _("within a day"),
        "high": _("within two working days"),
    }.get(result["urgency"], _("within a week"))
    if contact_method == "code_only":
        return _(
            "Expect the lawyer's answer %(period)s. Read it here, on the page “Check your "
            "request”, with your code and key."
        ) % {"period": period}
    return _(
        "Expect the lawyer's answer %(period)s, the way you chose; it will also be here, under "
        "your code."
    ) % {"period": period}


def summarize(
    result: dict[str, Any], *, lang: str, today: date, contact_method: str, events: set[str]
) -> Summary:
    return Summary(
        situation=_situation(result, lang),
        steps=_steps(result, events, lang),
        nearest=_nearest(result, lang, today),
        answer_by=_answer_by(result, contact_method),
    )


def summary_text(summary: Summary) -> str:
    """The summary as plain text, for the Telegram bot's receipt (in the active language)."""
    lines = [summary.situation, "", _("What to do now") + ":"]
    lines += [f"{i}. {step}" for i, step in enumerate(summary.steps, 1)]
    if summary.nearest:
        n = summary.nearest
        lines += ["", f"{_('The nearest date that matters')}: {n.when} ({n.days}). {n.what}"]
    lines += ["", summary.answer_by]
    return "\n".join(lines)
