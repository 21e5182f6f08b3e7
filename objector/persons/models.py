"""Persons and their mentions, as ids only.

No name is stored here: a mention points at the row that holds it sealed (a request, or a
person extracted from a document) and keeps, in the clear, only what cannot name anyone: its
source, a keyed hash of its surname's blocking key (vault.keys.blind_indexes), the score and
doubt of the link that placed it where another clear mention of its person stands beside it
(`Mention.linked_set`), and, for a document, the document's kind, number, date and unit,
which statistics and the queue's markers group by.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from objector.documents.models import Document, DocumentPerson
from objector.intake.models import Request

from .keyring import Keyring, near_tag, open_ids, open_json, person_tag, seal_ids, seal_json

# What each sealed value is (keyring: a blob moved to another column does not open).
EVIDENCE = "persons.evidence"
CORRECTION = "persons.correction"
PERSON = "persons.mention"
PLACE_FIELDS = ["person", "near", "person_tag", "near_tag", "sealed"]  # `Mention.place` writes
# `near_tag` of a document mention sealed before it had one (migration persons 0008): the
# worker tags it at the next unlock (`actions.registry_seal`).
UNTAGGED = "?"


def linked() -> models.Q:
    """Mentions that have a person: clear (requests') or tagged (documents')."""
    return models.Q(person__isnull=False) | ~models.Q(person_tag="")


def of_person(pk: int) -> models.Q:
    """The mentions of person `pk`. VaultSealed while sealed (its tag needs the key)."""
    return models.Q(person_id=pk) | models.Q(person_tag=person_tag(pk))


__all__ = [
    "BESIDE",
    "Correction",
    "Keyring",
    "Mention",
    "Person",
    "clear_beside",
    "clear_beside_q",
    "clear_counts",
    "linked",
    "links_kept",
    "of_person",
]


class Person(models.Model):
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"person {self.pk}"


class Mention(models.Model):
    class Source(models.TextChoices):
        WEB = "web", _("web request")
        TELEGRAM = "telegram", _("Telegram request")
        DOCUMENT = "document", _("document")

    # None: there was no name to link (an empty or unreadable one); the row marks it done. A
    # document's mention keeps it only sealed (round 10): its person was the person of the
    # request it linked to, and joined the two in a copy of the disk. It has `person_tag`
    # (keyring.person_tag of the person's id, equal for the person's document mentions, found
    # by nothing without the key) and `sealed` (keyring.seal_ids([person, near or 0])) instead,
    # and `near_tag` (keyring.near_tag of its near, under a purpose of its own; random for none)
    # so that the mentions near a person are found by index when it is re-homed (`_fresh`).
    # Read through `person_pk()`/`near_pk()`, written through `place()`; find a person's
    # mentions with `of_person()`, the linked ones with `linked()`.
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="mentions"
    )
    source = models.CharField(max_length=16, choices=Source.choices)
    request = models.OneToOneField(
        Request, null=True, blank=True, on_delete=models.CASCADE, related_name="mention"
    )
    document_person = models.OneToOneField(
        DocumentPerson, null=True, blank=True, on_delete=models.CASCADE, related_name="mention"
    )
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.CASCADE, related_name="mentions"
    )
    role = models.CharField(max_length=16, blank=True)  # extraction.model.ROLES, documents only
    # The document's own fields (extraction), in the clear: not personal by themselves.
    doc_kind = models.CharField(max_length=32, blank=True)
    doc_number = models.CharField(max_length=64, blank=True)
    doc_unit = models.CharField(max_length=64, blank=True)
    doc_date = models.DateField(null=True, blank=True)
    # Keyed hash of the surname's blocking key: equal for names the linker blocks together.
    block = models.CharField(max_length=32, blank=True, db_index=True)
    # The best link's log2 likelihood ratio, and whether it is near the decision: in the clear
    # only beside another clear mention of the person, else sealed with the evidence
    # (`linked_set`, `certainty()`; red team, round 10, finding 6).
    score = models.FloatField(null=True, blank=True)
    # [{"with": mention id, "score", "fields"}], sealed under the registry's key
    # (`keyring.seal_json`, context EVIDENCE): in the clear its ids joined a request's mention
    # to an order's in a copy of the disk (round 10). Read and written through `links()` and
    # `links_set()`. `evidence` is the clear form of rows linked before, "[]" once the worker
    # has sealed them (`actions.registry_seal`, from link_pending).
    evidence = models.JSONField(default=list)
    evidence_sealed = models.BinaryField(default=b"", blank=True)
    uncertain = models.BooleanField(default=False)
    # The person of the strongest candidate kept apart by a score near the decision (an
    # uncertain non-link): counts say how many persons fewer merging it would make.
    near = models.PositiveBigIntegerField(null=True, blank=True)
    person_tag = models.CharField(max_length=32, blank=True, db_index=True)
    near_tag = models.CharField(max_length=32, blank=True, db_index=True)
    sealed = models.BinaryField(default=b"", blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["person", "source"], name="mention_person")]

    def __str__(self) -> str:
        return f"mention {self.pk}"

    def person_pk(self) -> int | None:
        """The person's id, clear or sealed (VaultSealed while sealed, for a document's)."""
        if self.person_id is not None:
            return int(self.person_id)
        if self.sealed:
            return open_ids(self.sealed, context=PERSON)[0] or None
        return None

    def near_pk(self) -> int | None:
        if self.sealed:
            return open_ids(self.sealed, context=PERSON)[1] or None
        return self.near

    def place(self, person: int, near: int | None) -> None:
        """Make this mention one of `person`'s (not saved): a request's in the clear, a
        document's only under the registry's key (VaultSealed while sealed)."""
        if self.source == Mention.Source.DOCUMENT:
            self.person, self.near = None, None
            self.person_tag, self.near_tag = person_tag(person), near_tag(near)
            self.sealed = seal_ids([person, near or 0], context=PERSON)
        else:
            self.person_id, self.near = person, near
            self.person_tag, self.near_tag, self.sealed = "", "", b""

    def links(self) -> list[dict[str, Any]]:
        """The evidence of this mention's links (VaultSealed while sealed, if sealed)."""
        if self.evidence_sealed:
            value = open_json(self.evidence_sealed, context=EVIDENCE)
            links: list[dict[str, Any]] = value["links"] if isinstance(value, dict) else value
            return links
        return list(self.evidence)

    def links_set(self, evidence: list[dict[str, Any]]) -> None:
        """Seal this evidence on the row (not saved). VaultSealed while sealed."""
        self.evidence_sealed = seal_json(evidence, context=EVIDENCE)
        self.evidence = []

    def linked_set(
        self, evidence: list[dict[str, Any]], score: float | None, uncertain: bool, *, clear: bool
    ) -> None:
        """Seal this evidence, with its best score and doubt kept in the clear only if `clear`
        (not saved; VaultSealed while sealed). Else they are sealed with the evidence and the
        clear columns say "no link" (None, False), as a person's first mention's do: a link
        said in the clear by a mention no other clear mention of its person stands beside was
        a link to a document's mention (red team, round 10, finding 6). See `certainty()`."""
        if clear:
            self.links_set(evidence)
            self.score, self.uncertain = score, uncertain
            return
        value = {"links": evidence, "score": score, "uncertain": uncertain}
        self.evidence_sealed = seal_json(value, context=EVIDENCE)
        self.evidence, self.score, self.uncertain = [], None, False

    def certainty(self) -> tuple[float | None, bool]:
        """(score, uncertain) of the link that placed this mention: the clear columns, or those
        sealed with its evidence (`linked_set`; VaultSealed while sealed, for such a row)."""
        if self.score is not None or not self.evidence_sealed:
            return self.score, self.uncertain
        value = open_json(self.evidence_sealed, context=EVIDENCE)
        if isinstance(value, dict):
            return value["score"], bool(value["uncertain"])
        return self.score, self.uncertain


