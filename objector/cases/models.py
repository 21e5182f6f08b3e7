from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from objector.intake.models import Request
from objector.vault import crypto
from objector.vault.keys import blind_indexes

ENTRY_CONTEXT = "cases.entry"
DEADLINE_CONTEXT = "cases.deadline.label"


class Entry(models.Model):
    """One line of a case's timeline: an event, a note, a message either way, a change."""

    class Kind(models.TextChoices):
        # The labels are what the timeline shows (get_kind_display), in the reader's language.
        EVENT = "event", _("event")  # a §12 event; `data` holds it and the assessment's change
        NOTE = "note", _("note")  # staff only
        MESSAGE_OUT = "message_out", _("answer to the requester")
        MESSAGE_IN = "message_in", _("message from the requester")
        STATUS = "status", _("status")
        ASSIGNMENT = "assignment", _("assignment")

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    # The text and what it records (an event's dates, a note's deadline), encrypted under the
    # request's data key. Only status and assignment entries keep `data` in the clear: statuses
    # and staff usernames, which say nothing about the requester.
    sealed = models.BinaryField(default=b"")
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [models.Index(fields=["request", "created_at"], name="entry_timeline")]

    # Set by `open`, never stored.
    text: str = ""

    @classmethod
    def sealed_create(
        cls,
        *,
        request: Request,
        kind: str,
        author: Any = None,
        text: str = "",
        data: dict[str, Any] | None = None,
    ) -> Entry:
        """An entry whose text and data are encrypted under the (opened) request's key."""
        body = json.dumps({"text": text, "data": data or {}}, ensure_ascii=False)
        entry = cls.objects.create(
            request=request,
            kind=kind,
            author=author,
            sealed=crypto.encrypt(request.key, body, context=ENTRY_CONTEXT),
        )
        entry.text, entry.data = text, data or {}
        return entry

    def open(self, data_key: bytes) -> None:
        if self.sealed:
            body = json.loads(crypto.decrypt(data_key, bytes(self.sealed), context=ENTRY_CONTEXT))
            self.text, self.data = body["text"], body["data"]


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
    # A manual deadline's label ("hearing at the garrison court"), encrypted under the
    # request's data key: people write names into it.
    label_sealed = models.BinaryField(default=b"")
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["done_at", "due"], name="deadline_open")]

    def label(self, data_key: bytes) -> str:
        if not self.label_sealed:
            return ""
        return crypto.decrypt(data_key, bytes(self.label_sealed), context=DEADLINE_CONTEXT)


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


class NameWord(models.Model):
    """A blind index of one word of a request's name (vault.keys.blind_indexes, purpose
    NAME_WORD): "Кузьмин" finds "Кузьмин Иван Петрович" without any name in the database. A
    request whose name has no word gets one row with NO_NAME, so that it is not indexed again.
    Filled when staff search (the index key exists only while the vault is unlocked)."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="name_words")
    index = models.CharField(max_length=32)

    class Meta:
        indexes = [models.Index(fields=["index", "request"], name="name_word_lookup")]


CASE_READ = "case_read"  # the blind index's purpose of CaseRead.case_tag


class CaseRead(models.Model):
    """When a staff member last opened a case: the requester's messages after it are unread.

    The case is not stored, only `case_tag`, a blind index (vault.keys.blind_indexes, purpose
    CASE_READ) of the staff member's id and the case's, found while unlocked (`actions.case_seen`,
    `queue.unread`). `seen_at` is the moment of a case view, so it names that view's audit entry:
    with the case's id beside it, "view document D" then "view request R" by one actor told a
    copy of the disk which request an order names (round 11, r11b-caseread). It is rewritten
    only by a view that finds a reply not yet marked read (round 12): rewritten at every view,
    the row in two copies (an hourly backup and a later seizure) named two views of one case,
    and the view after a change on the case (named by the change's clear `Entry`) said which."""

    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    case_tag = models.CharField(max_length=32)
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["staff", "case_tag"], name="case_read_once_by_tag"),
        ]


def case_read_tags(staff_pk: int, request_pks: list[int]) -> list[str]:
    """The `CaseRead.case_tag` of each of these cases for this staff member, in one round trip
    to the key-holder (VaultSealed while sealed)."""
    return blind_indexes([(CASE_READ, f"{int(staff_pk)}:{int(pk)}") for pk in request_pks])


class SavedView(models.Model):
    """A staff member's own named queue filter: the queue's query string, checked on saving."""

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_views"
    )
    name = models.CharField(max_length=80)
    query = models.CharField(max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["staff", "name"], name="saved_view_name_once"),
        ]
