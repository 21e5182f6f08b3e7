"""Which documents a staff member may open. A case's evidence follows the case's access
(cases.access); the organisation's bulk uploads are open to every caseworker."""

from __future__ import annotations

from django.http import Http404

from objector.accounts.models import Staff
from objector.cases.access import access_request
from objector.vault.audit import audit_record

from .models import Document, DocumentPerson


def access_document(staff: Staff, pk: int) -> Document:
    """The document, or 404 (never 403: which documents exist is itself worth hiding)."""
    document = Document.objects.select_related("case", "uploaded_by").filter(pk=pk).first()
    if document is None:
        audit_record(actor=staff, action="access_refused", object_type="document", object_id=pk)
        raise Http404("no such document")
    if document.case_id is not None:
        access_request(staff, document.case_id)
    return document


def access_person(staff: Staff, document_pk: int, pk: int) -> DocumentPerson:
    document = access_document(staff, document_pk)
    person = DocumentPerson.objects.filter(document=document, pk=pk).first()
    if person is None:
        raise Http404("no such person")
    person.document = document
    return person