# How many clear mentions (requests') a person needs, the mention itself among them, for a
# request's link to keep its score and doubt in the clear: beside another clear mention only.
# `clear_beside` and `clear_beside_q` are the one definition; the worker's new mention
# (actions._store), the full re-link, the pass after a shredding (unlinked) and the sweep that
# seals the rest (certainty_sealed) all ask them.
BESIDE = 2


def clear_beside(source: str, clear_mentions: int) -> bool:
    """Whether a mention's link keeps its score and doubt in the clear (`Mention.linked_set`):
    a request's (a document's is sealed), its person having `clear_mentions` clear mentions
    with it, at least `BESIDE`. Alone, its link in the clear said it was to a document's mention
    (red team, round 10, finding 6)."""
    return source != Mention.Source.DOCUMENT and clear_mentions >= BESIDE


def clear_counts() -> models.QuerySet[Any, Any]:
    """Each person's count of clear mentions (`person`, `n`), as a query."""
    return (
        Mention.objects.filter(person__isnull=False)
        .order_by()
        .values("person")
        .annotate(n=models.Count("id"))
    )


def clear_beside_q() -> models.Q:
    """`clear_beside` as a filter on mentions (its persons' counts a subquery)."""
    beside = clear_counts().filter(n__gte=BESIDE).values("person")
    return models.Q(person__in=beside) & ~models.Q(source=Mention.Source.DOCUMENT)


