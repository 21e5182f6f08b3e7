"""The trigger-kept summary (models.Count) against a GROUP BY over the requests themselves:
equal for every grouping of one to three dimensions, with and without a period, after inserts
(one by one and in bulk), status and outcome changes, moved intake times and categories,
shredding and deletes; and rebuilt from the requests when its triggers were missing."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from itertools import combinations

import pytest
from django.db import connection
from django.utils import timezone

from objector.cases.actions import requests_shred
from objector.intake.models import OPEN_STATUSES, PERSONNEL_CHOICES, Request
from objector.intake.regions import DISTRICTS
from objector.law.engine import CATEGORIES
from objector.stats.counts import _open_ages, _summarised, grouped, grouped_requests, service
from objector.stats.models import Count
from objector.stats.triggers import install, remove

pytestmark = pytest.mark.django_db

DIMS = ["week", "month", "district", "channel", "status", "outcome", "personnel", "category"]
PERIODS = [None, (date(2026, 3, 2), date(2026, 6, 30)), (date(2026, 11, 30), date(2026, 11, 30))]
START = datetime(2025, 12, 29, tzinfo=UTC)


def _request(rng: random.Random, n: int) -> Request:
    created = START + timedelta(seconds=rng.uniform(0, 340 * 86400))
    status = rng.choice(["new", "triaged", "assigned", "in_progress", "closed"])
    cats = rng.sample(list(CATEGORIES), rng.choice([0, 1, 1, 2]))
    return Request(
        reference=f"S{n:09d}",
        secret_hash="-",  # noqa: S106 - no receipt here
        idempotency_key=f"summary-{n}",
        channel=rng.choice(["web", "telegram"]),
        created_at=created,
        updated_at=created,
        status=status,
        outcome="no_contact" if status == "closed" else "",
        role="self",
        personnel=rng.choice([c.value for c in PERSONNEL_CHOICES] + [""]),
        categories=cats,
        category_bits=sum(1 << list(CATEGORIES).index(c) for c in cats),
        urgency="normal",
        urgency_rank=2,
        district=rng.choice([d.key for d in DISTRICTS] + [""]),
    )


def _same_as_requests() -> int:
    """Every grouping compared; returns how many the summary answered itself."""
    answered = 0
    for size in (1, 2, 3):
        for dims in combinations(DIMS, size):
            for period in PERIODS:
                direct = grouped_requests(list(dims), period)
                assert grouped(list(dims), period) == direct, (dims, period)
                answered += _summarised(list(dims), period) is not None
    return answered


def test_the_summary_counts_as_the_requests_do_through_every_kind_of_write() -> None:
    rng = random.Random(18)  # noqa: S311 - synthetic data
    Request.objects.bulk_create([_request(rng, n) for n in range(300)])
    for n in range(300, 320):
        _request(rng, n).save()
    assert _same_as_requests() > 150

    ids = list(Request.objects.values_list("id", flat=True))
    Request.objects.filter(pk__in=ids[:40]).update(status="closed", outcome="withdrawn")
    Request.objects.filter(pk__in=ids[40:60]).update(created_at=datetime(2026, 11, 30, tzinfo=UTC))
    Request.objects.filter(pk__in=ids[60:70]).update(category_bits=5, district="")
    one = Request.objects.get(pk=ids[70])
    one.personnel, one.channel = "conscript", "telegram"
    one.save()
    Request.objects.filter(pk__in=ids[80:90]).update(updated_at=START)  # not counted: no change
    requests_shred(requests=Request.objects.filter(pk__in=ids[90:120]), by=None)
    Request.objects.filter(pk__in=ids[120:150]).delete()
    _same_as_requests()
    assert not Count.objects.filter(n__lte=0).exists()


def test_emptied_groupings_vanish_and_leave_no_row_behind() -> None:
    """A shredded or deleted request leaves no summary row at 0: such a row would keep its day
    and its columns on the disk after the request is gone."""
    rng = random.Random(5)  # noqa: S311 - synthetic data
    Request.objects.bulk_create([_request(rng, n) for n in range(30)])
    ids = list(Request.objects.values_list("id", flat=True))
    Request.objects.filter(pk__in=ids[:10]).update(status="closed", outcome="withdrawn")
    requests_shred(requests=Request.objects.filter(pk__in=ids[10:20]), by=None)
    Request.objects.all().delete()
    assert grouped(["district", "channel"], None) == {}
    assert grouped(["week"], None) == {}
    assert Count.objects.count() == 0


def test_a_summary_emptied_before_the_requests_counts_the_next_request() -> None:
    """Django's flush on SQLite empties the tables in a hash-seeded order: when stats_count goes
    before intake_request, each request's delete lowers rows the summary no longer has. No row
    may stay below 0 to cancel the next request's +1."""
    rng = random.Random(9)  # noqa: S311 - synthetic data
    Request.objects.bulk_create([_request(rng, n) for n in range(12)])
    Count.objects.all().delete()
    Request.objects.all().delete()
    assert not Count.objects.exists()
    _request(rng, 12).save()
    assert grouped(["district", "channel"], None) == grouped_requests(["district", "channel"], None)
    assert sum(grouped(["status"], None).values()) == 1


