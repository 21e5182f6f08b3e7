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
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from objector.intake.actions import ALPHABET, normalize_code
from objector.intake.models import (
    CATEGORY_BIT,
    NO_NAME,
    OPEN_STATUSES,
    TRIAGE_CODES,
    TRIAGE_SHIFT,
    TRIAGE_WIDTH,
    URGENCY_RANK,
    Request,
    categories_of,
    name_indexes_fill,
    requests_open,
)
from objector.intake.questionnaire import BY_KEY
from objector.intake.regions import DISTRICTS
from objector.vault.keys import VaultSealed, blind_indexes

from .models import CaseRead, Entry, NameWord, case_read_tags
from .signals import Marker, markers_for

PAGE_SIZE = 50
PERSON = re.compile(r"[0-9a-f]{32}")
WORDS = re.compile(r"[0-9a-f]{32}(\.[0-9a-f]{32}){0,7}")  # up to eight words' blind indexes
NAME_WORD = "name_word"  # the word indexes' purpose, apart from the whole name's
# A name's words: letters and digits, split at spaces, hyphens and dots ("Петров-Водкин").
WORD = re.compile(r"\w+")
MAX_WORDS = 8
# The queue's orders: the column a header sorts by, and the ORDER BY behind it. Only clear
# columns: the personal fields are sealed and cannot be sorted in the database.
SORTS: dict[str, tuple[str, ...]] = {
    "urgency": ("urgency_rank", "created_at", "id"),
    "-urgency": ("-urgency_rank", "created_at", "id"),
    "age": ("created_at", "id"),  # longest waiting first
    "-age": ("-created_at", "-id"),
    "status": ("status", "urgency_rank", "created_at", "id"),
    "-status": ("-status", "urgency_rank", "created_at", "id"),
    "updated": ("-updated_at", "-id"),  # latest activity first (a reply moves a case up)
    "-updated": ("updated_at", "id"),
}
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
    words: tuple[str, ...] = ()  # blind indexes of words of a name, each must match
    sort: str = "urgency"

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
        words = params.get("words", "")
        if words:
            if not WORDS.fullmatch(words):
                raise FilterError("bad_filter")
            filters.words = tuple(words.split("."))
        sort = params.get("sort", "") or "urgency"
        if sort not in SORTS:
            raise FilterError("bad_filter")
        filters.sort = sort
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
        for word in self.words:
            q &= Q(pk__in=NameWord.objects.filter(index=word).values("request_id"))
        tz = timezone.get_current_timezone()
        if self.date_from:
            q &= Q(created_at__gte=datetime.combine(self.date_from, time.min, tzinfo=tz))
        if self.date_to:
            end = self.date_to + timedelta(days=1)
            q &= Q(created_at__lt=datetime.combine(end, time.min, tzinfo=tz))
        return q


def name_words(name: str) -> list[str]:
    """The words of a name that are indexed, each once."""
    return list(dict.fromkeys(WORD.findall(name.casefold())))[:MAX_WORDS]


def search(text: str) -> tuple[str, str]:
    """What a search asks for: ("reference", code) for a reference code; else the text is one
    or more words of a name, and the answer is ("words", their blind indexes joined by dots),
    which the vault must be unlocked to compute (VaultSealed otherwise). Each word is matched
    whole, in any order and case, with ё as е: "Кузьмин" finds "Иван Кузьмин"."""
    code = normalize_code(text)
    if len(code) == 8 and all(ch in ALPHABET for ch in code):
        return "reference", f"{code[:4]}-{code[4:]}"
    words = name_words(text)
    if not words:
        return "words", ""
    name_indexes_fill()  # names that came in while sealed: the case page's "same person"
    name_words_fill()
    return "words", ".".join(blind_indexes([(NAME_WORD, w) for w in words]))


INDEX_BATCH = 200


def name_words_fill(*, limit: int = 10_000) -> int:
    """Index the words of the names not yet indexed, in batches of one round trip to the
    key-holder each. Raises VaultSealed while sealed. Returns how many requests were indexed.

    Not an action: it writes no fact, only an index derived from sealed data, and can be
    recomputed at any time."""
    done = 0
    while done < limit:
        batch = list(
            Request.objects.filter(shredded_at=None)
            .exclude(sealed_key=b"")
            .filter(~Exists(NameWord.objects.filter(request=OuterRef("pk"))))
            .only("pk", "sealed_key", "personal_data")[:INDEX_BATCH]
        )
        if not batch:
            break
        requests_open(batch)
        pairs = [(r.pk, w) for r in batch for w in name_words(r.personal["name"])]
        indexes = blind_indexes([(NAME_WORD, w) for _pk, w in pairs])
        rows = [
            NameWord(request_id=pk, index=i) for (pk, _w), i in zip(pairs, indexes, strict=True)
        ]
        named = {pk for pk, _w in pairs}
        rows += [NameWord(request_id=r.pk, index=NO_NAME) for r in batch if r.pk not in named]
        NameWord.objects.bulk_create(rows)
        done += len(batch)
    return done


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


def last_page(total: int) -> int:
    return max(1, -(-total // PAGE_SIZE))


def page(base: QuerySet[Request], filters: Filters, number: int) -> list[Request]:
    """One page in the chosen order: by default most urgent first and, within an urgency,
    longest waiting first. The caller keeps `number` within `last_page`."""
    return list(page_query(base, filters, number))


def page_query(base: QuerySet[Request], filters: Filters, number: int) -> QuerySet[Request]:
    """`page`'s query, not yet run (tests/cases/test_queue_indexes.py reads its plan)."""
    start = (max(number, 1) - 1) * PAGE_SIZE
    return (
        base.filter(filters.q(), filters.scope_q())
        .select_related("assignee")
        .only(
            "reference",
            "created_at",
            "updated_at",
            "language",
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
        .order_by(*SORTS[filters.sort])[start : start + PAGE_SIZE]
    )


def unread(staff: Any, requests: list[Request]) -> dict[int, int]:
    """How many of the requester's messages each of these requests has that this staff member
    has not seen (since they last opened the case): the page's read marks found by their keyed
    tags (models.CaseRead), in one round trip to the key-holder and two queries. None while
    sealed (the key to find them is not there; the names are hidden then too)."""
    pks = [r.pk for r in requests]
    if not pks:
        return {}
    try:
        tags = dict(zip(case_read_tags(staff.pk, pks), pks, strict=True))
    except VaultSealed:
        return {}
    seen = {
        tags[tag]: at
        for tag, at in CaseRead.objects.filter(staff=staff, case_tag__in=tags).values_list(
            "case_tag", "seen_at"
        )
    }
    found: Counter[int] = Counter()
    rows = Entry.objects.filter(request_id__in=pks, kind=Entry.Kind.MESSAGE_IN).values_list(
        "request_id", "created_at"
    )
    for pk, at in rows:
        if pk not in seen or at > seen[pk]:
            found[pk] += 1
    return dict(found)


def markers(staff: Any, requests: list[Request]) -> dict[int, list[Marker]]:
    """What other parts say about each request's subject (objector.persons: already a client,
    named in an order), one query per part for the page. Shredded rows have no subject."""
    return markers_for(staff, [r for r in requests if r.shredded_at is None])
