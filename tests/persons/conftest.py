from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from objector.documents.actions import document_extract, document_store, documents_open
from objector.documents.models import Document
from objector.intake.models import Request
from objector.persons.models import Mention, Person
from objector.persons.registry import REGISTRY
from objector.persons.tasks import link_document, link_request

ORDER = (
    "ПРИКАЗ\nкомандира войсковой части 12345\nот 1 марта 2025 г. № 7\n1. Исключить:\n"
    "рядового Синтетова Петра Сергеевича, личный номер АБ-123456;\n"
    "ефрейтора Выдуманного Илью Андреевича, личный номер АБ-654321.\n"
)


@pytest.fixture(autouse=True)
def fresh_registry() -> Iterator[None]:
    """The registry's index lives in the worker process: each test starts one afresh (a
    rolled-back test would leave ids in it that the next one reuses)."""
    REGISTRY.reset()
    yield
    REGISTRY.reset()


@pytest.fixture
def linked_request(make_request: Callable[..., Request]) -> Callable[..., Request]:
    """A request, linked by the worker's task as `objector run` would."""

    def make(**answers: Any) -> Request:
        request = make_request(**answers)
        assert link_request.call(request.pk) == "done"
        return request

    return make


@pytest.fixture
def linked_document() -> Callable[..., Document]:
    def make(content: str, by: Any, case: Request | None = None) -> Document:
        stored = document_store(
            content=content.encode(), filename="order.txt", channel="web", by=by, case=case
        )
        document_extract(document=Document.objects.get(pk=stored.pk))
        assert link_document.call(stored.pk) == "done"
        return Document.objects.get(pk=stored.pk)

    return make


def named_in_order(document: Document) -> list[Mention]:
    """A document's mentions in the order its persons are named (their place is sealed)."""
    document = Document.objects.get(pk=document.pk)
    documents_open([document])
    return [Mention.objects.get(document_person=p) for p, _ in document.persons_in_order()]


def person_of(**lookup: Any) -> Person:
    """The person of a mention: a request's in the clear, a document's under the registry's key."""
    pk = Mention.objects.get(**lookup).person_pk()
    assert pk is not None
    return Person.objects.get(pk=pk)
