"""Every write to the registry: linking a new mention (the worker's), a lawyer's merge and
split, a full re-link that replays the lawyers' corrections, and forgetting shredded cases."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length
from django.utils import timezone

from objector.accounts.models import Staff
from objector.documents.actions import case_documents, document_gone, documents_open
from objector.documents.models import Document
from objector.intake.models import Request, requests_open
from objector.linking import Mention as Named
from objector.linking.link import unit_key
from objector.vault import crypto
from objector.vault.audit import AuditAction, audit_record
from objector.vault.keys import NotReady, VaultSealed

from .access import mentions_hidden
from .keyring import (
    FLOOR,
    IDS_FLOOR,
    near_tag,
    open_ids,
    open_json,
    person_tag,
    seal_json,
    unlocked,
)
from .models import (
    BESIDE,
    CORRECTION,
    EVIDENCE,
    PERSON,
    PLACE_FIELDS,
    UNTAGGED,
    Correction,
    Mention,
    Person,
    clear_beside,
    clear_beside_q,
    clear_counts,
    linked,
    links_kept,
    of_person,
)
from .registry import (
    DOCUMENT_BLOCK,
    REGISTRY,
    Link,
    Read,
    blocks,
    document_person_read,
    forgotten,
    mentions_read,
    request_read,
)
from .registry import relink as link_all

# A lawyer's merges and splits a minute. Reviewing an order's hundred names by hand stays well
# under it; a script merging every person it can reach does not (red team, round 9: each
# correction keeps both sides' mention ids, replayed at every re-link, and takes the write lock).
CORRECTIONS_PER_MINUTE = 30


class CorrectionError(ValueError):
    """A merge or split refused; `code` names why (a key of views.ERRORS)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


# Refusals for a mention the corrector may not see: audited (access_refused), after the
# correction's transaction rolled back.
HIDDEN = {"merge_hidden", "merge_hidden_other", "split_hidden"}


@contextmanager
def _refusal_audited(
    by: Staff, kind: str, person: Person, other: Person | None = None
) -> Iterator[None]:
    try:
        yield
    except CorrectionError as exc:
        if exc.code in HIDDEN:
            which = other if exc.code == "merge_hidden_other" and other is not None else person
            audit_record(
                actor=by, action=AuditAction.ACCESS_REFUSED, object_type=kind, object_id=which.pk
            )
        raise


def _store(read: Read, block: str, **fields: Any) -> Mention:
    """Link one new mention (the registry's index, then the persons of what it links to) and
    store it. Runs in the worker, with the registry's lock held."""
    if read.named is None:
        return Mention.objects.create(person=None, evidence_sealed=_sealed_links([]), **fields)
    found = REGISTRY.add(read)
    with transaction.atomic():
        request = fields["source"] != Mention.Source.DOCUMENT
        person, near = _persons_of(found, request=request)
        mention = Mention(block=block, **fields)
        # The link's score and doubt in the clear only beside another clear mention of the
        # person (a request's): else they said which link was to a document's mention.
        others = Mention.objects.filter(person_id=person.pk)[: BESIDE - 1].count()
        clear = clear_beside(fields["source"], others + 1)
        mention.linked_set(found.evidence, found.score, found.uncertain, clear=clear)
        mention.place(person.pk, near)  # a document's: tagged and sealed
        mention.save()
        # A person's row does not move when a mention joins it (the counts' fingerprint counts
        # the mentions): moved at an order's linking, it told which request's person an
        # order's name joined (red team, round 10; migration persons 0006 forgets old moves).
    REGISTRY.placed(found, mention.pk)
    return mention


