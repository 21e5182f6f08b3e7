"""Which requests a staff member may see. Every view over requests reads through here.

- Coordinators see every request of the organisation (one deployment, one organisation).
- Lawyers see only the requests assigned to them.
- Analysts and administrators see no request at all: they get counts (statistics) and accounts.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from objector.accounts.models import Staff
from objector.intake.models import Request
from objector.vault.audit import audit_record

Role = Staff.Role


def requests_visible(staff: Staff) -> QuerySet[Request]:
    """Shredded requests stay in the queue as closed rows with nothing inside (the queue's
    counting index has no room for one more column); their pages are gone."""
    if staff.role == Role.COORDINATOR:
        return Request.objects.all()
    if staff.role == Role.LAWYER:
        return Request.objects.filter(assignee=staff)
    return Request.objects.none()


def access_request(staff: Staff, pk: int) -> Request:
    """The request, or 404 — not 403, so that a lawyer cannot learn which other cases exist.
    A shredded request is gone: 404 too."""
    found = (
        requests_visible(staff).select_related("assignee").filter(pk=pk, shredded_at=None).first()
    )
    if found is None:
        # Refused (or absent: the same answer), and recorded either way.
        audit_record(actor=staff, action="access_refused", object_type="request", object_id=pk)
        raise Http404("no such case")
    return found


def can_assign(staff: Staff) -> bool:
    return staff.role == Role.COORDINATOR


def lawyers() -> QuerySet[Staff]:
    return Staff.objects.filter(role=Role.LAWYER, is_active=True).order_by("username")
