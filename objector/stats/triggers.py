"""The triggers behind the statistics page's cache key (models.Version) and its counts
(models.Count).

A write to a request's counted columns, a deleted request or an answer sent bumps a counter in
the writer's own transaction. SQL triggers rather than Django signals: queryset updates and bulk
inserts (cases.actions, the demo) send no signal. Installed by migration 0002 and again after
every `migrate` (apps.py): SQLite drops a table's triggers when a later migration rebuilds the
table, and the key must never silently stop moving.
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

from django.db import transaction

SLOTS = 8
COUNTED = ("created_at", "status", "outcome", "district", "channel", "personnel", "category_bits")
_CHANGED = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in COUNTED)
# The slot is the row's id modulo SLOTS (8).
_BUMP = (
    "INSERT INTO stats_version (slot, n) VALUES ({row}.id % 8, 1) "
    "ON CONFLICT (slot) DO UPDATE SET n = stats_version.n + 1"
)

_SQLITE = [
    "CREATE TRIGGER IF NOT EXISTS stats_version_request_insert AFTER INSERT ON intake_request "
    f"BEGIN {_BUMP.format(row='NEW')}; END",
    "CREATE TRIGGER IF NOT EXISTS stats_version_request_update AFTER UPDATE ON intake_request "
    f"WHEN {_CHANGED.replace('IS DISTINCT FROM', 'IS NOT')} "
    f"BEGIN {_BUMP.format(row='NEW')}; END",
    "CREATE TRIGGER IF NOT EXISTS stats_version_request_delete AFTER DELETE ON intake_request "
    f"BEGIN {_BUMP.format(row='OLD')}; END",
    "CREATE TRIGGER IF NOT EXISTS stats_version_answer AFTER INSERT ON cases_entry "
    f"WHEN NEW.kind = 'message_out' BEGIN {_BUMP.format(row='NEW')}; END",
]
_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS stats_version_request_insert",
    "DROP TRIGGER IF EXISTS stats_version_request_update",
    "DROP TRIGGER IF EXISTS stats_version_request_delete",
    "DROP TRIGGER IF EXISTS stats_version_answer",
]
_POSTGRES = [
    "CREATE OR REPLACE FUNCTION stats_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN IF TG_OP = 'DELETE' THEN " + _BUMP.format(row="OLD") + "; "
    "ELSE " + _BUMP.format(row="NEW") + "; END IF; RETURN NULL; END $$",
    "CREATE OR REPLACE TRIGGER stats_version_request_write AFTER INSERT OR DELETE "
    "ON intake_request FOR EACH ROW EXECUTE FUNCTION stats_version_bump()",
    "CREATE OR REPLACE TRIGGER stats_version_request_update AFTER UPDATE ON intake_request "
    f"FOR EACH ROW WHEN ({_CHANGED}) EXECUTE FUNCTION stats_version_bump()",
    "CREATE OR REPLACE TRIGGER stats_version_answer AFTER INSERT ON cases_entry "
    "FOR EACH ROW WHEN (NEW.kind = 'message_out') EXECUTE FUNCTION stats_version_bump()",
]
_POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS stats_version_request_write ON intake_request",
    "DROP TRIGGER IF EXISTS stats_version_request_update ON intake_request",
    "DROP TRIGGER IF EXISTS stats_version_answer ON cases_entry",
    "DROP FUNCTION IF EXISTS stats_version_bump()",
]


# The page's counts themselves, in a summary table kept by triggers of the same kind
# (models.Count): for each request, +1 on one row per grouping the page can ask for, so that a
# table after a change reads a few thousand summary rows instead of grouping every request.
# One summary keyed by the day and every counted column would hold about a row a request (at
# 100,000 requests over a year, 98,654 rows: the columns' combinations outnumber the requests
# of a day; docs/benchmarks.md), so it is kept by subsets of the columns instead: by day with up
# to two columns (time series, alone or crossed with one or two dimensions), and without the
# day with one to three (cross-tables over the whole history). Anything else (three columns
# within a period) still groups the requests (counts.py).
SUMMED = ("district", "channel", "status", "outcome", "personnel", "category_bits")
DAY_COLUMNS = 2
WHOLE_COLUMNS = 3
GROUPINGS: list[tuple[bool, tuple[str, ...]]] = [
    (True, c) for r in range(DAY_COLUMNS + 1) for c in combinations(SUMMED, r)
] + [(False, c) for r in range(1, WHOLE_COLUMNS + 1) for c in combinations(SUMMED, r)]
VALUE_FIELDS = ("a", "b", "c")


def grouping_key(by_day: bool, columns: tuple[str, ...]) -> str:
    return ("day:" if by_day else ":") + ",".join(columns)


def _day_sql(vendor: str, row: str) -> str:
    """The UTC calendar day of a request's intake, as 'YYYY-MM-DD' text."""
    if vendor == "sqlite":  # stored as 'YYYY-MM-DD HH:MM:SS[.ffffff]' in UTC
        return f"substr({row}created_at, 1, 10)"
    return f"to_char({row}created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')"


