"""Birth dates from the product's own sources reach the registry (round 11): a request's, asked
by the questionnaire, and an order's, read beside the name. The same name with the same birth
year links; with different years it stays apart, as namesakes must."""

from __future__ import annotations

from typing import Any

import pytest

from objector.documents.actions import documents_open
from objector.persons.registry import document_person_read

from .conftest import named_in_order, person_of

pytestmark = pytest.mark.django_db

ORDER = (
    "ПРИКАЗ\nкомандира войсковой части 12345\nот 1 марта 2025 г. № 7\n1. Исключить:\n"
    "рядового Синтетова Петра Сергеевича, 1999 г.р., личный номер АБ-123456, самовольно "
    "оставившего часть 12.05.2024;\n"
    "ефрейтора Выдуманного Илью Андреевича, родившегося 5 июня 2001 года.\n"
)


def _order_mentions(linked_document: Any, lawyer: Any) -> list[Any]:
    document = linked_document(ORDER, lawyer)
    mentions = named_in_order(document)
    documents_open([document])
    born = [document_person_read(m.document_person, document).named for m in mentions]
    # What the registry compares: the order's birth dates, not its own date nor the absence's.
    assert [(n.birth_date, n.birth_partial) for n in born] == [
        (None, (1999, 0)),
        (born[1].birth_date, None),
    ]
    assert born[1].birth_date is not None and born[1].birth_date.isoformat() == "2001-06-05"
    return mentions


@pytest.mark.parametrize(
    ("request_born", "same"),
    [
        ("1999", True),  # the year alone on both sides
        ("1999-03-12", True),  # a whole date on the request's side, the year in the order
        ("1993", False),  # another year: a namesake
        ("1993-03-12", False),
    ],
)
def test_a_request_and_an_orders_name_link_by_the_birth_year_or_stay_apart(
    request_born: str, same: bool, linked_request: Any, linked_document: Any, lawyer: Any
) -> None:
    request = linked_request(name="Синтетов Пётр Сергеевич", birth_date=request_born)
    synthetov, _ = _order_mentions(linked_document, lawyer)
    assert (person_of(pk=synthetov.pk) == person_of(request=request)) is same


def test_the_order_first_and_the_request_after_link_the_same_way(
    linked_request: Any, linked_document: Any, lawyer: Any
) -> None:
    _, vydumanny = _order_mentions(linked_document, lawyer)
    apart = linked_request(name="Выдуманный Илья Андреевич", birth_date="1994")
    together = linked_request(name="Выдуманный Илья Андреевич", birth_date="2001-06")
    assert person_of(request=together) == person_of(pk=vydumanny.pk)
    assert person_of(request=apart) != person_of(pk=vydumanny.pk)


def test_a_lawyers_correction_of_the_birth_date_on_the_document_page_relinks(
    linked_request: Any, linked_document: Any, lawyer: Any, client_for: Any
) -> None:
    """The document page corrects an extracted person's birth date as it corrects his name
    (documents.actions.person_correct): the mention is linked again under the new date."""
    from objector.persons.tasks import link_document

    request = linked_request(name="Синтетов Пётр Сергеевич", birth_date="1999")
    synthetov, _ = _order_mentions(linked_document, lawyer)
    row = synthetov.document_person
    assert person_of(pk=synthetov.pk) == person_of(request=request)
    client = client_for(lawyer)
    url = f"/staff/documents/{row.document_id}/persons/{row.pk}"
    form = {"last": "Синтетов", "first": "Пётр", "middle": "Сергеевич", "role": row_role(row)}
    page = client.get(f"/staff/documents/{row.document_id}").content.decode()
    assert 'name="birth_date" value="1999"' in page

    refused = client.post(url, {**form, "birth_date": "31.02.1999"})
    assert refused.status_code == 400
    assert "Not a date of birth that can be" in refused.content.decode() or (
        "Такой даты рождения быть не может" in refused.content.decode()
    )

    assert client.post(url, {**form, "birth_date": "12.03.1993"}).status_code == 302
    assert link_document.call(row.document_id) == "done"
    moved = _mention_of(row)
    assert person_of(pk=moved.pk) != person_of(request=request)  # a namesake now
    documents_open([row.document])
    assert row.document.persons.get(pk=row.pk).values(row.document.key)["birth_date"] == (
        "1993-03-12"
    )

    assert client.post(url, {**form, "birth_date": "1999"}).status_code == 302
    assert link_document.call(row.document_id) == "done"
    assert person_of(pk=_mention_of(row).pk) == person_of(request=request)


def row_role(row: Any) -> str:
    documents_open([row.document])
    return str(row.values(row.document.key)["role"])


def _mention_of(row: Any) -> Any:
    from objector.persons.models import Mention

    return Mention.objects.get(document_person_id=row.pk)
