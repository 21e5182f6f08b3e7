"""What the queue and the case page say about a request's subject: already a client in another
case, or named in a stored order. Two queries for a whole page (the signal
`cases.signals.request_markers` asks for it; cases does not import this app): the requests'
persons' other requests, in the clear; and, only while the vault is unlocked, the orders naming
them, whose mentions the registry finds by a tag under its key (round 10). Sealed, the queue
says "already a client" only."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.translation import gettext

from objector.accounts.models import Staff
from objector.documents.access import case_tags_assigned
from objector.vault.keys import VaultSealed

from .keyring import person_tag
from .models import Mention


def _visible(staff: Staff, assignee_id: int | None) -> bool:
    if staff.role == Staff.Role.COORDINATOR:
        return True
    return assignee_id is not None and assignee_id == staff.pk


class _Documents:
    """Whether a staff member may see a document, by its case's keyed tag (the case is sealed):
    the organisation's own ("") to every caseworker, a case's to its lawyer. The tags of their
    cases are computed once, on the first document asked about; none while sealed."""

    def __init__(self, staff: Staff) -> None:
        self.staff = staff
        self.mine: set[str] | None = None

    def visible(self, tag: str | None) -> bool:
        if self.staff.role == Staff.Role.COORDINATOR or tag == "":
            return True
        if self.mine is None:
            self.mine = case_tags_assigned(self.staff)
        return tag is not None and tag in self.mine


def order_text(number: str, unit: str) -> str:
    if number and unit:
        return gettext("named in order № %(number)s of unit %(unit)s") % {
            "number": number,
            "unit": unit,
        }
    if number:
        return gettext("named in order № %(number)s") % {"number": number}
    if unit:
        return gettext("named in an order of unit %(unit)s") % {"unit": unit}
    return gettext("named in a stored order")


def _client_text(reference: str) -> str:
    """ "already a client: case CODE", the code kept whole (it broke at its hyphen in the
    queue's narrow name column at 1366 px: "VQP9-" on one line, "9J8E" on the next)."""
    text = escape(gettext("already a client: case %(reference)s"))
    ref = format_html('<span class="ref">{}</span>', reference)
    return format_html(text.replace("%(reference)s", "{}"), ref)


def markers_for(staff: Staff, requests: list[Any]) -> dict[int, list[tuple[str, str]]]:
    pks = [r.pk for r in requests]
    if not pks:
        return {}
    rows = Mention.objects.filter(request_id__in=pks, person__isnull=False).values_list(
        "request_id",
        "person_id",
        "pk",
        "person__mentions__pk",
        "person__mentions__request__reference",
        "person__mentions__request__assignee_id",
        "person__mentions__request__shredded_at",
        "person__mentions__doc_kind",
        "person__mentions__doc_number",
        "person__mentions__doc_unit",
        "person__mentions__document__case_tag",
    )
    found: dict[int, list[tuple[str, str]]] = {}
    documents = _Documents(staff)
    page = reverse("persons:person", args=[0])[:-1]  # "/staff/persons/", once for the page
    for (
        subject,
        person,
        own,
        other,
        reference,
        assignee,
        shredded,
        kind,
        number,
        unit,
        case_tag,
    ) in rows:
        if other == own:
            continue
        text = None
        if reference and shredded is None:
            if _visible(staff, assignee):
                text = _client_text(reference)
            else:
                text = gettext("already a client in another case")
        elif kind == "order":
            if documents.visible(case_tag):
                text = order_text(number, unit)
            else:
                text = gettext("named in a stored order")
        marker = (text, f"{page}{person}") if text else None
        if marker and marker not in found.setdefault(subject, []):
            found[subject].append(marker)
    _orders(documents, found, page, {(s, p) for s, p, *_ in rows})
    for texts in found.values():
        texts.sort()
    return found


def _orders(
    documents: _Documents,
    found: dict[int, list[tuple[str, str]]],
    page: str,
    subjects: set[tuple[int, int]],
) -> None:
    """The orders naming these requests' persons (request id, person id): their mentions are
    tagged under the registry's key, so nothing is added while the vault is sealed."""
    try:
        tags = {person_tag(person): person for person in {p for _, p in subjects}}
    except VaultSealed:
        return
    of: dict[int, list[int]] = {}
    for subject, person in subjects:
        of.setdefault(person, []).append(subject)
    rows = Mention.objects.filter(person_tag__in=list(tags), doc_kind="order").values_list(
        "person_tag",
        "doc_number",
        "doc_unit",
        "document__case_tag",
    )
    for tag, number, unit, case_tag in rows:
        person = tags[tag]
        if documents.visible(case_tag):
            text = order_text(number, unit)
        else:
            text = gettext("named in a stored order")
        marker = (text, f"{page}{person}")
        for subject in of[person]:
            if marker not in found.setdefault(subject, []):
                found[subject].append(marker)
