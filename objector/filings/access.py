"""Which drafts a staff member may open. A case's draft follows the case's access; a joint
claim drafted from an order follows the order's, and is open only to the coordinators and to
the one who drafted it, since it names clients of cases others may not see."""

from __future__ import annotations

from django.http import Http404

from objector.accounts.models import Staff
from objector.cases.access import access_request
from objector.documents.access import access_document

from .models import Draft


def access_draft(staff: Staff, pk: int) -> Draft:
    """The draft, or 404 (never 403); a joint claim's order is sealed (models), set as
    `document_pk`: VaultSealed while sealed."""
    from .actions import draft_tags_fill, drafts_documents

    draft = Draft.objects.select_related("created_by").filter(pk=pk).first()
    if draft is None:
        raise Http404("no such draft")
    if draft.case_id is not None:
        draft.case = access_request(staff, draft.case_id)
    elif draft.document_sealed:
        draft.document_pk = drafts_documents([draft])[draft.pk]
        if draft.document_tag is None:  # sealed by the migration of round 11c: tag it now
            draft_tags_fill()
            draft.refresh_from_db(fields=["document_tag"])
        access_document(staff, draft.document_pk)
        if staff.role != Staff.Role.COORDINATOR and draft.created_by_id != staff.pk:
            raise Http404("no such draft")
    return draft
