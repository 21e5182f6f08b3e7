"""The worker's side of the registry: reading mentions' names (while the vault is unlocked) and
linking them through `objector.linking`, whose public API (`link`, `Index`, `Mention`,
`Evidence`) this module adapts and does not reach behind.

One `Registry` lives in each worker process: `Index.build` over every mention at the first
link after start (or after a seal), then `Index.add` for each new one, so that a new mention
links in milliseconds against 100,000 persons. The index is only a cache of names in memory;
which person a mention belongs to is decided here, from the database: a new mention joins the
person of the mention it links to most strongly. Lawyers' corrections therefore hold without
the index knowing them: a merge made two persons one row, a split made two rows of one.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import DatabaseError, close_old_connections, connection
from django.db.models import F

from objector.documents.actions import document_gone, documents_open, full_name
from objector.documents.models import Document, DocumentPerson
from objector.intake.models import Request, requests_open
from objector.linking import Evidence, link
from objector.linking import Mention as Named
from objector.linking.fields import birth
from objector.linking.index import Index
from objector.linking.normalise import read
from objector.vault.keys import VaultSealed, blind_indexes

from .models import Forgetting, Mention, linked

log = logging.getLogger(__name__)
# The blind indexes' purposes of `Mention.block`: a request's and a document's surname are keyed
# apart, so that equal blocks in a copy of the disk do not say which requests' subjects share a
# surname with which names of an order (round 10); the person page computes both to find the
# likely merges (views._candidates).
BLOCK = "person_block"
DOCUMENT_BLOCK = "person_block_document"
BATCH = 500
NEAR = 20
WATCH_SECONDS = 2.0  # how often an idle worker looks whether another forgot mentions


@dataclass
class Read:
    """One mention as the linker sees it: decrypted, in memory only."""

    named: Named | None  # None: no name to link
    block: str = ""  # the surname's blocking key, before hashing


Born = tuple[date | None, tuple[int, int] | None]


def _born(value: Any) -> Born:
    """A birth date as `objector link` reads one (`objector.linking.fields.birth`): the full
    date in any form it takes (1988-02-16, 16.02.1988, «16 февраля 1988 г.»), else a month and
    year or a year alone as a partial date (year, month or 0), compared for what it says; a
    value read as no date is none."""
    if not value:
        return None, None
    try:
        day, partial, _ = birth(value)
    except (TypeError, ValueError, KeyError):  # a malformed {"year": …}: no date
        return None, None
    return day, partial


def _named(ident: str, name: str, unit: str | None, born: Born, source: str) -> Read:
    name = " ".join(str(name or "").split())
    if not name:
        return Read(None)
    try:
        keys = read(name).stem_keys
    except Exception as exc:  # an unreadable name is not linked; its class only, never its text
        log.info("a name could not be read for linking: %s", type(exc).__name__)
        return Read(None)
    if not keys:
        return Read(None)
    return Read(Named(ident, name, unit or None, born[0], source, born[1]), keys[0])


def request_read(request: Request) -> Read:
    """The serviceman a request is about (`name`), not the relative who wrote (`writer_name`).
    The request must be open."""
    p = request.personal
    # Asked since round 11 (intake's `birth_date`: "1999-03-12", "1999-03" or "1999"); set in
    # the facts by hand before it was.
    born = _born(p.get("birth_date") or p.get("facts", {}).get("birth_date"))
    return _named(f"r{request.pk}", p.get("name", ""), p.get("unit"), born, request.channel)


def document_person_read(person: DocumentPerson, document: Document) -> Read:
    """A person extracted from a document; the document must be open."""
    values = person.values(document.key)
    unit = values.get("unit") or (document.facts().get("extraction") or {}).get("unit")
    return _named(
        f"d{person.pk}", full_name(values), unit, _born(values.get("birth_date")), "document"
    )


def mentions_read(mentions: Sequence[Mention]) -> list[Read]:
    """The names behind these mentions, decrypted in one round trip to the key-holder for the
    requests and one for the documents. VaultSealed while sealed."""
    requests = [m.request for m in mentions if m.request is not None]
    documents = {
        m.document_person.document_id: m.document_person.document
        for m in mentions
        if m.document_person is not None
    }
    requests_open([r for r in requests if r.shredded_at is None])
    documents_open(list(documents.values()))
    out = []
    for m in mentions:
        if m.request is not None and m.request.data_key is not None:
            out.append(request_read(m.request))
        elif m.document_person is not None and not document_gone(
            documents[m.document_person.document_id]
        ):  # a document of a case shredded while sealed opens no more: no name
            dp = m.document_person
            out.append(document_person_read(dp, documents[dp.document_id]))
        else:
            out.append(Read(None))
    return out


def _linked(qs: Any) -> Any:
    return qs.filter(linked()).select_related(
        "request", "document_person", "document_person__document"
    )


def blocks(reads: Sequence[Read], purpose: str = BLOCK) -> list[str]:
    """Keyed hashes of the blocking keys, in one round trip (VaultSealed while sealed): BLOCK
    for requests' subjects, DOCUMENT_BLOCK for documents' persons."""
    keyed = iter(blind_indexes([(purpose, r.block) for r in reads if r.named is not None]))
    return [next(keyed) if r.named is not None else "" for r in reads]


@dataclass
class Link:
    """Where the linker put a new mention: the existing mentions it links to, strongest
    first, with the evidence of each."""

    evidence: list[dict[str, Any]] = field(default_factory=list)
    position: int = -1
    near: list[int] = field(default_factory=list)  # mentions kept apart by an uncertain score

    @property
    def score(self) -> float | None:
        return self.evidence[0]["score"] if self.evidence else None

    @property
    def uncertain(self) -> bool:
        return is_uncertain(self.evidence)


def is_uncertain(evidence: Sequence[dict[str, Any]]) -> bool:
    """A mention's place is uncertain when every link that holds it there is (`doubt`, one of
    `objector.linking.link.DOUBTS`): cutting them would make it a person of its own."""
    return bool(evidence) and all(e.get("doubt") for e in evidence)


def evidence_of(ev: Evidence, other: int) -> dict[str, Any]:
    score = ev.score if ev.score == ev.score and abs(ev.score) != float("inf") else 0.0
    out = {"with": other, "score": round(score, 2), "fields": dict(ev.fields)}
    if ev.doubt:
        out["doubt"] = ev.doubt
    return out


@dataclass
class Registry:
    index: Index | None = None
    pks: list[int] = field(default_factory=list)  # index position -> mention id (-1: none)
    names: list[Named] = field(default_factory=list)  # index position -> what was linked
    by_block: dict[str, list[int]] = field(default_factory=dict)  # surname key -> positions
    seen: int = 0  # the highest mention id the index holds
    forgotten: int = -1  # the count of forgettings (`forgotten()`) the index was built under
    lock: threading.Lock = field(default_factory=threading.Lock)

    def reset(self) -> None:
        self.index, self.pks, self.names, self.by_block, self.seen = None, [], [], {}, 0
        self.forgotten = -1

    def stale(self) -> bool:
        """Whether some process deleted mentions since the index was built: it may hold their
        names (under ids that no longer exist) and must be dropped."""
        return self.index is not None and marks()[1] != self.forgotten

    def drop_if_stale(self) -> bool:
        """Drop the index if another process forgot mentions (the watcher's; takes the lock)."""
        with self.lock:
            if self.stale():
                self.reset()
                return True
        return False

    def _remember(self, pk: int, read: Read) -> None:
        assert read.named is not None  # noqa: S101 -- only named mentions are indexed
        self.by_block.setdefault(read.block, []).append(len(self.pks))
        self.pks.append(pk)
        self.names.append(read.named)

    def ready(self) -> Index:
        """The index, built or caught up with the mentions other workers linked since.
        VaultSealed while sealed (the names cannot be read)."""
        newest = 0
        if self.index is not None:
            newest, forgotten = marks()
            if forgotten != self.forgotten:
                self.reset()  # mentions deleted elsewhere: their names go, the rest is read again
        if self.index is None:
            self._build()
        else:
            self._catch_up(newest)
        assert self.index is not None  # noqa: S101 -- _build sets it or raises
        return self.index

    def _build(self) -> None:
        self.reset()
        # Read before the mentions: a forgetting committed during the build is seen next time.
        forgotten = forgettings()
        last = 0
        for batch in _batches(_linked(Mention.objects.order_by("pk"))):
            for m, r in zip(batch, mentions_read(batch), strict=True):
                last = max(last, m.pk)
                if r.named is not None:
                    self._remember(m.pk, r)
        self.index, self.seen, self.forgotten = Index.build(self.names), last, forgotten

    def _catch_up(self, newest: int) -> None:
        assert self.index is not None  # noqa: S101
        if newest <= self.seen:
            return
        known = set(self.pks[-1000:])
        for batch in _batches(_linked(Mention.objects.filter(pk__gt=self.seen).order_by("pk"))):
            for m, r in zip(batch, mentions_read(batch), strict=True):
                self.seen = max(self.seen, m.pk)
                if r.named is not None and m.pk not in known:
                    self.index.add(r.named)
                    self._remember(m.pk, r)

    def add(self, read: Read) -> Link:
        """Link a new mention; `placed` must then be told the id it was stored under."""
        assert read.named is not None  # noqa: S101
        index = self.ready()
        _root, links = index.add(read.named)
        found = sorted(links, key=lambda e: -e.score)
        near = self._near(read, {self.pks[e.a] for e in found})
        position = len(self.pks)
        self._remember(-1, read)
        evidence = [evidence_of(e, self.pks[e.a]) for e in found if self.pks[e.a] > 0]
        return Link(evidence, position, near)

    def _near(self, read: Read, linked: set[int]) -> list[int]:
        """Mentions of the same surname block that the pair alone scores within UNCERTAIN of
        the decision and keeps apart: uncertain non-links, for the counts' lower bound. At most
        NEAR of them are tried, the latest first."""
        assert read.named is not None  # noqa: S101
        found = []
        tried = set()  # one pair per spelling: the same name scores the same
        for position in reversed(self.by_block.get(read.block, [])[-NEAR:]):
            pk, other = self.pks[position], self.names[position]
            spelling = (other.name, other.unit, other.birth_date, other.birth_partial)
            if pk <= 0 or pk in linked or spelling in tried:
                continue
            tried.add(spelling)
            pair = link([other, read.named])
            if pair.uncertain_nonlinks and pair.labels[0] != pair.labels[1]:
                found.append(pk)
        return found

    def placed(self, link: Link, pk: int) -> None:
        if 0 <= link.position < len(self.pks):
            self.pks[link.position] = pk
        self.seen = max(self.seen, pk)


REGISTRY = Registry()  # this worker process's


def forgettings() -> int:
    """How many times mentions were deleted, in any process (`Forgetting`)."""
    return Forgetting.objects.filter(pk=1).values_list("count", flat=True).first() or 0


def marks() -> tuple[int, int]:
    """The newest mention's id and the count of forgettings, in one query before every link:
    through the ORM the two cost 10 to 30 times more than this (docs/benchmarks.md, r10-workers);
    the newest id alone, as before, cost more than both here."""
    q = connection.ops.quote_name
    mentions, forgettings = q(Mention._meta.db_table), q(Forgetting._meta.db_table)
    sql = (
        f"SELECT (SELECT MAX({q('id')}) FROM {mentions}),"  # noqa: S608 -- our own tables
        f" (SELECT {q('count')} FROM {forgettings} WHERE {q('id')} = 1)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        newest, forgotten = cursor.fetchone()
    return int(newest or 0), int(forgotten or 0)


def forgotten() -> None:
    """Mentions were deleted (a shredding, a document read again): every process's index may
    hold their names. Called in the transaction that deletes them, so that the count and the
    deletion commit together; each process drops its index when it sees the new count."""
    Forgetting.objects.get_or_create(pk=1)
    Forgetting.objects.filter(pk=1).update(count=F("count") + 1)


def watch(
    *, seconds: float = WATCH_SECONDS, stop: threading.Event | None = None
) -> threading.Thread:
    """A daemon thread (the task worker's, `objector run`) dropping this process's index within
    `seconds` of another process forgetting mentions, even if this one links nothing meanwhile.
    It reads one row, and only while an index is held."""

    until = stop or threading.Event()  # never set: until the process ends

    def run() -> None:
        while not until.wait(seconds):
            if REGISTRY.index is None:
                continue
            try:
                REGISTRY.drop_if_stale()
            except DatabaseError as exc:  # the next round tries again; the class only
                log.info("the registry's watcher could not read: %s", type(exc).__name__)
                close_old_connections()
        connection.close()

    thread = threading.Thread(target=run, name="objector-registry-watch", daemon=True)
    thread.start()
    return thread


def _batches(qs: Any) -> Iterable[list[Mention]]:
    batch: list[Mention] = []
    for m in qs.iterator(chunk_size=BATCH):
        batch.append(m)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass
class Relinked:
    """A full re-link: each mention's cluster (by position) and the evidence that made it."""

    labels: list[int]
    evidence: list[list[dict[str, Any]]]
    uncertain: int
    persons_if_split: int
    persons_if_merged: int
    # The mention (id) whose link placed each one, and whether that link is uncertain: each
    # person's earliest mention is placed by none, and each other by the link towards it, so
    # that cutting an uncertain link adds one person and is counted once (as the worker's
    # link of a new mention to those before it is).
    placed_by: list[int | None] = field(default_factory=list)
    doubtful: list[bool] = field(default_factory=list)


def relink(pks: Sequence[int], names: Sequence[Named]) -> Relinked:
    """Link every mention afresh (`objector.linking.link`); `pks` ascending."""
    result = link(list(names))
    evidence: list[list[dict[str, Any]]] = [[] for _ in names]
    tree: list[list[tuple[int, bool]]] = [[] for _ in names]
    for ev in result.links:
        evidence[ev.b].append(evidence_of(ev, pks[ev.a]))
        evidence[ev.a].append(evidence_of(ev, pks[ev.b]))
        tree[ev.a].append((ev.b, ev.doubt is not None))
        tree[ev.b].append((ev.a, ev.doubt is not None))
    placed_by: list[int | None] = [None] * len(names)
    doubtful = [False] * len(names)
    reached = [False] * len(names)
    for root in range(len(names)):  # the earliest of each person first: a spanning forest
        if reached[root]:
            continue
        reached[root] = True
        stack = [root]
        while stack:
            at = stack.pop()
            for other, doubt in tree[at]:
                if not reached[other]:
                    reached[other] = True
                    placed_by[other], doubtful[other] = pks[at], doubt
                    stack.append(other)
    return Relinked(
        labels=list(result.labels),
        evidence=[sorted(e, key=lambda x: -x["score"]) for e in evidence],
        uncertain=result.uncertain,
        persons_if_split=result.persons_if_split,
        persons_if_merged=result.persons_if_merged,
        placed_by=placed_by,
        doubtful=doubtful,
    )


__all__ = [
    "BLOCK",
    "DOCUMENT_BLOCK",
    "REGISTRY",
    "Link",
    "Read",
    "Registry",
    "VaultSealed",
    "forgotten",
    "relink",
    "watch",
]
