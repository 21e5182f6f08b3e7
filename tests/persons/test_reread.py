"""A document read again (its extraction run anew: a better OCR, a fixed reader) replaces its
persons: the registry must forget the old reading's mentions, every link to them, and the names
it held in memory (red team, round 9: links to the old mentions stayed in the evidence of the
mentions linked to them, and in the lawyers' corrections)."""

from __future__ import annotations

from typing import Any

import pytest

from objector.cases.actions import request_assign
from objector.cases.queue import markers
from objector.documents.actions import document_extract, documents_open
from objector.documents.models import CONTENT_CONTEXT, Document, DocumentPerson
from objector.persons.models import Correction, Mention, Person, of_person
from objector.persons.registry import REGISTRY
from objector.persons.tasks import link_document
from objector.vault import crypto

from .conftest import ORDER, named_in_order, person_of

pytestmark = pytest.mark.django_db

# The same order read again, differently: the first man's name now reads as another surname,
# and the second man is gone (a line the first reading took for a name).
READ_AGAIN = (
    "ПРИКАЗ\nкомандира войсковой части 12345\nот 1 марта 2025 г. № 7\n1. Исключить:\n"
    "рядового Придуманного Петра Сергеевича, личный номер АБ-123456.\n"
)


def read_again(document: Document, text: str, capture: Any) -> None:
    """Run the extraction anew over a file that now reads `text` (as a better OCR would)."""
    document = Document.objects.get(pk=document.pk)
    documents_open([document])
    Document.objects.filter(pk=document.pk).update(
        content=crypto.encrypt_bytes(document.key, text.encode(), context=CONTENT_CONTEXT)
    )
    with capture(execute=True):  # what runs after the commit, as the worker's would
        document_extract(document=Document.objects.get(pk=document.pk))
    assert link_document.call(document.pk) == "done"


def test_a_document_read_again_leaves_no_link_to_its_old_reading(
    linked_request: Any,
    linked_document: Any,
    coordinator: Any,
    lawyer: Any,
    client_for: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    document = linked_document(ORDER, lawyer)  # first: the requests' evidence names its mentions
    case = linked_request(name="Синтетов Пётр Сергеевич", unit="в/ч 12345")
    request_assign(request=case, lawyer=lawyer, by=coordinator)
    other = linked_request(name="Выдуманный Илья Андреевич", unit="в/ч 12345")
    first, second = named_in_order(document)
    assert person_of(pk=first.pk) == person_of(request=case)
    assert person_of(pk=second.pk) == person_of(request=other)
    # A lawyer's split names the order's mention among the ids it keeps.
    client = client_for(lawyer)
    split = client.post(
        f"/staff/persons/{first.person_pk()}/split",
        {"mentions": [Mention.objects.get(request=case).pk]},
    )
    assert split.status_code == 302
    old = {first.pk, second.pk}
    assert {e["with"] for e in Mention.objects.get(request=other).links()} == {second.pk}
    old_rows = set(DocumentPerson.objects.filter(document=document).values_list("pk", flat=True))

    read_again(document, READ_AGAIN, django_capture_on_commit_callbacks)

    assert not Mention.objects.filter(pk__in=old).exists()
    assert not DocumentPerson.objects.filter(pk__in=old_rows).exists()
    [new] = named_in_order(document)
    assert new.person_pk() not in (person_of(request=case).pk, person_of(request=other).pk)
    everywhere = [e["with"] for m in Mention.objects.all() for e in m.links()]
    assert not old & set(everywhere), "a link to the old reading's mentions is kept"
    [correction] = Correction.objects.all()
    left, right = correction.sides()
    assert not old & set(left + right), "the correction names them"
    pruned = set(Person.objects.values_list("pk", flat=True))
    assert all(m.near_pk() in pruned for m in Mention.objects.all() if m.near_pk())
    assert all(Mention.objects.filter(of_person(pk)).exists() for pk in pruned)
    # No case says its client is named in the order any more.
    found = markers(coordinator, [case, other])
    assert not any(
        "order" in text or "приказ" in text for texts in found.values() for text, _ in texts
    )
    # The worker's memory holds no name the new reading no longer has.
    assert not [n for n in REGISTRY.names if n.source == "document" and "Синтетов" in n.name]
    assert not [n for n in REGISTRY.names if n.source == "document" and "Выдуман" in n.name]
    # And the person pages show none.
    for request in (case, other):
        page = client_for(coordinator).get(f"/staff/persons/{person_of(request=request).pk}")
        html = page.content.decode()
        assert "Синтетова Петра" not in html and "Выдуманного Илью" not in html
        assert "№ 7" not in html and "no. 7" not in html
