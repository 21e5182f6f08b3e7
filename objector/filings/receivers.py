import contextlib
from typing import Any

from django.db.models.signals import post_delete
from django.dispatch import receiver

from objector.cases.signals import requests_shredded
from objector.documents.models import Document
from objector.documents.signals import cases_forgotten
from objector.vault.keys import NotReady, VaultSealed


@receiver(requests_shredded)
def forget_drafts(sender: Any, ids: list[int], **kwargs: Any) -> None:
    # Imported here: the drafting core (docxtpl, Jinja) stays out of every process's start-up,
    # the bot's included, which a crash restarts in a hurry.
    from .actions import drafts_forget

    drafts_forget(case_ids=ids)


@receiver(cases_forgotten)
def forget_drafts_pending(sender: Any, *, case_ids: list[int], **kwargs: Any) -> None:
    """Cases shredded while sealed: the joint claims naming their clients, which only the key
    finds."""
    from .actions import joint_drafts_forget

    joint_drafts_forget(case_ids)


@receiver(post_delete, sender=Document)
def forget_document_drafts(sender: Any, instance: Document, **kwargs: Any) -> None:
    """A deleted order takes the joint claims drafted from it (found by their keyed tag: no
    foreign key names it). Documents are deleted while unlocked (shredding finds them by the
    key); one deleted while sealed leaves its claims, naming an order gone."""
    from .actions import document_drafts

    with contextlib.suppress(VaultSealed, NotReady):
        document_drafts(instance.pk).delete()
