"""Questionnaire drafts: kept in the server-side session, but encrypted under a key that only
the requester's browser holds, in a cookie. The same key guards what the session keeps after
submission (the receipt, and the data key of a request opened with its secret). A copy of the
database or of a backup shows no unfinished answers; the server can read a draft only while
that browser is asking. (The organisation's key cannot serve here: the server must read the
draft to choose the next question even while the vault is sealed.)

The language and the submission's idempotency key stay in the clear: they say nothing about
anyone.
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from objector.vault import crypto

SESSION_KEY = "intake"
COOKIE = "objector_draft"
CONTEXT = "intake.draft"
View = Callable[..., HttpResponse]


def browser_key(request: HttpRequest) -> bytes | None:
    raw = request.COOKIES.get(COOKIE, "")
    try:
        key = base64.urlsafe_b64decode(raw)
    except (binascii.Error, ValueError):
        return None
    return key if len(key) == crypto.KEY_BYTES else None


def draft_load(request: HttpRequest) -> dict[str, Any]:
    stored: dict[str, Any] = request.session.get(SESSION_KEY) or {}
    draft = {
        "answers": {},
        "history": [],
        "key": stored.get("key") or secrets.token_urlsafe(32),
        "lang": stored.get("lang", "ru"),
    }
    body = browser_open(request, stored.get("sealed"), context=CONTEXT)
    if body is not None:
        draft.update(json.loads(body))
    return draft


def draft_save(request: HttpRequest, draft: dict[str, Any]) -> None:
    body = json.dumps({"answers": draft["answers"], "history": draft["history"]})
    request.session[SESSION_KEY] = {
        "key": draft["key"],
        "lang": draft["lang"],
        "sealed": browser_seal(request, body, context=CONTEXT),
    }


def browser_seal(request: HttpRequest, value: str, *, context: str) -> str:
    """`value` encrypted under this browser's key (made now if it has none), for the session."""
    key = browser_key(request)
    if key is None:
        key = crypto.new_data_key()
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


def draft_lang(request: HttpRequest) -> str:
    stored = request.session.get(SESSION_KEY) or {}
    return str(stored.get("lang", "ru"))


def with_draft_cookie(view: View) -> View:
    """Sets the browser's draft key when a view made a new one. HttpOnly, SameSite=Strict,
    only for /intake/, and gone when the browser closes."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        key = getattr(request, "draft_cookie", None)
        if key is not None:
            response.set_cookie(
                COOKIE,
                base64.urlsafe_b64encode(key).decode(),
                path="/intake/",
                httponly=True,
                samesite="Strict",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response

    return wrapped