def _persons_of(found: Link, *, request: bool) -> tuple[Person, int | None]:
    """The person a new mention joins and its uncertain neighbour's; a request's makes either
    a new row if only documents' mentions have it (`_fresh`). Both rows are locked first, in
    id order: two workers joining one documents-only person at once on PostgreSQL each made it
    a new row, and the second moved its documents' mentions away from the first's request (on
    SQLite the write transactions take turns). A row gone by the time its lock is had was
    re-homed or merged by another worker: where its mentions went is read again."""
    while True:
        person, evidence = _person_of(found)
        near = next(
            (
                p
                for p in (m.person_pk() for m in _placed(found.near))
                if p is not None and p != person.pk
            ),
            None,
        )
        if not request:
            break
        wanted = [person.pk] if near is None else sorted({person.pk, near})
        locked = Person.objects.select_for_update().filter(pk__in=wanted).order_by("pk")
        held = set(locked.values_list("pk", flat=True))
        if person.pk not in held:
            continue
        person = _fresh(person)
        # A near gone (pruned, or re-homed just now) is none: a request's keeps it in the clear.
        near = _fresh(Person(pk=near)).pk if near in held else None
        break
    found.evidence = evidence
    return person, near


def _fresh(person: Person) -> Person:
    """`person`, or, if only documents' mentions have it yet, a new row in its place. A request's
    mention keeps its person (and near) in the clear: joining the row made at an order's
    linking, a later request said by that row's time and id (in the block of ids made then)
    which order names him (red team, round 10, finding 1). The new row is made now, as a new
    request's person is; the documents' mentions are tagged and sealed to it, every `near`
    (clear, and sealed: found by its `near_tag`) and correction naming the old row follows, and
    the old row goes. The caller holds the old row's lock (`_persons_of`)."""
    old = person.pk
    tagged = Mention.objects.filter(person_tag=person_tag(old))
    if Mention.objects.filter(person_id=old).exists() or not tagged.exists():
        return person  # a request's person already, or made just now
    new = Person.objects.create()
    _move(list(tagged), new.pk)
    Mention.objects.filter(near=old).update(near=new.pk)
    # By the tag, and those sealed before it had one (opened, and tagged now).
    nearly = list(
        Mention.objects.filter(near_tag__in=[near_tag(old), UNTAGGED]).only(
            "pk", "source", "sealed"
        )
    )
    for m in nearly:
        pk, near = open_ids(m.sealed, context=PERSON)
        m.place(pk, new.pk if near == old else near or None)
    Mention.objects.bulk_update(nearly, PLACE_FIELDS, batch_size=500)
    Correction.objects.filter(person_id_kept=old).update(person_id_kept=new.pk)
    Correction.objects.filter(person_id_other=old).update(person_id_other=new.pk)
    Person.objects.filter(pk=old).delete()
    return new


def _sealed_links(evidence: list[dict[str, Any]]) -> bytes:
    return seal_json(evidence, context=EVIDENCE)


def _placed(pks: list[int]) -> list[Mention]:
    """These mentions, those with a person, in the order of `pks`."""
    rows = {
        m.pk: m for m in Mention.objects.filter(linked(), pk__in=pks).only("pk", "person", "sealed")
    }
    return [rows[pk] for pk in pks if pk in rows]


def _person_of(found: Link) -> tuple[Person, list[dict[str, Any]]]:
    """The person of the strongest link whose mention still has one, with the evidence of the
    links to that person's mentions; else a new person, and none."""
    placed = {m.pk: m.person_pk() for m in _placed([e["with"] for e in found.evidence])}
    # A sealed person id whose row a backup's scrubbing deleted (service.storage) is none.
    existing = set(Person.objects.filter(pk__in=set(placed.values())).values_list("pk", flat=True))
    owners = {m: p for m, p in placed.items() if p is not None and p in existing}
    for e in found.evidence:
        if e["with"] in owners:
            owner = owners[e["with"]]
            kept = [x for x in found.evidence if owners.get(x["with"]) == owner]
            return Person(pk=owner), kept
    return Person.objects.create(), []


