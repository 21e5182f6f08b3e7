"""Drafted filings, kept as evidence of the case.

Each draft has its own data key, sealed to the organisation's public key (vault.keys), like a
document: the DOCX and its report (blanks, cover note, name forms, the lawyer's inputs, the
persons left out for outreach) are encrypted under it. In the clear are only what the history
needs: the kind, the version, the template's version and hash, who made it and when.

A joint claim drafted from an order keeps neither the order nor the cases it names in the clear
(round 11c): the order's id is sealed to the organisation's public key beside a keyed tag under
its own purpose (DOCUMENT_TAG), and each case named is a DraftCase row (sealed id, and the
documents' case tag). Before, clear `document` and `cases_named` tied the order to the requests
of the men who asked for help in a copy of the data directory seized while sealed. A case's own
draft keeps its clear `case` (the case's own page lists it) and gets no DraftCase row: its
`case` would say which request that row's tag belongs to.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import models
from django.utils import timezone

from objector.accounts.models import Staff
from objector.intake.models import Request
from objector.vault import crypto
from objector.vault.sealed import SealedKeyMixin

DOCUMENT_TAG = "draft_document"  # Draft.document_tag's blind-index purpose (not the case's)
CONTENT_CONTEXT = "filings.content"
META_CONTEXT = "filings.meta"


class Draft(SealedKeyMixin, models.Model):
    # A case's own draft, or a joint claim drafted from an order (document) naming many clients.
    case = models.ForeignKey(
        Request, null=True, blank=True, on_delete=models.CASCADE, related_name="drafts"
    )
    # A joint claim's order: its id sealed to the organisation's public key (documents.actions.
    # case_seal), b"" for a case's draft; and its keyed tag (DOCUMENT_TAG): "" for a case's
    # draft, None until computed while unlocked (actions.draft_tags_fill).
    document_sealed = models.BinaryField(default=b"")
    document_tag = models.CharField(max_length=32, blank=True, null=True)
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
        indexes = [
            models.Index(fields=["case", "kind"], name="draft_case_kind"),
            models.Index(fields=["document_tag"], name="draft_document_tag"),
        ]

    sealed_noun = "draft"
    document_pk: int | None = None  # a joint claim's order, once opened (access.access_draft)

    def docx(self) -> bytes:
        return crypto.decrypt_bytes(self.key, bytes(self.content), context=CONTENT_CONTEXT)

    def report(self) -> dict[str, Any]:
        return dict(json.loads(crypto.decrypt(self.key, bytes(self.meta), context=META_CONTEXT)))


class DraftCase(models.Model):
    """A case whose client a joint claim names: shredding it removes the claim. Its id sealed to
    the organisation's public key and its keyed tag (documents' CASE_TAG, as Document.case_tag;
    None until computed while unlocked). Never written for a case's own draft."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="named")
    case_sealed = models.BinaryField()
    case_tag = models.CharField(max_length=32, blank=True, null=True)

    class Meta:
        indexes = [models.Index(fields=["case_tag"], name="draft_case_tag")]