def test_only_positive_rows_are_read() -> None:
    rng = random.Random(6)  # noqa: S311 - synthetic data
    Request.objects.bulk_create([_request(rng, n) for n in range(5)])
    Count.objects.create(dims="day:", on_day="2026-01-05", a="", b="", c="", n=0)
    Count.objects.create(dims=":district", on_day="", a="zz", b="", c="", n=0)
    assert ("zz",) not in grouped(["district"], None)
    assert grouped(["week"], None) == grouped_requests(["week"], None)


def test_the_page_s_views_are_read_from_the_summary() -> None:
    rng = random.Random(7)  # noqa: S311 - synthetic data
    Request.objects.bulk_create([_request(rng, n) for n in range(50)])
    for dims in (["district", "channel"], ["district", "week"], ["month", "status"]):
        assert _summarised(dims, None) is not None
    assert _summarised(["district", "category", "channel"], None) is not None
    # Three columns within a period are not kept: the requests are grouped.
    assert _summarised(["district", "category", "channel"], PERIODS[1]) is None
    assert grouped(["district", "category", "channel"], PERIODS[1]) == grouped_requests(
        ["district", "category", "channel"], PERIODS[1]
    )


def test_missing_triggers_are_put_back_and_the_summary_rebuilt() -> None:
    rng = random.Random(11)  # noqa: S311 - synthetic data
    Request.objects.bulk_create([_request(rng, n) for n in range(40)])
    remove(connection, summary_only=True)  # as a migration rebuilding intake_request does
    Request.objects.bulk_create([_request(rng, n) for n in range(40, 60)])
    Request.objects.filter(status="new").update(status="closed", outcome="withdrawn")
    assert grouped(["status"], None) != grouped_requests(["status"], None)
    install(connection)
    _same_as_requests()
    Request.objects.bulk_create([_request(rng, n) for n in range(60, 70)])  # triggers back
    assert grouped(["status", "channel"], None) == grouped_requests(["status", "channel"], None)


def test_the_backlog_figures_from_the_summary_equal_those_from_every_open_request() -> None:
    rng = random.Random(3)  # noqa: S311 - synthetic data
    now = timezone.now()
    cutoff = now - timedelta(days=30)
    batch = [_request(rng, n) for n in range(120)]
    # Around the 30-day cutoff, inside its day and on the days beside it.
    for i, minutes in enumerate([-1500, -90, -1, 0, 1, 90, 1500]):
        batch[i].created_at = cutoff + timedelta(minutes=minutes)
        batch[i].status = "new"
    Request.objects.bulk_create(batch)
    for size in range(len(batch), 0, -17):  # odd and even counts of open requests
        Request.objects.filter(pk__in=[r.pk for r in batch[size:]]).update(status="closed")
        opened = sorted(
            Request.objects.filter(status__in=OPEN_STATUSES).values_list("created_at", flat=True)
        )
        n, over, middle = _open_ages(now)
        assert n == len(opened)
        assert over == sum(t < cutoff for t in opened)
        assert middle == ([opened[(n - 1) // 2], opened[n // 2]] if n else [])
    figures = service()
    assert figures.open == n and figures.total == len(batch)