def mention_link_request(*, request: Request) -> Mention | None:
    """Link a request's subject (the serviceman). Once: a request already linked is left.
    VaultSealed while sealed."""
    if request.shredded_at is not None or Mention.objects.filter(request=request).exists():
        return None
    requests_open([request])
    read = request_read(request)
    with REGISTRY.lock:
        [block] = blocks([read])
        source = Mention.Source.TELEGRAM if request.channel == "telegram" else Mention.Source.WEB
        return _store(read, block, source=source, request=request)


def mention_link_document(*, document: Document) -> list[Mention]:
    """Link every person extracted from a document not linked yet. VaultSealed while sealed."""
    persons = list(document.persons.filter(mention__isnull=True))
    if not persons:
        return []
    documents_open([document])
    if document_gone(document):  # its case was shredded while sealed: deleted at the sweep
        return []
    extraction = document.facts().get("extraction") or {}
    reads = [document_person_read(p, document) for p in persons]
    done = []
    with REGISTRY.lock:
        keyed = blocks(reads, DOCUMENT_BLOCK)
        for person, read, block in zip(persons, reads, keyed, strict=True):
            values = person.values(document.key)
            done.append(
                _store(
                    read,
                    block,
                    source=Mention.Source.DOCUMENT,
                    document=document,
                    document_person=person,
                    role=str(values.get("role") or "")[:16],
                    doc_kind=str(extraction.get("kind") or "")[:32],
                    doc_number=str(extraction.get("number") or "")[:64],
                    doc_unit=(unit_key(values.get("unit") or extraction.get("unit")) or "")[:64],
                    doc_date=_date(extraction.get("date")),
                )
            )
    return done


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def document_blocks_fill(*, batch: int = 500) -> int:
    """Key under DOCUMENT_BLOCK the blocks of documents' mentions linked before round 10 (the
    migration blanked them: they were under the requests' key). VaultSealed while sealed."""
    done = 0
    while rows := list(
        Mention.objects.filter(linked(), source=Mention.Source.DOCUMENT, block="")
        .select_related("document_person", "document_person__document")
        .order_by("pk")[:batch]
    ):
        reads = mentions_read(rows)
        keyed = blocks(reads, DOCUMENT_BLOCK)
        for m, block in zip(rows, keyed, strict=True):
            m.block = block or "-"  # "-": a name that no longer reads, so as not to try again
        Mention.objects.bulk_update(rows, ["block"], batch_size=500)
        done += len(rows)
    return done


def persons_prune() -> int:
    """Delete persons left with no mention (their cases shredded, their document re-read).
    A document's mention names its person only by a tag under the registry's key: while the
    vault is sealed nothing is pruned (an empty person's row says nothing)."""
    if not unlocked():
        return 0
    untagged = list(
        Person.objects.filter(~Exists(Mention.objects.filter(person=OuterRef("pk")))).values_list(
            "pk", flat=True
        )
    )
    tags = {person_tag(pk): pk for pk in untagged}
    keys = list(tags)
    used: set[str] = set()
    for i in range(0, len(keys), 500):
        used |= set(
            Mention.objects.filter(person_tag__in=keys[i : i + 500]).values_list(
                "person_tag", flat=True
            )
        )
    empty = [pk for tag, pk in tags.items() if tag not in used]
    deleted = 0
    for i in range(0, len(empty), 500):
        deleted += Person.objects.filter(pk__in=empty[i : i + 500]).delete()[0]
    return deleted


def _move(mentions: Sequence[Mention], to: int) -> None:
    """These mentions become `to`'s: requests' in the clear, documents' tagged and sealed."""
    rows = list(Mention.objects.filter(pk__in=[m.pk for m in mentions]))
    for m in rows:
        m.place(to, m.near_pk())
    Mention.objects.bulk_update(rows, PLACE_FIELDS, batch_size=500)


