"""What can be counted: requests by any one to three dimensions, gathered in one query.

The rows are grouped in the database (one GROUP BY over the chosen columns), so the cost does
not grow with the number of requests beyond that query; the statistics core protects the table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
from django.db import connection
from django.db.models import CharField, Count, Func, Min, QuerySet, Sum
from django.db.models.functions import Cast, Substr, TruncDate
from django.utils import timezone
from django.utils.translation import gettext

from objector.accounts.texts import CHANNEL, OUTCOME, STATUS
from objector.cases.models import Entry
from objector.intake.models import OPEN_STATUSES, Request, categories_of
from objector.intake.questionnaire import BY_KEY, shown
from objector.intake.regions import DISTRICTS, district_name
from objector.law.engine import CATEGORIES
from objector.law.texts import label as law_label
from objector.persons.counts import Counted, distinct_persons
from objector.statistics.protect import Protection, Rule, protect
from objector.statistics.tables import Table, TableError

from . import models
from .triggers import DAY_COLUMNS, SUMMED, VALUE_FIELDS, WHOLE_COLUMNS, grouping_key

UNKNOWN = ""
# Cells (margins included) of a table protected on the page: a three-way table of this size
# takes a few seconds on a loaded 2-core machine (docs/benchmarks.md); bigger ones belong in
# a release, prepared ahead.
PAGE_CELLS = 2000


@dataclass(frozen=True)
class Dimension:
    key: str
    column: str  # the value grouped on (an annotation for week and month)
    domain: Callable[[list[str]], list[str]]  # every value, given the values seen
    name: Callable[[str, str], str]  # (value, lang) -> what a reader sees


def _fixed(values: list[str]) -> Callable[[list[str]], list[str]]:
    return lambda seen: values + sorted(set(seen) - set(values))


def _unknown(text: str, lang: str) -> str:
    return text or gettext("not given")


def _weeks(seen: list[str]) -> list[str]:
    if not seen:
        return []
    first, last = date.fromisoformat(min(seen)), date.fromisoformat(max(seen))
    return [(first + timedelta(weeks=i)).isoformat() for i in range((last - first).days // 7 + 1)]


def _months(seen: list[str]) -> list[str]:
    if not seen:
        return []
    first, last = date.fromisoformat(min(seen)), date.fromisoformat(max(seen))
    out, y, m = [], first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append(date(y, m, 1).isoformat())
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


PERSONNEL = list(BY_KEY["personnel"].choice_values())

DIMENSIONS: dict[str, Dimension] = {
    d.key: d
    for d in [
        Dimension("week", "week", _weeks, lambda v, lang: v),
        Dimension("month", "month", _months, lambda v, lang: v[:7]),
        Dimension(
            "district",
            "district",
            _fixed([d.key for d in DISTRICTS] + [UNKNOWN]),
            lambda v, lang: district_name(v, lang, unknown=_unknown("", lang)),
        ),
        Dimension("channel", "channel", _fixed(list(CHANNEL)), lambda v, lang: CHANNEL[v][lang]),
        Dimension("status", "status", _fixed(list(STATUS)), lambda v, lang: STATUS[v][lang]),
        Dimension(
            "outcome",
            "outcome",
            _fixed([*OUTCOME, UNKNOWN]),
            lambda v, lang: OUTCOME[v][lang] if v else _unknown("", lang),
        ),
        Dimension(
            "personnel",
            "personnel",
            _fixed([*PERSONNEL, UNKNOWN]),
            lambda v, lang: shown(BY_KEY["personnel"], v, lang) or _unknown("", lang),
        ),
        Dimension(
            "category",
            "category",
            _fixed([*CATEGORIES, UNKNOWN]),
            lambda v, lang: law_label(v, lang) if v else _unknown("", lang),
        ),
        # Persons named in orders only (objector.persons.counts): the order's unit.
        Dimension("unit", "unit", _fixed([]), lambda v, lang: v or _unknown("", lang)),
    ]
}


def _main_category(bits: int) -> str:
    """A request's first category in the questionnaire's order: categories are several per
    request, and a table's cells must add up to its total."""
    found = categories_of(bits)
    return found[0] if found else UNKNOWN


def _rows(period: tuple[date, date] | None) -> QuerySet[Request]:
    qs = Request.objects.order_by()
    if period:
        start, end = period
        tz = timezone.get_current_timezone()
        qs = qs.filter(
            created_at__gte=datetime.combine(start, datetime.min.time(), tz),
            created_at__lt=datetime.combine(end + timedelta(days=1), datetime.min.time(), tz),
        )
    return qs


def grouped(dims: list[str], period: tuple[date, date] | None) -> dict[tuple[str, ...], int]:
    """Counts of requests by the values of dims (one query): from the trigger-kept summary
    where it holds the grouping (models.Count), else by grouping the requests."""
    found = _summarised(dims, period)
    return found if found is not None else grouped_requests(dims, period)


