from typing import Any

from django.dispatch import receiver

from objector.cases.signals import requests_shredded

from .actions import drafts_forget


@receiver(requests_shredded)
def forget_drafts(sender: Any, ids: list[int], **kwargs: Any) -> None:
    drafts_forget(case_ids=ids)
