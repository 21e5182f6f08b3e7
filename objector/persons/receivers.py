"""The registry listens to the apps below it: none of them imports persons."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from objector.cases.signals import request_markers, requests_shredded
from objector.documents.models import Document, DocumentPerson
from objector.documents.signals import documents_forgotten, person_corrected, persons_replaced
from objector.intake.models import Request
from objector.vault.signals import sealed, unlocked


@receiver(post_save, sender=Request)
def request_stored(sender: Any, instance: Request, created: bool, **kwargs: Any) -> None:
    if created:
        from .tasks import link_request

        # In the transaction that stores the request: the task's row is committed with it, or
        # rolled back with it (a double click's savepoint), and never seen before it. Enqueued
        # after the commit instead, it took a write transaction of its own for each request,
        # one more turn at SQLite's write lock per submission (issue #13), and a crash between
        # the two lost the link until the hourly catch-up.
        link_request.enqueue(instance.pk)


@receiver(post_save, sender=Document)
def document_read(sender: Any, instance: Document, **kwargs: Any) -> None:
    fields = kwargs.get("update_fields") or ()
    if instance.status == Document.Status.EXTRACTED and "status" in fields:
        from .tasks import link_document

        pk = instance.pk
        transaction.on_commit(lambda: link_document.enqueue(pk))


@receiver(persons_replaced)
def document_read_again(sender: Any, document: Document, **kwargs: Any) -> None:
    """A document read again replaced its persons, and their mentions went with them (the
    cascade). The worker's index still held the old reading's names, under the deleted
    mentions' ids: it is built afresh at the next link. The persons left with no mention go,
    and after the commit every link to the deleted mentions (the evidence of the mentions
    linked to them, the lawyers' corrections naming them, uncertain neighbours pointing at the
    pruned persons), as after a shredding (red team, round 9). Every other task worker's index
    is dropped too, when it sees the count of forgettings this transaction raises."""
    from .actions import persons_prune, unlinked
    from .registry import REGISTRY, forgotten

    with REGISTRY.lock:
        REGISTRY.reset()
    forgotten()
    persons_prune()
    transaction.on_commit(unlinked)


@receiver(person_corrected)
def document_person_corrected(
    sender: Any, document: Document, person: DocumentPerson, **kwargs: Any
) -> None:
    """A lawyer corrected an extracted person's name: its mention was linked, and is held in
    every task worker's index, under the old spelling. The mention goes, as a document read
    again's do (every index dropped, the persons left with no mention pruned, every link to it
    forgotten after the commit), and the document's link task links the person again, under
    the corrected name, after the commit."""
    from .actions import persons_prune, unlinked
    from .models import Mention
    from .registry import REGISTRY, forgotten
    from .tasks import link_document

    if not Mention.objects.filter(document_person=person).delete()[0]:
        return  # not linked yet: the link task reads the corrected name
    with REGISTRY.lock:
        REGISTRY.reset()
    forgotten()
    persons_prune()
    pk = document.pk
    transaction.on_commit(unlinked)
    transaction.on_commit(lambda: link_document.enqueue(pk))


@receiver(unlocked)
def catch_up(sender: Any, **kwargs: Any) -> None:
    from .tasks import link_pending

    transaction.on_commit(link_pending.enqueue)


@receiver(sealed)
def forget_names(sender: Any, **kwargs: Any) -> None:
    """The worker's index holds every linked name in plaintext: sealing empties it, and the next
    link after an unlock builds it again (objector.vault.plaintext)."""
    from .keyring import forget
    from .registry import REGISTRY

    with REGISTRY.lock:
        REGISTRY.reset()
    forget()  # the registry's key (keyring.py) too


@receiver(requests_shredded)
def forget(sender: Any, ids: list[int], **kwargs: Any) -> None:
    # Imported here, as every receiver's work: the linking core stays out of start-up.
    from .actions import persons_forget

    persons_forget(request_ids=ids)


@receiver(request_markers)
def markers(sender: Any, staff: Any, requests: list[Request], **kwargs: Any) -> Any:
    from .markers import markers_for

    return markers_for(staff, requests)


@receiver(documents_forgotten)
def documents_of_shredded_cases(sender: Any, ids: list[int], **kwargs: Any) -> None:
    """Documents of cases shredded while the vault was sealed, deleted at the next unlock: their
    mentions went by the cascade; as after a document read again, every index forgets them, the
    persons left with none go, and every link to them after the commit."""
    from .actions import persons_prune, unlinked
    from .registry import REGISTRY, forgotten

    with REGISTRY.lock:
        REGISTRY.reset()
    forgotten()
    persons_prune()
    transaction.on_commit(unlinked)
