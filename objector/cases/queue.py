"""The triage queue: filters, counts per filter value, and one page of requests.

The counts come from one GROUP BY over the columns the filters use. It returns one row per
combination present (a few thousand at most, however many requests there are), and Python
then counts every filter value from those rows. Each filter's own counts ignore that filter,
so that they say what choosing another value would show.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from objector.intake.models import CATEGORY_BIT, URGENCY_RANK, Request
from objector.intake.questionnaire import BY_KEY
from objector.intake.regions import DISTRICTS

PAGE_SIZE = 50
OPEN = ("new", "triaged", "assigned", "in_progress")
STATUSES = (*OPEN, "closed")
CHANNELS = ("web", "telegram")
PERSONNEL = tuple(c.value for c in BY_KEY["personnel"].choices)
DISTRICT_KEYS = tuple(d.key for d in DISTRICTS)
URGENCIES = tuple(URGENCY_RANK)

# name -> (allowed values, column in the GROUP BY)
FACETS: dict[str, tuple[tuple[str, ...], str]] = {
    "status": (("open", "all", *STATUSES), "status"),
    "urgency": (URGENCIES, "urgency_rank"),
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
        return filters

    def q(self, *, without: str | None = None) -> Q:
        q = Q()
        for name, value in self.chosen.items():
            if name == without:
                continue
            if name == "status":
                q &= Q(status__in=OPEN) if value == "open" else Q(status=value)
            elif name == "category":
                q &= Q(category_bits__bitand_any=CATEGORY_BIT[value])
            elif name == "urgency":
                q &= Q(urgency_rank=URGENCY_RANK[value])
            else:
                q &= Q(**{name: value})
        return q

    def date_q(self) -> Q:
        q = Q()
        tz = timezone.get_current_timezone()
        if self.date_from:
            q &= Q(created_at__gte=datetime.combine(self.date_from, time.min, tzinfo=tz))
        if self.date_to:
            end = self.date_to + timedelta(days=1)
            q &= Q(created_at__lt=datetime.combine(end, time.min, tzinfo=tz))
        return q


def _passes(name: str, value: str, row: dict[str, Any]) -> bool:
    """Whether one GROUP BY row passes one filter."""
    if name == "status":
        return row["status"] in (OPEN if value == "open" else (value,))
    if name == "category":
        return bool(row["category_bits"] & CATEGORY_BIT[value])
    if name == "urgency":
        return bool(row["urgency_rank"] == URGENCY_RANK[value])
    return bool(row[FACETS[name][1]] == value)


def counts(base: QuerySet[Request], filters: Filters) -> tuple[dict[str, Counter[str]], int]:
    """Per filter, how many requests each of its values would show; and the total shown."""
    columns = [column for _allowed, column in FACETS.values()]
    rows = base.filter(filters.date_q()).values(*columns).annotate(n=Count("id")).order_by()
    result: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
    rank_name = {rank: name for name, rank in URGENCY_RANK.items()}
    total = 0
    for row in rows:
        failed = [name for name, value in filters.chosen.items() if not _passes(name, value, row)]
        if len(failed) > 1:
            continue  # hidden by two filters: counts toward nothing
        n = row["n"]
        if not failed:
            total += n
        for name in FACETS:
            if failed and failed[0] != name:
                continue  # hidden by another filter
            if name == "status":
                result[name][row["status"]] += n
                if row["status"] in OPEN:
                    result[name]["open"] += n
                result[name]["all"] += n
            elif name == "category":
                for category, bit in CATEGORY_BIT.items():
                    if row["category_bits"] & bit:
                        result[name][category] += n
            elif name == "urgency":
                result[name][rank_name[row["urgency_rank"]]] += n
            else:
                result[name][row[FACETS[name][1]]] += n
    return result, total


def page(base: QuerySet[Request], filters: Filters, number: int) -> list[Request]:
    """One page, most urgent first and, within an urgency, longest waiting first."""
    start = (max(number, 1) - 1) * PAGE_SIZE
    return list(
        base.filter(filters.q(), filters.date_q())
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
        )
        .order_by("urgency_rank", "created_at", "id")[start : start + PAGE_SIZE]
    )
