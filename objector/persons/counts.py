"""Honest counts: distinct persons, not mentions, and how uncertain the linking leaves them.

Each person is counted once, in the cell of their first mention in the period (their first
request, or the first order naming them), so that a table's cells add up to its total and the
statistics core can protect it as it protects counts of requests. Beside the count:

- `uncertain`: the links behind the counted mentions that are uncertain
  (`objector.linking.link.DOUBTS`): scored within UNCERTAIN of the decision, or supported by the
  name alone where a namesake is in sight (a mention with neither unit nor birth date whose name
  fits another person nearly as well; a unit against a birth date beside such a namesake);
- `low`..`high`: the persons there would be if every uncertain non-link were made (the worker
  records, for each new mention, the person it was nearly joined to: scored just below the
  decision, or kept apart only by another unit, as a transfer might be) and if every uncertain
  link were cut (each uncertainly linked mention a person of its own).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from objector.intake.models import categories_of

from .keyring import open_ids, open_json, registry_key, unlocked
from .models import EVIDENCE, PERSON, Mention, linked

# What can be counted, and the dimensions each can be grouped by.
MEASURES = ("requests", "persons", "ordered")
REQUEST_DIMS = {
    "week": "request__created_at",
    "month": "request__created_at",
    "district": "request__district",
    "channel": "request__channel",
    "status": "request__status",
    "outcome": "request__outcome",
    "personnel": "request__personnel",
    "category": "request__category_bits",
}
ORDER_DIMS = {"week": "doc_date", "month": "doc_date", "unit": "doc_unit"}


@dataclass
class Counted:
    cells: dict[tuple[str, ...], int]  # distinct persons, each in the cell of its first mention
    uncertain: int  # uncertain links among the counted mentions
    low: int  # persons if every uncertain non-link were made
    high: int  # persons if every uncertain link were cut

    @property
    def total(self) -> int:
        return sum(self.cells.values())


def fingerprint() -> str:
    """Changes whenever a mention is linked or a person changed: the key of cached counts."""
    row = Mention.objects.order_by().aggregate(n=Count("id"), last=Max("person__updated_at"))
    return f"{row['n']}:{row['last']}"


def dims_allowed(measure: str) -> Sequence[str]:
    return tuple(ORDER_DIMS if measure == "ordered" else REQUEST_DIMS)


def _value(dim: str, raw: Any) -> str:
    if raw is None or raw == "":
        return ""
    if dim in ("week", "month"):
        day = timezone.localtime(raw).date() if isinstance(raw, datetime) else raw
        if dim == "month":
            return day.replace(day=1).isoformat()
        return (day - timedelta(days=day.weekday())).isoformat()
    if dim == "category":
        found = categories_of(int(raw))
        return found[0] if found else ""
    return str(raw)


def _mentions(measure: str, period: tuple[date, date] | None) -> QuerySet[Mention]:
    qs = Mention.objects.filter(linked()).order_by()
    if measure == "ordered":
        qs = qs.filter(source=Mention.Source.DOCUMENT, doc_kind="order", role="subject")
        if period:
            qs = qs.filter(doc_date__gte=period[0], doc_date__lte=period[1])
        return qs
    qs = qs.filter(request__isnull=False, request__shredded_at=None)
    if period:
        tz = timezone.get_current_timezone()
        start = datetime.combine(period[0], datetime.min.time(), tz)
        end = datetime.combine(period[1] + timedelta(days=1), datetime.min.time(), tz)
        qs = qs.filter(request__created_at__gte=start, request__created_at__lt=end)
    return qs


def distinct_persons(
    dims: Sequence[str], period: tuple[date, date] | None, *, measure: str = "persons"
) -> Counted:
    """Distinct persons by the values of dims (one query): measure "persons" counts the
    subjects of requests, "ordered" the persons an order is about (by the order's date and
    unit). "ordered" needs the vault unlocked (VaultSealed otherwise): a document's mention
    keeps its person and near only under the registry's key."""
    columns = ORDER_DIMS if measure == "ordered" else REQUEST_DIMS
    unknown = [d for d in dims if d not in columns]
    if unknown:
        raise ValueError(f"cannot count {measure} by {', '.join(unknown)}")
    order = "doc_date" if measure == "ordered" else "request__created_at"
    fields = [columns[d] for d in dims]
    rows: Any
    if measure == "ordered":
        registry_key()  # VaultSealed now, rather than a count of none
        rows = _opened(_mentions(measure, period), order, fields)
    else:
        rows = _certain(_mentions(measure, period), order, fields)
    first: dict[int, tuple[str, ...]] = {}
    mentions: dict[int, int] = {}
    unsure_of: dict[int, int] = {}
    near: set[tuple[int, int]] = set()
    for person, unsure, nearly, _when, *values in rows:
        if person not in first:
            first[person] = tuple(_value(d, v) for d, v in zip(dims, values, strict=True))
        mentions[person] = mentions.get(person, 0) + 1
        unsure_of[person] = unsure_of.get(person, 0) + bool(unsure)
        if nearly and nearly != person:
            near.add((min(person, nearly), max(person, nearly)))
    cells: dict[tuple[str, ...], int] = {}
    for key in first.values():
        cells[key] = cells.get(key, 0) + 1
    total = len(first)
    # Cutting an uncertain link adds a person only where the person keeps another mention here.
    cuts = sum(min(n, mentions[p] - 1) for p, n in unsure_of.items())
    uncertain = sum(unsure_of.values())
    return Counted(cells, uncertain, total - _merges(near, set(first)), total + cuts)


