import logging

from django.tasks import task

from objector.vault.keys import VaultSealed

from .actions import (
    case_tags_fill,
    content_indexes_fill,
    document_extract,
    documents_bound,
    documents_forget_pending,
    documents_padded,
    person_name_indexes_fill,
)
from .models import Document

log = logging.getLogger(__name__)


@task()
def extract_document(pk: int) -> str:
    """OCR and extraction of one stored document, off the request that uploaded it."""
    document = Document.objects.filter(pk=pk, status=Document.Status.PENDING).first()
    if document is None:
        return "gone"
    try:
        document_extract(document=document)
    except VaultSealed:
        # The key opens only while the vault is unlocked; the hourly sweep tries again.
        log.info("document extraction waits: the vault is sealed")
        return "sealed"
    return "done"


@task()
def extract_pending() -> int:
    """Hourly from `objector run`: documents stored while the vault was sealed (and the blind
    indexes of any document without them: a failed read's hash, a file stored before round 10
    and its persons' names; the tag of a case's document stored while sealed or before round
    11), and the documents of cases shredded while sealed; the keys of documents stored on a
    case before round 12 are bound to its secret (actions.documents_bound)."""
    done = 0
    try:  # first: a document of a case shredded while sealed is read no more
        documents_forget_pending()
    except VaultSealed:
        return done
    for pk in Document.objects.filter(status=Document.Status.PENDING).values_list("pk", flat=True):
        if extract_document.call(pk) == "sealed":
            return done
        done += 1
    try:
        content_indexes_fill()
        person_name_indexes_fill()
        if documents_padded():  # the size and pages of files stored before round 11, sealed
            from objector.service.storage import wal_checkpoint

            wal_checkpoint()  # no older copy of the clear sizes left in the -wal file
        case_tags_fill()
        documents_forget_pending()
        if documents_bound():  # stored on a case before round 12: now bound to its secret
            from objector.service.storage import wal_checkpoint

            wal_checkpoint()  # no older copy of their keys sealed alone left in the -wal file
    except VaultSealed:
        log.info("indexing documents' hashes, names and cases waits: the vault is sealed")
    return done


@task()
def forget_pending() -> int:
    """At an unlock: the documents of cases shredded while sealed (unreadable since, their
    case's secret gone) are deleted at once rather than at the hourly sweep."""
    try:
        return documents_forget_pending()
    except VaultSealed:
        return 0
