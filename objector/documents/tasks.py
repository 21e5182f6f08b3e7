import logging

from django.tasks import task

from objector.vault.keys import VaultSealed

from .actions import document_extract
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
    """Hourly from `objector run`: documents stored while the vault was sealed."""
    done = 0
    for pk in Document.objects.filter(status=Document.Status.PENDING).values_list("pk", flat=True):
        if extract_document.call(pk) == "sealed":
            break
        done += 1
    return done
