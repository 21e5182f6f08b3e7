"""Uploading evidence on a case and for the organisation, over HTTP through the real views:
what is stored, how, and what is refused."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.db import connection
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from objector.accounts.middleware import EPOCH_KEY
from objector.cases.actions import request_assign
from objector.documents.actions import case_documents, documents_cases, documents_open
from objector.documents.models import Document
from objector.documents.tasks import extract_document
from objector.vault.actions import seal_epoch
from objector.vault.audit import entries_of
from tests.conftest import authenticator
from tests.extraction.files import blank_png, docx_file, minimal_pdf

pytestmark = pytest.mark.django_db

ORDER = (
    "ПРИКАЗ\nкомандира войсковой части 12345\nот 1 марта 2025 г. № 7\n1. Исключить:\n"
    "рядового Синтетова Петра Сергеевича, личный номер АБ-123456;\n"
).encode()


@pytest.fixture
def case(make_request, coordinator, lawyer):
    found = make_request()
    request_assign(request=found, lawyer=lawyer, by=coordinator)
    return found


def _post(client, path: str, content: bytes, name: str = "order.txt"):
    return client.post(path, {"file": SimpleUploadedFile(name, content)})


def test_it_stores_a_case_upload_encrypted_with_its_custody(case, lawyer, client_for) -> None:
    response = _post(client_for(lawyer), f"/staff/cases/{case.pk}/documents/new", ORDER)
    document = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/staff/documents/{document.pk}"
    assert (document.channel, document.uploaded_by) == ("web", lawyer)
    # Its case sealed, and its tag finds it (models.Document.case_sealed, case_tag).
    assert documents_cases([document]) == {document.pk: case.pk}
    assert case_documents([case.pk]) == [document.pk]
    assert document.size == 0  # sealed (round 11): its holder found the file by its length
    documents_open([document])
    assert document.size_of() == len(ORDER) and document.file() == ORDER
    assert document.sha256() == hashlib.sha256(ORDER).hexdigest()  # kept sealed
    assert len(document.content_index) == 32  # its blind index, in the clear
    assert document.mime == "text/plain"
    assert "Синтетова".encode() not in bytes(document.content)
    assert b"order.txt" not in bytes(document.meta)
    assert [e.action for e in entries_of("document", document.pk)] == ["upload_web"]


def test_it_queues_the_extraction_and_the_page_shows_the_persons(
    case, lawyer, client_for, django_capture_on_commit_callbacks
) -> None:
    client = client_for(lawyer)
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, f"/staff/cases/{case.pk}/documents/new", ORDER)
    document = Document.objects.get()
    assert document.status == "pending"
    with connection.cursor() as cursor:
        cursor.execute("SELECT task_path FROM django_tasks_database_dbtaskresult")
        queued = [path for (path,) in cursor.fetchall()]
    # The worker's queue holds its extraction (beside the link task the case's own request
    # enqueued with it when it was stored).
    assert [p for p in queued if "extract" in p] == [extract_document.module_path], queued
    assert "распознаётся" in client.get(f"/staff/documents/{document.pk}").content.decode()
    assert extract_document.call(document.pk) == "done"
    page = client.get(f"/staff/documents/{document.pk}").content.decode()
    assert "Синтетов Петр Сергеевич" in page
    assert "рядовой" in page and "АБ-123456" in page
    assert "войсковая часть 12345" in page


def test_it_takes_docx_and_pdf_by_their_content_not_their_name(case, lawyer, client_for) -> None:
    client = client_for(lawyer)
    files = {
        "scan.txt": docx_file(["ПРИКАЗ", "рядового Синтетова Петра Сергеевича"]),
        "letter.docx": minimal_pdf("Order of the commander of the unit number 45"),
    }
    for name, content in files.items():
        assert (
            _post(client, f"/staff/cases/{case.pk}/documents/new", content, name).status_code == 302
        )
    assert sorted(Document.objects.values_list("mime", flat=True)) == [
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]


@pytest.mark.parametrize(
    ("content", "message", "status"),
    [
        (b"", "Файл пуст", 400),
        (b"MZ\x90\x00" + bytes(200), "Тип файла не поддерживается", 400),
        (b"\x89PNG\r\n\x1a\n" + bytes(60), "Файл повреждён", 400),
        (b"%PDF-1.7\n garbage", "Файл повреждён", 400),
    ],
)
def test_it_refuses_bad_files_saying_why_and_keeps_nothing(
    case, lawyer, client_for, content, message, status
) -> None:
    response = _post(client_for(lawyer), f"/staff/cases/{case.pk}/documents/new", content)
    assert response.status_code == status
    assert message in response.content.decode()
    assert not Document.objects.exists()


def test_it_refuses_an_oversized_upload_before_reading_it(
    case, lawyer, client_for, settings
) -> None:
    settings.OBJECTOR_UPLOAD_MAX_BYTES = 1024
    response = _post(client_for(lawyer), f"/staff/cases/{case.pk}/documents/new", b"x" * 200_000)
    assert response.status_code == 413
    assert "больше допустимого" in response.content.decode()
    assert not Document.objects.exists()


def test_it_asks_for_a_file_when_none_was_sent(case, lawyer, client_for) -> None:
    response = client_for(lawyer).post(f"/staff/cases/{case.pk}/documents/new", {"text": "x"})
    assert response.status_code == 400
    assert "Файл не выбран" in response.content.decode()


def test_it_refuses_an_image_bomb_at_upload(case, lawyer, client_for, settings) -> None:
    settings.OBJECTOR_UPLOAD_MAX_BYTES = 25 * 1024 * 1024
    png = blank_png(8000, 7000)  # 56 Mpx of white compresses to almost nothing
    response = _post(client_for(lawyer), f"/staff/cases/{case.pk}/documents/new", png, "x.png")
    assert response.status_code == 400
    assert "распаковывается" in response.content.decode()


def test_it_keeps_an_organisation_upload_apart_from_cases(coordinator, client_for) -> None:
    client = client_for(coordinator)
    assert _post(client, "/staff/documents", ORDER).status_code == 302
    document = Document.objects.get()
    assert (document.channel, document.case_tag, bytes(document.case_sealed)) == ("bulk", "", b"")
    assert documents_cases([document]) == {}
    listing = client.get("/staff/documents").content.decode()
    assert "order.txt" in listing


def test_it_hides_a_colleagues_case_documents(case, lawyer, colleague, client_for) -> None:
    _post(client_for(lawyer), f"/staff/cases/{case.pk}/documents/new", ORDER)
    document = Document.objects.get()
    other = client_for(colleague)
    assert other.get(f"/staff/documents/{document.pk}").status_code == 404
    assert _post(other, f"/staff/cases/{case.pk}/documents/new", ORDER).status_code == 404
    assert Document.objects.count() == 1


def test_it_takes_several_files_at_once_and_says_which_it_refused(coordinator, client_for) -> None:
    files = [
        SimpleUploadedFile("first.txt", ORDER),
        SimpleUploadedFile("program.pdf", b"MZ\x90\x00" + bytes(200)),
        SimpleUploadedFile("second.docx", docx_file(["ПРИКАЗ", "рядового Синтетова Ивана"])),
    ]
    response = client_for(coordinator).post("/staff/documents", {"file": files})
    page = response.content.decode()
    assert response.status_code == 200
    assert Document.objects.count() == 2
    for document in Document.objects.all():
        assert f'href="/staff/documents/{document.pk}"' in page
    assert "program.pdf" in page and "Тип файла не поддерживается" in page


def test_it_refuses_an_upload_too_large_by_its_header(case, lawyer, client_for, settings) -> None:
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = _post(client_for(lawyer), f"/staff/cases/{case.pk}/documents/new", b"x" * 20_000)
    assert response.status_code == 413
    assert not Document.objects.exists()


def test_it_refuses_too_many_files_at_once(coordinator, client_for) -> None:
    files = [SimpleUploadedFile(f"{i}.txt", ORDER) for i in range(21)]
    response = client_for(coordinator).post("/staff/documents", {"file": files})
    assert response.status_code == 400
    assert "Слишком много файлов" in response.content.decode()
    assert not Document.objects.exists()


def test_it_never_spools_an_upload_to_disk(case, lawyer, settings, monkeypatch) -> None:
    """Django spools large uploads to a temporary file by default. Here a file that does not fit
    in memory is refused (413) and none is ever made, through the real CSRF check, which parses
    the upload before the view runs."""
    spooled: list[object] = []
    original = TemporaryUploadedFile.__init__

    def spy(self, *args, **kwargs):
        spooled.append(args)
        original(self, *args, **kwargs)

    monkeypatch.setattr(TemporaryUploadedFile, "__init__", spy)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1_000_000
    client = Client(enforce_csrf_checks=True)
    client.force_login(lawyer)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator(lawyer).persistent_id
    session[EPOCH_KEY] = seal_epoch()
    session.save()
    page = client.get(f"/staff/cases/{case.pk}").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    path = f"/staff/cases/{case.pk}/documents/new"
    small = {"csrfmiddlewaretoken": token, "file": SimpleUploadedFile("a.txt", ORDER)}
    assert client.post(path, small).status_code == 302  # the token is right
    big = ORDER + "Синтетический текст. ".encode() * 60_000  # about 2.3 MB
    large = {"csrfmiddlewaretoken": token, "file": SimpleUploadedFile("b.txt", big)}
    assert client.post(path, large).status_code == 413
    assert spooled == []
    assert Document.objects.count() == 1


def test_it_reads_as_many_pages_as_configured(case, lawyer, client_for, settings) -> None:
    """OBJECTOR_MAX_PAGES holds at upload and again when the worker reads the file."""
    pages = "\f".join(f"Страница {i}. ПРИКАЗ" for i in range(120)).encode()
    settings.OBJECTOR_MAX_PAGES = 100
    refused = _post(client_for(lawyer), f"/staff/cases/{case.pk}/documents/new", pages)
    assert refused.status_code == 400 and "слишком много страниц" in refused.content.decode()
    settings.OBJECTOR_MAX_PAGES = 150
    assert (
        _post(client_for(lawyer), f"/staff/cases/{case.pk}/documents/new", pages).status_code == 302
    )
    document = Document.objects.get()
    assert extract_document.call(document.pk) == "done"
    document.refresh_from_db()
    documents_open([document])
    assert (document.status, document.page_count()) == ("extracted", 120)