def _grouping_sql(vendor: str, row: str, by_day: bool, columns: tuple[str, ...]) -> list[str]:
    """dims, on_day, a, b, c as SQL over a request row (row: 'NEW.', 'OLD.' or '')."""
    values = [f"CAST({row}{c} AS TEXT)" if c == "category_bits" else row + c for c in columns]
    values += ["''"] * (len(VALUE_FIELDS) - len(columns))
    day = _day_sql(vendor, row) if by_day else "''"
    return [f"'{grouping_key(by_day, columns)}'", day, *values]


def _count_sql(vendor: str, row: str, n: int) -> str:
    """One statement adding n to each grouping of one request row. Its keys are distinct (a
    PostgreSQL statement may not update a row twice), so an update's -1 and +1 are two."""
    rows = ", ".join(
        "(" + ", ".join([*_grouping_sql(vendor, row, d, c), str(n)]) + ")" for d, c in GROUPINGS
    )
    return (
        f"INSERT INTO stats_count (dims, on_day, a, b, c, n) VALUES {rows} "  # noqa: S608 - our own columns
        "ON CONFLICT (dims, on_day, a, b, c) DO UPDATE SET n = stats_count.n + excluded.n"
    )


def _prune_sql(vendor: str, row: str) -> str:
    """Statements deleting each grouping row of one request row whose count fell to 0 or below:
    a row left at 0 would keep a shredded request's day and columns on the disk, and one below 0
    is a decrement of a row the summary lacked (Django's flush on SQLite empties the tables in
    a hash-seeded order, stats_count before intake_request at times): kept, it would cancel the
    next request's +1 and hide it. One statement a grouping, each found by its primary key (a
    row-value IN over them scans the table)."""
    return "; ".join(
        "DELETE FROM stats_count WHERE n <= 0 AND "  # noqa: S608 - our own columns
        + " AND ".join(
            f"{column} = {value}"
            for column, value in zip(
                ("dims", "on_day", *VALUE_FIELDS), _grouping_sql(vendor, row, d, c), strict=True
            )
        )
        for d, c in GROUPINGS
    )


def _rebuild_sql(vendor: str) -> list[str]:
    """The summary from the requests themselves: when its triggers were missing."""
    out = ["DELETE FROM stats_count"]
    for by_day, columns in GROUPINGS:
        exprs = _grouping_sql(vendor, "", by_day, columns)
        grouped = ([exprs[1]] if by_day else []) + list(columns)
        out.append(
            "INSERT INTO stats_count (dims, on_day, a, b, c, n) "  # noqa: S608 - our own columns
            f"SELECT {', '.join(exprs)}, COUNT(*) FROM intake_request "
            f"GROUP BY {', '.join(grouped)}"
        )
    return out


