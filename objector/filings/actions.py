"""Every write of filings goes through here: draft for a case, draft a joint claim from an order,
record a client's consent, forget the drafts of shredded cases."""

from __future__ import annotations

import contextlib
import json
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max

from objector.accounts.models import Staff
from objector.cases.access import requests_visible
from objector.documents.actions import case_seal, case_tags, documents_open, request_name_indexes
from objector.documents.models import Document
from objector.intake.models import Request, name_indexes_fill, requests_open
from objector.vault import crypto
from objector.vault.audit import AuditAction, audit_record
from objector.vault.keys import (
    NotReady,
    VaultSealed,
    blind_indexes,
    data_key_new,
    sealed_open,
)
from objector.vault.tagging import sealed_ids_open, sealed_tags_fill

from . import core
from .models import CONTENT_CONTEXT, DOCUMENT_TAG, META_CONTEXT, Draft, DraftCase

CHANNELS = core.CONSENT_CHANNELS


def templates_dir() -> Path:
    """Where an organisation keeps its own templates (`<kind>.docx`), in its data directory."""
    return Path(settings.DATA_DIR) / "filing-templates"


def consent_of(case: Request) -> dict[str, str] | None:
    consent = case.personal.get("consent")
    return dict(consent) if isinstance(consent, dict) else None


def case_data(case: Request, inputs: dict[str, str], today: date) -> dict[str, Any]:
    """The data of core.draft from an opened case, with the lawyer's inputs (dotted paths) over
    it. The request's `name` is the serviceman's (the person); the requester is the client: the
    serviceman himself, or the relative or lawyer who wrote (`writer_name`)."""
    personal = case.personal
    person_name = core.split_name(personal.get("name", ""))
    writer = personal.get("writer_name", "") if case.role != "self" else ""
    client: dict[str, Any] = core.split_name(writer) if writer else dict(person_name)
    consent = consent_of(case)
    if consent:
        client["consent"] = consent
    data: dict[str, Any] = {
        "as_of": today.isoformat(),
        "case": {
            "facts": {k: v for k, v in personal["facts"].items() if k != "as_of"},
            "story": personal.get("story", ""),
        },
        "client": client,
        "person": {"unit": personal.get("unit", ""), **person_name},
    }
    return _with_inputs(data, inputs)


def _with_inputs(data: dict[str, Any], inputs: dict[str, str]) -> dict[str, Any]:
    """The lawyer's inputs, by dotted path, over the data."""
    for path, value in inputs.items():
        if value:
            node = data
            *heads, last = path.split(".")
            for head in heads:
                node = node.setdefault(head, {})
            node[last] = value
    return data


def _version(**owner: Any) -> int:
    found = Draft.objects.filter(**owner).aggregate(v=Max("version"))["v"]
    return int(found or 0) + 1


def document_tags(document_ids: list[int]) -> list[str]:
    """The keyed tags of these orders' ids under the drafts' own purpose (models.DOCUMENT_TAG:
    not the case's, or document 5 and case 5 would share a tag). VaultSealed while sealed."""
    return blind_indexes([(DOCUMENT_TAG, str(int(pk))) for pk in document_ids])


def document_drafts(document_pk: int) -> Any:
    """The joint claims drafted from this order (VaultSealed while sealed)."""
    draft_tags_fill()
    [tag] = document_tags([document_pk])
    return Draft.objects.filter(document_tag=tag)


def drafts_documents(drafts: list[Draft]) -> dict[int, int]:
    """The order of each of these joint claims (draft id -> document id), opened in one round
    trip (VaultSealed while sealed)."""
    return sealed_ids_open(drafts, "document_sealed")


def draft_tags_fill(*, batch: int = 200) -> int:
    """Tag the joint claims and named cases the migration of round 11c sealed (their order and
    cases were in the clear). VaultSealed while sealed."""
    drafts = sealed_tags_fill(
        Draft, sealed="document_sealed", tag="document_tag", id_tags=document_tags, batch=batch
    )
    return drafts + sealed_tags_fill(
        DraftCase, sealed="case_sealed", tag="case_tag", id_tags=case_tags, batch=batch
    )


def _store(
    result: core.Draft,
    *,
    by: Staff,
    inputs: dict[str, Any],
    named: list[Request],
    case: Request | None = None,
    document: Document | None = None,
) -> Draft:
    """A new version of a case's draft (`case`) or of a joint claim from an order (`document`,
    naming the cases `named`: sealed, with their keyed tags; see models)."""
    key, sealed = data_key_new()
    report = {**result.as_dict(), "inputs": inputs}
    document_tag, document_sealed, named_tags = "", b"", []
    if document is not None:
        draft_tags_fill()
        [document_tag] = document_tags([document.pk])
        document_sealed = case_seal(document.pk)
        named_tags = case_tags([c.pk for c in named]) if named else []
    with transaction.atomic():
        draft = Draft.objects.create(
            case=case,
            document_sealed=document_sealed,
            document_tag=document_tag,
            kind=result.kind,
            version=_version(case=case, document_tag=document_tag, kind=result.kind),
            template_version=result.template_version,
            template_sha256=result.template_sha256,
            created_by=by,
            sealed_key=sealed,
            content=crypto.encrypt_bytes(key, result.docx, context=CONTENT_CONTEXT),
            meta=crypto.encrypt(key, json.dumps(report, ensure_ascii=False), context=META_CONTEXT),
        )
        DraftCase.objects.bulk_create(
            [
                DraftCase(draft=draft, case_sealed=case_seal(c.pk), case_tag=tag)
                for c, tag in zip(named, named_tags, strict=True)
            ]
        )
        audit_record(
            actor=by, action=AuditAction.DRAFT_CREATE, object_type="draft", object_id=draft.pk
        )
    draft.open(key)
    return draft


