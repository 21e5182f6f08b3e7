"""What a case page view writes to the disk: its audit entry, and the reader's read mark only
when the requester wrote since the last one; no other row (docs/threat-model.md, round 10's red
team, finding 5: a clear row written at a view's moment that names the case would name that
view's audit entry; and round 12: a read mark rewritten at every view named, in a later copy,
each view of the case once one of its moments was named)."""

from __future__ import annotations

import pytest
from django.db import connection

from objector.cases.actions import message_receive, note_add
from objector.cases.models import CaseRead

WRITTEN_BY_A_VIEW = {"vault_auditentry", "vault_audithead"}  # the chain


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
def test_a_case_view_writes_no_row_but_its_audit_entry(replied, lawyer, client_for) -> None:
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


@pytest.mark.django_db(transaction=True)
def test_a_case_view_after_a_reply_writes_the_read_mark_too(replied, lawyer, client_for) -> None:
    made = replied
    client = client_for(lawyer)
    assert client.get(f"/staff/cases/{made.pk}").status_code == 200  # the first reply read
    [first] = CaseRead.objects.filter(staff=lawyer).values_list("seen_at", flat=True)
    assert client.get(f"/staff/cases/{made.pk}").status_code == 200
    assert list(CaseRead.objects.values_list("seen_at", flat=True)) == [first]  # nothing new
    message_receive(request=made, text="И ещё вопрос.")
    assert f'id="unread-{made.reference}"' in client.get("/staff/queue").content.decode()
    before = _rows()
    assert client.get(f"/staff/cases/{made.pk}").status_code == 200
    after = _rows()
    changed = {t for t in after if after[t] != before.get(t)}
    assert changed == WRITTEN_BY_A_VIEW | {"cases_caseread"}, changed
    [seen] = CaseRead.objects.values_list("seen_at", flat=True)
    assert seen > first
    assert f'id="unread-{made.reference}"' not in client.get("/staff/queue").content.decode()
