"""Evidence files and the persons extracted from them.

Each document has its own data key, sealed to the organisation's public key (vault.keys), so a
file can be stored while the vault is sealed and is read only while it is unlocked. The file,
its name, what was extracted and every person are encrypted under that key; in the clear are
only what custody needs (type, who, when, through which channel) and blind indexes: of
each person's name, for matching against cases, and of the file's SHA-256, for finding the same
file stored twice.

The SHA-256 itself is kept only sealed (in `meta`), and its index is a keyed hash that only the
key-holder computes, while the vault is unlocked: whoever holds a file (the unit that issued an
order) cannot find it in a copy of the disk by its hash. A document's persons are stored in a
shuffled order and their place in the document is kept only sealed (in `data`), so the rows'
ids do not say which name of the order each is (red team, round 9).

The file's size and its pages are kept only sealed (in `meta`), and the file is padded inside
its sealed plaintext to a bucket (`content_sealed`): whoever holds the file found it by its
length (red team, round 10, finding 2). A row stored before round 11 keeps its clear `size`
and `pages` until the worker seals them (actions.documents_padded); padded rows have 0 there.

Which case a document was uploaded on is kept only sealed too (`case_sealed`, to the
organisation's public key, so a file is stored on its case while the vault is sealed), with a
keyed tag of the case's id (`case_tag`, a blind index under CASE_TAG) for finding a case's
documents while unlocked: a copy of the disk does not tie an order uploaded on a man's case page
to his request (round 10's "still open", closed in round 11).

A document on a case is readable only with its case's secret too (`key_box`, round 12): the
secret is on the case's row (intake.Request.case_secret), which shredding empties without the
key, so a case shredded while sealed leaves its documents unreadable at once, though they are
found, and deleted, only at the next unlock.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import models
from django.utils import timezone

from objector.accounts.models import Staff
from objector.intake.models import Request
from objector.vault import crypto
from objector.vault.sealed import SealedKeyMixin

CONTENT_CONTEXT = "documents.content"
KEY_CONTEXT = "documents.key"  # Document.key_box
META_CONTEXT = "documents.meta"
PERSON_CONTEXT = "documents.person"
CONTENT_INDEX = "document_sha256"  # the blind index's purpose
# A padded file's sealed plaintext: this marker, its length (8 bytes), the file, zeros to the
# bucket. A file stored before round 11 is sealed as it is (no marker).
PADDED = b"objector padded\x00"
CONTENT_FLOOR = 64 * 1024


def content_bucket(length: int) -> int:
    """The padded length of a plaintext of `length` bytes: CONTENT_FLOOR at least; above it,
    rounded up to a quarter of its power of two (at most a quarter more), so a length says
    only its bucket."""
    if length <= CONTENT_FLOOR:
        return CONTENT_FLOOR
    step = 1 << (length.bit_length() - 3)
    return -(-length // step) * step


def content_sealed(key: bytes, content: bytes) -> bytes:
    """The file, padded (`PADDED`) and sealed under the document's key."""
    body = PADDED + len(content).to_bytes(8, "big") + content
    body += bytes(content_bucket(len(body)) - len(body))
    return crypto.encrypt_bytes(key, body, context=CONTENT_CONTEXT)


PERSON_NAME_INDEX = "document_person_name"  # DocumentPerson.name_index's
CASE_TAG = "document_case"  # Document.case_tag's


