"""The triggers behind the statistics page's cache key (models.Version).

A write to a request's counted columns, a deleted request or an answer sent bumps a counter in
the writer's own transaction. SQL triggers rather than Django signals: queryset updates and bulk
inserts (cases.actions, the demo) send no signal. Installed by migration 0002 and again after
every `migrate` (apps.py): SQLite drops a table's triggers when a later migration rebuilds the
table, and the key must never silently stop moving.
"""

from __future__ import annotations

from typing import Any

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


def _run(connection: Any, statements: dict[str, list[str]]) -> None:
    with connection.cursor() as cursor:
        for sql in statements.get(connection.vendor, []):
            cursor.execute(sql)


def install(connection: Any) -> None:
    """Create the triggers where missing (idempotent)."""
    _run(connection, {"sqlite": _SQLITE, "postgresql": _POSTGRES})


def remove(connection: Any) -> None:
    _run(connection, {"sqlite": _SQLITE_DROP, "postgresql": _POSTGRES_DROP})
