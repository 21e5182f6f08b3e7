"""What other parts of the product may react to, without cases importing them."""

from django.dispatch import Signal

# After a lawyer's answer is stored: request=Request (opened), entry=Entry. Sent inside the
# transaction, so that what a receiver writes commits or rolls back with the answer.
message_sent = Signal()
# Requests were crypto-shredded: ids=list[int]. Inside the transaction, likewise.
requests_shredded = Signal()
# A page of requests is shown (staff=Staff, requests=list[Request]): a receiver returns
# {request id: [(marker text, link or ""), …]} to show beside each, e.g. ("named in order № 12
# of unit 12345", "/staff/persons/7"). One query per receiver for the page, not per request.
request_markers = Signal()
Marker = tuple[str, str]


def markers_for(staff: object, requests: list[object]) -> dict[int, list[Marker]]:
    """Every receiver's markers for these requests, gathered."""
    found: dict[int, list[Marker]] = {}
    for _receiver, answer in request_markers.send(sender=None, staff=staff, requests=requests):
        if isinstance(answer, dict):
            for pk, texts in answer.items():
                found.setdefault(pk, []).extend(texts)
    return found
