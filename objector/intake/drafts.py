"""Questionnaire drafts live in the requester's browser, never on the server.

Each answer is kept in HttpOnly cookies, sealed (XChaCha20-Poly1305) under a key derived from
the service secret, so the browser cannot read or alter them and the server's database, its WAL
and its backups never see an unfinished answer. (The organisation's key cannot serve here: the
server must read the draft to choose the next question even while the vault is sealed. Nor can
a memory store: gunicorn runs several processes, and a restart would lose every draft.) Seized,
the data directory holds no draft; a seized phone holds only its own draft, sealed.

The draft also carries two random values made when it starts: the submission's idempotency key
and the receipt secret. Both leave the browser only in the final POST, so a double click sends
the same secret and gets the same receipt, while the server keeps only a hash of each. After
submission the draft cookies are cleared, and the receipt travels once, sealed, in a cookie that
the receipt page reads and deletes (see views.receipt): it is shown once, and never again.

A second cookie holds a random key of this browser's (`browser_seal`), under which the session
keeps the data key of a request whose receipt was just checked (the status page).
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import secrets
import time
import zlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from objector.vault import crypto

from .actions import new_receipt_secret

COOKIE = "objector_draft"  # the sealed draft, split over COOKIE_0, COOKIE_1, … when long
KEY_COOKIE = "objector_key"  # this browser's own random key (browser_seal)
RECEIPT_COOKIE = "objector_receipt"  # the receipt, once, between the submission and its page
CONTEXT = "intake.draft"
RECEIPT_CONTEXT = "intake.receipt.once"
COOKIE_PATH = "/intake/"
# Browsers keep 4,096 bytes a cookie; 3,800 leaves room for the name and attributes.
CHUNK = 3800
MAX_CHUNKS = 8  # the longest draft (a 5,000-character story in Cyrillic) needs four
DRAFT_HOURS = 24  # an older draft is forgotten
RECEIPT_SECONDS = 600
View = Callable[..., HttpResponse]


def _cookie_key(purpose: str) -> bytes:
    """The key drafts are sealed under: derived from the service secret, so every worker of
    every process reads them; the server stores nothing under it."""
    return _derived_key(settings.SECRET_KEY, purpose)


@functools.lru_cache(maxsize=8)
def _derived_key(secret: str, purpose: str) -> bytes:
    # Derived once per secret and purpose, not twice a request: the secret it comes from is in
    # this process's memory anyway (settings), and a new secret is a new entry.
    return crypto.key_from_secret(secret, purpose=purpose)


def _fresh() -> dict[str, Any]:
    return {
        "answers": {},
        "key": secrets.token_urlsafe(32),
        "secret": new_receipt_secret(),
        "lang": "ru",
        "at": time.time(),
    }


def _read_chunks(request: HttpRequest) -> str:
    parts = []
    for n in range(MAX_CHUNKS):
        part = request.COOKIES.get(f"{COOKIE}_{n}")
        if part is None:
            break
        parts.append(part)
    return "".join(parts)


def _open(sealed: str, *, purpose: str) -> dict[str, Any] | None:
    try:
        plain = crypto.decrypt_bytes(
            _cookie_key(purpose), base64.urlsafe_b64decode(sealed), context=purpose
        )
        value = json.loads(zlib.decompress(plain))
    except (crypto.VaultError, binascii.Error, ValueError, zlib.error):
        return None
    return value if isinstance(value, dict) else None


def _seal(value: dict[str, Any], *, purpose: str) -> str:
    plain = zlib.compress(json.dumps(value, ensure_ascii=False).encode())
    return base64.urlsafe_b64encode(
        crypto.encrypt_bytes(_cookie_key(purpose), plain, context=purpose)
    ).decode()


def draft_load(request: HttpRequest) -> dict[str, Any]:
    """The draft this browser holds, or a new one. A cookie altered, made for another server,
    or older than DRAFT_HOURS gives a new draft."""
    cached = getattr(request, "_objector_draft", None)
    if cached is not None:
        return dict(cached)
    draft = _open(_read_chunks(request), purpose=CONTEXT)
    if draft is None or draft.get("at", 0) < time.time() - DRAFT_HOURS * 3600:
        draft = _fresh()
        request._objector_draft_new = True  # type: ignore[attr-defined]
    # Opened once per request (the language and the view both ask): one decryption, and a new
    # draft keeps the same random key and secret for the rest of the request.
    request._objector_draft = draft  # type: ignore[attr-defined]
    return dict(draft)


def draft_save(request: HttpRequest, draft: dict[str, Any]) -> None:
    """Sets the draft's cookies on the response (through `with_draft_cookie`)."""
    request._objector_draft = dict(draft)  # type: ignore[attr-defined]
    request._objector_draft_out = _seal(draft, purpose=CONTEXT)  # type: ignore[attr-defined]


