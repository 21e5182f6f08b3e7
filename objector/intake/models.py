from __future__ import annotations

from django.db import models
from django.utils import timezone

URGENCY_RANK = {"critical": 0, "high": 1, "normal": 2, "low": 3}


class Request(models.Model):
    """One request for help, from the web form or the bot.

    Triage fields are in the clear; the personal fields below them are encrypted by the vault
    (issue #4) and must never be used to filter or sort.
    """

    class Channel(models.TextChoices):
        WEB = "web", "web"
        TELEGRAM = "telegram", "Telegram"

    class Status(models.TextChoices):
        NEW = "new", "new"
        TRIAGED = "triaged", "triaged"
        ASSIGNED = "assigned", "assigned"
        IN_PROGRESS = "in_progress", "in progress"
        CLOSED = "closed", "closed"

    reference = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    idempotency_key = models.CharField(max_length=64, unique=True)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    language = models.CharField(max_length=2, default="ru")
    created_at = models.DateTimeField(default=timezone.now)

    # Triage, in the clear.
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NEW)
    role = models.CharField(max_length=16, blank=True)
    personnel = models.CharField(max_length=32, blank=True)
    categories = models.JSONField(default=list)
    urgency = models.CharField(max_length=16)
    urgency_rank = models.PositiveSmallIntegerField()
    facts = models.JSONField()
    assessment = models.JSONField()

    # Personal data.
    name = models.CharField(max_length=200, blank=True)
    unit = models.CharField(max_length=200, blank=True)
    region = models.CharField(max_length=100, blank=True)
    story = models.TextField(blank=True)
    contact_method = models.CharField(max_length=16)
    contact = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["status", "urgency_rank", "created_at"], name="request_queue"),
        ]

    def __str__(self) -> str:
        return self.reference
