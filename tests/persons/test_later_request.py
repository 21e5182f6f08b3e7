"""A request that joins a person only documents mention gets that person a new row (red team,
round 10, finding 1: the row made at an order's linking told, by its time and id, which order
names a man who asked later). Whatever named the old row follows it: the documents' mentions,
the uncertain neighbours (clear and sealed) and the lawyers' corrections."""

from __future__ import annotations

import pytest

from objector.persons import actions
from objector.persons.actions import person_merge
from objector.persons.keyring import near_tag
from objector.persons.models import UNTAGGED, Correction, Mention, Person, of_person

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


def test_the_documents_neighbours_are_found_by_their_tag(
    linked_request, linked_document, lawyer, monkeypatch
) -> None:
    """`_fresh` opened every document mention's sealed blob to find the neighbours naming the
    old row, a full scan in the worker's path at each such join (about 0.5 s at 100,000): now
    their keyed `near_tag` finds them by index, and only they are opened."""
    first = linked_document(_order(7, "12345", "Синтетова Петра Сергеевича"), lawyer)
    moved = linked_document(_order(8, "54321", "Синтетова Петра Сергеевича"), lawyer)
    for number in range(9, 12):  # orders naming others: their blobs are none of its business
        linked_document(_order(number, "12345", f"Выдуманного Илью {number}"), lawyer)
    [his] = [m for m in Mention.objects.filter(document=first) if m.person_pk()]
    [there] = [m for m in Mention.objects.filter(document=moved) if m.person_pk()]
    old = his.person_pk()
    assert there.near_tag == near_tag(old) and his.near_tag != near_tag(old)
    assert there.near_tag not in (there.person_tag, his.person_tag)  # a purpose of its own
    opened: list[int] = []
    real = actions.open_ids

    def counted(blob: bytes, *, context: str) -> list[int]:
        opened.append(1)
        return real(blob, context=context)

    monkeypatch.setattr(actions, "open_ids", counted)

    asked = linked_request(name="Синтетов Пётр Сергеевич", unit="в/ч 12345")

    new = Mention.objects.get(request=asked).person_id
    assert new != old and Mention.objects.get(pk=there.pk).near_pk() == new
    assert Mention.objects.get(pk=there.pk).near_tag == near_tag(new)
    assert len(opened) == 1, f"{len(opened)} sealed blobs opened to find one neighbour"


def test_a_neighbour_sealed_before_its_tag_follows_and_is_tagged(
    linked_request, linked_document, lawyer
) -> None:
    """Rows sealed before round 11 have no tag (migration persons 0008 marks them UNTAGGED,
    as a migration has no key): `_fresh` still opens those, and the worker tags them all at
    the next unlock (`registry_seal`, from link_pending)."""
    first = linked_document(_order(7, "12345", "Синтетова Петра Сергеевича"), lawyer)
    moved = linked_document(_order(8, "54321", "Синтетова Петра Сергеевича"), lawyer)
    other = linked_document(_order(9, "12345", "Выдуманного Илью Андреевича"), lawyer)
    [his] = [m for m in Mention.objects.filter(document=first) if m.person_pk()]
    [there] = [m for m in Mention.objects.filter(document=moved) if m.person_pk()]
    [theirs] = [m for m in Mention.objects.filter(document=other) if m.person_pk()]
    old = his.person_pk()
    Mention.objects.filter(pk__in=[there.pk, theirs.pk]).update(near_tag=UNTAGGED)

    asked = linked_request(name="Синтетов Пётр Сергеевич", unit="в/ч 12345")

    new = Mention.objects.get(request=asked).person_id
    assert new != old and Mention.objects.get(pk=there.pk).near_pk() == new
    assert Mention.objects.get(pk=there.pk).near_tag == near_tag(new)
    assert not Mention.objects.filter(near_tag=UNTAGGED).exists()  # opened, so tagged too
    Mention.objects.filter(pk=theirs.pk).update(near_tag=UNTAGGED)
    assert actions.registry_seal() == 1
    assert not Mention.objects.filter(near_tag=UNTAGGED).exists()
    theirs = Mention.objects.get(pk=theirs.pk)
    assert len(theirs.near_tag) == 32 and theirs.near_tag != near_tag(new)
    assert theirs.near_pk() is None and theirs.person_pk() is not None
