"""Linking runs in the task worker (`objector run`), where the registry's index lives; while
the vault is sealed a link waits, and `link_pending` (hourly, and on unlock) catches up."""

from __future__ import annotations

import logging

from django.db.models import Exists, OuterRef
from django.tasks import task

from objector.documents.models import Document, DocumentPerson
from objector.intake.models import Request
from objector.vault.keys import VaultSealed

from . import actions
from .models import Mention
from .registry import REGISTRY

log = logging.getLogger(__name__)


@task()
def link_request(pk: int) -> str:
    """A new request's subject (web or Telegram)."""
    request = Request.objects.filter(pk=pk, shredded_at=None).first()
    if request is None:
        return "gone"
    try:
        actions.mention_link_request(request=request)
    except VaultSealed:
        REGISTRY.reset()  # names read before the seal are dropped with it
        log.info("linking waits: the vault is sealed")
        return "sealed"
    return "done"


@task()
def link_document(pk: int) -> str:
    """The persons of a document whose extraction has finished."""
    document = Document.objects.filter(pk=pk, status=Document.Status.EXTRACTED).first()
    if document is None:
        return "gone"
    try:
        actions.mention_link_document(document=document)
    except VaultSealed:
        REGISTRY.reset()
        log.info("linking waits: the vault is sealed")
        return "sealed"
    actions.persons_prune()  # a document read again leaves its old persons' rows empty
    return "done"


def pending_requests() -> list[int]:
    linked = Mention.objects.filter(request=OuterRef("pk"))
    return list(
        Request.objects.filter(shredded_at=None)
        .exclude(sealed_key=b"")
        .filter(~Exists(linked))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def pending_documents() -> list[int]:
    waiting = DocumentPerson.objects.filter(document=OuterRef("pk"), mention__isnull=True)
    return list(
        Document.objects.filter(status=Document.Status.EXTRACTED)
        .filter(Exists(waiting))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@task()
def link_pending() -> int:
    """Hourly from `objector run`, and when the vault is unlocked: what came in while sealed."""
    done = 0
    for pk in pending_requests():
        if link_request.call(pk) == "sealed":
            return done
        done += 1
    for pk in pending_documents():
        if link_document.call(pk) == "sealed":
            return done
        done += 1
    try:
        actions.document_blocks_fill()
        if actions.registry_seal():
            log.info("the registry's old rows are sealed")
        actions.unlinked()  # what a shredding while sealed could not open (evidence sealed)
        # A link's score and doubt beside no other clear mention, and blobs sealed before
        # round 11 unpadded: sealed again, and no older copy left in the -wal file.
        if actions.certainty_sealed() + actions.registry_padded():
            from objector.service.storage import wal_checkpoint

            wal_checkpoint()
    except VaultSealed:
        REGISTRY.reset()
    return done


@task()
def relink_all() -> str:
    """Every mention linked afresh, corrections replayed (as `objector relink`)."""
    try:
        actions.persons_relink()
    except VaultSealed:
        return "sealed"
    return "done"