class Document(SealedKeyMixin, models.Model):
    class Channel(models.TextChoices):
        WEB = "web"  # uploaded on a case page
        TELEGRAM = "telegram"  # sent to the bot
        BULK = "bulk"  # uploaded for the organisation, not for one case

    class Status(models.TextChoices):
        PENDING = "pending"  # stored; the extraction task has not run yet
        EXTRACTED = "extracted"
        FAILED = "failed"  # stored, but its text could not be read (the reason is in `error`)

    # The case's id, as 32 bytes (the length of a data key), sealed to the organisation's
    # public key (vault.crypto.seal: no secret needed, so also while sealed); b"" for the
    # organisation's own document. Opened with the document (actions.documents_cases).
    case_sealed = models.BinaryField(blank=True, default=b"")
    # Blind index (CASE_TAG) of the case's id: "" for the organisation's own document; None
    # until computed (stored while sealed, or before round 11: actions.case_tags_fill).
    case_tag = models.CharField(max_length=32, blank=True, null=True)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    uploaded_by = models.ForeignKey(Staff, null=True, blank=True, on_delete=models.PROTECT)
    uploaded_at = models.DateTimeField(default=timezone.now)
    # Blind index (CONTENT_INDEX) of the file's SHA-256, set when the vault is first unlocked
    # after the upload (vault.keys.blind_indexes); "" until then.
    content_index = models.CharField(max_length=32, blank=True, db_index=True)
    # The file's size and pages, in the clear before round 11 only: 0 once sealed in `meta`
    # (`size_of()`, `page_count()`).
    size = models.PositiveBigIntegerField()
    mime = models.CharField(max_length=100)
    pages = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=16, choices=Status.choices)
    error = models.CharField(max_length=32, blank=True)  # a reader.DocumentError code
    # Sealed to the organisation's public key: the data key itself for the organisation's own
    # document (and one on a case stored before round 12, until actions.documents_bound); for
    # a document on a case, a random share, and `key_box` holds the data key under
    # vault.crypto.case_bound(the case's secret, the share). Shredding the case empties its
    # secret (intake.Request.case_secret), even while sealed: the private key then opens the
    # share, never the data key.
    sealed_key = models.BinaryField()
    key_box = models.BinaryField(blank=True, default=b"")
    content = models.BinaryField()  # the file, under the data key
    # The file's name, the extracted facts and the page texts, as one JSON document.
    meta = models.BinaryField()

    class Meta:
        indexes = [models.Index(fields=["case_tag", "uploaded_at"], name="document_case_tag")]

    sealed_noun = "document"
    # The case, once opened (access.access_document, actions.documents_cases_set); None for the
    # organisation's own document or one not opened.
    case: Request | None = None
    # The case's id, once opened (actions.documents_cases): documents_open needs it too.
    case_pk: int | None = None

    def file(self) -> bytes:
        plain = crypto.decrypt_bytes(self.key, bytes(self.content), context=CONTENT_CONTEXT)
        if plain.startswith(PADDED):
            start = len(PADDED) + 8
            return plain[start : start + int.from_bytes(plain[len(PADDED) : start], "big")]
        return plain

    def size_of(self, meta: dict[str, Any] | None = None) -> int:
        """The file's size, sealed in `meta` (clear on a row of before). Open."""
        return int((self.facts() if meta is None else meta).get("size") or self.size)

    def page_count(self, meta: dict[str, Any] | None = None) -> int:
        """Its pages, sealed in `meta` (clear on a row of before). Open."""
        return int((self.facts() if meta is None else meta).get("pages") or self.pages)

    def facts(self) -> dict[str, Any]:
        return dict(json.loads(crypto.decrypt(self.key, bytes(self.meta), context=META_CONTEXT)))

    def sha256(self) -> str:
        """The file's SHA-256 (hex), kept sealed; the document must be open. A document stored
        before round 10 has it only in the file itself."""
        return str(self.facts().get("sha256") or hashlib.sha256(self.file()).hexdigest())

    def persons_in_order(self) -> list[tuple[DocumentPerson, dict[str, Any]]]:
        """Its persons with their decrypted values, in the order of their first mention (kept
        sealed; rows stored before round 10 are in it by id). The document must be open."""
        rows = [(p, p.values(self.key)) for p in self.persons.select_related("corrected_by")]
        rows.sort(key=lambda pv: (int(pv[1].get("position", pv[0].pk)), pv[0].pk))
        return rows


class DocumentPerson(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="persons")
    # The extraction.Person as JSON with its "position" (order of first mention), under the
    # document's key. Rows are inserted shuffled: their ids say nothing of the position.
    data = models.BinaryField()
    # Blind index of "Last First Middle" under PERSON_NAME_INDEX, for finding the documents that
    # name a case's client; "" for a person known only by initials; None until computed (rows
    # stored before round 10, whose index was intake's, equal to the requests' in the clear).
    # Its own purpose: equal to no request's `name_index`, so a copy of the disk does not say
    # which request's subject a document names; the lookups compute the other side's index
    # while unlocked (documents.actions.person_name_indexes).
    name_index = models.CharField(max_length=32, blank=True, null=True, db_index=True)
    corrected_by = models.ForeignKey(Staff, null=True, blank=True, on_delete=models.PROTECT)
    corrected_at = models.DateTimeField(null=True, blank=True)

    def values(self, key: bytes) -> dict[str, Any]:
        return dict(json.loads(crypto.decrypt(key, bytes(self.data), context=PERSON_CONTEXT)))


class ShreddedCase(models.Model):
    """A case shredded while the vault was sealed, whose documents (found by their tag only with
    the key) are deleted at the next unlock (actions.documents_forget_pending); unreadable
    since the shredding, which emptied the case's secret (round 12). Its id is no secret: a
    shredded request keeps its clear row."""

    case_pk = models.PositiveBigIntegerField(unique=True)
