"""One definition of "beside another clear mention" (persons.models.clear_beside): a request's
link keeps its score and doubt in the clear only where its person has another clear mention
(red team, round 10, finding 6). The worker's new mention, the full re-link, the pass after a
shredding and the sweep that seals the rest each used to count it their own way; here all four
are walked through one history and must agree with the rule at every step."""

from __future__ import annotations

from typing import Any

import pytest

from objector.cases.actions import requests_shred
from objector.persons.actions import certainty_sealed, person_split
from objector.persons.models import Mention, clear_beside
from objector.persons.tasks import relink_all

from .conftest import ORDER, person_of

pytestmark = pytest.mark.django_db(transaction=True)  # the shredding's after-commit work
NAME, OTHER = "Синтетов Пётр Сергеевич", "Выдуманный Илья Андреевич"


def _disagreeing() -> list[tuple[int, str, bool]]:
    """The linked mentions whose clear score says otherwise than the rule, from the rows as
    stored: (mention, source, shown)."""
    wrong = []
    for m in Mention.objects.exclude(person__isnull=True, sealed=b""):
        score, _ = m.certainty()
        if score is None:
            continue  # no link (a person's first mention): nothing to show or hide
        clear = Mention.objects.filter(person_id=m.person_id).count() if m.person_id else 0
        if (m.score is not None) != clear_beside(m.source, clear):
            wrong.append((m.pk, m.source, m.score is not None))
    return wrong


def test_the_worker_the_relink_the_shredding_and_the_sweep_agree_on_beside(
    linked_request: Any, linked_document: Any, lawyer: Any, admin: Any
) -> None:
    linked_document(ORDER, lawyer)
    first = linked_request(name=NAME, unit="в/ч 12345")  # linked to the order's name only
    assert Mention.objects.get(request=first).score is None
    assert _disagreeing() == []
    second = linked_request(name=NAME, unit="в/ч 12345")  # beside the first
    assert Mention.objects.get(request=second).score is not None
    linked_request(name=OTHER, unit="в/ч 12345")
    # The worker decides only for the mention it stores: the first's stays sealed until the
    # re-link looks at the whole person again.
    assert [pk for pk, *_ in _disagreeing()] == [Mention.objects.get(request=first).pk]

    assert relink_all.call() == "done"
    assert _disagreeing() == []
    assert Mention.objects.get(request=first).score is not None
    assert certainty_sealed() == 0  # the sweep finds nothing the re-link left in the clear

    requests_shred(requests=[second], by=admin)  # the first loses its link to the second
    assert _disagreeing() == []
    assert Mention.objects.get(request=first).score is None  # alone again: sealed
    assert certainty_sealed() == 0


def test_a_split_seals_the_certainty_of_a_mention_it_leaves_alone(
    linked_request: Any, linked_document: Any, lawyer: Any, coordinator: Any
) -> None:
    """Split off, each request's mention is alone among its person's clear mentions: its
    link's score and doubt are sealed in the split's transaction, not at the next sweep."""
    linked_document(ORDER, lawyer)
    first = linked_request(name=NAME, unit="в/ч 12345")
    second = linked_request(name=NAME, unit="в/ч 12345")
    assert relink_all.call() == "done"
    assert {Mention.objects.get(request=r).score is not None for r in (first, second)} == {True}

    person_split(
        person=person_of(request=first),
        mentions=[Mention.objects.get(request=second)],
        by=coordinator,
    )
    assert person_of(request=first) != person_of(request=second)
    assert _disagreeing() == []
    assert certainty_sealed() == 0
