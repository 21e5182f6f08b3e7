"""The CSRF token a form carries, masked with one read of the system's random source.

Django masks the CSRF secret afresh for every page (against BREACH), with a mask drawn one
character at a time through `secrets.choice`: 32 reads of the random source and about 48 µs a
page, of the 800 or so a question page costs (bench/intake_pages.py). The token here is the same:
a mask of 32 characters from the same alphabet, uniform, from os.urandom, and the secret
enciphered under it as Django does, so that Django's CsrfViewMiddleware checks it unchanged.
Only the drawing is cheaper: one read, and rejection of bytes that would bias the alphabet. A
first visit's new secret (the start page's) is drawn the same way.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.http import HttpRequest
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token
from django.utils.functional import SimpleLazyObject

ALPHABET = CSRF_ALLOWED_CHARS
POSITION = {c: i for i, c in enumerate(ALPHABET)}
# The largest multiple of the alphabet's 62 letters under 256: a byte at or above it is drawn
# again, so that every letter is equally likely.
UNBIASED = 256 - 256 % len(ALPHABET)


def _draw() -> list[int]:
    """32 letters' positions in the alphabet, uniform, from one read (rarely two)."""
    n = len(ALPHABET)
    draws: list[int] = []
    while len(draws) < CSRF_SECRET_LENGTH:
        draws += [b % n for b in secrets.token_bytes(CSRF_SECRET_LENGTH + 8) if b < UNBIASED]
    return draws[:CSRF_SECRET_LENGTH]


def _mask(secret: str) -> str:
    n = len(ALPHABET)
    mask = _draw()
    cipher = "".join(ALPHABET[(POSITION[c] + m) % n] for c, m in zip(secret, mask, strict=True))
    return "".join(ALPHABET[m] for m in mask) + cipher


def csrf_token(request: HttpRequest) -> str:
    """What `django.middleware.csrf.get_token` gives: the cookie's secret, freshly masked; the
    response renews the cookie. Without a cookie yet (a first visit, such as the start page's),
    a new secret is drawn the same way, and the response sets it, as Django's would."""
    secret = request.META.get("CSRF_COOKIE")
    if "CSRF_COOKIE" not in request.META:
        secret = "".join(ALPHABET[m] for m in _draw())
        request.META["CSRF_COOKIE"] = secret
    elif (
        not isinstance(secret, str)
        or len(secret) != CSRF_SECRET_LENGTH
        or not POSITION.keys() >= set(secret)
    ):
        return get_token(request)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    return _mask(secret)


def lazy_csrf_token(request: HttpRequest) -> Any:
    """For a page's context as `csrf_token` (ahead of Django's context processor, which would
    mask it the slow way): computed only if the page has a form, and once for all its forms."""
    return SimpleLazyObject(lambda: csrf_token(request))
