"""The worker links requests and documents into persons; lawyers' corrections survive a
full re-link."""

from __future__ import annotations

import time

import pytest
from django_tasks_db.models import DBTaskResult

from objector.cases.actions import request_assign
from objector.persons.actions import CorrectionError, person_merge, person_split
from objector.persons.models import Correction, Mention, Person
from objector.persons.tasks import link_pending, link_request, relink_all
from objector.vault.actions import vault_unlock
from objector.vault.models import AuditEntry
from tests.conftest import PASSPHRASE, vault_close

from .conftest import ORDER, named_in_order, person_of

pytestmark = pytest.mark.django_db


def test_it_links_a_request_and_an_order_naming_the_same_man(
    linked_request, linked_document, lawyer
) -> None:
    request = linked_request(name="Синтетов Пётр Сергеевич", unit="в/ч 12345")
    document = linked_document(ORDER, lawyer)
    subject = person_of(request=request)
    named = named_in_order(document)
    assert named[0].person_pk() == subject.pk and named[0].person_id is None  # sealed
    assert named[1].person_pk() != subject.pk  # Выдуманный Илья is someone else
    order = named[0]
    assert (order.doc_kind, order.doc_number, order.doc_unit) == ("order", "7", "12345")
    assert order.links() and order.links()[0]["with"] == request.mention.pk
    assert order.links()[0]["fields"]["surname"] == "same"
    # Keyed apart (round 10): equal, they tied the order's names to requests in a copy of the disk.
    assert len(order.block) == 32 and len(request.mention.block) == 32
    assert order.block != request.mention.block


def test_it_links_the_serviceman_not_the_relative_who_writes(linked_request) -> None:
    son = linked_request(
        role="relative", name="Синтетов Пётр Сергеевич", writer_name="Синтетова Анна Ивановна"
    )
    again = linked_request(name="Синтетов Петр Сергеевич")  # ё written as е
    mother = linked_request(name="Синтетова Анна Ивановна")
    assert person_of(request=son) == person_of(request=again)
    assert person_of(request=mother) != person_of(request=son)


def test_it_stores_no_name_in_the_registry(linked_request) -> None:
    request = linked_request(name="Синтетов Пётр Сергеевич")
    row = Mention.objects.filter(request=request).values().get()
    assert "Синтет" not in repr(row)


def test_it_marks_a_request_with_no_name_as_done_without_a_person(linked_request) -> None:
    request = linked_request(name="")
    assert Mention.objects.get(request=request).person is None
    assert link_request.call(request.pk) == "done"
    assert Mention.objects.filter(request=request).count() == 1


def test_it_waits_while_sealed_and_catches_up_on_unlock(
    make_request, admin, django_capture_on_commit_callbacks
) -> None:
    request = make_request(name="Синтетов Пётр Сергеевич")
    vault_close()
    assert link_request.call(request.pk) == "sealed"
    assert not Mention.objects.filter(request=request).exists()
    with django_capture_on_commit_callbacks(execute=True):
        vault_unlock(staff=admin, passphrase=PASSPHRASE)
    assert DBTaskResult.objects.filter(task_path="objector.persons.tasks.link_pending").exists()
    assert link_pending.call() == 1
    assert Mention.objects.get(request=request).person is not None
    assert link_pending.call() == 0


