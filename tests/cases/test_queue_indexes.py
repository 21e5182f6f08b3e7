"""The queue's default view and its sorts by last activity and by age read their first page in
index order, never sorting every shown request, without the planner's statistics (the product
never runs ANALYZE). Without the sort indexes, each of those sorts sorted the whole queue;
an index leading with status made SQLite sort every open request for the default view."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from objector.cases import queue
from objector.intake.models import Request

pytestmark = pytest.mark.django_db

STATUSES = ["new"] * 6 + ["triaged", "assigned", "in_progress", "closed"]


def plan(sql: str, params: tuple[object, ...]) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return [str(row[-1]) for row in cursor.fetchall()]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner and its statistics")
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"sort": "updated"},
        {"sort": "-updated"},
        {"sort": "age"},
        {"sort": "age", "status": "all"},
        {"sort": "-age", "status": "all"},
        {"sort": "updated", "status": "all"},
    ],
    ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items()) or "default",
)
def test_it_reads_each_sorts_first_page_in_index_order(make_request, params) -> None:
    first = make_request()
    now = timezone.now()
    clones = []
    for i, status in zip(range(400), itertools.cycle(STATUSES), strict=False):
        clone = Request.objects.get(pk=first.pk)
        clone.pk = None
        clone.reference = f"IDX{i:05d}"
        clone.idempotency_key = f"index-test-{i}"
        clone.status = status
        clone.created_at = now - timedelta(hours=i)
        clone.updated_at = now - timedelta(minutes=(i * 37) % 400)
        clones.append(clone)
    Request.objects.bulk_create(clones)

    filters = queue.Filters.parse(params)
    assert len(queue.page(Request.objects.all(), filters, 1)) == queue.PAGE_SIZE
    query = queue.page_query(Request.objects.all(), filters, 1)
    steps = plan(*query.query.sql_with_params())
    # The default view sorts only ties of (urgency, age) by id: "RIGHT PART OF ORDER BY".
    assert not any(step.endswith("TEMP B-TREE FOR ORDER BY") for step in steps), steps
