"""Who may see a person: coordinators, every one; a lawyer, a person with at least one mention
in a case assigned to them or in the organisation's own documents. The page then lists only
the mentions the reader may see, and says how many more there are."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from objector.accounts.models import Staff
from objector.documents.access import case_tags_assigned
from objector.vault.audit import audit_record
from objector.vault.keys import VaultSealed

from .models import Mention, Person, of_person


def mentions_visible(staff: Staff) -> Q:
    if staff.role == Staff.Role.COORDINATOR:
        return Q(request__shredded_at=None) | Q(request__isnull=True)
    if staff.role == Staff.Role.LAWYER:
        # A document's case is known by its keyed tag only: while sealed, a lawyer sees the
        # organisation's documents' mentions, not their cases' (the pages answer 503 anyway).
        return (
            Q(request__assignee=staff, request__shredded_at=None)
            | Q(document__case_tag="")
            | Q(document__case_tag__in=case_tags_assigned(staff))
        )
    return Q(pk__in=[])


def mentions_hidden(staff: Staff, person: Person) -> bool:
    """Whether this person is mentioned anywhere this staff member may not see."""
    mine = Mention.objects.filter(of_person(person.pk))
    return mine.exclude(pk__in=mine.filter(mentions_visible(staff)).values("pk")).exists()


def access_person(staff: Staff, pk: int) -> Person:
    """The person, or 404 (never 403: which persons exist is itself worth hiding)."""
    person = Person.objects.filter(pk=pk).first()
    try:
        its = of_person(pk)
    except VaultSealed:  # its documents' mentions are found by their tag only while unlocked
        its = Q(person_id=pk)
    if person is None or not Mention.objects.filter(mentions_visible(staff), its).exists():
        audit_record(actor=staff, action="access_refused", object_type="person", object_id=pk)
        raise Http404("no such person")
    return person
