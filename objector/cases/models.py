from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from objector.intake.models import Request


class Entry(models.Model):
    """One line of a case's timeline: an event, a note, a message either way, a change."""

    class Kind(models.TextChoices):
        EVENT = "event", "event"  # a §12 event; `data` holds it and the assessment's change
        NOTE = "note", "note"  # staff only
        MESSAGE_OUT = "message_out", "answer to the requester"
        MESSAGE_IN = "message_in", "message from the requester"
        STATUS = "status", "status"
        ASSIGNMENT = "assignment", "assignment"

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    text = models.TextField(blank=True)  # personal data: encrypted by the vault (issue #4)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [models.Index(fields=["request", "created_at"], name="entry_timeline")]


class Deadline(models.Model):
    """A date a case must meet. The engine's deadlines are rewritten whenever the assessment is
    recomputed; a lawyer's own (a hearing, a filing) stay until marked done."""

    class Source(models.TextChoices):
        ENGINE = "engine", "engine"
        MANUAL = "manual", "manual"

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(max_length=48)  # a §8/§9 kind, or "manual"
    due = models.DateField()
    basis = models.CharField(max_length=200, blank=True)
    uncertain = models.BooleanField(default=False)
    source = models.CharField(max_length=8, choices=Source.choices)
    label = models.CharField(max_length=200, blank=True)  # for manual deadlines
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["done_at", "due"], name="deadline_open")]


class AnswerTemplate(models.Model):
    """A prepared answer a coordinator sends to many requesters at once, in their language."""

    title = models.CharField(max_length=200)
    body_ru = models.TextField()
    body_en = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.title

    def body(self, lang: str) -> str:
        return self.body_en if lang == "en" and self.body_en else self.body_ru
