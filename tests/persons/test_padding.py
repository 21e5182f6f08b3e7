"""Rows sealed before round 11 (round 10's red team, findings 3 and 6): the worker hides a
link's clear score and doubt beside no other clear mention of its person, and pads every blob
sealed under the registry's key; and a document's file is padded and its size and pages sealed
(finding 2). On either database (the seized copy's tests are SQLite's)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from objector.documents.actions import documents_open
from objector.documents.models import Document
from objector.documents.tasks import extract_pending
from objector.persons.models import Mention
from objector.persons.tasks import link_pending
from tests.persons.test_seized_copy import ASKED, NAMES, ORDER

pytestmark = pytest.mark.django_db(transaction=True)


def test_links_shown_and_blobs_sealed_before_are_hidden_and_padded_by_the_worker(
    linked_request, linked_document, lawyer
) -> None:
    """Rows linked before round 11: a clear score and doubt beside no other clear mention, and
    blobs sealed unpadded (the migration cannot seal: the key exists only while unlocked);
    link_pending hides and pads them, and they read the same."""
    from objector.persons.keyring import open_json, registry_key
    from objector.persons.models import CORRECTION, EVIDENCE, PERSON, Correction
    from objector.vault import crypto

    document = linked_document(ORDER, lawyer)
    asked = linked_request(name=NAMES[ASKED][1], unit="в/ч 12345")
    mention = Mention.objects.get(request=asked)
    links, (score, unsure) = mention.links(), mention.certainty()
    assert links and score is not None and mention.score is None  # hidden when linked now

    def unpadded(value: Any, context: str) -> bytes:
        return crypto.encrypt(registry_key(), json.dumps(value), context=context)

    # As a row of round 10 leaves them: clear score, unpadded blobs.
    Mention.objects.filter(pk=mention.pk).update(
        score=score, uncertain=unsure, evidence_sealed=unpadded(links, EVIDENCE)
    )
    theirs = Mention.objects.filter(document=document, person_tag__gt="").first()
    assert theirs is not None
    ids = open_json(theirs.sealed, context=PERSON)
    Mention.objects.filter(pk=theirs.pk).update(sealed=unpadded(ids, PERSON), score=1.5)
    Correction.objects.create(
        kind="merge",
        sealed=unpadded([[theirs.pk], [mention.pk]], CORRECTION),
        person_id_kept=1,
        person_id_other=2,
        by=lawyer,
    )
    link_pending.call()
    mention.refresh_from_db()
    theirs.refresh_from_db()
    assert (mention.score, mention.uncertain) == (None, False)
    assert (mention.links(), mention.certainty()) == (links, (score, unsure))
    assert (
        theirs.score is None
        and theirs.person_pk() == ids[0]
        and theirs.near_pk() == (ids[1] or None)
    )
    assert Correction.objects.get().sides() == ([theirs.pk], [mention.pk])
    overhead = len(crypto.encrypt(bytes(32), "", context="x"))
    assert {len(bytes(m.evidence_sealed)) - overhead for m in Mention.objects.all()} == {512}
    assert {len(bytes(m.sealed)) - overhead for m in Mention.objects.exclude(sealed=b"")} == {64}
    assert len(bytes(Correction.objects.get().sealed)) - overhead == 512


def test_a_file_stored_before_is_padded_and_its_size_sealed_by_the_worker(
    linked_document, lawyer
) -> None:
    """A document of round 10: its size and pages clear, its file sealed unpadded (the
    migration cannot seal: each document's key opens only while unlocked). extract_pending
    pads it and seals them; it reads the same, and its page says them while unlocked."""
    from objector.documents.models import CONTENT_CONTEXT, META_CONTEXT, content_bucket
    from objector.vault import crypto

    document = linked_document(ORDER, lawyer)
    documents_open([document])
    meta = document.facts()
    content = ORDER.encode()
    assert (document.file(), document.size_of(), document.page_count()) == (
        content,
        len(content),
        1,
    )
    overhead = len(crypto.encrypt_bytes(bytes(32), b"", context="x"))
    assert len(bytes(document.content)) - overhead == content_bucket(len(content))
    # As a row of round 10 leaves them.
    old = {k: v for k, v in meta.items() if k not in ("size", "pages")}
    Document.objects.filter(pk=document.pk).update(
        size=len(content),
        pages=1,
        content=crypto.encrypt_bytes(document.key, content, context=CONTENT_CONTEXT),
        meta=crypto.encrypt(document.key, json.dumps(old), context=META_CONTEXT),
    )
    row = Document.objects.get(pk=document.pk)
    documents_open([row])
    assert (row.file(), row.size_of(), row.page_count()) == (content, len(content), 1)
    extract_pending.call()
    row = Document.objects.get(pk=document.pk)
    documents_open([row])
    assert (row.size, row.pages) == (0, 0)
    assert (row.file(), row.size_of(), row.page_count()) == (content, len(content), 1)
    assert len(bytes(row.content)) - overhead == content_bucket(len(content)) >= 64 * 1024
