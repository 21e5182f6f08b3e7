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
service secret) and deleted after WINDOW.

A flood of sign-ins from many addresses passes every per-address limit, and each attempt costs
an Argon2 hash (about 0.4 s of CPU over both cores): a few such clients kept both workers
hashing and slowed intake to a crawl. So a password is hashed only in its turn (`hashing_turn`):
one at a time in the whole server, and, for browsers not yet trusted, with a pause after each
hash of GATE_SHARE - 1 times its length, so that untrusted sign-ins use at most 1/GATE_SHARE of
the time whatever arrives. An attempt that finds no turn is refused at once, without hashing,
without writing anything. Staff whose browser completed a sign-in before (accounts/views.py,
a signed cookie) skip the pause, so a flood does not keep them out.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from .durability import commit_without_fsync
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
    """Counts a failure. On its own (a receipt guess), on SQLite, without waiting for the disk:
    a flood of guesses must not take an fsync each from intake's commits. A counter lost to a
    power cut costs an attacker's address a few free guesses, no more. Inside a transaction
    (a sign-in failure, with its audit entry) it is as durable as the rest."""
    with commit_without_fsync(), transaction.atomic():
        Attempt.objects.create(
            kind=kind,
            address=_hash(kind, address),
            subject=_hash(kind, subject) if subject else "",
        )
        Attempt.objects.filter(at__lt=timezone.now() - WINDOW).delete()


def succeeded(kind: str, *, address: str, subject: str) -> None:
    Attempt.objects.filter(
        kind=kind, address=_hash(kind, address), subject=_hash(kind, subject)
    ).delete()


GATE_SHARE = 8  # untrusted password hashing takes at most 1/GATE_SHARE of the CPU time
GATE_CHEAP = 0.03  # CPU seconds; a password check cheaper than this sets no pause
GATE_LONGEST = 60.0  # seconds; a longer pause on file is stale (the clock restarts at boot)


@dataclass
class Turn:
    """Whether this attempt may hash a password now; if not, how long to wait."""

    granted: bool
    wait: float = 0.0


@contextmanager
def hashing_turn(kind: str, *, trusted: bool = False) -> Iterator[Turn]:
    """A turn to hash a password, for the length of the `with` block, or a refusal.

    Across every worker process: an exclusive, non-blocking lock on a file in the data
    directory, which holds when the next untrusted hash may start (CLOCK_MONOTONIC, the same
    for every process on the machine). A file lock and not the database, so that a refused
    attempt costs no query and no write. The lock goes with the process if it dies."""
    fd = os.open(Path(settings.DATA_DIR) / f"throttle-{kind}.gate", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            # A trusted browser waits for the hash in progress (one, well under a second).
            fcntl.flock(fd, fcntl.LOCK_EX if trusted else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # another worker is hashing now
            yield Turn(granted=False, wait=1.0)
            return
        try:
            not_before = float(os.pread(fd, 32, 0) or b"0")
        except ValueError:
            not_before = 0.0
        now = time.monotonic()
        if not trusted and now < not_before < now + GATE_LONGEST:
            yield Turn(granted=False, wait=not_before - now)
            return
        cpu = time.process_time()  # the hash's own cost, whatever else loads the machine
        try:
            yield Turn(granted=True)
        finally:
            took = time.process_time() - cpu
            # Staff signing in are not the flood: their hashes set no pause; nor does a check
            # too cheap to starve anyone (the tests' fast hasher).
            if not trusted and took >= GATE_CHEAP:
                pause = time.monotonic() + took * (GATE_SHARE - 1)
                os.pwrite(fd, f"{pause:<32.6f}".encode(), 0)
    finally:
        os.close(fd)
