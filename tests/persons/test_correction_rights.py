"""Who may merge and split: whoever sees every mention of every person the correction changes
(red team, round 9: a lawyer sees the organisation's own documents, and split an order's
mention off a colleague's client's person, which changed that colleague's case unseen)."""

from __future__ import annotations

from typing import Any

import pytest

from objector.cases.actions import request_assign
from objector.persons import actions
from objector.persons.models import Correction
from objector.vault.audit import entries_of, objects_open
from objector.vault.models import AuditEntry

from .conftest import ORDER, named_in_order, person_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def theirs(linked_request: Any, linked_document: Any, coordinator: Any, colleague: Any) -> Any:
    """A colleague's client, named in an order of the organisation's own (no case): one person,
    whose order mention every lawyer sees and whose request only the colleague does."""
    case = linked_request(name="Синтетов Пётр Сергеевич", unit="в/ч 12345")
    request_assign(request=case, lawyer=colleague, by=coordinator)
    document = linked_document(ORDER, coordinator)
    order = named_in_order(document)[0]
    assert person_of(pk=order.pk) == person_of(request=case)
    return {"case": case, "order": order, "document": document}


def test_a_lawyer_may_not_split_an_order_off_a_colleagues_client(
    theirs: Any, lawyer: Any, coordinator: Any, client_for: Any
) -> None:
    person, order = person_of(pk=theirs["order"].pk), theirs["order"]
    client = client_for(lawyer)
    assert client.get(f"/staff/persons/{person.pk}").status_code == 200  # the order is seen
    for language, says in (
        ("en", "This person is also mentioned in a case you cannot see, and a split would"),
        ("ru", "Этот человек упоминается и в деле, которое вам не видно, и разделение"),
    ):
        lawyer.language = language
        lawyer.save()
        refused = client.post(f"/staff/persons/{person.pk}/split", {"mentions": [order.pk]})
        assert refused.status_code == 400 and says in refused.content.decode()
    assert person_of(pk=order.pk) == person and not Correction.objects.exists()
    audited = [e for e in entries_of("person_split", person.pk) if e.action == "access_refused"]
    assert len(audited) == 2
    # The colleague's case still says its client is named in the order.
    done = client_for(coordinator).post(
        f"/staff/persons/{person.pk}/split", {"mentions": [order.pk]}
    )
    assert done.status_code == 302
    assert person_of(pk=order.pk) != person


def test_the_action_refuses_it_whatever_the_view(theirs: Any, lawyer: Any) -> None:
    """The rule is the action's: a caller other than the page is refused alike, and audited."""
    person, order = person_of(pk=theirs["order"].pk), theirs["order"]
    with pytest.raises(actions.CorrectionError) as refused:
        actions.person_split(person=person, mentions=[order], by=lawyer)
    assert refused.value.code == "split_hidden"
    assert person_of(pk=order.pk) == person
    assert [e.action for e in entries_of("person_split", person.pk)] == ["access_refused"]


def test_a_refused_merge_is_audited(
    theirs: Any, linked_document: Any, lawyer: Any, client_for: Any
) -> None:
    """An order's person of the organisation's own, merged by a lawyer into a colleague's
    client's person, or the other way round: refused (round 8) and now audited, naming the
    person whose hidden mention refused it."""
    mine = person_of(
        pk=named_in_order(theirs["document"])[1].pk
    )  # the order's other man: seen by all
    client = client_for(lawyer)
    into = client.post(f"/staff/persons/{mine.pk}/merge", {"other": theirs["order"].person_pk()})
    assert into.status_code == 400
    back = client.post(f"/staff/persons/{theirs['order'].person_pk()}/merge", {"other": mine.pk})
    assert back.status_code == 400
    audited = AuditEntry.objects.filter(action="access_refused", object_type="person_merge")
    assert list(objects_open(list(audited)).values()) == [str(theirs["order"].person_pk())] * 2
    assert not Correction.objects.exists()


def test_a_lawyer_still_corrects_what_they_see_whole(
    linked_document: Any, lawyer: Any, client_for: Any
) -> None:
    """Persons named only in the organisation's own documents touch no case: any lawyer may
    split and merge them."""
    document = linked_document(ORDER, lawyer)
    first, second = named_in_order(document)
    client = client_for(lawyer)
    merged = client.post(f"/staff/persons/{first.person_pk()}/merge", {"other": second.person_pk()})
    assert merged.status_code == 302
    split = client.post(f"/staff/persons/{first.person_pk()}/split", {"mentions": [second.pk]})
    assert split.status_code == 302
    assert Correction.objects.count() == 2