def _fold(d: str, day: str) -> str:
    """A 'YYYY-MM-DD' day as its Monday-week or calendar month."""
    if d == "week":
        return (
            date.fromisoformat(day) - timedelta(days=date.fromisoformat(day).weekday())
        ).isoformat()
    return day[:8] + "01"


def _summarised(
    dims: list[str], period: tuple[date, date] | None
) -> dict[tuple[str, ...], int] | None:
    """grouped() from the summary, or None where it does not hold this grouping."""
    if period and str(timezone.get_current_timezone()) not in ("UTC", "Etc/UTC"):
        return None  # the summary's days are UTC days
    timed = any(d in ("week", "month") for d in dims)
    wanted = {"category_bits" if d == "category" else d for d in dims} - {"week", "month"}
    if not wanted <= set(SUMMED):
        return None
    columns = tuple(c for c in SUMMED if c in wanted)
    by_day = timed or period is not None
    if len(columns) > (DAY_COLUMNS if by_day else WHOLE_COLUMNS):
        return None
    rows = models.Count.objects.filter(dims=grouping_key(by_day, columns), n__gt=0)
    if period:
        rows = rows.filter(on_day__gte=period[0].isoformat(), on_day__lte=period[1].isoformat())
    fields = [*(["on_day"] if timed else []), *VALUE_FIELDS[: len(columns)]]
    if by_day and not timed:  # summed over the period's days in the database
        found: Any = rows.values_list(*fields).annotate(total=Sum("n")).order_by()
    else:
        found = rows.values_list(*fields, "n")
    where = {
        d: fields.index(
            "on_day"
            if d in ("week", "month")
            else VALUE_FIELDS[columns.index("category_bits" if d == "category" else d)]
        )
        for d in dims
    }
    folded: dict[tuple[str, str], str] = {}
    out: dict[tuple[str, ...], int] = {}
    for *values, n in found:
        key = []
        for d in dims:
            value = values[where[d]]
            if d == "category":
                value = _main_category(int(value))
            elif d in ("week", "month"):
                if (d, value) not in folded:
                    folded[d, value] = _fold(d, value)
                value = folded[d, value]
            key.append(value or UNKNOWN)
        out[tuple(key)] = out.get(tuple(key), 0) + n
    return out


def grouped_requests(
    dims: list[str], period: tuple[date, date] | None
) -> dict[tuple[str, ...], int]:
    """grouped() by one GROUP BY over the requests themselves."""
    # Week and month are grouped by day in the database and folded in Python: Django's
    # TruncWeek/TruncMonth run a Python function per row on SQLite (600-800 ms at 20,000
    # requests, the first page load after every change), where a day is a native expression.
    columns = [
        "category_bits" if d == "category" else "day" if d in ("week", "month") else d for d in dims
    ]
    qs: QuerySet[Any] = _rows(period)
    if "week" in dims or "month" in dims:
        qs = qs.annotate(day=_day("created_at"))
    out: dict[tuple[str, ...], int] = {}
    for row in qs.values(*dict.fromkeys(columns)).annotate(n=Count("id")):
        key = []
        for d, c in zip(dims, columns, strict=True):
            value = row[c]
            if d == "category":
                value = _main_category(value)
            elif d in ("week", "month"):
                day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
                if d == "week":
                    day -= timedelta(days=day.weekday())
                else:
                    day = day.replace(day=1)
                value = day.isoformat()
            key.append(value or UNKNOWN)
        out[tuple(key)] = out.get(tuple(key), 0) + row["n"]
    return out


def _day(field: str) -> Func:
    """The UTC calendar day of a datetime column, computed by the database itself."""
    if connection.vendor == "sqlite":
        # Stored as 'YYYY-MM-DD HH:MM:SS[.ffffff]' in UTC (settings.TIME_ZONE is UTC).
        return Substr(field, 1, 10, output_field=CharField())
    return TruncDate(field)


@dataclass
class CrossTable:
    dims: list[str]
    table: Table
    protection: Protection
    # Distinct persons only: uncertain links, and the [low, high] range they leave.
    uncertainty: Counted | None = None

    def raw(self) -> np.ndarray:
        return self.table.full()


