"""Every write to evidence goes through here: store, extract, correct, forget."""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from objector.accounts.models import Staff
from objector.extraction.model import ROLES
from objector.extraction.reader import DocumentError
from objector.intake.dates import parse_birth_date
from objector.intake.models import NAME_INDEX, Request
from objector.law import FactsError
from objector.service.visible import one_line
from objector.vault import crypto
from objector.vault.audit import audit_record
from objector.vault.keys import (
    NotReady,
    VaultSealed,
    blind_indexes,
    data_key_new,
    data_keys_open,
    public_key_read,
    sealed_open,
)
from objector.vault.tagging import sealed_ids_open, sealed_tags_fill

from . import probe
from .models import (
    CASE_TAG,
    CONTENT_INDEX,
    KEY_CONTEXT,
    META_CONTEXT,
    PERSON_CONTEXT,
    PERSON_NAME_INDEX,
    Document,
    DocumentPerson,
    ShreddedCase,
    content_sealed,
)
from .sandbox import read_and_extract, run_bounded
from .signals import cases_forgotten, documents_forgotten, person_corrected, persons_replaced

log = logging.getLogger(__name__)
MAX_FILENAME = 255
PERSON_FIELDS = ("role", "rank", "last", "first", "middle", "personal_number", "birth_date")
MAX_FIELD = 100


