"""A short-lived pass for the receipt page's own forms (review of round 6, finding 2).

Right after a submit, the receipt page's forms (another language, save as a file, print) send
the code and key back, and those checks are throttled per address like any status check. An
address over its limit (a shared NAT, a household /64, or an attacker guessing from the same
network) must not keep the requester who has just submitted from saving her receipt. So the
receipt page, shown once after the submit, sets a signed cookie naming the request by a keyed
tag, for PASS_MINUTES, scoped to the receipt pages. The guard in front of Django lets such a
browser through (it cannot read the body), and the view skips the per-address limit only when
the posted code is the one the pass names: the pass opens nothing. A pass has its own small
allowance of wrong checks (throttle kind "receipt_pass", keyed by the pass's tag), answered by
the guard once spent: whoever submits a request to get a pass gains a few guesses, no more.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import constant_time_compare, salted_hmac

COOKIE = "objector_receipt_pass"
SALT = "objector.intake.receipt-pass"
PASS_MINUTES = 30
PATH = "/intake/receipt"  # and /intake/receipt/file, /intake/receipt/print beneath it


def _tag(reference: str) -> str:
    # Keyed: the cookie does not name the request to whoever reads it.
    return salted_hmac(SALT, reference.strip(), algorithm="sha256").hexdigest()[:32]


def issue(response: HttpResponse, reference: str) -> None:
    response.set_cookie(
        COOKIE,
        signing.dumps(_tag(reference), salt=SALT),
        max_age=PASS_MINUTES * 60,
        path=PATH,
        httponly=True,
        samesite="Strict",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def tag_of(value: str) -> str | None:
    """The tag of a pass cookie's value when it is validly signed and fresh; else None."""
    try:
        tag = signing.loads(value, salt=SALT, max_age=PASS_MINUTES * 60)
    except signing.BadSignature:
        return None
    return tag if isinstance(tag, str) else None


def of(request: HttpRequest) -> str | None:
    """The tag of the request's valid, fresh pass, if any."""
    return tag_of(request.COOKIES.get(COOKIE, ""))


def covers(tag: str | None, reference: str) -> bool:
    """Whether a pass's tag names this code."""
    return tag is not None and constant_time_compare(tag, _tag(reference))