def person_merge(*, person: Person, other: Person, by: Staff) -> Person:
    """Make `other` part of `person`: every mention of it moves, and the correction is kept, so
    that a full re-link makes them one again."""
    if person.pk == other.pk:
        raise CorrectionError("merge_self")
    with _refusal_audited(by, "person_merge", person, other), transaction.atomic():
        # Both still there, under the write lock (SQLite's IMMEDIATE transaction, PostgreSQL's
        # row locks): a concurrent merge of the two the other way round deleted one, and this
        # one would move every mention to a deleted person (red team, round 7).
        both = Person.objects.select_for_update().filter(pk__in=(person.pk, other.pk))
        if len(list(both.order_by("pk"))) != 2:
            raise CorrectionError("merge_gone")
        _paced(by)
        # A lawyer merges only what they see: a merge would also change a colleague's case
        # (its markers, its person page) that they cannot read (round 8's walk).
        if mentions_hidden(by, other):
            raise CorrectionError("merge_hidden_other")
        if mentions_hidden(by, person):
            raise CorrectionError("merge_hidden")
        kept = list(Mention.objects.filter(of_person(person.pk)).values_list("pk", flat=True))
        moved_rows = list(Mention.objects.filter(of_person(other.pk)))
        moved = [m.pk for m in moved_rows]
        correction = Correction(
            kind=Correction.Kind.MERGE, person_id_kept=person.pk, person_id_other=other.pk, by=by
        )
        correction.sides_set(kept, moved)
        correction.save()
        _move(moved_rows, person.pk)
        Person.objects.filter(pk=person.pk).update(updated_at=timezone.now())
        other_id = other.pk
        other.delete()
        audit_record(
            actor=by, action=AuditAction.PERSON_MERGE, object_type="person", object_id=person.pk
        )
        # And the person merged in: the chain alone then says which two became one (the
        # correction's row, outside the keyed chain, could be edited unseen).
        audit_record(
            actor=by,
            action=AuditAction.PERSON_MERGE,
            object_type="person_merged_in",
            object_id=other_id,
        )
    return person


def person_split(*, person: Person, mentions: Sequence[Mention], by: Staff) -> Person:
    """Move these mentions of `person` to a new person; the correction is kept, so that a full
    re-link keeps them apart again."""
    moved = sorted({m.pk for m in mentions})
    with _refusal_audited(by, "person_split", person), transaction.atomic():
        its = Mention.objects.filter(of_person(person.pk))
        kept = list(its.exclude(pk__in=moved).values_list("pk", flat=True))
        if not moved or its.filter(pk__in=moved).count() != len(moved):
            raise CorrectionError("split_none")
        if not kept:
            raise CorrectionError("split_all")
        _paced(by)
        # As a merge: a split changes every case the person is mentioned in (its markers, its
        # person page), so it needs the corrector to see them all. A lawyer sees the
        # organisation's own documents, and split an order's mention off a colleague's
        # client's person unseen (red team, round 9).
        if mentions_hidden(by, person):
            raise CorrectionError("split_hidden")
        new = Person.objects.create()
        _move(list(its.filter(pk__in=moved)), new.pk)
        Person.objects.filter(pk=person.pk).update(updated_at=timezone.now())
        correction = Correction(
            kind=Correction.Kind.SPLIT, person_id_kept=person.pk, person_id_other=new.pk, by=by
        )
        correction.sides_set(moved, kept)
        correction.save()
        # Either side may be left with one clear mention: its link's certainty is sealed.
        certainty_sealed(persons=[person.pk, new.pk])
        audit_record(
            actor=by, action=AuditAction.PERSON_SPLIT, object_type="person", object_id=person.pk
        )
        audit_record(
            actor=by,
            action=AuditAction.PERSON_SPLIT,
            object_type="person_split_off",
            object_id=new.pk,
        )
    return new


def _paced(by: Staff) -> None:
    """Refuse a correction beyond CORRECTIONS_PER_MINUTE of this staff member's (inside the
    correction's write transaction, so that concurrent ones count each other)."""
    since = timezone.now() - timedelta(minutes=1)
    if Correction.objects.filter(by=by, at__gte=since).count() >= CORRECTIONS_PER_MINUTE:
        raise CorrectionError("too_many")