class EvidenceError(ValueError):
    """A file or a correction refused; `code` names the reason (a reader.MESSAGES code or a
    STAFF_UI key)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail


def document_store(
    *, content: bytes, filename: str, channel: str, by: Staff | None, case: Request | None = None
) -> Document:
    """Check the file by its content, encrypt it under a new data key, record its custody, and
    queue its extraction. Refuses (DocumentError) what is not a readable file of an accepted
    type; nothing of a refused file is kept."""
    mime, pages = probe.check(content)
    key, sealed = data_key_new()
    key_box = b""
    if case is not None:  # the key opens only with the case's secret too (case_key_new)
        key, sealed, key_box = case_key_new(_case_secret(case.pk))
    digest = hashlib.sha256(content).hexdigest()
    # A file's name as its sender gave it, less what turns it round on a lawyer's screen
    # ("invoice\u202efdp.exe" reads "invoiceexe.pdf") or hides in it: counted, and said on the
    # document's page (service.visible).
    filename, removed = one_line(filename)
    meta: dict[str, Any] = {
        "filename": filename[:MAX_FILENAME],
        "filename_removed": removed,
        "sha256": digest,  # sealed: its blind index is what is in the clear
        # Sealed, and the file padded: the file's holder found it by its length (round 10's
        # red team, finding 2).
        "size": len(content),
        "pages": pages,
        "extraction": None,
        "texts": [],
    }
    try:
        [content_index] = blind_indexes([(CONTENT_INDEX, digest)])
    except VaultSealed:  # stored while sealed: indexed at extraction, which waits for the key
        content_index = ""
    tag: str | None = ""
    if case is not None:
        try:
            [tag] = case_tags([case.pk])
        except VaultSealed:  # stored while sealed: tagged by the hourly sweep once unlocked
            tag = None
    with transaction.atomic():
        document = Document.objects.create(
            case_sealed=case_seal(case.pk) if case is not None else b"",
            case_tag=tag,
            channel=channel,
            uploaded_by=by,
            content_index=content_index,
            size=0,
            mime=mime,
            pages=0,
            status=Document.Status.PENDING,
            sealed_key=sealed,
            key_box=key_box,
            content=content_sealed(key, content),
            meta=crypto.encrypt(key, json.dumps(meta, ensure_ascii=False), context=META_CONTEXT),
        )
        audit_record(
            actor=by, action=f"upload_{channel}", object_type="document", object_id=document.pk
        )
        transaction.on_commit(lambda: _enqueue(document.pk))
    return document


def _enqueue(pk: int) -> None:
    from .tasks import extract_document

    extract_document.enqueue(pk)


def _case_secret(case_pk: int) -> bytes:
    """The case's secret as stored now (intake.Request.case_secret). A shredded case has none:
    nothing more is stored on it (EvidenceError)."""
    secret = Request.objects.filter(pk=case_pk).values_list("case_secret", flat=True).first()
    if not secret:
        raise EvidenceError("case_shredded")
    return bytes(secret)


def case_key_new(case_secret: bytes, key: bytes | None = None) -> tuple[bytes, bytes, bytes]:
    """A document's data key bound to its case (models.Document.key_box): (the data key, a
    fresh share sealed to the organisation's public key, the data key under
    crypto.case_bound(case_secret, share)). Needs no private key. `key`: the data key of a
    document stored before round 12, wrapped anew (documents_bound)."""
    share, sealed = data_key_new()
    key = key if key is not None else crypto.new_data_key()
    box = crypto.encrypt_bytes(crypto.case_bound(case_secret, share), key, context=KEY_CONTEXT)
    return key, sealed, box


def documents_open(documents: list[Document]) -> None:
    """Open these documents' data keys in one round trip (VaultSealed while sealed). A
    document on a case needs its case's secret too (models.Document.key_box): its case is
    opened in the same round trip. One whose case was shredded (the secret is gone) stays
    closed (`document_gone`): it is deleted at the next sweep (documents_forget_pending)."""
    todo = [d for d in documents if d.data_key is None and d.sealed_key]
    bound = [d for d in todo if d.key_box]
    if not bound:
        sealed_open(todo)
        return
    unknown = [d for d in bound if d.case_pk is None]  # its case not opened yet
    opened = data_keys_open(
        [bytes(d.sealed_key) for d in todo] + [bytes(d.case_sealed) for d in unknown]
    )
    shares = opened[: len(todo)]
    for document, case in zip(unknown, opened[len(todo) :], strict=True):
        document.case_pk = int.from_bytes(case, "big")
    case_of = {d.pk: int(d.case_pk or 0) for d in bound}
    secrets_of = {
        pk: bytes(secret)
        for pk, secret in Request.objects.filter(pk__in=set(case_of.values())).values_list(
            "pk", "case_secret"
        )
    }
    for document, share in zip(todo, shares, strict=True):
        if not document.key_box:
            document.open(share)
            continue
        secret = secrets_of.get(case_of[document.pk])
        if not secret:
            continue  # its case was shredded: unreadable, gone at the next sweep
        wrapping = crypto.case_bound(secret, share)
        document.open(crypto.decrypt_bytes(wrapping, bytes(document.key_box), context=KEY_CONTEXT))


def document_gone(document: Document) -> bool:
    """After documents_open: a document of a shredded case, which nothing opens any more."""
    return document.data_key is None and bool(document.key_box)


def documents_bound(*, batch: int = 50) -> int:
    """Wrap the data keys of documents stored on a case before round 12 under their case's
    secret (models.Document.key_box), so that shredding the case leaves them unreadable at
    once. The worker's, from extract_pending, after the documents of cases shredded while
    sealed are gone (the migration cannot: the key and the case open only while unlocked).
    The file is not encrypted again: its data key is, under a new share; secure_delete
    overwrites the old sealed key (and the caller folds the WAL in). VaultSealed while
    sealed."""
    done, last = 0, 0
    while todo := list(
        Document.objects.filter(pk__gt=last, key_box=b"")
        .exclude(case_sealed=b"")
        .order_by("pk")
        .only("pk", "sealed_key", "key_box", "case_sealed")[:batch]
    ):
        last = todo[-1].pk
        documents_open(todo)
        cases = documents_cases(todo)
        secrets_of = dict(
            Request.objects.filter(pk__in=set(cases.values())).values_list("pk", "case_secret")
        )
        with transaction.atomic():
            for document in todo:
                secret = bytes(secrets_of.get(cases[document.pk]) or b"")
                if not secret:  # shredded: deleted by documents_forget_pending
                    continue
                _, sealed, box = case_key_new(secret, document.key)
                Document.objects.filter(pk=document.pk, key_box=b"").update(
                    sealed_key=sealed, key_box=box
                )
                done += 1
    return done


def document_extract(*, document: Document) -> None:
    """Read the file's text (OCR where needed) and extract its persons; replaces any earlier
    extraction, corrections included. A file whose text cannot be read is kept, marked failed,
    with the reason."""
    documents_open([document])
    if document_gone(document):  # its case was shredded while sealed: deleted at the sweep
        return
    content = document.file()
    if not document.content_index:
        content_indexes_set([document])
    try:
        pages, result = run_bounded(
            read_and_extract,
            content,
            probe.limits(),
            seconds=settings.EXTRACT_SECONDS,
            memory_mb=settings.EXTRACT_MEMORY_MB,
        )
    except DocumentError as exc:
        _failed(document, exc.code)
        return
    except Exception as exc:  # a bug must not leave the file pending, retried every hour
        # The exception's class only: its text could quote the document.
        log.error("extraction of document %s failed: %s", document.pk, type(exc).__name__)
        _failed(document, "internal")
        return
    facts = result.as_dict()
    persons = facts.pop("persons")
    meta = {**document.facts(), "extraction": facts, "texts": [p.text for p in pages]}
    meta["pages"] = len(pages)  # sealed (models.Document.page_count)
    indexes = _name_indexes(persons)
    # Shuffled, so that the rows' ids do not give each name's place in the document: the place
    # is kept sealed, beside the name (red team, round 9).
    rows = [
        DocumentPerson(
            document=document,
            data=_seal_person(document.key, {**person, "position": i}),
            name_index=indexes[i],
        )
        for i, person in enumerate(persons)
    ]
    secrets.SystemRandom().shuffle(rows)
    with transaction.atomic():
        replaced, _ = DocumentPerson.objects.filter(document=document).delete()
        DocumentPerson.objects.bulk_create(rows)
        if replaced:  # read again: whatever was linked to the old reading must forget it
            persons_replaced.send(sender=Document, document=document, replaced=replaced)
        document.status, document.error = Document.Status.EXTRACTED, ""
        if "size" in meta:  # sealed (a row of before keeps its clear pages until padded)
            document.pages = 0
        else:
            document.pages = len(pages)
        document.meta = crypto.encrypt(
            document.key, json.dumps(meta, ensure_ascii=False), context=META_CONTEXT
        )
        document.save(update_fields=["status", "error", "pages", "meta"])


def content_indexes_set(documents: list[Document]) -> None:
    """The blind indexes of these open documents' SHA-256, in one round trip (VaultSealed while
    sealed)."""
    found = blind_indexes([(CONTENT_INDEX, d.sha256()) for d in documents])
    for document, index in zip(documents, found, strict=True):
        document.content_index = index
        Document.objects.filter(pk=document.pk).update(content_index=index)


def content_indexes_fill(*, batch: int = 50) -> int:
    """Index the documents stored while sealed whose extraction is over (failed ones too), and
    those stored before round 10 (their hash was in the clear). VaultSealed while sealed."""
    done = 0
    while todo := list(
        Document.objects.filter(content_index="").exclude(status=Document.Status.PENDING)[:batch]
    ):
        documents_open(todo)
        content_indexes_set(todo)
        done += len(todo)
    return done


def documents_padded(*, batch: int = 50) -> int:
    """Seal the size and pages of documents stored before round 11, and pad their files
    (models.content_sealed): their clear size, pages and sealed file's length found the file
    (red team, round 10, finding 2). The worker's, from extract_pending (the migration cannot:
    each document's key opens only while unlocked); secure_delete overwrites the old pages.
    VaultSealed while sealed."""
    done = 0
    while todo := list(
        Document.objects.filter(size__gt=0).exclude(status=Document.Status.PENDING)[:batch]
    ):
        documents_open(todo)
        for document in todo:
            content, meta = document.file(), document.facts()
            meta["size"], meta["pages"] = len(content), meta.get("pages") or document.pages
            document.content = content_sealed(document.key, content)
            document.meta = crypto.encrypt(
                document.key, json.dumps(meta, ensure_ascii=False), context=META_CONTEXT
            )
            document.size, document.pages = 0, 0
            document.save(update_fields=["content", "meta", "size", "pages"])
        done += len(todo)
    return done


def _failed(document: Document, code: str) -> None:
    Document.objects.filter(pk=document.pk).update(status=Document.Status.FAILED, error=code)


def full_name(person: dict[str, Any]) -> str:
    return " ".join(str(person[k]) for k in ("last", "first", "middle") if person.get(k))


def _name_indexes(persons: list[dict[str, Any]], purpose: str = PERSON_NAME_INDEX) -> list[str]:
    """Blind indexes of full names, in one round trip; "" for a person known by initials, who
    cannot be matched to a case by name. PERSON_NAME_INDEX (stored on the rows), or intake's
    NAME_INDEX (equal to the requests' `name_index`: computed to match, never stored)."""
    names = [full_name(p) if not p.get("initials_only") else "" for p in persons]
    wanted = [(purpose, n) for n in names if n]
    found = iter(blind_indexes(wanted))
    return [next(found) if n else "" for n in names]


def request_name_indexes(persons: list[dict[str, Any]]) -> list[str]:
    """These extracted persons' names as intake indexes a request's (`Request.name_index`), for
    finding the cases of the same name while unlocked; "" for initials. VaultSealed while
    sealed."""
    return _name_indexes(persons, NAME_INDEX)


def person_name_index(name: str) -> str:
    """A case's client's name as the documents' persons are indexed (VaultSealed while
    sealed); "" for no name."""
    return blind_indexes([(PERSON_NAME_INDEX, name)])[0] if name.strip() else ""


def person_name_indexes_fill(*, batch: int = 20) -> int:
    """Index under PERSON_NAME_INDEX the persons stored before round 10 (None): their index was
    intake's, equal to their requests' in the clear. VaultSealed while sealed."""
    done = 0
    while ids := list(
        DocumentPerson.objects.filter(name_index=None)
        .values_list("document_id", flat=True)
        .distinct()[:batch]
    ):
        documents = list(Document.objects.filter(pk__in=ids))
        documents_open(documents)
        for document in documents:
            rows = list(document.persons.filter(name_index=None))
            indexes = _name_indexes([p.values(document.key) for p in rows])
            with transaction.atomic():
                for row, index in zip(rows, indexes, strict=True):
                    DocumentPerson.objects.filter(pk=row.pk).update(name_index=index)
            done += len(rows)
    return done


def _seal_person(key: bytes, values: dict[str, Any]) -> bytes:
    return crypto.encrypt(key, json.dumps(values, ensure_ascii=False), context=PERSON_CONTEXT)


def person_correct(*, person: DocumentPerson, values: dict[str, str], by: Staff) -> dict[str, Any]:
    """A lawyer's correction of an extracted person. What the registry linked under the old
    values is linked again under the new ones (documents.signals.person_corrected)."""
    document = person.document
    documents_open([document])
    current = person.values(document.key)
    cleaned: dict[str, Any] = {}
    for field in PERSON_FIELDS:
        value = " ".join(one_line(values.get(field, ""))[0].split())  # as the sender's names
        if len(value) > MAX_FIELD:
            raise EvidenceError("too_long")
        cleaned[field] = value or None
    if not cleaned["last"]:
        raise EvidenceError("person_last_required")
    if cleaned["role"] not in ROLES:
        raise EvidenceError("person_bad_role")
    if "birth_date" not in values:  # a form without the field leaves the date as read
        cleaned["birth_date"] = current.get("birth_date")
    elif cleaned["birth_date"]:
        # As the questionnaire takes it: whole, month and year, or the year alone (round 11).
        try:
            cleaned["birth_date"] = parse_birth_date(
                cleaned["birth_date"], today=timezone.localdate()
            )
        except FactsError:
            raise EvidenceError("person_bad_birth_date") from None
    initials_only = all(len(str(cleaned[k] or "").rstrip(".")) <= 1 for k in ("first", "middle"))
    # A lawyer's correction is a check against the page: the name needs no further review.
    updated = {
        **current,
        **cleaned,
        "initials_only": initials_only,
        "needs_review": False,
        "uncertain": None,
    }
    [index] = _name_indexes([updated])
    with transaction.atomic():
        person.data = _seal_person(document.key, updated)
        person.name_index = index
        person.corrected_by, person.corrected_at = by, timezone.now()
        person.save(update_fields=["data", "name_index", "corrected_by", "corrected_at"])
        audit_record(
            actor=by, action="correct_person", object_type="document", object_id=document.pk
        )
        if any(updated.get(k) != current.get(k) for k in PERSON_FIELDS):
            person_corrected.send(sender=Document, document=document, person=person)
    return updated


# Which case a document is on: sealed, and a keyed tag (models.Document.case_sealed, case_tag)


def case_seal(pk: int) -> bytes:
    """A case's id sealed to the organisation's public key, as 32 bytes (a data key's length:
    every case's seals to the same length). Needs no secret."""
    return crypto.seal(int(pk).to_bytes(crypto.KEY_BYTES, "big"), public_key_read())


def case_tags(case_ids: list[int]) -> list[str]:
    """The keyed tags of these cases' ids, in one round trip (VaultSealed while sealed)."""
    return blind_indexes([(CASE_TAG, str(int(pk))) for pk in case_ids])


def documents_cases(documents: list[Document]) -> dict[int, int]:
    """The case of each of these documents that is on one (document id -> request id), opened
    in one round trip (VaultSealed while sealed)."""
    on_case = [d for d in documents if d.case_sealed]
    opened = sealed_ids_open([d for d in on_case if d.case_pk is None], "case_sealed")
    for document in on_case:
        if document.case_pk is None:
            document.case_pk = opened[document.pk]
    return {d.pk: int(d.case_pk or 0) for d in on_case}


def documents_cases_set(documents: list[Document]) -> None:
    """Set `case` on each of these documents that is on one (VaultSealed while sealed)."""
    cases = documents_cases(documents)
    requests = Request.objects.in_bulk(set(cases.values()))
    for document in documents:
        document.case = requests.get(cases[document.pk]) if document.pk in cases else None


def case_tags_fill(*, batch: int = 200) -> int:
    """Tag the documents stored on a case while sealed, and those moved by the migration of
    round 11 (their case was in the clear). VaultSealed while sealed."""
    return sealed_tags_fill(
        Document, sealed="case_sealed", tag="case_tag", id_tags=case_tags, batch=batch
    )


def case_documents(case_ids: list[int]) -> list[int]:
    """The ids of these cases' documents (VaultSealed while sealed: found by their tag only)."""
    if not case_ids:
        return []
    case_tags_fill()
    tags = case_tags(case_ids)
    return list(Document.objects.filter(case_tag__in=tags).values_list("pk", flat=True))


def documents_forget(*, case_ids: list[int]) -> int:
    """The evidence of shredded cases goes with them: at once while the vault is unlocked; a
    case shredded while sealed is noted (ShreddedCase), and its documents, which only the key
    finds, go at the next unlock (documents_forget_pending). Meanwhile nothing reads them: the
    shredding emptied the case's secret, which their keys need (models.Document.key_box)."""
    try:
        found = case_documents(case_ids)
    except VaultSealed:
        ShreddedCase.objects.bulk_create(
            [ShreddedCase(case_pk=pk) for pk in case_ids], ignore_conflicts=True
        )
        return 0
    except NotReady:  # no organisation: no document can have been stored
        return 0
    deleted, _ = Document.objects.filter(pk__in=found).delete()
    return deleted


def documents_forget_pending() -> int:
    """The documents of the cases shredded while the vault was sealed (VaultSealed while it
    still is). The registry forgets their mentions (signals.documents_forgotten)."""
    pending = list(ShreddedCase.objects.values_list("case_pk", flat=True))
    if not pending:
        return 0
    found = case_documents(pending)
    with transaction.atomic():
        deleted, _ = Document.objects.filter(pk__in=found).delete()
        cases_forgotten.send(sender=Document, case_ids=pending)
        ShreddedCase.objects.filter(case_pk__in=pending).delete()
        if found:
            documents_forgotten.send(sender=Document, ids=found)
    return deleted
