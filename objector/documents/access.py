"""Which documents a staff member may open. A case's evidence follows the case's access
(cases.access); the organisation's bulk uploads are open to every caseworker. Which case a
document is on is sealed (models.Document.case_sealed): opening one of a case needs the vault
unlocked (VaultSealed, a 503, while sealed)."""

from __future__ import annotations

from django.http import Http404

from objector.accounts.models import Staff
from objector.cases.access import access_request
from objector.intake.models import Request
from objector.vault.audit import audit_record
from objector.vault.keys import NotReady, VaultSealed

from .actions import case_tags, documents_cases
from .models import Document, DocumentPerson


def access_document(staff: Staff, pk: int) -> Document:
    """The document, or 404 (never 403: which documents exist is itself worth hiding)."""
    document = Document.objects.select_related("uploaded_by").filter(pk=pk).first()
    if document is None:
        audit_record(actor=staff, action="access_refused", object_type="document", object_id=pk)
        raise Http404("no such document")
    if document.case_sealed:
        [case] = documents_cases([document]).values()
        document.case = access_request(staff, case)
    return document


def access_person(staff: Staff, document_pk: int, pk: int) -> DocumentPerson:
    document = access_document(staff, document_pk)
    person = DocumentPerson.objects.filter(document=document, pk=pk).first()
    if person is None:
        raise Http404("no such person")
    person.document = document
    return person


def case_tags_assigned(staff: Staff) -> set[str]:
    """The tags of the cases assigned to this staff member (not shredded): their documents are
    theirs to see. Empty while sealed, when the tags cannot be computed (VaultSealed)."""
    cases = Request.objects.filter(assignee=staff, shredded_at=None).values_list("pk", flat=True)
    try:
        return set(case_tags(list(cases)))
    except (VaultSealed, NotReady):
        return set()
