"""A file's name as its sender gave it, less the characters that turn it round on a lawyer's
screen (round 9's red team: "invoice\u202efdp.exe" reads "invoiceexe.pdf"): kept without them,
said on the document's page, and shown isolated (<bdi>)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from objector.cases.actions import request_assign
from objector.documents.actions import document_store, documents_open
from objector.documents.models import Document

pytestmark = pytest.mark.django_db

ORDER = "ПРИКАЗ\nкомандира войсковой части 12345\nот 1 марта 2025 г. № 7\n".encode()
CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u200b\ufeff"


def test_a_web_upload_keeps_its_name_without_direction_controls(coordinator, client_for) -> None:
    """Over HTTP, Django's multipart parser drops the characters a name cannot print before any
    view sees it (so nothing is there to count); the name is kept and listed without them."""
    files = [
        SimpleUploadedFile("invoice\u202efdp.txt", ORDER),
        SimpleUploadedFile(f"second{CONTROLS}.txt", ORDER),
    ]
    response = client_for(coordinator).post("/staff/documents", {"file": files})
    page = response.content.decode()
    assert response.status_code == 200
    assert not set(CONTROLS) & set(page)
    assert "<bdi>invoicefdp.txt</bdi>" in page and "<bdi>second.txt</bdi>" in page
    for document in Document.objects.all():
        documents_open([document])
        assert not set(CONTROLS) & set(document.facts()["filename"])
    listed = client_for(coordinator).get("/staff/documents").content.decode()
    assert "<bdi>invoicefdp.txt</bdi>" in listed


def test_a_name_given_with_them_is_stored_without_and_the_page_says_so(
    make_request, coordinator, lawyer, client_for
) -> None:
    """Through the store itself (the bot's files, any other caller): the name as sent, with
    every direction control and zero-width character, is kept without them, and the document's
    page says how many were removed, in both languages."""
    case = make_request()
    request_assign(request=case, lawyer=lawyer, by=coordinator)
    stored = document_store(
        content=ORDER, filename=f"invoice{CONTROLS}fdp.txt", channel="telegram", by=None, case=case
    )
    document = Document.objects.get(pk=stored.pk)
    documents_open([document])
    assert document.facts()["filename"] == "invoicefdp.txt"
    assert document.facts()["filename_removed"] == len(CONTROLS)
    lawyer.language = "en"
    lawyer.save()
    client = client_for(lawyer)
    page = client.get(f"/staff/documents/{document.pk}").content.decode()
    assert '<span id="filename"><bdi>invoicefdp.txt</bdi></span>' in page
    assert f"{len(CONTROLS)} invisible characters that change how text reads" in page
    assert not set(CONTROLS) & set(page)
    lawyer.language = "ru"
    lawyer.save()
    page = client.get(f"/staff/documents/{document.pk}").content.decode()
    assert f"удалено {len(CONTROLS)} невидимых символов" in page
    download = client.get(f"/staff/documents/{document.pk}/original")
    assert "invoicefdp.txt" in download["Content-Disposition"]


def test_a_lawyers_correction_of_a_name_is_kept_without_them(
    make_request, coordinator, lawyer, client_for
) -> None:
    from objector.documents.actions import document_extract

    case = make_request()
    request_assign(request=case, lawyer=lawyer, by=coordinator)
    text = ORDER.decode() + "1. Исключить:\nрядового Синтетова Петра Сергеевича;\n"
    stored = document_store(
        content=text.encode(), filename="order.txt", channel="web", by=lawyer, case=case
    )
    document_extract(document=Document.objects.get(pk=stored.pk))
    document = Document.objects.get(pk=stored.pk)
    documents_open([document])
    [(person, _)] = document.persons_in_order()
    client = client_for(lawyer)
    response = client.post(
        f"/staff/documents/{document.pk}/persons/{person.pk}",
        {"last": "Синте\u202eтов\u200b", "first": "Пётр\u2066", "role": "subject"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    values = person.values(document.key)
    assert (values["last"], values["first"]) == ("Синтетов", "Пётр")
    page = client.get(f"/staff/documents/{document.pk}").content.decode()
    assert '<strong class="person-name"><bdi>Синтетов Пётр</bdi></strong>' in page
