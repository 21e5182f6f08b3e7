"""The person page, and a lawyer's merge and split: one operation per view."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.http import require_GET, require_POST

from objector.accounts.access import PERSONAL_DATA_ROLES, current_staff, role_required
from objector.accounts.models import Staff
from objector.accounts.texts import STATUS, staff_lang
from objector.intake.dates import human_date
from objector.vault.audit import AuditAction, audit_record
from objector.vault.keys import VaultSealed, blind_indexes

from . import actions
from .access import access_person, mentions_visible
from .forms import MergeForm, SplitForm
from .models import Mention, Person, linked, of_person
from .registry import BLOCK, DOCUMENT_BLOCK, Read, mentions_read

CANDIDATES = 10
View = Callable[..., HttpResponse]


def _unlocked(view: View) -> View:
    """The registry's document mentions, evidence and corrections are under its key: while
    the vault is sealed the person pages and corrections answer 503, saying so."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except VaultSealed:
            return _sealed(request)

    return wrapped


FIELDS = {
    "surname": gettext_noop("surname"),
    "first_name": gettext_noop("first name"),
    "patronymic": gettext_noop("patronymic"),
    "birth_date": gettext_noop("birth date"),
    "unit": gettext_noop("unit"),
    "gender": gettext_noop("gender"),
}
VERDICTS = {
    "same": gettext_noop("same"),
    "missing": gettext_noop("missing on one side"),
    "different": gettext_noop("different"),
    "one letter": gettext_noop("one letter apart"),
    "two letters": gettext_noop("two letters apart, beside the same birth date or unit"),
    "begins alike": gettext_noop("an everyday form of it, not in the list"),
    "everyday form": gettext_noop("an everyday form of it, of several names"),
    "slip in an everyday form": gettext_noop("an everyday form of it, with a slip"),
    "begins alike, with a slip": gettext_noop(
        "an everyday form of it, not in the list, with a slip"
    ),
    "begins alike, a form the list gives another name": gettext_noop(
        "an everyday form of it: the list gives the form to another name, and lacks this one"
    ),
    "initial": gettext_noop("same initial"),
    "different initial": gettext_noop("different initial"),
    "transliteration": gettext_noop("same in another script"),
    "spelling": gettext_noop("same, spelt another way"),
    "day and month swapped": gettext_noop("day and month swapped"),
    "year off by one": gettext_noop("year off by one"),
    "one digit": gettext_noop("one digit apart"),
    # A birth date known to the month or the year only (round 10, link.py `_born`).
    "same year": gettext_noop("same year (a year alone on one side)"),
    "same month and year": gettext_noop("same month and year (no day on one side)"),
    "year off by one, same month": gettext_noop("year off by one, same month"),
    "year off by one, no month": gettext_noop("year off by one (a year alone on one side)"),
    "month may be the day": gettext_noop("the month on one side may be the day on the other"),
}
# Why a link is uncertain: objector.linking.link.DOUBTS, in the reader's language.
DOUBTS = {
    "score": gettext_noop("scored near the decision"),
    "thin": gettext_noop(
        "the mention has neither unit nor birth date, and its name fits another person too"
    ),
    "complementary": gettext_noop(
        "a unit on one side and a birth date on the other: only the name joins them, "
        "and another person of this name is in sight"
    ),
}
KINDS = {
    "order": gettext_noop("order"),
    "ruling": gettext_noop("ruling"),
    "letter": gettext_noop("letter"),
    "other": gettext_noop("document"),
}


def _visible_mentions(me: Staff, person: Person) -> list[Mention]:
    return list(
        Mention.objects.filter(mentions_visible(me), of_person(person.pk))
        .select_related(
            "request",
            "request__assignee",
            "document_person",
            "document_person__document",
            "document",
        )
        .order_by("created_at", "pk")
    )


def _evidence(
    items: list[dict[str, Any]], shown: set[int], gone: frozenset[int] = frozenset()
) -> list[dict[str, Any]]:
    """Each link's evidence, for links to mentions the reader may see. A link to one they may
    not (a colleague's case) is only said to exist: its number, score and verdicts ("unit —
    same", "birth date — day and month swapped") told what the hidden request holds (red team,
    round 7)."""
    out: list[dict[str, Any]] = []
    for e in items:
        if e["with"] in gone:  # a mention since deleted (its document read again): no link
            continue
        if e["with"] not in shown:
            out.append({"with": None, "shown": False, "score": None, "fields": []})
            continue
        fields = [
            (gettext(FIELDS.get(k, k)), gettext(VERDICTS.get(v, v)))
            for k, v in e.get("fields", {}).items()
        ]
        doubt = e.get("doubt")
        out.append(
            {
                "with": e["with"],
                "shown": e["with"] in shown,
                "score": e["score"],
                "fields": fields,
                "doubt": gettext(DOUBTS.get(doubt, doubt)) if doubt else "",
            }
        )
    return out