_COUNT_SQLITE = [
    "CREATE TRIGGER IF NOT EXISTS stats_count_request_insert AFTER INSERT ON intake_request "
    f"BEGIN {_count_sql('sqlite', 'NEW.', 1)}; END",
    "CREATE TRIGGER IF NOT EXISTS stats_count_request_update AFTER UPDATE ON intake_request "
    f"WHEN {_CHANGED.replace('IS DISTINCT FROM', 'IS NOT')} "
    f"BEGIN {_count_sql('sqlite', 'OLD.', -1)}; {_count_sql('sqlite', 'NEW.', 1)}; "
    f"{_prune_sql('sqlite', 'OLD.')}; END",
    "CREATE TRIGGER IF NOT EXISTS stats_count_request_delete AFTER DELETE ON intake_request "
    f"BEGIN {_count_sql('sqlite', 'OLD.', -1)}; {_prune_sql('sqlite', 'OLD.')}; END",
]
_COUNT_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS stats_count_request_insert",
    "DROP TRIGGER IF EXISTS stats_count_request_update",
    "DROP TRIGGER IF EXISTS stats_count_request_delete",
]
_COUNT_POSTGRES = [
    "CREATE OR REPLACE FUNCTION stats_count_apply() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN IF TG_OP IN ('UPDATE', 'DELETE') THEN "
    + _count_sql("postgresql", "OLD.", -1)
    + "; END IF; IF TG_OP IN ('INSERT', 'UPDATE') THEN "
    + _count_sql("postgresql", "NEW.", 1)
    + "; END IF; IF TG_OP IN ('UPDATE', 'DELETE') THEN "
    + _prune_sql("postgresql", "OLD.")
    + "; END IF; RETURN NULL; END $$",
    "CREATE OR REPLACE TRIGGER stats_count_request_write AFTER INSERT OR DELETE "
    "ON intake_request FOR EACH ROW EXECUTE FUNCTION stats_count_apply()",
    "CREATE OR REPLACE TRIGGER stats_count_request_update AFTER UPDATE ON intake_request "
    f"FOR EACH ROW WHEN ({_CHANGED}) EXECUTE FUNCTION stats_count_apply()",
]
_COUNT_POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS stats_count_request_write ON intake_request",
    "DROP TRIGGER IF EXISTS stats_count_request_update ON intake_request",
    "DROP FUNCTION IF EXISTS stats_count_apply()",
]
_COUNT_PRESENT = {
    "sqlite": "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' "
    "AND name IN ('stats_count_request_insert', 'stats_count_request_update', "
    "'stats_count_request_delete')",
    "postgresql": "SELECT COUNT(*) FROM pg_trigger WHERE NOT tgisinternal "
    "AND tgname IN ('stats_count_request_write', 'stats_count_request_update')",
}
_COUNT_TRIGGERS = {"sqlite": 3, "postgresql": 2}


def _run(connection: Any, statements: dict[str, list[str]]) -> None:
    with connection.cursor() as cursor:
        for sql in statements.get(connection.vendor, []):
            cursor.execute(sql)


def install(connection: Any) -> None:
    """Create the triggers where missing (idempotent). Where any of the summary's was missing
    (the first install, or a migration that rebuilt intake_request on SQLite and dropped them),
    the summary is rebuilt from the requests in the same transaction, the requests locked
    against writers meanwhile on PostgreSQL."""
    vendor = connection.vendor
    if vendor not in _COUNT_TRIGGERS:
        return
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            summary = "stats_count" in connection.introspection.table_names(cursor)
            if summary and vendor == "postgresql":
                cursor.execute("LOCK TABLE intake_request IN SHARE ROW EXCLUSIVE MODE")
            cursor.execute(_COUNT_PRESENT[vendor])
            present = cursor.fetchone()[0] == _COUNT_TRIGGERS[vendor]
        if not summary:  # migrated back before 0004
            _run(connection, {"sqlite": _SQLITE, "postgresql": _POSTGRES})
            return
        _run(
            connection,
            {
                "sqlite": _SQLITE + _COUNT_SQLITE + ([] if present else _rebuild_sql("sqlite")),
                "postgresql": _POSTGRES
                + _COUNT_POSTGRES
                + ([] if present else _rebuild_sql("postgresql")),
            },
        )


def remove(connection: Any, *, summary_only: bool = False) -> None:
    version = (
        {"sqlite": [], "postgresql": []}
        if summary_only
        else {"sqlite": _SQLITE_DROP, "postgresql": _POSTGRES_DROP}
    )
    _run(
        connection,
        {
            "sqlite": version["sqlite"] + _COUNT_SQLITE_DROP,
            "postgresql": version["postgresql"] + _COUNT_POSTGRES_DROP,
        },
    )