def draft_clear(request: HttpRequest) -> None:
    """The draft is gone from the browser with this response (after submission)."""
    request._objector_draft = None  # type: ignore[attr-defined]
    request._objector_draft_out = ""  # type: ignore[attr-defined]


def draft_lang(request: HttpRequest) -> str:
    return str(draft_load(request).get("lang", "ru"))


def receipt_hand_over(request: HttpRequest, receipt: dict[str, Any]) -> None:
    """The receipt (reference, secret, language, idempotency key) for the receipt page, once."""
    request._objector_receipt_out = _seal(  # type: ignore[attr-defined]
        {**receipt, "at": time.time()}, purpose=RECEIPT_CONTEXT
    )


def receipt_take(request: HttpRequest) -> dict[str, Any] | None:
    """The receipt handed over by the submission, if fresh. The page that shows it deletes the
    cookie (`with_draft_cookie`), so a reload, Back or a later visit shows it no more."""
    receipt = _open(request.COOKIES.get(RECEIPT_COOKIE, ""), purpose=RECEIPT_CONTEXT)
    if receipt is None or receipt.get("at", 0) < time.time() - RECEIPT_SECONDS:
        return None
    return receipt


def browser_key(request: HttpRequest) -> bytes | None:
    raw = request.COOKIES.get(KEY_COOKIE, "")
    try:
        key = base64.urlsafe_b64decode(raw)
    except (binascii.Error, ValueError):
        return None
    return key if len(key) == crypto.KEY_BYTES else None


def browser_seal(request: HttpRequest, value: str, *, context: str) -> str:
    """`value` encrypted under this browser's key (made now if it has none), for the session."""
    key = browser_key(request)
    if key is None:
        key = getattr(request, "draft_cookie", None) or crypto.new_data_key()
        request.draft_cookie = key  # type: ignore[attr-defined]
    return base64.b64encode(crypto.encrypt(key, value, context=context)).decode()


def browser_open(request: HttpRequest, sealed: str | None, *, context: str) -> str | None:
    """What `browser_seal` stored, or None: another browser's cookie, or a cleared one,
    cannot read it."""
    key = browser_key(request)
    if not sealed or key is None:
        return None
    try:
        return crypto.decrypt(key, base64.b64decode(sealed), context=context)
    except (crypto.VaultError, binascii.Error, ValueError):
        return None


def _set(response: HttpResponse, name: str, value: str, *, path: str = COOKIE_PATH) -> None:
    # HttpOnly, SameSite=Strict, only for /intake/, and gone when the browser closes.
    response.set_cookie(
        name,
        value,
        path=path,
        httponly=True,
        samesite="Strict",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def _write_draft(request: HttpRequest, response: HttpResponse, sealed: str) -> None:
    chunks = [sealed[i : i + CHUNK] for i in range(0, len(sealed), CHUNK)][:MAX_CHUNKS]
    for n, chunk in enumerate(chunks):
        _set(response, f"{COOKIE}_{n}", chunk)
    for n in range(len(chunks), MAX_CHUNKS):
        if f"{COOKIE}_{n}" in request.COOKIES:
            response.delete_cookie(f"{COOKIE}_{n}", path=COOKIE_PATH, samesite="Strict")


def _from_elsewhere(request: HttpRequest) -> bool:
    """A new draft for a page another site led to: the browser held back its SameSite=Strict
    cookies (the draft in progress among them), and writing a new one would replace that draft
    and every answer in it (red team, round 8: a link to the form from the organisation's own
    site, a messenger, or a hostile page's pop-up emptied it). Not written: the first page's
    POST writes it, and the form's address carries the language. Browsers say where a request
    comes from in Sec-Fetch-Site; one that does not is treated as before."""
    return (
        request.method == "GET"
        and getattr(request, "_objector_draft_new", False)
        and request.headers.get("Sec-Fetch-Site") == "cross-site"
    )


def with_draft_cookie(view: View) -> View:
    """Writes what the view changed to the browser: the draft, the receipt handed over, the
    browser's key; and deletes a receipt cookie once its page has been shown."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        sealed = getattr(request, "_objector_draft_out", None)
        if sealed is not None and not _from_elsewhere(request):
            _write_draft(request, response, sealed)
        receipt = getattr(request, "_objector_receipt_out", None)
        if receipt is not None:
            _set(response, RECEIPT_COOKIE, receipt)
        elif getattr(request, "_objector_receipt_shown", False):
            response.delete_cookie(RECEIPT_COOKIE, path=COOKIE_PATH, samesite="Strict")
        key = getattr(request, "draft_cookie", None)
        if key is not None:
            _set(response, KEY_COOKIE, base64.urlsafe_b64encode(key).decode())
        return response

    return wrapped
