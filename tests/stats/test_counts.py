"""Counting by week and month: grouped by day in the database, folded into Monday-weeks and
calendar months, on the edges where an off-by-one shows (Sunday night, the first of a month)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from objector.intake.models import Request
from objector.stats.counts import grouped

pytestmark = pytest.mark.django_db

MOMENTS = [
    datetime(2026, 11, 29, 23, 59, 59, 999999, tzinfo=UTC),  # a Sunday: week of 23 Nov
    datetime(2026, 11, 30, 0, 0, 0, tzinfo=UTC),  # the Monday after: week of 30 Nov
    datetime(2026, 12, 1, 0, 0, 0, tzinfo=UTC),  # still the week of 30 Nov, but December
    datetime(2026, 12, 6, 12, 0, 0, tzinfo=UTC),  # Sunday, week of 30 Nov
    datetime(2025, 12, 31, 23, 0, 0, tzinfo=UTC),  # a year's last day: week of 29 Dec 2025
]


@pytest.fixture
def dated(make_request: Any) -> None:
    for moment in MOMENTS:
        request = make_request()
        Request.objects.filter(pk=request.pk).update(created_at=moment)


def test_it_folds_days_into_weeks_that_start_on_monday(dated: None) -> None:
    assert grouped(["week"], None) == {
        ("2025-12-29",): 1,
        ("2026-11-23",): 1,
        ("2026-11-30",): 3,
    }


def test_it_folds_days_into_calendar_months(dated: None) -> None:
    assert grouped(["month"], None) == {
        ("2025-12-01",): 1,
        ("2026-11-01",): 2,
        ("2026-12-01",): 2,
    }


def test_it_crosses_weeks_with_another_dimension(dated: None) -> None:
    counts = grouped(["week", "channel"], None)
    assert counts == {
        ("2025-12-29", "web"): 1,
        ("2026-11-23", "web"): 1,
        ("2026-11-30", "web"): 3,
    }