def _opened(qs: QuerySet[Mention], order: str, fields: list[str]) -> Any:
    """As the rows of `distinct_persons`, for documents' mentions: person and near opened
    from the sealed blob (the clear columns of a row not yet sealed by the worker), and the
    link's doubt from the sealed evidence (`Mention.linked_set`)."""
    for person, unsure, nearly, blob, score, evidence, *rest in qs.values_list(
        "person_id", "uncertain", "near", "sealed", "score", "evidence_sealed", order, *fields
    ).order_by(order, "pk"):
        if blob:
            person, nearly = open_ids(blob, context=PERSON)
        if score is None and evidence:
            unsure = _sealed_doubt(evidence)
        yield person, unsure, nearly or None, *rest


def _sealed_doubt(blob: bytes | memoryview) -> bool:
    value = open_json(blob, context=EVIDENCE)
    return isinstance(value, dict) and bool(value["uncertain"])


def _certain(qs: QuerySet[Mention], order: str, fields: list[str]) -> Any:
    """The rows of `distinct_persons` for requests' mentions, with the doubt of a link no
    other clear mention of its person stands beside, kept sealed (`Mention.linked_set`; red
    team, round 10, finding 6), opened while unlocked: such a row says "no link" in the clear.
    While sealed the rows as they are: the uncertain links of requests to names in documents
    are not counted then (such a request alone among its person's requests moves neither end
    of the range; with a later request of the man, the high end is one person short)."""
    doubtful: set[int] = set()
    if unlocked():
        hidden = qs.filter(score__isnull=True).exclude(evidence_sealed=b"")
        doubtful = {
            pk
            for pk, blob in hidden.values_list("pk", "evidence_sealed").iterator(2000)
            if _sealed_doubt(blob)
        }
    for pk, person, unsure, nearly, *rest in qs.values_list(
        "pk", "person_id", "uncertain", "near", order, *fields
    ).order_by(order, "pk"):
        yield person, unsure or pk in doubtful, nearly, *rest


def _merges(edges: set[tuple[int, int]], counted: set[int]) -> int:
    """How many persons fewer there would be if every near pair among the counted were one."""
    parent = {p: p for p in counted}

    def find(p: int) -> int:
        while parent[p] != p:
            parent[p] = parent[parent[p]]
            p = parent[p]
        return p

    merged = 0
    for a, b in edges:
        if a in parent and b in parent:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[rb] = ra
                merged += 1
    return merged
