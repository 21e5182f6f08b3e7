"""Which case a document is on is kept sealed, with a keyed tag of the case (round 11): a copy of
the disk does not tie an order uploaded on a man's case page to his request, and yet the case
page lists its documents, and shredding the case deletes them, while sealed at the next unlock."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from objector.cases.actions import request_assign, requests_shred
from objector.documents.actions import (
    case_documents,
    document_extract,
    document_store,
    documents_cases,
)
from objector.documents.models import Document, ShreddedCase
from objector.documents.tasks import extract_pending
from objector.persons.models import Mention, Person
from objector.persons.tasks import link_document
from objector.vault.actions import vault_unlock
from tests.conftest import PASSPHRASE, vault_close

pytestmark = pytest.mark.django_db(transaction=True)

ORDER = (
    "ПРИКАЗ\nкомандира войсковой части 12345\nот 1 марта 2025 г. № 7\n1. Исключить:\n"
    "рядового Синтетова Петра Сергеевича, личный номер АБ-123456;\n"
)
OTHER = ORDER.replace("Синтетова Петра Сергеевича", "Образцова Олега Ивановича")


@pytest.fixture
def two_cases(make_request, coordinator, lawyer):
    cases = [make_request(name="Синтетов Пётр Сергеевич"), make_request(name="Иной Иван Ильич")]
    for case in cases:
        request_assign(request=case, lawyer=lawyer, by=coordinator)
    return cases


def _linked(case, by, name: str = "order.txt", text: str = ORDER) -> Document:
    stored = document_store(content=text.encode(), filename=name, channel="web", by=by, case=case)
    document_extract(document=Document.objects.get(pk=stored.pk))
    assert link_document.call(stored.pk) == "done"
    return Document.objects.get(pk=stored.pk)


def test_it_lists_a_document_uploaded_on_a_case_page_under_that_case(
    two_cases, lawyer, client_for
) -> None:
    mine, other = two_cases
    client = client_for(lawyer)
    upload = SimpleUploadedFile("prikaz.txt", ORDER.encode())
    response = client.post(f"/staff/cases/{mine.pk}/documents/new", {"file": upload})
    document = Document.objects.get()
    assert response.status_code == 302
    assert len(document.case_tag or "") == 32 and document.case_sealed  # no clear case
    link = f'href="/staff/documents/{document.pk}"'
    assert link in client.get(f"/staff/cases/{mine.pk}").content.decode()
    assert link not in client.get(f"/staff/cases/{other.pk}").content.decode()
    assert link not in client.get("/staff/documents").content.decode()  # not the organisation's
    page = client.get(f"/staff/documents/{document.pk}").content.decode()
    assert f'href="/staff/cases/{mine.pk}"' in page and mine.reference in page


def test_a_case_document_stored_while_sealed_is_listed_once_unlocked(
    two_cases, lawyer, admin, client_for
) -> None:
    mine, _ = two_cases
    vault_close()
    try:  # as the bot stores a file sent while sealed
        stored = document_store(
            content=ORDER.encode(), filename="t.txt", channel="telegram", by=None, case=mine
        )
        assert Document.objects.get(pk=stored.pk).case_tag is None  # no key to tag it with
        assert lawyer and client_for(lawyer).get(f"/staff/cases/{mine.pk}").status_code == 503
    finally:
        vault_unlock(staff=admin, passphrase=PASSPHRASE)
    page = client_for(lawyer).get(f"/staff/cases/{mine.pk}").content.decode()
    assert f'href="/staff/documents/{stored.pk}"' in page  # tagged on the way
    assert case_documents([mine.pk]) == [stored.pk]


def test_shredding_a_case_deletes_its_documents_and_their_mentions(
    two_cases, lawyer, coordinator
) -> None:
    mine, other = two_cases
    doomed = [_linked(mine, lawyer), _linked(mine, lawyer, "second.txt")]
    kept = [_linked(other, lawyer), _linked(None, coordinator)]
    assert Mention.objects.filter(document__in=doomed).count() == 2

    assert requests_shred(requests=[mine], by=coordinator) == 1

    assert not Document.objects.filter(pk__in=[d.pk for d in doomed]).exists()
    assert not Mention.objects.filter(document_id__in=[d.pk for d in doomed]).exists()
    assert Document.objects.filter(pk__in=[d.pk for d in kept]).count() == 2
    assert documents_cases(list(Document.objects.all())) == {kept[0].pk: other.pk}
    assert not ShreddedCase.objects.exists()


def test_a_case_shredded_while_sealed_loses_its_documents_at_the_next_unlock(
    two_cases, lawyer, coordinator, admin
) -> None:
    mine, other = two_cases
    doomed = _linked(mine, lawyer)
    kept = _linked(other, lawyer, text=OTHER)
    before = Person.objects.count()
    vault_close()
    try:
        assert requests_shred(requests=[mine], by=None) == 1  # retention runs while sealed
        # Found by its tag only with the key: noted, and kept (sealed, tied to no case).
        assert Document.objects.filter(pk=doomed.pk).exists()
        assert list(ShreddedCase.objects.values_list("case_pk", flat=True)) == [mine.pk]
        extract_pending.call()  # the hourly sweep, still sealed: waits
        assert Document.objects.filter(pk=doomed.pk).exists()
    finally:
        vault_unlock(staff=admin, passphrase=PASSPHRASE)
    extract_pending.call()  # the hourly sweep after the unlock
    assert not Document.objects.filter(pk=doomed.pk).exists()
    assert not Mention.objects.filter(document_id=doomed.pk).exists()
    assert Document.objects.filter(pk=kept.pk).exists() and not ShreddedCase.objects.exists()
    assert Person.objects.count() == before - 1  # the person only it named is pruned