def _replay(
    groups: dict[int, set[int]], label: dict[int, int], corrections: list[Correction]
) -> None:
    """Apply lawyers' corrections, oldest first, over fresh clusters (mention id -> label); a
    later correction wins where two disagree. Mentions gone since are skipped."""
    fresh = max(groups, default=0) + 1
    for c in corrections:
        sides = c.sides()
        left = [m for m in sides[0] if m in label]
        right = [m for m in sides[1] if m in label]
        if c.kind == Correction.Kind.MERGE:
            if not left or not right:
                continue
            target = label[left[0]]
            for lab in {label[m] for m in left + right} - {target}:
                for m in groups.pop(lab):
                    label[m] = target
                    groups[target].add(m)
        else:
            shared = {label[m] for m in left} & {label[m] for m in right}
            out = [m for m in left if label[m] in shared]
            if not out:
                continue
            groups[fresh] = set()
            for m in out:
                groups[label[m]].discard(m)
                label[m] = fresh
                groups[fresh].add(m)
            fresh += 1


def persons_relink(*, by: Staff | None = None) -> dict[str, int]:
    """Link every mention afresh, replay the corrections, and keep each person's id where most
    of its mentions stay. Worker only, while unlocked (VaultSealed otherwise)."""
    with REGISTRY.lock:
        rows = list(
            Mention.objects.filter(linked())
            .select_related("request", "document_person", "document_person__document")
            .order_by("pk")
        )
        reads = mentions_read(rows) if rows else []
        named = [(m, r.named) for m, r in zip(rows, reads, strict=True) if r.named is not None]
        pks = [m.pk for m, _ in named]
        names: list[Named] = [n for _, n in named]
        result = link_all(pks, names)
        label = dict(zip(pks, result.labels, strict=True))
        groups: dict[int, set[int]] = {}
        for pk, lab in label.items():
            groups.setdefault(lab, set()).add(pk)
        _replay(groups, label, list(Correction.objects.all()))
        evidence = dict(zip(pks, result.evidence, strict=True))
        placed = dict(zip(pks, zip(result.placed_by, result.doubtful, strict=True), strict=True))
        was = {m.pk: int(m.person_pk() or 0) for m, _ in named}
        # A sealed person id whose row a backup's scrubbing deleted (service.storage) is none.
        alive = set(Person.objects.values_list("pk", flat=True))
        was = {m: p if p in alive else 0 for m, p in was.items()}
        row_of = {m.pk: m for m, _ in named}
        changed = 0
        with transaction.atomic():
            taken: set[int] = set()
            updates = []
            # Each group's mentions in id order, with its person's id; the largest groups
            # choose first.
            persons: list[tuple[list[int], int]] = []
            # Where each old person's mentions went: an uncertain neighbour (`near`) names a
            # person, and follows its mentions to their new id (kept stale, it named a person
            # gone or another one, and the counts' range lost the pair; CI on PostgreSQL, whose
            # ids made the votes' tie fall the other way).
            went: dict[int, Counter[int]] = {}
            for members in sorted(groups.values(), key=lambda g: (-len(g), min(g))):
                ordered = sorted(members)
                votes = Counter(was[m] for m in ordered if was[m] and was[m] not in taken)
                pid = votes.most_common(1)[0][0] if votes else Person.objects.create().pk
                taken.add(pid)
                persons.append((ordered, pid))
                for m in ordered:
                    if was[m]:
                        went.setdefault(was[m], Counter())[pid] += 1
            for ordered, pid in persons:
                # A request's mention is placed in the clear, a document's sealed (`place`).
                clear_mentions = sum(row_of[m].source != Mention.Source.DOCUMENT for m in ordered)
                for m in ordered:
                    ev = [e for e in evidence[m] if label.get(e["with"]) == label[m]]
                    score = ev[0]["score"] if ev else None
                    mention = row_of[m]
                    near = mention.near_pk()
                    if near in went:
                        near = went[near].most_common(1)[0][0]
                    mention.place(pid, near if near != pid else None)
                    # The link that placed it, if the lawyers' corrections kept it.
                    unsure = placed[m][1] and label.get(placed[m][0] or 0) == label[m]
                    clear = clear_beside(mention.source, clear_mentions)
                    mention.linked_set(ev, score, unsure, clear=clear)
                    changed += was[m] != pid
                    updates.append(mention)
            Mention.objects.bulk_update(
                updates,
                [*PLACE_FIELDS, "evidence", "evidence_sealed", "score", "uncertain"],
                batch_size=500,
            )
            pruned = persons_prune()
            audit_record(
                actor=by,
                action=AuditAction.PERSONS_RELINK,
                object_type="persons",
                object_id=len(groups),
            )
        REGISTRY.reset()  # the next link builds the index afresh
    return {"mentions": len(pks), "persons": len(groups), "moved": changed, "pruned": pruned}


