"""A request that joins a person only documents mention gets that person a new row (red team,
round 10, finding 1: the row made at an order's linking told, by its time and id, which order
names a man who asked later). Whatever named the old row follows it: the documents' mentions,
the uncertain neighbours (clear and sealed) and the lawyers' corrections."""

from __future__ import annotations

import pytest

from objector.persons.actions import person_merge
from objector.persons.models import Correction, Mention, Person, of_person

pytestmark = pytest.mark.django_db(transaction=True)


def _order(number: int, unit: str, name: str) -> str:
    return (
        f"ПРИКАЗ\nкомандира войсковой части {unit}\nот 1 марта 2025 г. № {number}\n"
        f"1. Исключить:\nрядового {name}, личный номер АБ-100001;\n"
    )


def test_whatever_named_the_documents_person_follows_its_new_row(
    linked_request, linked_document, lawyer, coordinator
) -> None:
    first = linked_document(_order(7, "12345", "Синтетова Петра Сергеевича"), lawyer)
    # A transfer: the same name in another unit's order, kept apart by the unit only.
    moved = linked_document(_order(8, "54321", "Синтетова Петра Сергеевича"), lawyer)
    [his] = [m for m in Mention.objects.filter(document=first) if m.person_pk()]
    [there] = [m for m in Mention.objects.filter(document=moved) if m.person_pk()]
    old = his.person_pk()
    assert old is not None and there.near_pk() == old  # nearly the first order's man
    # A lawyer merged another documents-only person into the old row: a correction names it.
    other = Person.objects.create()
    person_merge(person=Person.objects.get(pk=old), other=other, by=coordinator)
    assert Correction.objects.filter(person_id_kept=old).exists()

    asked = linked_request(name="Синтетов Пётр Сергеевич", unit="в/ч 12345")

    new = Mention.objects.get(request=asked).person_id
    assert new is not None and new != old and not Person.objects.filter(pk=old).exists()
    assert Person.objects.get(pk=new).created_at >= asked.created_at
    assert Mention.objects.get(pk=his.pk).person_pk() == new
    assert Mention.objects.filter(of_person(new)).count() == 2
    assert not Mention.objects.filter(of_person(old)).exists()
    assert Mention.objects.get(pk=there.pk).near_pk() == new
    assert Correction.objects.filter(person_id_kept=new).count() == 1
    assert not Correction.objects.filter(person_id_kept=old).exists()


def test_a_request_joining_a_requests_person_keeps_it(linked_request) -> None:
    first = linked_request(name="Синтетов Пётр Сергеевич", unit="в/ч 12345")
    again = linked_request(name="Синтетов Пётр Сергеевич", unit="в/ч 12345")
    assert (
        Mention.objects.get(request=again).person_id == Mention.objects.get(request=first).person_id
    )
