"""Whoever holds a copy of the data (the database, a backup) and the organisation's private key
(a passphrase given up later): which documents' files they read. They try each document's
sealed key as the file's key, and as a share with every case secret the copy holds."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from objector.documents.models import CONTENT_CONTEXT, KEY_CONTEXT, Document
from objector.intake.models import Request
from objector.vault import crypto
from objector.vault.models import WrappedKey
from tests.conftest import PASSPHRASE

Row = tuple[int, bytes, bytes, bytes]  # id, sealed_key, key_box, content


def private_key() -> bytes:
    """The organisation's private key, as the admin's passphrase unwraps it."""
    return crypto.unwrap(bytes(WrappedKey.objects.get(staff__username="admin").blob), PASSPHRASE)


def files_read(rows: Iterable[Row], secrets: list[bytes], key: bytes) -> dict[int, bytes]:
    """Document id -> its file (padded plaintext), for every document this opens."""
    found = {}
    for pk, sealed, box, content in rows:
        share = crypto.unseal(bytes(sealed), key)
        candidates = [share]
        for secret in secrets:
            try:
                wrapping = crypto.case_bound(secret, share)
                candidates.append(crypto.decrypt_bytes(wrapping, bytes(box), context=KEY_CONTEXT))
            except crypto.VaultError:
                continue
        for candidate in candidates:
            try:
                found[pk] = crypto.decrypt_bytes(candidate, bytes(content), context=CONTENT_CONTEXT)
                break
            except crypto.VaultError:
                continue
    return found


def read_in_database(key: bytes) -> dict[int, bytes]:
    """The live database's documents, through the ORM (SQLite or PostgreSQL)."""
    rows = Document.objects.values_list("pk", "sealed_key", "key_box", "content")
    secrets = [bytes(s) for s in Request.objects.values_list("case_secret", flat=True) if s]
    return files_read(((pk, bytes(s), bytes(b), bytes(c)) for pk, s, b, c in rows), secrets, key)


def read_in_copy(path: Path, key: bytes) -> dict[int, bytes]:
    """A copied SQLite database's documents (a seized data directory, a decrypted backup)."""
    db = sqlite3.connect(path)
    try:
        rows = db.execute("SELECT id, sealed_key, key_box, content FROM documents_document")
        documents = [(pk, bytes(s), bytes(b), bytes(c)) for pk, s, b, c in rows.fetchall()]
        secrets = [
            bytes(s)
            for (s,) in db.execute("SELECT case_secret FROM intake_request")
            if s is not None and len(s) > 0
        ]
    finally:
        db.close()
    return files_read(documents, secrets, key)