def persons_forget(*, request_ids: list[int]) -> int:
    """Shredded cases leave the registry: their requests' mentions and their documents' (gone
    already if the documents went first), and every trace of a link to them (unlinked)."""
    try:  # a document's case is found by its keyed tag only while unlocked
        documents = case_documents(request_ids)
    except (VaultSealed, NotReady):  # their documents go at the next unlock, mentions with them
        documents = []
    deleted, _ = Mention.objects.filter(
        Q(request_id__in=request_ids) | Q(document_id__in=documents)
    ).delete()
    # Every task worker's index holds their names: each drops it on seeing the count (even
    # when the documents' cascade deleted the mentions first, and `deleted` is 0 here).
    forgotten()
    persons_prune()
    # After the commit (and before shredding's WAL checkpoint, queued after this): the pass
    # reads every mention, 0.8 s at 100,000, which the write lock need not wait for. A crash in
    # between leaves the links to the next shredding's pass, which drops them all.
    transaction.on_commit(unlinked)
    return deleted


def unlinked() -> int:
    """Forget links to mentions that no longer exist: in the evidence of the mentions linked to
    them, in the lawyers' corrections that name them, and the uncertain neighbours pointing at
    persons pruned since. A surviving order's mention said "linked to mention 41: unit same,
    first name same", and mention ids follow the requests' times of intake, kept in the clear:
    a seized copy told which shredded request was which man of the order (red team, round 9).
    Whatever deleted them (a shredding, a document read again): all mentions are looked at, in
    one pass; the persons of the mentions that lost a link are split where their mentions no
    longer link (`persons_split_unlinked`). Returns how many mentions' evidence changed.

    The evidence and the corrections are sealed under the registry's key (round 10): while the
    vault is sealed only the clear `near` is cleaned here, and the hourly `link_pending` calls
    this again once unlocked (a copy meanwhile cannot read the ids left in the sealed ones)."""
    Mention.objects.filter(near__isnull=False).exclude(near__in=Person.objects.values("pk")).update(
        near=None
    )
    if not unlocked():
        return 0
    existing = set(Mention.objects.values_list("pk", flat=True))
    counts = dict(clear_counts().filter(n__gte=BESIDE).values_list("person", "n"))
    changed = []
    fields = ("pk", "source", "person", "sealed", "evidence", "evidence_sealed")
    for m in Mention.objects.only(*fields).iterator(2000):
        kept = links_kept(m.links(), existing)
        if kept is not None:
            evidence, score, unsure = kept
            clear = clear_beside(m.source, counts.get(m.person_id, 0))
            m.linked_set(evidence, score, unsure, clear=clear)
            changed.append(m)
    # In one transaction with the split: a crash between them would leave nothing to say
    # which persons lost a link.
    with transaction.atomic():
        Mention.objects.bulk_update(
            changed, ["evidence", "evidence_sealed", "score", "uncertain"], batch_size=500
        )
        for c in Correction.objects.all():
            was = c.sides()
            left = [i for i in was[0] if i in existing]
            right = [i for i in was[1] if i in existing]
            if (left, right) != was:
                c.sides_set(left, right)
                c.save(update_fields=["left", "right", "sealed"])
        persons_split_unlinked({p for m in changed if (p := m.person_pk()) is not None})
        # A request's mention its deleted neighbour left alone among its person's clear
        # mentions (or a split made so) seals its score and doubt now, not at the next sweep.
        certainty_sealed()
    return len(changed)


