"""Drafted filings, kept as evidence of the case.

Each draft has its own data key, sealed to the organisation's public key (vault.keys), like a
document: the DOCX and its report (blanks, cover note, name forms, the lawyer's inputs, the
persons left out for outreach) are encrypted under it. In the clear are only what the history
needs: the kind, the version, the template's version and hash, who made it and when.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import models
from django.utils import timezone

from objector.accounts.models import Staff
from objector.documents.models import Document
from objector.intake.models import Request
from objector.vault import crypto
from objector.vault.sealed import SealedKeyMixin

CONTENT_CONTEXT = "filings.content"
META_CONTEXT = "filings.meta"


class Draft(SealedKeyMixin, models.Model):
    # A case's own draft, or a joint claim drafted from an order (document) naming many clients.
    case = models.ForeignKey(
        Request, null=True, blank=True, on_delete=models.CASCADE, related_name="drafts"
    )
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.CASCADE, related_name="drafts"
    )
    # Every case whose client the draft names: shredding any of them removes the draft.
    cases_named = models.ManyToManyField(Request, related_name="named_in_drafts")
    kind = models.CharField(max_length=32)
    version = models.PositiveIntegerField()
    template_version = models.CharField(max_length=32)
    template_sha256 = models.CharField(max_length=64)
    created_by = models.ForeignKey(Staff, on_delete=models.PROTECT)
    created_at = models.DateTimeField(default=timezone.now)
    sealed_key = models.BinaryField()
    content = models.BinaryField()  # the DOCX, under the data key
    meta = models.BinaryField()  # the report and the inputs, as JSON under the data key

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["case", "kind"], name="draft_case_kind")]

    sealed_noun = "draft"

    def docx(self) -> bytes:
        return crypto.decrypt_bytes(self.key, bytes(self.content), context=CONTENT_CONTEXT)

    def report(self) -> dict[str, Any]:
        return dict(json.loads(crypto.decrypt(self.key, bytes(self.meta), context=META_CONTEXT)))
