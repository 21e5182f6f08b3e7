"""The bot's keys, derived from the service's SECRET_KEY.

The bot must answer while the vault is sealed (issue #4): a person who writes at night cannot
wait for a coordinator to unlock. So what it needs is keyed by a secret the bot process holds,
not by the organisation's private key:

- a Telegram user is found by a keyed hash of their id (`user_index`), never by the id itself;
- their conversation, and their request's data key, are encrypted under a key derived from the
  service secret *and* their Telegram id (`chat_key`), which is stored nowhere;
- the inbox and the outbox hold updates and replies only until they are processed or sent,
  encrypted under a key derived from the service secret alone.

The cost, written down in docs/threat-model.md: someone who holds the disk, the service secret
and a person's Telegram id can read that person's request. The web receipt has no such path,
and the bot points people to the web form for what they would rather not say in Telegram.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from functools import cache

from django.conf import settings

from objector.vault import crypto


@cache
def _derived(secret: str, purpose: str) -> bytes:
    return hmac.new(secret.encode(), b"objector telegram " + purpose.encode(), "sha256").digest()


def _key(purpose: str) -> bytes:
    return _derived(settings.SECRET_KEY, purpose)


def user_index(user_id: int) -> str:
    """The keyed hash a Telegram user is looked up by."""
    return hmac.new(_key("user index"), str(user_id).encode(), hashlib.sha256).hexdigest()


def chat_key(user_id: int) -> bytes:
    """The key of one person's conversation and of their request's data key."""
    return hmac.new(_key("chat key"), str(user_id).encode(), hashlib.sha256).digest()


def box_key() -> bytes:
    """The key of the inbox and the outbox, whose contents live only until handled."""
    return _key("inbox and outbox")


SOURCE_CONTEXT = "telegram.attachment.source"  # an Attachment's source, under box_key()


def attachment_source_request(source: bytes) -> int | None:
    """The request a waiting file was sent for, from its receipt's source (Attachment.source,
    under box_key(): the bot and a backup's scrubbing read it while sealed too)."""
    data = json.loads(crypto.decrypt(box_key(), bytes(source), context=SOURCE_CONTEXT))
    return None if data.get("request") is None else int(data["request"])


def webhook_secret() -> str:
    """The secret Telegram sends back with every webhook call (X-Telegram-Bot-Api-Secret-Token):
    1-256 characters of A-Z, a-z, 0-9, _ and -."""
    return hmac.new(_key("webhook"), b"secret token", hashlib.sha256).hexdigest()
