"""Linking one new mention at a time against everything linked before: what the product's worker
does when a request, a document or a Telegram message arrives.

`Index.build(mentions)` links a batch as `link.link_records` does and keeps its blocks, counts
and clusters; `Index.add(mention)` blocks the new mention, scores it against the mentions it
meets there, and joins it to the best-scoring person it may join (never across cannot-link
evidence). Its cost depends on the size of its blocks, not on the size of the index.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz.distance import OSA

from .link import (
    THRESHOLD,
    Evidence,
    Mention,
    Record,
    _blocking_keys,
    _Clusters,
    _Stats,
    _stats,
    _two_slips,
    _with_doubt,
    compare,
    doubt_of,
    link_records,
    score,
)


@dataclass
class Index:
    records: list[Record]
    stats: _Stats
    clusters: _Clusters
    exact: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    near: dict[str, list[tuple[str, int]]] = field(default_factory=lambda: defaultdict(list))
    by_deletion: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    # (birth date or unit, first initial) → records: where two slips in one surname meet.
    by_field: dict[tuple[object, str], list[int]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def build(cls, mentions: Sequence[Mention]) -> Index:
        records = [Record.of(i, m) for i, m in enumerate(mentions)]
        result = link_records(records)
        clusters = _Clusters(records)
        for ev in result.links:
            clusters.try_merge(ev.a, ev.b)
        index = cls(records, _stats(records), clusters)
        for r in records:
            index._file(r)
        return index

    def _file(self, r: Record) -> None:
        for k in _blocking_keys(r):
            if k[0] == "s":
                self.exact[k].append(r.index)
            else:
                cut = k.index("#")
                self.near[k[:cut]].append((k[cut + 1 :], r.index))
        for key in _field_keys(r):
            self.by_field[key].append(r.index)
        for k in r.stem_keys:
            self.by_deletion[k].add(k)
            for i in range(len(k)):
                self.by_deletion[k[:i] + k[i + 1 :]].add(k)

    def _count(self, r: Record) -> None:
        st = self.stats
        st.n += 1
        for k in r.stem_keys:
            st.surname[k] += 1
            near = set(self.by_deletion.get(k, ()))
            for i in range(len(k)):
                near |= self.by_deletion.get(k[:i] + k[i + 1 :], set())
            for other in near:
                if other != k and OSA.distance(other, k) <= 1:
                    st.surname_near[other] = st.surname_near.get(other, 0) + 1
                    st.surname_near[k] = st.surname_near.get(k, 0) + st.surname[other]
        for counter, value in (
            (st.first, r.first_key),
            (st.first_initial, r.first_initial),
            (st.patronymic, r.patronymic_key),
            (st.unit, r.unit),
        ):
            if value:
                counter[value] += 1

    def candidates(self, r: Record) -> set[int]:
        out: set[int] = set()
        for k in _blocking_keys(r):
            if k[0] == "s":
                out.update(self.exact.get(k, ()))
            else:
                cut = k.index("#")
                mine = k[cut + 1 :]
                out.update(i for key, i in self.near.get(k[:cut], ()) if key != mine)
        for key in _field_keys(r):
            out.update(i for i in self.by_field.get(key, ()) if _two_slips(self.records[i], r))
        return out

    def add(self, mention: Mention) -> tuple[int, list[Evidence]]:
        """Link one new mention: its person (a cluster root, stable until a later merge) and
        the evidence of the links that put it there."""
        r = Record.of(len(self.records), mention)
        self.records.append(r)
        self.clusters.parent.append(r.index)
        self.clusters.profile[r.index] = [r]
        self.clusters.count += 1
        self._count(r)
        scored = sorted(
            ((score(self.records[i], r, self.stats), i) for i in self.candidates(r)),
            reverse=True,
        )
        links = []
        for value, i in scored:
            if value <= THRESHOLD:
                break
            if self.clusters.try_merge(i, r.index):
                links.append(compare(self.records[i], r, self.stats))
        self._file(r)
        root = self.clusters.find(r.index)
        # As a batch does (`link._split`): the new mention's best score with a mention of a
        # person it did not join. (The batch also asks this of the mention it joined; one at a
        # time, that would mean scoring that mention again.)
        rival = next(
            ({r.index: v} for v, i in scored if v > THRESHOLD and self.clusters.find(i) != root),
            {},
        )
        links = [
            _with_doubt(ev, doubt_of(self.records[ev.a], r, ev.score, THRESHOLD, rival))
            for ev in links
        ]
        return root, links

    def person(self, i: int) -> int:
        return self.clusters.find(i)


def _field_keys(r: Record) -> list[tuple[object, str]]:
    """The birth-date and unit blocks of `candidate_pairs` that a record sits in."""
    if not r.stem_keys:
        return []
    fields = [f for f in (r.mention.birth_date, r.unit) if f]
    return [(f, fi) for f in fields for fi in r.first_initials or r.first_initial or ""]