def test_it_keeps_a_lawyers_merge_and_split_through_a_relink(
    linked_request, linked_document, lawyer, coordinator
) -> None:
    a = linked_request(name="Синтетов Пётр Сергеевич", unit="в/ч 12345")
    b = linked_request(name="Синтетов Пётр Сергеевич", unit="в/ч 12345")
    stranger = linked_request(name="Выдуманный Илья Андреевич")
    assert person_of(request=a) == person_of(request=b)
    # The lawyer knows better: b is another man; and the stranger is a's alias.
    person = person_of(request=a)
    # A coordinator's: the requests are no lawyer's, and a lawyer splits only what they see.
    split_off = person_split(person=person, mentions=[b.mention], by=coordinator)
    merged = person_merge(person=person, other=person_of(request=stranger), by=coordinator)
    assert relink_all.call() == "done"
    assert person_of(request=a) == merged
    assert person_of(request=stranger) == merged
    assert person_of(request=b) != merged
    assert person_of(request=b).pk == split_off.pk  # the ids stay where the mentions stay
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert {"person_split", "person_merge", "persons_relink"} <= set(actions)
    assert list(Correction.objects.values_list("kind", flat=True)) == ["split", "merge"]
    # A new mention of the split-off man joins whichever person its best link points to,
    # never reuniting the two.
    c = linked_request(name="Синтетов Пётр Сергеевич", unit="в/ч 12345")
    assert person_of(request=c) in (merged, split_off)
    assert person_of(request=a) != person_of(request=b)
    request_assign(request=c, lawyer=lawyer, by=coordinator)


def test_it_refuses_a_split_of_everything_or_nothing(linked_request, lawyer) -> None:
    a = linked_request(name="Синтетов Пётр Сергеевич")
    person = person_of(request=a)
    with pytest.raises(CorrectionError):
        person_split(person=person, mentions=[a.mention], by=lawyer)
    with pytest.raises(CorrectionError):
        person_split(person=person, mentions=[], by=lawyer)
    with pytest.raises(CorrectionError):
        person_merge(person=person, other=person, by=lawyer)
    assert Person.objects.count() == 1


def test_it_relinks_from_the_command_line_and_refuses_while_sealed(linked_request) -> None:
    from io import StringIO

    from django.core.management import CommandError, call_command

    a = linked_request(name="Синтетов Пётр Сергеевич")
    out = StringIO()
    call_command("relink", stdout=out)
    assert "1 mentions, 1 persons, 0 moved" in out.getvalue()
    assert Mention.objects.get(request=a).person is not None
    vault_close()
    with pytest.raises(CommandError, match="sealed"):
        call_command("relink")


def test_it_links_a_telegram_requester_to_a_web_request(linked_request) -> None:
    web = linked_request(name="Синтетов Пётр Сергеевич")
    telegram = linked_request(name="синтетов петр", channel="telegram")
    mention = Mention.objects.get(request=telegram)
    assert mention.source == Mention.Source.TELEGRAM
    assert mention.person == person_of(request=web)


def test_sealing_empties_the_workers_index_of_names(linked_request) -> None:
    from objector.persons.registry import REGISTRY
    from objector.vault.plaintext import drop

    linked_request(name="Синтетов Пётр Сергеевич")
    assert REGISTRY.index is not None
    assert any("Синтетов" in n.name for n in REGISTRY.names)
    drop()  # what the seal, or the watcher thread of every worker, runs
    assert REGISTRY.index is None and REGISTRY.names == [] and REGISTRY.pks == []
    # The next link builds it again from the sealed rows (the vault is still unlocked here).
    again = linked_request(name="Синтетов Петр Сергеевич")
    assert REGISTRY.index is not None
    assert again.mention.person_id is not None


def test_a_hostile_documents_endless_surname_is_not_linked_and_holds_nothing_up(
    linked_document, lawyer
) -> None:
    """Red team, round 9: extraction takes a capitalised word of any length as a surname, and
    reading a name is quadratic in its length: an order naming "рядового Синтетоваааа…" (30,000
    letters) held the task worker, under the registry's lock, for 40 seconds (a million
    letters: hours), and every person page showing it as long again."""
    hostile = ORDER.replace("Синтетова", "Синтетов" + "а" * 30_000)
    started = time.perf_counter()
    document = linked_document(hostile, lawyer)
    assert time.perf_counter() - started < 5
    named = named_in_order(document)
    assert len(named) == 2
    assert named[0].person_pk() is None and named[0].block == ""  # no name to link
    assert named[1].person_pk() is not None  # the other man in the order is linked as ever
