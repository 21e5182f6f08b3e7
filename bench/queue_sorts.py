"""Benchmark: what the queue's sort indexes (intake migration 0005) save, query by query.

On a shared, loaded machine two HTTP runs minutes apart differ more than the indexes do, so this
times the queue's page query itself, alternating round by round between the database as it is
and a copy without the two indexes: the machine's drift falls on both alike. `--analyze` gives
both copies the planner's statistics first (the product never runs ANALYZE; the plans must hold
without it, and with it). Use the directory that `triage.py --keep DIR` seeded:

    .venv/bin/python bench/triage.py --requests 20000 --rounds 30 --keep DIR
    .venv/bin/python bench/queue_sorts.py --keep DIR [--rounds 200] [--analyze]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import time
from pathlib import Path

from common import fresh_environment, machine

INDEXES = ("request_queue_updated", "request_queue_age")
SORTS = {
    "default (open, by urgency)": {},
    "sorted by last activity": {"sort": "updated"},
    "sorted by status": {"sort": "status"},
    "oldest first, all statuses": {"status": "all", "sort": "age"},
    "latest activity, all statuses": {"status": "all", "sort": "updated"},
}


def page_sql(params: dict[str, str]) -> tuple[str, tuple[object, ...]]:
    from objector.cases import queue
    from objector.intake.models import Request

    query = queue.page_query(Request.objects.all(), queue.Filters.parse(params), 1)
    sql, values = query.query.sql_with_params()
    return sql.replace("%s", "?"), tuple(values)  # Django's placeholders, sqlite3's


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, required=True, help="a directory triage.py seeded")
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--analyze", action="store_true", help="planner statistics first")
    args = parser.parse_args()
    fresh_environment(args.keep)  # migrated: the indexes are there
    from django.db import connection

    from objector.intake.models import Request

    requests = Request.objects.count()
    database = Path(connection.settings_dict["NAME"])
    connection.close()
    bare = database.with_name("without-sort-indexes.sqlite3")
    with sqlite3.connect(database) as source, sqlite3.connect(bare) as target:
        source.backup(target)
    connections = {"with": sqlite3.connect(database), "without": sqlite3.connect(bare)}
    for name in INDEXES:
        connections["without"].execute(f"DROP INDEX {name}")
    for db in connections.values():
        if args.analyze:
            db.execute("ANALYZE")
    queries = {view: page_sql(params) for view, params in SORTS.items()}
    plans = {
        view: {
            state: "; ".join(
                str(step[3]) for step in db.execute(f"EXPLAIN QUERY PLAN {sql}", values)
            )
            for state, db in connections.items()
        }
        for view, (sql, values) in queries.items()
    }
    times: dict[str, dict[str, list[float]]] = {v: {"with": [], "without": []} for v in SORTS}
    for _ in range(args.rounds):
        for view, (sql, values) in queries.items():
            for state, db in connections.items():
                started = time.perf_counter()
                rows = db.execute(sql, values).fetchall()
                times[view][state].append((time.perf_counter() - started) * 1000)
                assert len(rows) == 50  # noqa: S101 - a full first page
    figures = {
        "benchmark": "queue sort indexes, page query alternating",
        "requests": requests,
        "rounds": args.rounds,
        "analyzed": args.analyze,
        "views": {
            view: {
                "with_p50_ms": round(statistics.median(t["with"]), 2),
                "without_p50_ms": round(statistics.median(t["without"]), 2),
                "without_over_with": round(
                    statistics.median(t["without"]) / statistics.median(t["with"]), 1
                ),
                "plan_with": plans[view]["with"],
                "plan_without": plans[view]["without"],
            }
            for view, t in times.items()
        },
        **machine(),
    }
    for db in connections.values():
        db.close()
    bare.unlink()
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