def draft_create(
    *, case: Request, kind: str, inputs: dict[str, str], by: Staff, today: date
) -> Draft:
    """Draft `kind` for a case and keep it as a new version. FilingError names a bad field."""
    requests_open([case])
    data = case_data(case, inputs, today)
    result = core.draft(kind, data, today=today, override_dir=templates_dir())
    return _store(result, by=by, inputs=inputs, named=[], case=case)


def consent_record(*, case: Request, when: date, channel: str, by: Staff) -> None:
    """The client's consent to be represented and named in filings, given outside the
    questionnaire (on paper, by phone, in person)."""
    if channel not in CHANNELS:
        raise core.FilingError(
            "channel", f"channel: {channel!r} is unknown", f"channel: {channel!r} — неизвестно"
        )
    requests_open([case])
    with transaction.atomic():
        case.personal_update(consent={"date": when.isoformat(), "channel": channel})
        case.save(update_fields=["personal_data"])
        audit_record(
            actor=by, action=AuditAction.CONSENT_RECORD, object_type="request", object_id=case.pk
        )


def order_persons(document: Document) -> list[dict[str, Any]]:
    """The persons an order names, decrypted, in order; each with its row id."""
    documents_open([document])
    rows = document.persons_in_order()
    # The index intake gives a request of the same name, computed now (never stored beside the
    # document: documents.models.DocumentPerson.name_index).
    indexes = request_name_indexes([v for _, v in rows])
    return [{"pk": p.pk, "index": i, **v} for (p, v), i in zip(rows, indexes, strict=True)]


def joint_plaintiffs(
    *, me: Staff, persons: list[dict[str, Any]], items: dict[int, str]
) -> tuple[list[dict[str, Any]], list[Request]]:
    """FORMS.md §3: the chosen persons of an order as core.draft's `persons`, each linked to the
    client of a case this staff member may see (by the blind index of the full name) and carrying
    that client's consent; a person with no such client has none, and is left out for outreach."""
    name_indexes_fill()  # intake cannot index names while the vault is sealed
    indexes = [p["index"] for p in persons if p["index"]]
    cases = list(
        requests_visible(me).filter(name_index__in=indexes, shredded_at=None).order_by("pk")
    )
    requests_open(cases)
    by_index: dict[str, Request] = {}
    for case in cases:
        if consent_of(case):
            by_index.setdefault(case.name_index, case)
    out, named = [], []
    for p in persons:
        client = by_index.get(p["index"]) if p["index"] else None
        if client is not None:
            named.append(client)
        out.append(
            {
                "surname": p.get("last") or "",
                "first_name": p.get("first") or "",
                "patronymic": p.get("middle") or "",
                "rank": p.get("rank") or "",
                "item": items.get(p["pk"], ""),
                "consent": consent_of(client) if client is not None else None,
            }
        )
    return out, named


def joint_draft_create(
    *,
    document: Document,
    chosen: list[int],
    items: dict[int, str],
    inputs: dict[str, str],
    by: Staff,
    today: date,
) -> Draft:
    """A joint claim against an order, for the chosen persons who are clients with consent."""
    persons = [p for p in order_persons(document) if p["pk"] in set(chosen)]
    plaintiffs, named = joint_plaintiffs(me=by, persons=persons, items=items)
    facts = document.facts().get("extraction") or {}
    order: dict[str, Any] = {
        "number": facts.get("number") or "",
        "date": facts.get("date") or "",
        "unit": facts.get("unit") or "",
    }
    events = [{"type": "dismissed", "date": order["date"]}] if order["date"] else []
    data: dict[str, Any] = {
        "as_of": today.isoformat(),
        "case": {"facts": {"events": events}},
        "document": order,
        "persons": plaintiffs,
    }
    result = core.draft(
        "claim_dismissal_joint",
        _with_inputs(data, inputs),
        today=today,
        override_dir=templates_dir(),
    )
    return _store(result, by=by, inputs=inputs, named=named, document=document)


def drafts_open(drafts: list[Draft]) -> None:
    sealed_open(drafts)


def drafts_forget(*, case_ids: list[int]) -> int:
    """The drafts of shredded cases go with them, and so does every joint claim that names one
    of their clients: found by its keyed tag, only while unlocked. Shredded while sealed, the
    joint claims go at the next unlock (the case is noted by documents.ShreddedCase;
    receivers.forget_drafts_pending)."""
    deleted, _ = Draft.objects.filter(case_id__in=case_ids).delete()
    with contextlib.suppress(VaultSealed, NotReady):  # noted: at the next unlock, as said
        deleted += joint_drafts_forget(case_ids)
    return deleted


def joint_drafts_forget(case_ids: list[int]) -> int:
    """Delete the joint claims naming a client of these cases (VaultSealed while sealed)."""
    if not case_ids:
        return 0
    draft_tags_fill()
    named = DraftCase.objects.filter(case_tag__in=case_tags(case_ids)).values("draft_id")
    deleted, _ = Draft.objects.filter(pk__in=named).delete()
    return deleted


def draft_viewed(*, draft: Draft, by: Staff, download: bool = False) -> None:
    action = AuditAction.DRAFT_DOWNLOAD if download else AuditAction.DRAFT_VIEW
    audit_record(actor=by, action=action, object_type="draft", object_id=draft.pk)
