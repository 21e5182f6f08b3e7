"""The audit log: every view of a case and every change, in a hash chain that detects edits,
deletions, reordering and (against an exported head) truncation."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from objector.cases.actions import request_assign
from objector.vault.audit import chain_verify, entries_of, head, objects_open, verify_limits
from objector.vault.models import AuditEntry, AuditHead
from tests.conftest import vault_socket_forget

pytestmark = pytest.mark.django_db(transaction=True)  # on_commit: the key-holder sees heads


@pytest.fixture
def trail(make_request, coordinator, lawyer, client_for):
    """A case assigned, viewed and changed through the real views: six entries."""
    case = make_request()
    request_assign(request=case, lawyer=lawyer, by=coordinator)
    client = client_for(lawyer)
    client.get(f"/staff/cases/{case.pk}")
    client.post(f"/staff/cases/{case.pk}/note", {"text": "Синтетическая заметка"})
    client.post(f"/staff/cases/{case.pk}/status", {"status": "in_progress"})
    client_for(coordinator).get(f"/staff/cases/{case.pk}")
    client.post(f"/staff/cases/{case.pk}/message", {"text": "Синтетический ответ"})
    return case


def test_it_records_who_saw_and_changed_which_case_but_never_the_data(trail) -> None:
    rows = list(AuditEntry.objects.order_by("seq").values_list("seq", "actor_name", "action"))
    assert rows == [
        (1, "coordinator", "assign"),
        (2, "lawyer", "view"),
        (3, "lawyer", "note"),
        (4, "lawyer", "status"),
        (5, "coordinator", "view"),
        (6, "lawyer", "message"),
    ]
    # The case's id is sealed in every entry, and found by its tag while unlocked.
    assert set(AuditEntry.objects.values_list("object_id", flat=True)) == {""}
    assert [e.seq for e in entries_of("request", trail.pk)] == [1, 2, 3, 4, 5, 6]
    stored = " ".join(str(v) for row in AuditEntry.objects.values_list() for v in row)
    for personal in (
        trail.personal["name"],
        trail.personal["story"],
        trail.reference,
        "Синтетическая заметка",
    ):
        assert personal not in stored
    assert chain_verify() == []
    call_command("audit", "verify")


def test_it_records_sign_in_and_team_changes(admin, client_for) -> None:
    from django.test import Client

    from tests.conftest import PASSWORD

    Client().post("/staff/login", {"username": "admin", "password": PASSWORD})
    client_for(admin).post(
        "/staff/team", {"username": "newcomer", "password": PASSWORD, "role": "analyst"}
    )
    actions = list(AuditEntry.objects.order_by("seq").values_list("action", flat=True))
    assert actions == ["sign_in", "staff_create"]


def test_it_detects_an_edited_entry(trail, capsys) -> None:
    AuditEntry.objects.filter(seq=3).update(actor_name="coordinator")
    assert [(p.seq, "edited" in p.what) for p in chain_verify()] == [(3, True)]
    with pytest.raises(CommandError, match="broken in 1 place"):
        call_command("audit", "verify")
    said = capsys.readouterr().err
    assert "entry 3: was edited" in said and "запись 3: изменена" in said


def test_it_detects_a_deleted_entry(trail) -> None:
    AuditEntry.objects.filter(seq=2).delete()
    problems = chain_verify()
    assert problems and problems[0].seq == 2 and "missing" in problems[0].what


def test_it_detects_reordered_entries(trail) -> None:
    AuditEntry.objects.filter(seq=4).update(seq=-4)
    AuditEntry.objects.filter(seq=5).update(seq=4)
    AuditEntry.objects.filter(seq=-4).update(seq=5)
    assert {p.seq for p in chain_verify()} >= {4, 5}


def test_it_detects_truncation_against_an_exported_head(trail) -> None:
    exported = head()
    assert exported.startswith("6:") and len(exported) == 2 + 64
    # Someone removes the last two entries and rewinds the head to cover it up.
    fourth = AuditEntry.objects.get(seq=4)
    AuditEntry.objects.filter(seq__gt=4).delete()
    AuditHead.objects.filter(pk=1).update(seq=4, hash=fourth.hash)
    # The key-holder remembers the head it saw last: an anchor outside the database.
    assert [p.what for p in chain_verify()] == ["truncated: the exported head is at 6"]
    # After a restart it remembers nothing, and the chain alone cannot tell: not "whole", but
    # "cannot verify".
    vault_socket_forget()
    assert chain_verify() == []
    assert any("no anchor" in english for english, _ in verify_limits())
    with pytest.raises(CommandError, match="cannot verify") as refused:
        call_command("audit", "verify")
    assert refused.value.returncode == 2
    problems = chain_verify(exported_head=exported)
    assert [p.what for p in problems] == ["truncated: the exported head is at 6"]
    with pytest.raises(CommandError, match="broken"):
        call_command("audit", "verify", head=exported)


def test_it_refuses_a_malformed_head(trail, capsys) -> None:
    call_command("audit", "head")
    assert capsys.readouterr().out.strip() == head()
    with pytest.raises(CommandError, match="--head"):
        call_command("audit", "verify", head="six:abc")


def test_it_records_refused_access(make_request, lawyer, colleague, client_for) -> None:
    """A lawyer opening a case that is not theirs gets 404, and the attempt is recorded."""
    case = make_request()
    assert client_for(colleague).get(f"/staff/cases/{case.pk}").status_code == 404
    assert client_for(lawyer).get("/staff/documents/999999").status_code == 404
    refused = list(AuditEntry.objects.filter(action="access_refused").order_by("seq"))
    assert [(e.actor_name, e.object_type) for e in refused] == [
        ("colleague", "request"),
        ("lawyer", "document"),
    ]
    assert list(objects_open(refused).values()) == [str(case.pk), "999999"]
