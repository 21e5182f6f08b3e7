"""A guard in front of Django, for floods of sign-in attempts and receipt guesses (issue #13).

A refused attempt used to run the whole Django stack (sessions, CSRF, the second factor's
middleware, a template), about 3 ms of CPU on the cores that serve intake, and a flood of them
at 50 a second took intake below half its quiet throughput. Here a refusal is decided before
Django, in microseconds, from state every web worker shares (objector/vault/throttle.py):

- a sign-in (POST /staff/login) while untrusted password hashing is paused or in progress
  (`throttle.gate_paused`, which also notes the refused address, so that the next turn goes to
  it rather than to the address hashed last);
- a sign-in or a receipt check (POST to the status and receipt pages) from an address over its
  limit of failures (`throttle.wait_seconds`, without a username: the per-account delay is the
  view's); except the receipt page's own forms right after a submit, whose browser holds the
  page's pass (intake/receipt_pass.py): those are refused only once the pass's own few wrong
  checks are spent.

A sign-in from a browser whose cookie of an earlier complete sign-in was issued for the
username it posts (accounts/trust.py; the form's username is read from the body, which is put
back) passes to Django without either check: staff keep getting in during a flood, and behind an
address that others filled with failures. The view checks the cookie is not revoked and keeps
the per-account delay.

There is no server-wide rate for receipt checks any more (review of round 6, finding 2): five
wrong checks a second from anywhere refused every requester, the right code and key included,
and the receipt page's own forms right after a submit. A wrong check is cheap instead: it reads
the throttle's small file and writes only there, never to the main database. The receipt
secret's ~78 bits make guessing hopeless: the limits are about the cost of the guesses, not
their odds.

The answer is 429 with Retry-After and a short page in both languages. Nothing is logged, and
nothing is written but, once per pause and network, a note that the network waits for its turn
(throttle.py's turns file: a keyed hash). Everything else passes to Django untouched, and the
views keep their own checks: the guard only answers sooner what they would answer anyway.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import math
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs

from django.http.cookie import parse_cookie

from objector.vault import throttle

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

LOGIN_PATH = "/staff/login"
RECEIPT_PATHS = frozenset(
    ("/intake/status", "/intake/receipt", "/intake/receipt/file", "/intake/receipt/print")
)

# The same words as the pages' own refusals (accounts/texts.py, intake/texts.py), both
# languages on one page: the guard does not open the session that holds the language.
TEXTS = {
    "busy": (
        "Сейчас приходит слишком много попыток входа. Попробуйте через {ru}.",
        "Too many sign-in attempts are arriving right now. Try again in {en}.",
    ),
    "login": (
        "Слишком много неудачных попыток входа отсюда. Подождите {ru}.",
        "Too many failed sign-ins from here. Wait {en}.",
    ),
    "receipt": (
        "Слишком много неверных попыток отсюда. Подождите {ru} и попробуйте снова.",
        "Too many wrong attempts from here. Wait {en} and try again.",
    ),
}
# The page's own few rules, inline: its policy loads nothing, the site's stylesheet included
# (a refusal must cost no second request). Readable on a 390 px phone, and the way back is a
# 44 px target like every other control (round 7's phone walk: the links were 17 px tall).
STYLE = (
    "body{font:1.125rem/1.5 system-ui,sans-serif;margin:0 auto;max-width:40rem;padding:1rem;"
    "color:#1a1a1a;background:#fff}"
    "a{display:inline-flex;align-items:center;min-height:44px;padding:0 .75rem;"
    "margin:0 .5rem .5rem 0;border:1px solid #1d4f91;border-radius:4px;color:#1d4f91}"
)
STYLE_SOURCE = f"'sha256-{base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()}'"
PAGE = (
    '<!doctype html><html lang="ru"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>429</title><style>{style}</style></head><body>"
    '<p>{ru}</p><p lang="en">{en}</p><p><a href="{back}">{back_ru}</a>'
    '<a href="{back}" lang="en">{back_en}</a></p></body></html>'
)


def waiting_time(seconds: int) -> tuple[str, str]:
    """How long to wait, as people read it: seconds under a minute, whole minutes (rounded up)
    from one minute on. "Wait 900 s" had to be worked out; "wait 15 min" does not."""
    if seconds < 60:
        return f"{seconds} с", f"{seconds} s"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} мин", f"{minutes} minute" + ("" if minutes == 1 else "s")


FORM_LIMIT = 16384  # bytes of a sign-in form read for its username; a longer body is not


def _posted_username(environ: dict[str, Any]) -> str:
    """The username of a posted sign-in form, read from the body, which is put back for Django
    unchanged. "" when the body is not a short urlencoded form. The last one when the form
    names several, blank ones included, as Django reads it (request.POST.get): the guard must
    not trust the form for an account the view then signs in another (red team, round 7)."""
    if not str(environ.get("CONTENT_TYPE", "")).startswith("application/x-www-form-urlencoded"):
        return ""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return ""
    if not 0 < length <= FORM_LIMIT:
        return ""
    body = environ["wsgi.input"].read(length)
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    try:
        fields = parse_qs(
            body.decode("ascii"), keep_blank_values=True, max_num_fields=50, errors="strict"
        )
    except (UnicodeDecodeError, ValueError):
        return ""
    return str(fields.get("username", [""])[-1])[:150]


def _cookie(environ: dict[str, Any], name: str) -> str:
    """One cookie's value from the raw Cookie header, "" when absent: the guard runs before
    Django has parsed anything, and reads the header as Django will (django.http.cookie).
    http.cookies dropped every cookie after one it could not parse (a quote, a backslash, a
    non-ASCII value, set by anything else on the domain), and the guard then refused staff
    whose trusted cookie Django read (red team, round 7)."""
    raw = str(environ.get("HTTP_COOKIE", ""))
    if name not in raw:
        return ""
    return parse_cookie(raw).get(name, "")


def _trusted(environ: dict[str, Any]) -> float | None:
    """None unless the browser holds a validly signed cookie of an earlier complete sign-in,
    issued for the username it posts (accounts/trust.py): checked without a query. Then the
    seconds its own failures make it wait (0: go ahead; red team, round 7: a stolen cookie is
    refused here as in the view, whatever address it comes from). Whether the cookie is revoked
    since is the view's to check; a revoked one then finds the view as strict as the guard would
    have been."""
    from objector.accounts import trust

    # The signature before the body is read: a forged cookie costs nothing more.
    browser_id, tag = trust.signed(_cookie(environ, trust.TRUSTED_COOKIE))
    if not browser_id:
        return None
    username = _posted_username(environ)
    if not trust.issued_for(browser_id, tag, username):
        return None
    return throttle.pair_wait(
        trust.BROWSER_KIND,
        address=trust.digest(browser_id),
        subject=username.strip().casefold(),
    )


def _receipt_pass(environ: dict[str, Any]) -> str | None:
    """The tag of the pass the receipt page gave this browser after a submit
    (intake/receipt_pass.py). Which request it names is the view's to check."""
    from objector.intake import receipt_pass

    value = _cookie(environ, receipt_pass.COOKIE)
    return receipt_pass.tag_of(value) if value else None


