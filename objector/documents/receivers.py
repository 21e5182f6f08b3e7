from typing import Any

from django.dispatch import receiver

from objector.cases.signals import requests_shredded

from .actions import documents_forget


@receiver(requests_shredded)
def forget_evidence(sender: Any, ids: list[int], **kwargs: Any) -> None:
    documents_forget(case_ids=ids)
