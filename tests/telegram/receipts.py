"""A file queued for the bot to fetch, as telegram.actions._perform queues it (conv.Attach)."""

from __future__ import annotations

import json

from objector.documents.actions import case_seal, case_tags
from objector.intake.models import Request
from objector.telegram.keys import SOURCE_CONTEXT, box_key
from objector.telegram.models import Attachment, Chat
from objector.vault import crypto
from objector.vault.keys import VaultSealed


def queued(request: Request, chat: Chat | None, file_id: str = "f1") -> Attachment:
    """The request must be open (the bot holds its key through the chat)."""
    source = {
        "file_id": file_id,
        "data_key": request.key.hex(),
        "request": request.pk,
        "chat": chat.pk if chat else None,
    }
    return Attachment.objects.create(
        request_sealed=case_seal(request.pk),
        request_tag=_tag(request.pk),
        source=crypto.encrypt(box_key(), json.dumps(source), context=SOURCE_CONTEXT),
    )


def _tag(pk: int) -> str | None:
    try:
        return case_tags([pk])[0]
    except VaultSealed:  # queued while sealed: tagged once unlocked
        return None
