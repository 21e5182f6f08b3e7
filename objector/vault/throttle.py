"""Throttling of guesses (staff sign-in, receipt checks) per address and per account+address.

Issue #13, finding 6: five wrong passwords locked a username for 15 minutes even against the
right password, so anyone could lock every coordinator out; and with no per-address limit a few
clients kept every worker busy hashing passwords, slowing intake. Here:
- each address may fail ADDRESS_FAILURES times in WINDOW, then it is refused at once, with no
  password hashed and nothing written (a flood from one address costs a SELECT each);
- each account+address pair waits a growing delay after PAIR_FREE failures (1 s, 2 s, 4 s …
  up to PAIR_MAX_DELAY): the account stays open from every other address, and the second factor
  still works, so nobody can lock anyone else out.

Addresses and usernames are stored only as keyed hashes (HMAC under a key derived from the
service secret) and deleted after WINDOW. Attempts from many addresses at once are limited only
per address: see docs/threat-model.md.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from .models import Attempt

WINDOW = timedelta(minutes=15)
PAIR_FREE = 3
PAIR_MAX_DELAY = 300.0


@dataclass(frozen=True)
class Limits:
    address_failures: int  # failures one address may make in WINDOW, all subjects together


LIMITS = {"login": Limits(address_failures=30), "receipt": Limits(address_failures=30)}


def _hash(kind: str, value: str) -> str:
    key = hashlib.blake2b(settings.SECRET_KEY.encode(), digest_size=32, person=b"throttle").digest()
    return hmac.new(key, f"{kind}\x1f{value}".encode(), hashlib.sha256).hexdigest()


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or behind a trusted reverse proxy
    (OBJECTOR_TRUSTED_PROXY=1) the last address it appended to X-Forwarded-For."""
    if settings.TRUSTED_PROXY:
        forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return str(request.META.get("REMOTE_ADDR", ""))


def wait_seconds(kind: str, *, address: str, subject: str = "") -> float:
    """0 when an attempt may go ahead; else how many seconds to wait."""
    since = timezone.now() - WINDOW
    address_hash = _hash(kind, address)
    recent = Attempt.objects.filter(kind=kind, address=address_hash, at__gte=since)
    if recent.count() >= LIMITS[kind].address_failures:
        oldest = recent.order_by("at").values_list("at", flat=True).first()
        return max(1.0, ((oldest or timezone.now()) + WINDOW - timezone.now()).total_seconds())
    if not subject:
        return 0.0
    pair = list(
        recent.filter(subject=_hash(kind, subject)).order_by("-at").values_list("at", flat=True)
    )
    if len(pair) < PAIR_FREE:
        return 0.0
    delay = min(PAIR_MAX_DELAY, 2.0 ** (len(pair) - PAIR_FREE))
    return max(0.0, (pair[0] + timedelta(seconds=delay) - timezone.now()).total_seconds())


def failed(kind: str, *, address: str, subject: str = "") -> None:
    Attempt.objects.create(
        kind=kind, address=_hash(kind, address), subject=_hash(kind, subject) if subject else ""
    )
    Attempt.objects.filter(at__lt=timezone.now() - WINDOW).delete()


def succeeded(kind: str, *, address: str, subject: str) -> None:
    Attempt.objects.filter(
        kind=kind, address=_hash(kind, address), subject=_hash(kind, subject)
    ).delete()
