"""The bot's part in what happens to cases (objector/cases/signals.py)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from objector.cases.signals import message_sent, requests_shredded
from objector.documents.signals import cases_forgotten
from objector.intake.models import Request

from .actions import answer_deliver, attachments_forget, chats_forget


@receiver(message_sent)
def deliver_answer(sender: Any, *, request: Request, entry: Any, **kwargs: Any) -> None:
    if request.channel == Request.Channel.TELEGRAM:
        answer_deliver(request=request, text=entry.text)


@receiver(requests_shredded)
def forget_chats(sender: Any, *, ids: list[int], **kwargs: Any) -> None:
    chats_forget(ids)


@receiver(cases_forgotten)
def attachments_forget_pending(sender: Any, *, case_ids: list[int], **kwargs: Any) -> None:
    """Cases shredded while sealed: the receipts of their files, which only the key finds."""
    attachments_forget(case_ids)