def refusal(environ: dict[str, Any]) -> tuple[str, float] | None:
    """(which text, seconds to wait) when the guard answers this request itself, else None."""
    if environ.get("REQUEST_METHOD") != "POST":
        return None
    path = environ.get("PATH_INFO", "")
    if path == LOGIN_PATH:
        own = _trusted(environ)
        if own is not None:
            # No pause, no per-address cap: the browser's own delay; the view keeps the pair's.
            return ("login", own) if own else None
        address = throttle.address_of(environ)
        paused = throttle.gate_paused("login", address=address)
        if paused:
            return "busy", paused
        wait = throttle.wait_seconds("login", address=address)
        return ("login", wait) if wait else None
    if path in RECEIPT_PATHS:
        tag = _receipt_pass(environ) if path != "/intake/status" else None
        if tag is not None:
            # The receipt page's own forms, right after a submit: never refused for the
            # address, only once the pass's own few wrong checks are spent.
            spent = throttle.wait_seconds("receipt_pass", address=tag)
            return ("receipt", spent) if spent else None
        wait = throttle.wait_seconds("receipt", address=throttle.address_of(environ))
        return ("receipt", wait) if wait else None
    return None


class FloodGuard:
    """WSGI middleware: answers a refused attempt itself, passes everything else on."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if "HTTP_X_FORWARDED_PROTO" in environ and not throttle.behind_trusted_proxy(environ):
            # X-Forwarded-Proto is believed (SECURE_PROXY_SSL_HEADER) only as X-Forwarded-For
            # is: from the trusted proxy. A client that reached the port directly and said
            # "https" skipped the redirect to HTTPS and had Django treat its plain-text request
            # as secure (red team, round 7).
            del environ["HTTP_X_FORWARDED_PROTO"]
        refused = refusal(environ)
        if refused is None:
            return self.app(environ, start_response)
        text, wait = refused
        seconds = max(1, math.ceil(wait))
        ru_wait, en_wait = waiting_time(seconds)
        ru, en = (html.escape(t.format(ru=ru_wait, en=en_wait)) for t in TEXTS[text])
        back = "/intake/status" if text.startswith("receipt") else LOGIN_PATH
        body = PAGE.format(
            style=STYLE, ru=ru, en=en, back=back, back_ru="Назад", back_en="Back"
        ).encode()
        start_response(
            "429 Too Many Requests",
            [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Length", str(len(body))),
                ("Retry-After", str(seconds)),
                ("Cache-Control", "no-store"),
                ("X-Content-Type-Options", "nosniff"),
                ("X-Frame-Options", "DENY"),
                ("Content-Security-Policy", f"default-src 'none'; style-src {STYLE_SOURCE}"),
                ("Referrer-Policy", "same-origin"),
            ],
        )
        return [body]