def persons_of_document(document: int) -> dict[int, int | None]:
    """Each extracted person of a document (DocumentPerson id) -> its registry person, opened
    from the sealed mention. VaultSealed while sealed."""
    rows = Mention.objects.filter(document_id=document, document_person__isnull=False).only(
        "pk", "document_person", "person", "sealed"
    )
    return {int(m.document_person_id or 0): m.person_pk() for m in rows}


def links_kept(
    evidence: list[dict[str, Any]], existing: set[int]
) -> tuple[list[dict[str, Any]], float | None, bool] | None:
    """A mention's evidence without its links to mentions no longer `existing`, with its best
    score and whether that is uncertain; None when every link is to one that exists. (The live
    registry and the scrubbing of backups both use it.)"""
    kept = [e for e in evidence if e.get("with") in existing]
    if len(kept) == len(evidence):
        return None
    from objector.linking.link import UNCERTAIN

    score = kept[0]["score"] if kept else None
    return kept, score, score is not None and abs(score) < UNCERTAIN


class Correction(models.Model):
    """A lawyer's merge or split. Replayed, in order, over every full re-link: a merge makes
    its two sides one person again, a split takes its moved mentions out again."""

    class Kind(models.TextChoices):
        MERGE = "merge", _("merge")
        SPLIT = "split", _("split")

    kind = models.CharField(max_length=8, choices=Kind.choices)
    # Merge: the mentions of the person kept and of the person merged into it.
    # Split: the mentions moved out and those left behind. Ids only, sealed together under the
    # registry's key (context CORRECTION; `sides()`, `sides_set()`): in the clear they joined a
    # request to the order's name a lawyer merged it with. `left`/`right` are the clear form
    # of corrections made before round 10's step 2, emptied once the worker has sealed them.
    left = models.JSONField(default=list)
    right = models.JSONField(default=list)
    sealed = models.BinaryField(default=b"", blank=True)
    person_id_kept = models.PositiveBigIntegerField()  # ids as they were, for the record
    person_id_other = models.PositiveBigIntegerField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def sides(self) -> tuple[list[int], list[int]]:
        """(left, right). VaultSealed while sealed, if sealed."""
        if self.sealed:
            left, right = open_json(self.sealed, context=CORRECTION)
            return [int(i) for i in left], [int(i) for i in right]
        return list(self.left), list(self.right)

    def sides_set(self, left: list[int], right: list[int]) -> None:
        """Seal both sides on the row (not saved). VaultSealed while sealed."""
        self.sealed = seal_json([list(left), list(right)], context=CORRECTION)
        self.left, self.right = [], []


class Forgetting(models.Model):
    """One row: how many times mentions were deleted (a shredding, a document read again),
    counted in the transaction that deleted them (`registry.forgotten`). Each task worker keeps
    its own index of names in memory (`registry.Registry`); it compares this count with the one
    it was built under before every use, and every few seconds (`registry.watch`), and drops
    its index on a difference: a name one process forgot is forgotten by all (round 10; before,
    only the process that deleted the mentions dropped its index, and the others kept the
    shredded names until their next seal)."""

    count = models.PositiveBigIntegerField(default=0)
