from typing import Any

from django.dispatch import receiver

from objector.cases.signals import requests_shredded


@receiver(requests_shredded)
def forget_drafts(sender: Any, ids: list[int], **kwargs: Any) -> None:
    # Imported here: the drafting core (docxtpl, Jinja) stays out of every process's start-up,
    # the bot's included, which a crash restarts in a hurry.
    from .actions import drafts_forget

    drafts_forget(case_ids=ids)
