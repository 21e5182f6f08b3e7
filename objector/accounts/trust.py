"""The trusted-browser cookie (issue #13): a browser that completed both factors may sign that
account in during a flood of attempts without waiting behind them, and past the per-address cap.

The cookie holds a random id, signed, with a keyed tag binding it to one username (different on
every device: nothing in it is fixed per account). The id is stored only as a hash, with the
staff member (models.TrustedBrowser), and deleted when they are deactivated, change or get a
new password, have their second factor reset or their sessions ended, and for everyone on a
seal or a restore: a cookie then opens nothing. The guard in front of Django (service/guard.py)
checks the signature and the tag against the posted username without a query; the view also
checks that the id is on file.

This module imports no models at load, so that the guard can use it cheaply."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.core import signing
from django.utils.crypto import salted_hmac

TRUSTED_COOKIE = "objector_signed_in_before"
TRUSTED_SALT = "objector.accounts.trusted-browser"
TRUSTED_DAYS = 90
BROWSER_KIND = "login_browser"  # the throttle's count of a trusted browser's own failures


def _tag(browser_id: str, username: str) -> str:
    value = f"{browser_id}\x1f{username.strip().casefold()}"
    return salted_hmac(TRUSTED_SALT, value, algorithm="sha256").hexdigest()[:32]


def new_id() -> str:
    return secrets.token_urlsafe(24)


def digest(browser_id: str) -> str:
    """How the id is kept on file: a hash, so that the table alone opens nothing."""
    return hashlib.sha256(browser_id.encode()).hexdigest()


def cookie_value(browser_id: str, username: str) -> str:
    return signing.dumps(f"{browser_id}.{_tag(browser_id, username)}", salt=TRUSTED_SALT)


def signed(cookie: str) -> tuple[str, str]:
    """(id, tag) of a validly signed, unexpired cookie; ("", "") otherwise."""
    if not cookie:
        return "", ""
    try:
        value = signing.loads(cookie, salt=TRUSTED_SALT, max_age=TRUSTED_DAYS * 86400)
    except signing.BadSignature:
        return "", ""
    found, _, tag = str(value).partition(".")
    return (found, tag) if found and tag else ("", "")


def issued_for(browser_id: str, tag: str, username: str) -> bool:
    return bool(browser_id and username) and hmac.compare_digest(tag, _tag(browser_id, username))


def browser_id(cookie: str, username: str) -> str:
    """The id a validly signed, unexpired cookie holds when it was issued for this username;
    "" otherwise. Whether the id is still on file is actions.browser_trusted's to check."""
    found, tag = signed(cookie)
    return found if issued_for(found, tag, username) else ""
