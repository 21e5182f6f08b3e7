"""What a case page view writes to the disk: its audit entry and the reader's read mark, no
other row (docs/threat-model.md, round 10's red team, finding 5: a clear row written at a
view's moment that names the case would name that view's audit entry, and by its tag every
view of the case)."""

from __future__ import annotations

import pytest
from django.db import connection

from objector.cases.actions import note_add

WRITTEN_BY_A_VIEW = {"vault_auditentry", "vault_audithead", "cases_caseread"}  # the chain, the mark


def _rows() -> dict[str, set[tuple[object, ...]]]:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        found = {}
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            found[table] = {
                tuple(bytes(v) if isinstance(v, memoryview) else v for v in r)
                for r in cursor.fetchall()
            }
    return found


@pytest.mark.django_db(transaction=True)
def test_a_case_view_writes_no_row_but_its_audit_entry_and_read_mark(
    replied, lawyer, client_for
) -> None:
    made = replied
    note_add(request=made, text="Позвонить.", by=lawyer)
    client = client_for(lawyer)
    assert client.get(f"/staff/cases/{made.pk}").status_code == 200  # the first: fills caches
    assert client.get("/staff/queue").status_code == 200
    before = _rows()
    assert client.get(f"/staff/cases/{made.pk}").status_code == 200
    after = _rows()
    changed = {t for t in after if after[t] != before.get(t)}
    assert changed == WRITTEN_BY_A_VIEW, changed
