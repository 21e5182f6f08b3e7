"""Every write to requests goes through here."""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets
from datetime import date
from typing import Any

from django.db import IntegrityError

from objector.cases.actions import deadlines_sync
from objector.law import assess
from objector.service import rows
from objector.vault import crypto
from objector.vault.durability import group_commit, wait_for_disk
from objector.vault.keys import (
    KeyChanged,
    data_key_sealed_to,
    public_key_check,
    public_key_guess,
    public_key_read,
)

from .models import Request, personal_seal, triage_fields
from .questionnaire import to_facts
from .regions import REGION_BY_KEY

RECEIPT_CONTEXT = "intake.request.receipt_key"

# No 0/O, 1/I/L or U: codes are read aloud and typed on phones.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def _grouped(chars: str) -> str:
    return "-".join(chars[i : i + 4] for i in range(0, len(chars), 4))


def receipt_secret_under(key: bytes, material: str) -> str:
    """A receipt secret derived from a key the caller holds and the server does not store (the
    Telegram bot's chat key, itself derived from the person's Telegram id), so that a retried
    submission shows the same receipt. The web form uses a random one instead."""
    digest = hmac.new(key, b"receipt:" + material.encode(), hashlib.sha256).digest()
    return _grouped("".join(ALPHABET[b % len(ALPHABET)] for b in digest[:16]))


class DuplicateSubmission(Exception):
    """This idempotency key was used before with another receipt secret."""


def new_reference() -> str:
    return _grouped("".join(secrets.choice(ALPHABET) for _ in range(8)))


def new_receipt_secret() -> str:
    """A receipt's secret: random, shown to the requester once and stored nowhere (only its
    hash). 16 characters of a 30-letter alphabet: about 78 bits."""
    return _grouped("".join(secrets.choice(ALPHABET) for _ in range(16)))


def secret_hash(secret: str) -> str:
    # A fast hash suffices: the secret is random with ~78 bits, not a password a person chose.
    return hashlib.sha256(normalize_code(secret).encode()).hexdigest()


_DUMMY_HASH = hashlib.sha256(b"no such request").hexdigest()


def normalize_code(text: str) -> str:
    """Codes as people type them: any case, with or without dashes or spaces."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def idempotency_hash(idempotency_key: str) -> str:
    return hashlib.sha256(b"idempotency:" + idempotency_key.encode()).hexdigest()


def _receipt_wrap_key(secret: str) -> bytes:
    return crypto.key_from_secret(normalize_code(secret), purpose="receipt")


def request_by_receipt(*, reference: str, secret: str) -> Request | None:
    """The request behind a receipt, opened with the secret, or None. An unknown code and a
    wrong secret take the same path and the same time, so nobody can probe which codes exist.
    A shredded request is no longer there."""
    code = normalize_code(reference)
    # The same query either way, returning one short value or none; the full row is read
    # only after the secret matched, so an existing code answers no slower than a missing one.
    row = (
        Request.objects.filter(reference=_grouped(code[:8]), shredded_at=None)
        .values_list("pk", "secret_hash")
        .first()
    )
    pk, expected = row if row is not None else (0, _DUMMY_HASH)
    matches = hmac.compare_digest(expected, secret_hash(secret))
    if row is None or not matches:
        return None
    found = Request.objects.get(pk=pk)
    found.open(receipt_key_open(found, secret))
    return found


def receipt_key_open(request: Request, secret: str) -> bytes:
    """The request's data key, from the copy only its receipt secret opens."""
    key = crypto.decrypt(
        _receipt_wrap_key(secret), bytes(request.receipt_key), context=RECEIPT_CONTEXT
    )
    return bytes.fromhex(key)


def request_create(
    *,
    answers: dict[str, Any],
    channel: str,
    language: str,
    idempotency_key: str,
    today: date,
    secret: str | None = None,
) -> tuple[Request, str]:
    """Assess and store a completed questionnaire, with its receipt secret (`secret`, made by
    the caller when it must survive a retry, as the web draft's does; else a new one). The same
    idempotency key with the same secret returns the request it created before, so a double
    click or a retry creates one request. Nothing stored derives the secret."""
    secret = secret or new_receipt_secret()
    # No look-up first: the unique index settles a repeat on INSERT, saving a query per request.
    facts = to_facts(answers, today=today)
    result = assess(facts)
    region = REGION_BY_KEY.get(answers.get("region", ""))
    public_key = public_key_guess()  # NotReady before setup
    personal = {
        **{
            k: answers.get(k, "")
            for k in ("name", "writer_name", "unit", "region", "story", "contact")
        },
        # The serviceman's date of birth, whole or in part ("1999-03-12", "1999-03", "1999"),
        # sealed with his name; the registry links by it (persons.registry.request_read).
        "birth_date": answers.get("birth_date", ""),
        "contact_method": answers.get("contact_method", "code_only"),
        # Consent to be represented and named in filings (objector.filings): when and how.
        "consent": {"date": today.isoformat(), "channel": channel}
        if answers.get("consent_filings") == "yes"
        else None,
        "facts": facts,
        "assessment": result,
    }
    clear = {
        "secret_hash": secret_hash(secret),
        "idempotency_key": idempotency_hash(idempotency_key),
        "channel": channel,
        "language": language,
        "role": facts["role"] or "",
        "personnel": answers.get("personnel", ""),
        "district": region.district if region else "",
        **triage_fields(result),
    }
    receipt_wrap_key = _receipt_wrap_key(secret)

    def sealed(public_key: bytes) -> tuple[bytes, dict[str, Any]]:
        """A fresh data key, and the row's fields with it sealed to `public_key`."""
        data_key, sealed_key = data_key_sealed_to(public_key)
        return data_key, {
            **clear,
            "sealed_key": sealed_key,
            "receipt_key": crypto.encrypt(
                receipt_wrap_key, data_key.hex(), context=RECEIPT_CONTEXT
            ),
            "personal_data": personal_seal(data_key, personal),
        }

    def insert(fields: dict[str, Any], sealed_to: bytes) -> Request:
        # The key was this process's guess: it must still be the organisation's now, under the
        # write lock, or nothing is stored and the caller seals again (vault/keys.py).
        public_key_check(sealed_to)
        # The INSERTs are built once per process (service/rows.py): only their values here.
        created = rows.insert(Request(reference=new_reference(), **fields))
        if result["deadlines"] or result["thresholds"]:
            deadlines_sync(request=created, result=result, new=True)
        return created

    data_key, fields = sealed(public_key)
    for _ in range(5):
        try:
            # Only the INSERTs and the COMMIT hold the write lock: everything above (assessment,
            # sealing, hashing) is done before it is taken. The process's one writer commits
            # this submission with the others waiting, and returns only after the fsync that
            # covers them all (vault/durability.py: group commit).
            created = group_commit.run(functools.partial(insert, fields, public_key))
            created.open(data_key)
            return created, secret
        except KeyChanged:  # nothing stored: seal to the organisation's key as it is now
            public_key = public_key_read()
            data_key, fields = sealed(public_key)
        except IntegrityError:
            # A concurrent retry of the same submission, or (rarely) a reference collision.
            existing = Request.objects.filter(
                idempotency_key=idempotency_hash(idempotency_key), shredded_at=None
            ).first()
            if existing is not None:
                if not hmac.compare_digest(existing.secret_hash, secret_hash(secret)):
                    raise DuplicateSubmission from None
                existing.open(receipt_key_open(existing, secret))
                # Another web worker may have committed it and not yet waited for its fsync:
                # no receipt before the row is on disk.
                wait_for_disk()
                return existing, secret
    raise RuntimeError("could not allocate a unique reference code")