def _row(
    m: Mention,
    name: str,
    links: list[dict[str, Any]],
    shown: set[int],
    lang: str,
    gone: frozenset[int] = frozenset(),
) -> dict[str, Any]:
    evidence = _evidence(links, shown, gone)
    score, uncertain = m.certainty()  # sealed with the evidence where no clear mention is beside
    row: dict[str, Any] = {
        "pk": m.pk,
        "source": m.get_source_display(),
        "name": name,
        "uncertain": uncertain,
        # Why, from the strongest link the reader may see (none for a link they may not).
        "doubt": next((e["doubt"] for e in evidence if e["doubt"]), "") if uncertain else "",
        "score": score,
        "evidence": evidence,
        "request": None,
        "document": None,
    }
    if m.request is not None:
        r = m.request
        row["request"] = {
            "pk": r.pk,
            "reference": r.reference,
            "status": STATUS[r.status][lang],
            "assignee": r.assignee.username if r.assignee else "",
        }
    if m.document is not None:
        row["document"] = {
            "pk": m.document.pk,
            "kind": gettext(KINDS.get(m.doc_kind, KINDS["other"])),
            "number": m.doc_number,
            "unit": m.doc_unit,
            # In words, as the document page writes it: "1 марта 2025" (it showed "2025-03-01").
            "date": human_date(m.doc_date, lang) if m.doc_date else "",
            "role": m.role,
        }
    return row


def _candidates(me: Staff, person: Person, reads: list[Read]) -> list[dict[str, Any]]:
    """Other persons whose surnames block with this one's: the likely merges. The blocks are
    keyed apart for requests and documents (registry.DOCUMENT_BLOCK): both are computed here,
    from the names read, in one round trip."""
    raw = sorted({r.block for r in reads if r.named is not None})
    keys = set(blind_indexes([(p, b) for b in raw for p in (BLOCK, DOCUMENT_BLOCK)]))
    found = list(
        Mention.objects.filter(linked(), mentions_visible(me), block__in=keys)
        .exclude(person=person)
        .select_related("request", "document_person", "document_person__document")
        .order_by("pk")[: CANDIDATES * 6]
    )  # fmt: skip
    owners = [m.person_pk() for m in found]  # a document's: under the registry's key
    found = [m for m, p in zip(found, owners, strict=True) if p is not None and p != person.pk]
    names: dict[int, list[str]] = {}
    for m, r in sorted(
        zip(found, mentions_read(found), strict=True), key=lambda x: x[0].person_pk() or 0
    ):
        pk = m.person_pk()
        if r.named is not None and pk is not None:
            names.setdefault(pk, [])
            if r.named.name not in names[pk]:
                names[pk].append(r.named.name)
    # Each name apart, in its own <bdi>: a name is what someone typed, and a right-to-left
    # override in it turned the rest of the line round (red team, round 9).
    return [{"pk": pk, "names": n} for pk, n in list(names.items())[:CANDIDATES]]


def _page(
    request: HttpRequest,
    me: Staff,
    person: Person,
    *,
    merge: forms.Form | None = None,
    split: forms.Form | None = None,
    status: int = 200,
) -> HttpResponse:
    lang = staff_lang(request)
    try:
        mentions = _visible_mentions(me, person)
        reads = mentions_read(mentions)
        candidates = _candidates(me, person, reads)
        links = [m.links() for m in mentions]  # sealed under the registry's key
    except VaultSealed:
        return _sealed(request)
    audit_record(actor=me, action=AuditAction.VIEW, object_type="person", object_id=person.pk)
    shown = {m.pk for m in mentions}
    gone = _gone({e["with"] for ev in links for e in ev} - shown)
    rows = [
        _row(m, r.named.name if r.named else "", ev, shown, lang, gone)
        for m, r, ev in zip(mentions, reads, links, strict=True)
    ]
    hidden = Mention.objects.filter(of_person(person.pk)).exclude(pk__in=shown).count()
    context: dict[str, Any] = {
        "person": person,
        "rows": rows,
        "requests": [r for r in rows if r["request"]],
        "documents": [r for r in rows if r["document"]],
        "hidden": hidden,
        "uncertain": sum(1 for r in rows if r["uncertain"]),
        "candidates": candidates,
        "merge": merge or MergeForm(staff=me, person=person),
        "split": split or SplitForm(staff=me, person=person),
        "merged": _id(request.GET.get("merged")),
        "split_to": _id(request.GET.get("split")),
    }
    return render(request, "persons/person.html", context, status=status)


