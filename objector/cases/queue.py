"""The triage queue: filters, counts per filter value, and one page of requests.

The counts come from one GROUP BY over the triage key, which packs the columns the filters use.
It returns one row per combination present (a few thousand at most, however many requests there
are), and Python then counts every filter value from those rows. Each filter's own counts
ignore that filter, so that they say what choosing another value would show.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from objector.intake.actions import ALPHABET, normalize_code
from objector.intake.models import (
    CATEGORY_BIT,
    NAME_INDEX,
    OPEN_STATUSES,
    TRIAGE_CODES,
    TRIAGE_SHIFT,
    TRIAGE_WIDTH,
    URGENCY_RANK,
    Request,
    categories_of,
    name_indexes_fill,
)
from objector.intake.questionnaire import BY_KEY
from objector.intake.regions import DISTRICTS
from objector.vault.keys import blind_indexes

PAGE_SIZE = 50
PERSON = re.compile(r"[0-9a-f]{32}")
OPEN = tuple(OPEN_STATUSES)
STATUSES = tuple(Request.Status.values)
CHANNELS = tuple(Request.Channel.values)
PERSONNEL = tuple(c.value for c in BY_KEY["personnel"].choices)
DISTRICT_KEYS = tuple(d.key for d in DISTRICTS)
URGENCIES = tuple(URGENCY_RANK)

# name -> (allowed values, column in the GROUP BY)
FACETS: dict[str, tuple[tuple[str, ...], str]] = {
    "urgency": (URGENCIES, "urgency_rank"),
    "status": (("open", "all", *STATUSES), "status"),
    "category": (tuple(CATEGORY_BIT), "category_bits"),
    "personnel": (PERSONNEL, "personnel"),
    "district": (DISTRICT_KEYS, "district"),
    "channel": (CHANNELS, "channel"),
}


class FilterError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key  # a STAFF_UI text key


@dataclass
class Filters:
    chosen: dict[str, str] = field(default_factory=dict)
    date_from: date | None = None
    date_to: date | None = None
    person: str = ""  # a name's blind index, from a search (never the name: it would be in the URL)

    @classmethod
    def parse(cls, params: Any) -> Filters:
        """From the query string; an unknown value or a bad date raises FilterError."""
        chosen = {}
        for name, (allowed, _column) in FACETS.items():
            value = params.get(name, "open" if name == "status" else "")
            if value:
                if value not in allowed:
                    raise FilterError("bad_filter")
                chosen[name] = value
        if chosen.get("status") == "all":
            del chosen["status"]
        filters = cls(chosen=chosen)
        for attr, name in (("date_from", "from"), ("date_to", "to")):
            raw = params.get(name, "").strip()
            if raw:
                try:
                    setattr(filters, attr, date.fromisoformat(raw))
                except ValueError:
                    raise FilterError("bad_date") from None
        person = params.get("person", "")
        if person:
            if not PERSON.fullmatch(person):
                raise FilterError("bad_filter")
            filters.person = person
        return filters

    def q(self) -> Q:
        q = Q()
        for name, value in self.chosen.items():
            if name == "status":
                q &= Q(status__in=OPEN) if value == "open" else Q(status=value)
            elif name == "category":
                q &= Q(category_bits__bitand_any=CATEGORY_BIT[value])
            elif name == "urgency":
                q &= Q(urgency_rank=URGENCY_RANK[value])
            else:
                q &= Q(**{name: value})
        return q

    def scope_q(self) -> Q:
        """The filters outside the triage key (the date range, one person): they narrow the
        counts as well as the page."""
        q = Q(name_index=self.person) if self.person else Q()
        tz = timezone.get_current_timezone()
        if self.date_from:
            q &= Q(created_at__gte=datetime.combine(self.date_from, time.min, tzinfo=tz))
        if self.date_to:
            end = self.date_to + timedelta(days=1)
            q &= Q(created_at__lt=datetime.combine(end, time.min, tzinfo=tz))
        return q


def search(text: str) -> tuple[str, str]:
    """What a search asks for: ("reference", code) for a reference code; else the text is a
    name, and the answer is ("person", its blind index), which the vault must be unlocked to
    compute (VaultSealed otherwise). The name is matched whole, in any case, with ё as е."""
    code = normalize_code(text)
    if len(code) == 8 and all(ch in ALPHABET for ch in code):
        return "reference", f"{code[:4]}-{code[4:]}"
    name_indexes_fill()  # names that came in while sealed
    (index,) = blind_indexes([(NAME_INDEX, text)])
    return "person", index


def _field(name: str) -> tuple[int, int]:
    """Where a filter's column sits in the triage key: (shift, mask)."""
    column = FACETS[name][1]
    if column == "category_bits":
        return 0, (1 << len(CATEGORY_BIT)) - 1
    return TRIAGE_SHIFT[column], (1 << TRIAGE_WIDTH[column]) - 1


