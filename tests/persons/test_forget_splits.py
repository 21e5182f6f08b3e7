"""A person held together only by a mention deleted since (its request shredded, its document
read again) stayed one person until a full re-link: the two men its one mention linked to were
still "one client" on the queue's markers and the person page. Now the persons of the mentions
that lost a link are looked at again, and split where their mentions no longer link."""

from __future__ import annotations

from typing import Any

import pytest

from objector.cases.actions import requests_shred
from objector.intake.models import Request
from objector.persons.actions import person_merge
from objector.persons.models import Mention, Person
from objector.persons.tasks import link_request
from objector.vault.audit import AuditAction, entries_of

from .conftest import person_of

pytestmark = pytest.mark.django_db(transaction=True)  # the shredding's after-commit work
NAME = "Синтетов Пётр Сергеевич"


@pytest.fixture
def linked(make_request: Any) -> Any:
    def make(unit: str, born: str | None = None) -> Request:
        request = make_request(name=NAME, unit=f"в/ч {unit}")
        if born:
            request.personal_update(facts={**request.personal["facts"], "birth_date": born})
            request.save(update_fields=["personal_data"])
        assert link_request.call(request.pk) == "done"
        return request

    return make


def test_shredding_the_one_mention_that_joined_two_splits_them(linked: Any, admin: Any) -> None:
    # The bridge: his unit and his birth date. One later request shares the unit only, the
    # other the birth date only (a transfer): each links to the bridge, not to each other.
    bridge = linked("12345", "1990-03-01")
    unit = linked("12345")
    born = linked("54321", "1990-03-01")
    person = person_of(request=bridge)
    assert person_of(request=unit) == person == person_of(request=born)

    requests_shred(requests=[bridge], by=admin)

    assert person_of(request=unit) != person_of(request=born)
    assert person in (person_of(request=unit), person_of(request=born))
    assert not Mention.objects.filter(request=bridge).exists()
    # The new person has its audit entry, as a lawyer's split-off one: by the service, its
    # id sealed (no clear id in the row) and found by its tag.
    new = ({person_of(request=unit), person_of(request=born)} - {person}).pop()
    [entry] = entries_of("person", new.pk)
    assert (entry.action, entry.object_type, entry.actor_name, entry.object_id) == (
        AuditAction.PERSONS_SPLIT_UNLINKED,
        "person_split_off",
        "system",
        "",
    )


def test_what_a_lawyer_merged_or_still_links_stays_one(
    linked: Any, admin: Any, coordinator: Any
) -> None:
    bridge = linked("12345", "1990-03-01")
    unit = linked("12345")
    again = linked("12345")  # links to the bridge and to `unit`
    far = linked("67890", "1985-01-01")  # another man, merged in by a lawyer
    person = person_of(request=bridge)
    assert person_of(request=far) != person
    person_merge(person=person, other=person_of(request=far), by=coordinator)
    born = linked("54321", "1990-03-01")  # after the merge, which therefore does not name it
    assert person_of(request=far) == person == person_of(request=born)

    requests_shred(requests=[bridge], by=admin)

    # The unit's two still link, the lawyer's merge holds: one part; the birth date's alone.
    assert person_of(request=unit) == person_of(request=again) == person_of(request=far)
    assert person_of(request=born) != person_of(request=unit)
    assert person_of(request=unit) == person  # the larger part keeps the id
    assert Person.objects.filter(pk=person_of(request=born).pk).exists()
