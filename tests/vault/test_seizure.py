"""Seizure, tried as an attacker would: copy the data directory (the SQLite file, its -wal and
-shm, the secret key) while requesters are mid-way through intake, and again at rest, and try to
open any request with everything found there and SECRET_KEY, but no passphrase.

The attacker's tools: every string in the files (raw, and every signed session decoded with
SECRET_KEY), each tried as a receipt secret, and as the idempotency key the old code derived
secrets from (HMAC under SECRET_KEY); every key derivable from SECRET_KEY. None may open a data
key, and no canary may appear.

Also the session replay: a staff session taken from a copy of the database opens nothing."""

from __future__ import annotations

import hashlib
import hmac
import re
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import signing
from django.db import connection, connections
from django.test import Client

from objector.intake.actions import ALPHABET, RECEIPT_CONTEXT, normalize_code
from objector.intake.models import Request
from objector.vault import crypto
from tests.intake.pages import post_answers

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
        reason="copies the SQLite files; PostgreSQL's are not ours to read",
    ),
]

CANARY = "SeizureCanary41"
ANSWERS = [
    ("role", "self"),
    ("personnel", "contract"),
    ("events", ["left_unit"]),
    ("date:left_unit", "01.11.2026"),
    ("intends_to_return", "yes"),
    ("abroad", "no"),
    ("prior_conviction", "no"),
    ("name", f"Синтетический {CANARY}"),
    ("unit", ""),
    ("region", ""),
    ("story", f"История {CANARY}."),
    ("consent_filings", "yes"),
    ("contact_method", "code_only"),
]


def _answer(client: Client, upto: int) -> None:
    client.get("/intake/")
    post_answers(client, ANSWERS[:upto])  # page by page; a page cut short leaves blanks


def _submit(client: Client) -> None:
    review = client.get("/intake/review").content.decode()
    key = re.search(r'name="idempotency_key" value="([^"]+)"', review)[1]
    assert client.post("/intake/review", {"idempotency_key": key}).status_code == 302


def _copy_data_dir(target: Path) -> Path:
    """What a seizure takes: the database with its -wal and -shm, as they are this moment."""
    target.mkdir()
    name = Path(connection.settings_dict["NAME"])
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{name}{suffix}")
        if source.exists():
            shutil.copyfile(source, target / f"objector.sqlite3{suffix}")
    return target


def _old_receipt_secret(secret_key: str, idempotency_key: str) -> str:
    # How the receipt secret used to be derived (finding 1): the attacker tries it too.
    digest = hmac.new(
        secret_key.encode(), b"receipt:" + idempotency_key.encode(), hashlib.sha256
    ).digest()
    return "".join(ALPHABET[b % len(ALPHABET)] for b in digest[:16])


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def _candidates(blobs: list[bytes], secret_key: str) -> set[str]:
    """Every token in the copied bytes, and everything in each session the key can decode."""
    found: set[str] = set()
    for blob in blobs:
        for raw in re.findall(rb"[A-Za-z0-9_\-:.]{12,}", blob):
            token = raw.decode()
            found.add(token)
            if token.count(":") < 2:
                continue
            # In a SQLite record the row's key runs straight into the session's data, and
            # the data into the expiry date: try each place the signed value may start, and
            # end it after the signature (43 characters after the second colon).
            starts = {0, 32, 33, 40, 41} | {i for i, ch in enumerate(token) if ch == "."}
            for start in starts:
                payload, _, rest = token[start:].partition(":")
                stamp, _, signature = rest.partition(":")
                try:
                    decoded = signing.loads(
                        f"{payload}:{stamp}:{signature[:43]}",
                        key=secret_key,
                        salt="django.contrib.sessions.SessionStore",
                        serializer=signing.JSONSerializer,
                    )
                except (signing.BadSignature, ValueError):
                    continue
                found.update(_strings(decoded))
    return found


def _attack(copy: Path, secret_key: str) -> list[str]:
    """What opens: a list of request ids whose data key came out, and canaries seen."""
    # Read before SQLite opens the copy: opening folds the -wal in and deletes it.
    blobs = [p.read_bytes() for p in copy.iterdir() if p.is_file()]
    opened = []
    if any(CANARY.encode() in blob for blob in blobs):
        opened.append("canary in the files")
    db = sqlite3.connect(copy / "objector.sqlite3")
    try:
        rows = db.execute(
            f"SELECT id, receipt_key FROM {Request._meta.db_table}"  # noqa: S608 -- a model's table
        ).fetchall()
    finally:
        db.close()
    tries = set()
    for token in _candidates(blobs, secret_key):
        tries.add(normalize_code(token))
        tries.add(_old_receipt_secret(secret_key, token))
    keys = [crypto.key_from_secret(t, purpose="receipt") for t in tries if t]
    keys += [crypto.key_from_secret(secret_key, purpose=p) for p in ("receipt", "intake.draft")]
    for request_id, receipt_key in rows:
        for key in keys:
            try:
                crypto.decrypt(key, bytes(receipt_key), context=RECEIPT_CONTEXT)
            except crypto.VaultError:
                continue
            opened.append(f"request {request_id}")
            break
    return opened


def test_a_copy_of_the_data_directory_with_the_secret_key_opens_nothing(admin, tmp_path) -> None:
    secret_key = settings.SECRET_KEY
    done = [Client() for _ in range(4)]
    for client in done:  # submitted; two have seen their receipt, two not yet
        _answer(client, len(ANSWERS))
        _submit(client)
    for client in done[:2]:
        assert client.get("/intake/receipt").status_code == 200
    halfway = [Client() for _ in range(3)]  # mid-questionnaire, at different steps
    for n, client in enumerate(halfway):
        _answer(client, 8 + n)
    checked = Client()  # a requester back with their receipt: the session keeps its data key
    _answer(checked, len(ANSWERS))
    _submit(checked)
    page = checked.get("/intake/receipt").content.decode()
    reference = re.search(r'id="reference">([^<]+)<', page)[1]
    secret = re.search(r'id="secret">([^<]+)<', page)[1]
    assert checked.post("/intake/status", {"reference": reference, "secret": secret}).status_code
    assert Request.objects.count() == 5

    # While intake runs: the WAL as it is, with older versions of every row rewritten.
    running = _copy_data_dir(tmp_path / "running")
    assert (running / "objector.sqlite3-wal").exists()
    assert _attack(running, secret_key) == []

    # At rest: every connection closed, the log folded in.
    connections.close_all()
    at_rest = _copy_data_dir(tmp_path / "at-rest")
    assert _attack(at_rest, secret_key) == []

    # The attack is real: the receipt the requester holds does open their request.
    request = Request.objects.get(reference=reference)
    crypto.decrypt(
        crypto.key_from_secret(normalize_code(secret), purpose="receipt"),
        bytes(request.receipt_key),
        context=RECEIPT_CONTEXT,
    )


def test_a_staff_session_taken_from_a_copy_of_the_database_cannot_be_replayed(
    admin, coordinator, client_for, make_request
) -> None:
    case = make_request()
    lawyering = client_for(coordinator)
    url = f"/staff/cases/{case.pk}"
    assert lawyering.get(url).status_code == 200  # the real cookie works
    live = lawyering.cookies[settings.SESSION_COOKIE_NAME].value

    stolen = list(Session.objects.values_list("session_key", flat=True))
    assert stolen and live not in stolen  # the database holds no cookie
    for key in stolen:
        replay = Client()
        replay.cookies[settings.SESSION_COOKIE_NAME] = key
        response = replay.get(url)
        assert response.status_code == 302 and "/login" in response["Location"]