def cross_table(
    dims: list[str],
    period: tuple[date, date] | None,
    rule: Rule | None = None,
    measure: str = "requests",
) -> CrossTable:
    """The protected table over dims, margins included: of requests, or of distinct persons
    (objector.persons.counts: "persons", the subjects of requests; "ordered", the persons
    orders are about), protected the same way."""
    uncertainty = None
    if measure == "requests":
        counts = grouped(dims, period)
    else:
        uncertainty = distinct_persons(dims, period, measure=measure)
        counts = uncertainty.cells
        if uncertainty.low < (rule or Rule()).k:
            uncertainty = None  # the range is published unprotected: only above k
    labels = []
    for i, d in enumerate(dims):
        labels.append(tuple(DIMENSIONS[d].domain([k[i] for k in counts])) or (UNKNOWN,))
    cells = int(np.prod([len(v) + 1 for v in labels]))
    if cells > PAGE_CELLS:
        raise TableError(
            gettext(
                "%(cells)s cells are too many to protect while you wait (at most %(limit)s): "
                "choose months instead of weeks, a shorter period or fewer dimensions"
            )
            % {"cells": cells, "limit": PAGE_CELLS}
        )
    arr = np.zeros([len(v) for v in labels], dtype=np.int64)
    index = [{v: j for j, v in enumerate(values)} for values in labels]
    for key, n in counts.items():
        arr[tuple(index[i][v] for i, v in enumerate(key))] += n
    table = Table(measure, tuple(dims), tuple(labels), arr)
    protection = protect([table], rule=rule, exact=len(arr.ravel()) <= 200)
    return CrossTable(dims, table, protection, uncertainty)


@dataclass(frozen=True)
class Service:
    """The service's own figures, in a fixed order; None where fewer than k requests stand
    behind a figure."""

    total: int
    open: int
    backlog_median_days: float | None
    backlog_over_30_days: int | None
    first_reply_median_hours: float | None
    first_replies: int


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _open_ages(now: datetime) -> tuple[int, int, list[datetime]]:
    """How many requests are open, how many of them for over 30 days, and the middle intake
    times (the median's one or two). From the summary's open requests by day (a few hundred
    rows, models.Count), reading the requests of one day only where a figure falls inside it:
    the day of the 30-day cutoff, and the day of each middle position. Reading every open
    request's intake time instead took about 60 ms at 100,000 requests, after every change."""
    days = list(
        models.Count.objects.filter(dims=grouping_key(True, ("status",)), n__gt=0)
        .filter(a__in=OPEN_STATUSES)
        .values_list("on_day")
        .annotate(total=Sum("n"))
        .order_by("on_day")
    )
    opened = Request.objects.order_by().filter(status__in=OPEN_STATUSES)

    def of_day(day: str) -> QuerySet[Request]:
        start = datetime.combine(date.fromisoformat(day), datetime.min.time(), UTC)
        return opened.filter(created_at__gte=start, created_at__lt=start + timedelta(days=1))

    n = sum(count for _, count in days)
    cutoff = now - timedelta(days=30)
    cutoff_day = cutoff.astimezone(UTC).date().isoformat()
    over = sum(count for day, count in days if day < cutoff_day)
    over += of_day(cutoff_day).filter(created_at__lt=cutoff).count()
    middle: list[datetime] = []
    seen = 0
    wanted = sorted({(n - 1) // 2, n // 2}) if n else []
    for day, count in days:
        while wanted and wanted[0] < seen + count:
            at = of_day(day).order_by("created_at").values_list("created_at", flat=True)
            middle.append(at[wanted.pop(0) - seen])
        seen += count
    if len(middle) == 1:
        middle *= 2
    return n, over, middle


def service(rule: Rule | None = None) -> Service:
    k = (rule or Rule()).k
    now = timezone.now()
    every = Request.objects.order_by()
    total = every.count()
    # From the trigger-kept summary: reading every open request's intake time into Python took
    # most of the first page load after a change (docs/benchmarks.md).
    n_open, over, middle = _open_ages(now)
    median_days = None
    if n_open >= k:
        median_days = sum((now - t).total_seconds() / 86400 for t in middle) / 2
    # From the answers side: a tenth of the requests have one, and each needs only its first.
    firsts = (
        Entry.objects.order_by()
        .filter(kind=Entry.Kind.MESSAGE_OUT)
        .values("request_id")
        .annotate(first=Min("created_at"))
    )
    if connection.vendor == "sqlite":  # the stored text, parsed in C (Django's converters: 10x)
        texts = firsts.annotate(
            created=Cast("request__created_at", CharField()),
            first_text=Cast(Min("created_at"), CharField()),
        ).values_list("created", "first_text")
        replies: Any = [(_utc(c), _utc(f)) for c, f in texts]
    else:
        replies = firsts.values_list("request__created_at", "first")
    waits = sorted((first - created).total_seconds() / 3600 for created, first in replies)
    return Service(
        total=total,
        open=n_open,
        backlog_median_days=median_days,
        backlog_over_30_days=over if over >= k or over == 0 else None,
        first_reply_median_hours=float(np.median(waits)) if len(waits) >= k else None,
        first_replies=len(waits),
    )