def persons_split_unlinked(persons: set[int]) -> int:
    """Split each of these persons whose mentions no longer link: those linked to a mention
    deleted since (a shredding, a document read again), which may have been all that held
    them together (before, they stayed one person until a full re-link). A person's mentions
    stay together where a link's evidence joins two of them, or a lawyer's correction does (a
    merge's two sides, a split's moved side); the largest part keeps the person's id, and each
    other part gets a new person. Returns how many persons were made. VaultSealed while
    sealed (the evidence is sealed)."""
    corrections = [(c.kind, *c.sides()) for c in Correction.objects.all()]
    made = 0
    for pk in sorted(persons):
        rows = list(Mention.objects.filter(of_person(pk)).order_by("pk"))
        parts = _linked_parts(rows, corrections)
        for part in parts[1:]:  # the largest first, then by their first mention
            new = Person.objects.create().pk
            for m in part:
                m.place(new, m.near_pk())
            Mention.objects.bulk_update(part, PLACE_FIELDS, batch_size=500)
            # As a lawyer's split-off person (person_split): the chain says a person was made,
            # by whom and when; the id is sealed (audit.KEYED).
            audit_record(
                actor=None,
                actor_name="system",
                action=AuditAction.PERSONS_SPLIT_UNLINKED,
                object_type="person_split_off",
                object_id=new,
            )
            made += 1
    return made


def _linked_parts(
    rows: list[Mention], corrections: list[tuple[str, list[int], list[int]]]
) -> list[list[Mention]]:
    """These mentions (of one person) in the parts their links and corrections join, the
    largest first (ties: by the first mention's id), each in id order."""
    ids = {m.pk for m in rows}
    joined: dict[int, set[int]] = {pk: set() for pk in ids}

    def join(together: list[int]) -> None:
        here = [i for i in together if i in ids]
        for a, b in pairwise(here):
            joined[a].add(b)
            joined[b].add(a)

    for m in rows:
        for e in m.links():
            join([m.pk, e["with"]])
    for kind, left, right in corrections:
        join(left + right if kind == Correction.Kind.MERGE else left)
    part_of: dict[int, int] = {}
    for pk in sorted(ids):
        if pk in part_of:
            continue
        part_of[pk], stack = pk, [pk]
        while stack:
            for other in joined[stack.pop()]:
                if other not in part_of:
                    part_of[other] = pk
                    stack.append(other)
    parts: dict[int, list[Mention]] = {}
    for m in rows:
        parts.setdefault(part_of[m.pk], []).append(m)
    return sorted(parts.values(), key=lambda p: (-len(p), p[0].pk))


def certainty_sealed(*, persons: Sequence[int] | None = None, batch: int = 500) -> int:
    """Seal the clear score and doubt of every link no other clear mention of its person
    stands beside: a document's mention's, and a request's alone among its person's clear
    mentions (one linked to a document's person before round 11, or left alone since by a
    split or a shredding). The worker's, from link_pending (`registry_seal`), and after a
    split, for its two `persons` only. VaultSealed while sealed."""
    shown = Mention.objects.filter(Q(score__isnull=False) | Q(uncertain=True)).exclude(
        clear_beside_q()
    )
    if persons is not None:
        shown = shown.filter(person__in=list(persons))
    done = 0
    while rows := list(
        shown.only("pk", "evidence", "evidence_sealed", "score", "uncertain").order_by("pk")[:batch]
    ):
        for m in rows:
            m.linked_set(m.links(), m.score, m.uncertain, clear=False)
        Mention.objects.bulk_update(
            rows, ["evidence", "evidence_sealed", "score", "uncertain"], batch_size=500
        )
        done += len(rows)
    return done