def _code(name: str, value: Any) -> int:
    column = FACETS[name][1]
    if column == "urgency_rank":
        return int(URGENCY_RANK[value])
    return TRIAGE_CODES[column].index(value)


def _test(name: str, value: str) -> tuple[int, int, frozenset[int], int]:
    """An active filter, on a triage key: (shift, mask, accepted codes, category bit)."""
    shift, mask = _field(name)
    if name == "category":
        return shift, mask, frozenset(), CATEGORY_BIT[value]
    accepted = OPEN if name == "status" and value == "open" else (value,)
    return shift, mask, frozenset(_code(name, v) for v in accepted), 0


def counts(base: QuerySet[Request], filters: Filters) -> tuple[dict[str, Counter[str]], int]:
    """Per filter, how many requests each of its values would show; and the total shown.

    One GROUP BY over the triage key (see intake.models) gives a few thousand rows however
    many requests there are; each filter is then a bit test on the key. The rows are read with
    a plain cursor and counted into lists indexed by code: at 100,000 requests this keeps the
    counting to a few milliseconds, where Django's row objects and Counters took thirty."""
    names = list(FACETS)
    fields = [_field(name) for name in names]
    query = base.filter(filters.scope_q()).values_list("triage_key").annotate(n=Count("id"))
    try:
        sql, params = query.order_by().query.sql_with_params()
    except EmptyResultSet:  # base.none(): nothing to count
        rows = []
    else:
        with connections[query.db].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
    tests = [(names.index(name), *_test(name, value)) for name, value in filters.chosen.items()]
    passing: list[tuple[int, int]] = []  # shown by every filter
    hidden_by: list[list[tuple[int, int]]] = [[] for _ in names]  # by that one filter only
    for key, n in rows:
        failed = -1
        for i, shift, mask, accepted, bit in tests:
            if not (key & bit if bit else ((key >> shift) & mask) in accepted):
                if failed >= 0:
                    break  # hidden by two filters: counts toward nothing
                failed = i
        else:
            (passing if failed < 0 else hidden_by[failed]).append((key, n))
    result = {}
    for i, name in enumerate(names):
        shift, mask = fields[i]
        by_code = [0] * (mask + 1)
        for key, n in passing:
            by_code[(key >> shift) & mask] += n
        for key, n in hidden_by[i]:
            by_code[(key >> shift) & mask] += n
        result[name] = _values(name, by_code)
    return result, sum(n for _key, n in passing)


def _values(name: str, by_code: list[int]) -> Counter[str]:
    out: Counter[str] = Counter()
    column = FACETS[name][1]
    for code, n in enumerate(by_code):
        if not n:
            continue
        if column == "category_bits":
            for category in categories_of(code):
                out[category] += n
        elif column == "urgency_rank":
            out[URGENCIES[code]] += n
        else:
            out[TRIAGE_CODES[column][code]] += n
    if name == "status":
        out["open"] = sum(out[s] for s in OPEN)
        out["all"] = sum(by_code)
    return out


def page(base: QuerySet[Request], filters: Filters, number: int) -> list[Request]:
    """One page, most urgent first and, within an urgency, longest waiting first."""
    start = (max(number, 1) - 1) * PAGE_SIZE
    return list(
        base.filter(filters.q(), filters.scope_q())
        .select_related("assignee")
        .only(
            "reference",
            "created_at",
            "status",
            "urgency",
            "categories",
            "personnel",
            "district",
            "channel",
            "assignee__username",
            "sealed_key",
            "personal_data",
            "shredded_at",
        )
        .order_by("urgency_rank", "created_at", "id")[start : start + PAGE_SIZE]
    )
