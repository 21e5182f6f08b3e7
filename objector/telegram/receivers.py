"""The bot's part in what happens to cases (objector/cases/signals.py)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from objector.cases.signals import message_sent, requests_shredded
from objector.intake.models import Request

from .actions import answer_deliver, chats_forget


@receiver(message_sent)
def deliver_answer(sender: Any, *, request: Request, entry: Any, **kwargs: Any) -> None:
    if request.channel == Request.Channel.TELEGRAM:
        answer_deliver(request=request, text=entry.text)


@receiver(requests_shredded)
def forget_chats(sender: Any, *, ids: list[int], **kwargs: Any) -> None:
    chats_forget(ids)