def _unpadded(column: str, floor: int) -> Q:
    """Rows whose sealed `column` is not padded (sealed before round 11): a blob's length is
    its padded plaintext's and crypto's overhead."""
    overhead = len(crypto.encrypt(bytes(32), "", context="x"))
    sizes = [overhead + (floor << k) for k in range(24)]
    return ~Q(**{f"{column}_length__in": sizes}) & ~Q(**{column: b""})


def registry_padded(*, batch: int = 500) -> int:
    """Seal again, padded (`keyring.padded`), what was sealed before round 11: a mention's
    evidence and person, a correction's sides (their lengths said how many links a mention
    had: red team, round 10, findings 3 and 6). The worker's, from link_pending; secure_delete
    overwrites the old blobs' pages. VaultSealed while sealed."""
    done = 0
    for column, context, floor in (
        ("evidence_sealed", EVIDENCE, FLOOR),
        ("sealed", PERSON, IDS_FLOOR),
    ):
        rows = Mention.objects.annotate(**{f"{column}_length": Length(column)}).filter(
            _unpadded(column, floor)
        )
        while found := list(rows.only("pk", column).order_by("pk")[:batch]):
            for m in found:
                value = open_json(getattr(m, column), context=context)
                setattr(m, column, seal_json(value, context=context, floor=floor))
            Mention.objects.bulk_update(found, [column], batch_size=500)
            done += len(found)
    corrections = Correction.objects.annotate(sealed_length=Length("sealed")).filter(
        _unpadded("sealed", FLOOR)
    )
    for c in corrections:
        c.sealed = seal_json(open_json(c.sealed, context=CORRECTION), context=CORRECTION)
        c.save(update_fields=["sealed"])
        done += 1
    return done


def registry_seal(*, batch: int = 500) -> int:
    """Seal what rows linked before round 10's step 2 keep in the clear: a mention's evidence,
    a correction's sides (the migration cannot: the key exists only while unlocked). The
    worker's, from link_pending; secure_delete overwrites the clear values' old pages.
    VaultSealed while sealed."""
    done = 0
    while rows := list(
        Mention.objects.filter(evidence_sealed=b"").only("pk", "evidence").order_by("pk")[:batch]
    ):
        for m in rows:
            m.links_set(list(m.evidence))
        Mention.objects.bulk_update(rows, ["evidence", "evidence_sealed"], batch_size=500)
        done += len(rows)
    for c in Correction.objects.filter(sealed=b""):
        c.sides_set(list(c.left), list(c.right))
        c.save(update_fields=["left", "right", "sealed"])
        done += 1
    # A document's mention linked before: its person and near in the clear, tagged now.
    while rows := list(
        Mention.objects.filter(source=Mention.Source.DOCUMENT, person__isnull=False)
        .only("pk", "source", "person", "near")
        .order_by("pk")[:batch]
    ):
        for m in rows:
            m.place(int(m.person_id or 0), m.near)
        Mention.objects.bulk_update(rows, PLACE_FIELDS, batch_size=500)
        done += len(rows)
    # A document's mention sealed before its neighbour had a tag (migration persons 0008).
    while rows := list(
        Mention.objects.filter(near_tag=UNTAGGED).only("pk", "sealed").order_by("pk")[:batch]
    ):
        for m in rows:
            m.near_tag = near_tag(m.near_pk())
        Mention.objects.bulk_update(rows, ["near_tag"], batch_size=500)
        done += len(rows)
    return done
