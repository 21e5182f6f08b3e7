from __future__ import annotations

from django.db import models
from django.utils import timezone

from objector.intake.models import Request


class InboxUpdate(models.Model):
    """One update from Telegram, stored before it is acknowledged (the poller moves its offset,
    or the webhook answers 200, only after this commits). `update_id` is the key, so a
    re-delivery is one row. The bot works from here; the payload is emptied once processed."""

    update_id = models.BigIntegerField(primary_key=True)
    payload = models.BinaryField(default=b"")  # sealed under keys.box_key()
    received_at = models.DateTimeField(default=timezone.now)
    processed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=64, blank=True)  # an exception's class, never its text

    class Meta:
        indexes = [
            models.Index(
                fields=["update_id"],
                condition=models.Q(processed_at=None),
                name="inbox_pending",
            ),
            models.Index(fields=["received_at"], name="inbox_received"),
        ]


class Chat(models.Model):
    """One Telegram user's conversation with the bot, found by a keyed hash of their id."""

    user_index = models.CharField(max_length=64, unique=True)
    state = models.BinaryField(default=b"")  # conversation.State under keys.chat_key(user)
    request = models.ForeignKey(
        Request, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    request_key = models.BinaryField(default=b"")  # the request's data key, under the chat key
    # The chat id under the request's data key: staff who answer on the case page hold that key,
    # and the reply is delivered to this chat.
    chat_id_sealed = models.BinaryField(default=b"")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["updated_at"], name="chat_updated")]


class Outbox(models.Model):
    """One Bot API call to make, written in the transaction that decided it and made after the
    commit by the sender, with retries. The payload is emptied once sent."""

    chat = models.ForeignKey(Chat, null=True, blank=True, on_delete=models.CASCADE)
    method = models.CharField(max_length=32)  # the Bot API method, e.g. sendMessage
    payload = models.BinaryField(default=b"")  # {"method", "params"} under keys.box_key()
    prompt = models.BooleanField(default=False)  # a question, deleted once answered
    created_at = models.DateTimeField(default=timezone.now)
    not_before = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.BigIntegerField(null=True, blank=True)  # what Telegram gave a message
    swept = models.BooleanField(default=False)  # the prompt has been deleted from the chat
    error = models.CharField(max_length=64, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["id"], condition=models.Q(sent_at=None), name="outbox_pending"),
            models.Index(
                fields=["chat"],
                condition=models.Q(prompt=True, swept=False),
                name="outbox_prompts",
            ),
        ]


class Attachment(models.Model):
    """A photo or document a requester sent the bot, for their case: the bot's receipt of it.
    Fetched from Telegram after the update is processed, then handed to the evidence store
    (objector.documents), which checks and encrypts it.

    Which request (and chat) it came from is kept in the clear nowhere (round 11b): while it
    waits, in `source` (under box_key(), with the file id); for good, sealed to the
    organisation's public key (`request_sealed`, as documents.Document.case_sealed) beside a
    keyed tag (`request_tag`, documents' CASE_TAG, set while unlocked) that finds a shredded
    case's receipts. Which document it became is on the case's timeline only (the entry,
    sealed). Before, clear `request`, `chat` and `document` tied an order sent to the bot to
    the man's request in a copy of the disk."""

    class Status(models.TextChoices):
        PENDING = "pending", "pending"
        STORED = "stored", "stored"
        REFUSED = "refused", "refused"

    # The request's id sealed to the organisation's public key (documents.actions.case_seal).
    request_sealed = models.BinaryField(default=b"")
    # Its keyed tag (documents.actions.case_tags); None until computed while unlocked
    # (actions.attachment_tags_fill).
    request_tag = models.CharField(max_length=32, blank=True, null=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    # Telegram's file id and caption, the request's id and data key and the chat's id, under
    # box_key(), until the file is stored or refused.
    source = models.BinaryField(default=b"")
    mime = models.CharField(max_length=100, blank=True)  # as found in the bytes
    size = models.PositiveIntegerField(default=0)
    # Files stored before the evidence store existed, under the request's data key, until
    # actions.attachments_adopt moves them into it; empty for every newer file.
    content = models.BinaryField(default=b"")
    created_at = models.DateTimeField(default=timezone.now)
    stored_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=64, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["id"], condition=models.Q(status="pending"), name="attachment_pending"
            ),
            models.Index(fields=["request_tag"], name="attachment_request_tag"),
        ]
