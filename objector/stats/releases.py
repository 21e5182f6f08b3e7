"""Releases: a table over closed weeks, protected against itself and every earlier release.

A release counts requests by dimensions that never change once a request has arrived (its
week, district, channel, personnel type, main category), over whole weeks that have ended. So
a count published once is the same count when the next release is audited, and the attacker's
system links them exactly (objector.statistics.tables). Were status or outcome allowed, last
month's figure would differ from this month's for the same cell, and the two could not be
linked; those dimensions stay on the internal page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from django.utils import timezone

from objector.statistics.protect import Protection, Published, Rule, protect
from objector.statistics.tables import Table, TableError

from .counts import DIMENSIONS, grouped
from .models import Release

RELEASE_DIMS = ("week", "district", "channel", "personnel", "category")


class ReleaseError(Exception):
    """A release that cannot be made (names why)."""


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weeks(first: date, last: date) -> list[str]:
    return [(first + timedelta(weeks=i)).isoformat() for i in range((last - first).days // 7 + 1)]


def _labels(dim: str, first: date, last: date) -> tuple[str, ...]:
    if dim == "week":
        return tuple(weeks(first, last))
    return tuple(DIMENSIONS[dim].domain([]))


def _table(name: str, dims: list[str], first: date, last: date) -> Table:
    """Requests over dims, in the weeks first..last (Mondays)."""
    axes = [*dims, "week"] if "week" not in dims else list(dims)
    counts = grouped(axes, (first, last + timedelta(days=6)))
    labels = [_labels(d, first, last) for d in dims]
    index = [{v: j for j, v in enumerate(values)} for values in labels]
    arr = np.zeros([len(v) for v in labels], dtype=np.int64)
    for key, n in counts.items():
        arr[tuple(index[i][key[i]] for i in range(len(dims)))] += n
    scope = () if "week" in dims else (("week", tuple(weeks(first, last))),)
    return Table(name, tuple(dims), tuple(labels), arr, scope=scope)


@dataclass
class Draft:
    table: Table
    protection: Protection


def _history() -> list[Published]:
    """Every release so far, recounted; refused if the data behind one has changed."""
    out = []
    # Differential-privacy releases publish noisy counts, not equations an attacker can solve
    # exactly; their protection is their ε (objector/stats/dp.py).
    for release in Release.objects.filter(epsilon__isnull=True).order_by("id"):
        first, last = release.first_week, release.last_week
        table = _table(f"release {release.pk}", list(release.dims), first, last)
        shown = np.array(release.published, dtype=object)
        hidden = np.vectorize(lambda v: v is None, otypes=[bool])(shown)
        if not np.array_equal(table.full()[~hidden], shown[~hidden].astype(np.int64)):
            raise ReleaseError(
                f"the counts behind release {release.pk} have changed since it was published "
                "(requests erased?): it can no longer be audited against"
            )
        out.append(Published(table, hidden))
    return out


def release_cells(*, dims: list[str], first: date, last: date) -> Table:
    """The table a release counts (no margins, nothing protected): for a DP release."""
    if not 1 <= len(dims) <= 3 or not set(dims) <= set(RELEASE_DIMS):
        raise ReleaseError(f"one to three of {', '.join(RELEASE_DIMS)}")
    first, last = monday(first), monday(last)
    if last < first:
        raise ReleaseError("the period ends before it starts")
    if last + timedelta(days=7) > timezone.localdate():
        raise ReleaseError("the last week has not ended yet")
    return _table("release", dims, first, last)


def release_draft(*, title: str, dims: list[str], first: date, last: date, rule: Rule) -> Draft:
    """The table, protected against every earlier release, with its audit (nothing stored)."""
    if not 1 <= len(dims) <= 3 or not set(dims) <= set(RELEASE_DIMS):
        raise ReleaseError(f"one to three of {', '.join(RELEASE_DIMS)}")
    first, last = monday(first), monday(last)
    if last < first:
        raise ReleaseError("the period ends before it starts")
    if last + timedelta(days=7) > timezone.localdate():
        raise ReleaseError("the last week has not ended yet")
    history = _history()
    table = _table(title or "release", dims, first, last)
    tables = [p.table for p in history] + [table]
    axes = sorted({d for t in tables for d in (*t.dims, *(s for s, _ in t.scope))})
    spans = [
        (t.labels[t.dims.index("week")] if "week" in t.dims else dict(t.scope)["week"])
        for t in tables
    ]
    all_weeks = sorted({w for span in spans for w in span})
    domains = {d: list(_labels(d, first, last)) for d in axes if d != "week"}
    domains["week"] = all_weeks
    cube = _cube(axes, domains)
    position = {d: {v: i for i, v in enumerate(domains[d])} for d in axes}

    def counter(box: Mapping[str, frozenset[str]]) -> int:
        picks = [
            sorted(position[d][v] for v in box[d]) if d in box else range(len(domains[d]))
            for d in axes
        ]
        return int(cube[np.ix_(*picks)].sum())

    try:
        result = protect([table], history=history, rule=rule, counter=counter, domains=domains)
    except TableError as e:
        raise ReleaseError(str(e)) from e
    return Draft(table, result)


def _cube(axes: list[str], domains: dict[str, list[str]]) -> np.ndarray:
    """Requests over every dimension in play (one query), for the counts no table shows."""
    weeks_ = domains["week"]
    first, last = date.fromisoformat(weeks_[0]), date.fromisoformat(weeks_[-1])
    counts = grouped(axes, (first, last + timedelta(days=6)))
    position = {d: {v: i for i, v in enumerate(domains[d])} for d in axes}
    cube = np.zeros([len(domains[d]) for d in axes], dtype=np.int64)
    for key, n in counts.items():
        if key[axes.index("week")] in position["week"]:
            cube[tuple(position[d][v] for d, v in zip(axes, key, strict=True))] += n
    return cube