def _sealed(request: HttpRequest) -> HttpResponse:
    refused = {
        "message": gettext(
            "The person page opens only while the vault is unlocked: ask an administrator to "
            "unlock it."
        ),
        "back": "/staff/queue",
    }
    return render(request, "cases/refused.html", refused, status=503)


def _gone(linked: set[int]) -> frozenset[int]:
    """Of the mentions linked to, those that no longer exist: a document read again replaces
    its mentions, and the links to the old ones were shown as "a mention in a case you cannot
    see", even to a coordinator who sees every case (red team, round 9)."""
    if not linked:
        return frozenset()
    there = set(Mention.objects.filter(pk__in=linked).values_list("pk", flat=True))
    return frozenset(linked - there)


def _id(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 16 else None


@require_GET
@role_required(*PERSONAL_DATA_ROLES)
@_unlocked
def person_view(request: HttpRequest, pk: int) -> HttpResponse:
    me = current_staff(request)
    return _page(request, me, access_person(me, pk))


@require_POST
@role_required(*PERSONAL_DATA_ROLES)
@_unlocked
def person_merge(request: HttpRequest, pk: int) -> HttpResponse:
    me = current_staff(request)
    person = access_person(me, pk)
    form = MergeForm(request.POST, staff=me, person=person)
    if not form.is_valid():
        return _page(request, me, person, merge=form, status=400)
    other = form.cleaned_data["other"]
    merged = other.pk  # gone once merged
    try:
        actions.person_merge(person=person, other=other, by=me)
    except VaultSealed:  # the correction is kept sealed under the registry's key
        return _sealed(request)
    except actions.CorrectionError as exc:
        if exc.code == "too_many":
            form.add_error("other", _too_many())
            return _page(request, me, person, merge=form, status=429)
        form.add_error("other", _merge_refused(exc.code, other.pk))
        return _page(request, me, person, merge=form, status=400)
    # The fragment: a refused form's answer opens at the form (its action's #merge-form), a
    # done one at the confirmation on top.
    return redirect(reverse("persons:person", args=[person.pk]) + f"?merged={merged}#done")


def _merge_refused(code: str, other: int) -> str:
    if code == "merge_hidden_other":
        return gettext(
            "Person %(n)s is also mentioned in a case you cannot see, and a merge would change "
            "that case too: ask a coordinator to merge them."
        ) % {"n": other}
    if code == "merge_hidden":
        return gettext(
            "This person is also mentioned in a case you cannot see, and a merge would change "
            "that case too: ask a coordinator to merge them."
        )
    return gettext("No person you may see has that number.")  # merged away meanwhile


@require_POST
@role_required(*PERSONAL_DATA_ROLES)
@_unlocked
def person_split(request: HttpRequest, pk: int) -> HttpResponse:
    me = current_staff(request)
    person = access_person(me, pk)
    form = SplitForm(request.POST, staff=me, person=person)
    if not form.is_valid():
        return _page(request, me, person, split=form, status=400)
    try:
        new = actions.person_split(
            person=person, mentions=list(form.cleaned_data["mentions"]), by=me
        )
    except VaultSealed:
        return _sealed(request)
    except actions.CorrectionError as exc:
        if exc.code == "too_many":
            form.add_error("mentions", _too_many())
            return _page(request, me, person, split=form, status=429)
        form.add_error("mentions", _split_refused(exc.code))
        return _page(request, me, person, split=form, status=400)
    return redirect(reverse("persons:person", args=[person.pk]) + f"?split={new.pk}#done")


def _split_refused(code: str) -> str:
    if code == "split_hidden":
        return gettext(
            "This person is also mentioned in a case you cannot see, and a split would change "
            "that case too: ask a coordinator to split them."
        )
    return gettext("Leave at least one mention with this person: to move them all, merge instead.")


def _too_many() -> str:
    return gettext(
        "You have made %(n)d merges and splits in the last minute: wait a minute before the next."
    ) % {"n": actions.CORRECTIONS_PER_MINUTE}
