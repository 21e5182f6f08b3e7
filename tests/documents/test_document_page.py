"""The document page: persons beside the page image, a lawyer's corrections, and matches to
cases by name; through the real views, the real key-holder and, for scans, real Tesseract."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest
from PIL import Image

from objector.cases.actions import request_assign, requests_shred
from objector.cases.models import Entry
from objector.documents.actions import document_extract, document_store, documents_open
from objector.documents.models import Document, DocumentPerson
from objector.vault.audit import AuditEntry
from tests.conftest import reopened, vault_close
from tests.extraction.files import scan_png

pytestmark = pytest.mark.django_db

ORDER = (
    "ПРИКАЗ\nкомандира войсковой части 12345\nот 1 марта 2025 г. № 7\n1. Исключить:\n"
    "рядового Синтетова Петра Сергеевича, личный номер АБ-123456;\n"
    "ефрейтора Выдуманного Илью Андреевича, личный номер АБ-654321.\n"
)


def _at(document: Document, position: int) -> DocumentPerson:
    """The person named `position`-th in the document (the place is kept sealed)."""
    document = Document.objects.get(pk=document.pk)
    documents_open([document])
    return document.persons_in_order()[position][0]


def _stored(content: bytes, by, case=None, name: str = "order.txt") -> Document:
    document = document_store(content=content, filename=name, channel="web", by=by, case=case)
    document_extract(document=Document.objects.get(pk=document.pk))
    return Document.objects.get(pk=document.pk)


@pytest.fixture
def case(make_request, coordinator, lawyer):
    found = make_request(name="Синтетов Пётр Сергеевич")
    request_assign(request=found, lawyer=lawyer, by=coordinator)
    return found


def test_it_links_a_person_to_the_case_with_the_same_name(case, coordinator, client_for) -> None:
    document = _stored(ORDER.encode(), coordinator)  # an organisation upload
    client = client_for(coordinator)
    page = client.get(f"/staff/documents/{document.pk}").content.decode()
    assert "Синтетов Петр Сергеевич" in page
    assert f'href="/staff/cases/{case.pk}"' in page and case.reference in page
    assert page.count('class="matches"') == 1  # Выдуманный matches nobody


def test_it_lets_a_lawyer_correct_a_person(case, lawyer, client_for) -> None:
    document = _stored(ORDER.encode(), lawyer, case)
    person = _at(document, 1)
    client = client_for(lawyer)
    response = client.post(
        f"/staff/documents/{document.pk}/persons/{person.pk}",
        {
            "last": "Выдуманный",
            "first": "Илья",
            "middle": "Андреевич",
            "rank": "младший сержант",
            "personal_number": "АБ-654321",
            "role": "subject",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/staff/documents/{document.pk}").content.decode()
    assert "младший сержант" in page and "исправлено: lawyer" in page
    actions = AuditEntry.objects.filter(object_type="document").values_list("action", flat=True)
    assert "correct_person" in actions


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"last": "", "role": "subject"}, "Укажите фамилию"),
        ({"last": "Синтетов", "role": "boss"}, "Неизвестная роль"),
        ({"last": "С" * 101, "role": "subject"}, "слишком длинный"),
    ],
)
def test_it_refuses_a_bad_correction_saying_why(case, lawyer, client_for, values, message) -> None:
    document = _stored(ORDER.encode(), lawyer, case)
    person = _at(document, 0)
    before = bytes(person.data)
    response = client_for(lawyer).post(
        f"/staff/documents/{document.pk}/persons/{person.pk}", values
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    person.refresh_from_db()
    assert bytes(person.data) == before


def test_it_shows_a_scan_beside_its_persons_with_their_places_outlined(
    case, lawyer, client_for
) -> None:
    document = _stored(scan_png(ORDER, seed=5), lawyer, case, "scan.png")
    documents_open([document])
    assert (document.status, document.mime, document.page_count()) == ("extracted", "image/png", 1)
    client = client_for(lawyer)
    page = client.get(f"/staff/documents/{document.pk}").content.decode()
    assert f'src="/staff/documents/{document.pk}/pages/1.png"' in page
    assert "Синтетов Петр Сергеевич" in page
    image = client.get(f"/staff/documents/{document.pk}/pages/1.png")
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert image["Cache-Control"] == "no-store"
    pixels = np.asarray(Image.open(io.BytesIO(image.content)).convert("RGB")).astype(int)
    red = int(((pixels[..., 0] > 180) & (pixels[..., 1] < 90) & (pixels[..., 2] < 90)).sum())
    assert red > 100  # the outlines drawn around the two persons' names
    assert client.get(f"/staff/documents/{document.pk}/pages/2.png").status_code == 404


def test_it_keeps_a_file_it_cannot_read_and_says_why(case, lawyer, client_for, monkeypatch) -> None:
    monkeypatch.setattr("objector.documents.sandbox.START_METHOD", "fork")  # the child sees:
    monkeypatch.setattr("objector.extraction.ocr.TESSERACT", "/nonexistent/tesseract")
    document = _stored(scan_png("ПРИКАЗ"), lawyer, case, "scan.png")
    assert (document.status, document.error) == ("failed", "no_ocr")
    page = client_for(lawyer).get(f"/staff/documents/{document.pk}").content.decode()
    assert "не прочитан" in page and "Tesseract" in page


def test_it_needs_the_vault_unlocked_to_open_a_document(case, lawyer, client_for) -> None:
    document = _stored(ORDER.encode(), lawyer, case)
    vault_close()
    response = client_for(lawyer).get(f"/staff/documents/{document.pk}")
    assert response.status_code == 503
    assert "Синтетов" not in response.content.decode()


def test_it_lists_a_cases_documents_on_the_case_page(case, lawyer, client_for) -> None:
    document = _stored(ORDER.encode(), lawyer, case, "приказ-7.txt")
    page = client_for(lawyer).get(f"/staff/cases/{case.pk}").content.decode()
    assert f'href="/staff/documents/{document.pk}"' in page and "приказ-7.txt" in page
    assert 'enctype="multipart/form-data"' in page


def test_it_forgets_a_cases_evidence_when_the_case_is_shredded(case, coordinator) -> None:
    document = _stored(ORDER.encode(), coordinator, case)
    bulk = _stored(ORDER.encode(), coordinator)
    requests_shred(requests=[case], by=coordinator)
    assert not Document.objects.filter(pk=document.pk).exists()
    assert not DocumentPerson.objects.filter(document_id=document.pk).exists()
    assert Document.objects.filter(pk=bulk.pk).exists()  # the organisation's own stays


def test_it_gives_back_the_original_file_byte_for_byte(case, lawyer, client_for) -> None:
    document = _stored(ORDER.encode(), lawyer, case, "приказ 7.txt")
    response = client_for(lawyer).get(f"/staff/documents/{document.pk}/original")
    assert response.status_code == 200
    assert response.content == ORDER.encode()
    assert response["Content-Type"] == "text/plain"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    actions = AuditEntry.objects.filter(object_type="document").values_list("action", flat=True)
    assert "download" in actions


def test_it_links_a_file_on_the_timeline_to_its_document(case, lawyer, client_for) -> None:
    document = _stored(ORDER.encode(), lawyer, case)
    Entry.sealed_create(
        request=reopened(case),
        kind=Entry.Kind.MESSAGE_IN,
        text="📎 text/plain, 1 KB",
        data={"document": document.pk, "sha256": "0" * 64},
    )
    page = client_for(lawyer).get(f"/staff/cases/{case.pk}").content.decode()
    assert page.count(f'href="/staff/documents/{document.pk}"') == 2  # the list and the entry


def test_it_marks_a_file_failed_when_extraction_breaks(case, lawyer, monkeypatch, caplog) -> None:
    def broken(pages):
        raise RuntimeError("Синтетов Петр Сергеевич")  # as if a bug quoted the document

    monkeypatch.setattr("objector.documents.sandbox.START_METHOD", "fork")  # the child sees:
    monkeypatch.setattr("objector.documents.sandbox.extract_pages", broken)
    document = _stored(ORDER.encode(), lawyer, case)
    assert (document.status, document.error) == ("failed", "internal")
    assert "RuntimeError" in caplog.text and "Синтетов" not in caplog.text


def test_a_case_lists_the_documents_that_name_its_client(
    case, coordinator, lawyer, colleague, make_request, client_for
) -> None:
    bulk = _stored(ORDER.encode(), coordinator, name="приказ-общий.txt")
    other = make_request(name="Другой Синтетический")
    request_assign(request=other, lawyer=colleague, by=coordinator)
    theirs = _stored(ORDER.encode(), colleague, other, name="приказ-чужой.txt")
    own = _stored(ORDER.encode(), lawyer, case, name="приказ-свой.txt")
    unrelated = _stored("ПРИКАЗ\nрядового Иного Ивана Ивановича\n".encode(), coordinator)

    page = client_for(lawyer).get(f"/staff/cases/{case.pk}").content.decode()
    named = page[page.index('id="named-in"') :]
    assert f'href="/staff/documents/{bulk.pk}"' in named  # the organisation's order
    assert f'href="/staff/documents/{own.pk}"' not in named  # listed above, as the case's own
    assert f'href="/staff/documents/{theirs.pk}"' not in named  # a colleague's case: hidden
    assert f'href="/staff/documents/{unrelated.pk}"' not in named
    everything = client_for(coordinator).get(f"/staff/cases/{case.pk}").content.decode()
    assert f'href="/staff/documents/{theirs.pk}"' in everything[everything.index('id="named-in"') :]


def test_it_flags_a_person_read_with_low_confidence_until_a_lawyer_corrects_it(
    case, lawyer, client_for, monkeypatch
) -> None:
    monkeypatch.setattr("objector.extraction.model.REVIEW_BELOW", 101)  # every OCR word is unsure
    document = _stored(scan_png(ORDER, seed=5), lawyer, case, "scan.png")
    client = client_for(lawyer)
    page = client.get(f"/staff/documents/{document.pk}").content.decode()
    assert page.count("сверьте с изображением") == 2
    person = _at(document, 0)
    client.post(
        f"/staff/documents/{document.pk}/persons/{person.pk}",
        {"last": "Синтетов", "first": "Пётр", "middle": "Сергеевич", "role": "subject"},
    )
    page = client.get(f"/staff/documents/{document.pk}").content.decode()
    assert page.count("сверьте с изображением") == 1


def test_it_points_to_the_same_file_uploaded_elsewhere(
    case, coordinator, lawyer, client_for
) -> None:
    first = _stored(ORDER.encode(), coordinator)
    again = _stored(ORDER.encode(), lawyer, case)
    page = client_for(lawyer).get(f"/staff/documents/{again.pk}").content.decode()
    assert 'id="same-file"' in page and f'href="/staff/documents/{first.pk}"' in page
    other = _stored("ПРИКАЗ\nрядового Иного Ивана Ивановича\n".encode(), coordinator)
    assert (
        'id="same-file"'
        not in client_for(lawyer).get(f"/staff/documents/{other.pk}").content.decode()
    )


def test_it_shows_the_unit_a_persons_own_entry_names(case, lawyer, client_for) -> None:
    order = (
        "ПРИКАЗ\n1. Исключить:\nрядового Синтетова Петра Сергеевича, в/ч 22222, л/н АБ-123456;\n"
    )
    document = _stored(order.encode(), lawyer, case)
    page = client_for(lawyer).get(f"/staff/documents/{document.pk}").content.decode()
    assert '<span class="person-unit">войсковая часть 22222</span>' in page


def test_it_shows_each_page_of_a_multipage_tiff(case, lawyer, client_for) -> None:
    frames = [Image.new("L", (300, 200), 255), Image.new("L", (500, 400), 255)]
    tiff = io.BytesIO()
    frames[0].save(tiff, format="TIFF", save_all=True, append_images=frames[1:])
    document = document_store(
        content=tiff.getvalue(), filename="t.tiff", channel="web", by=lawyer, case=case
    )
    documents_open([document])
    assert (document.pages, document.page_count()) == (0, 2)  # sealed (round 11)
    client = client_for(lawyer)
    for page, size in ((1, (300, 200)), (2, (500, 400))):
        response = client.get(f"/staff/documents/{document.pk}/pages/{page}.png")
        assert Image.open(io.BytesIO(response.content)).size == size


def test_it_shows_why_a_persons_name_is_uncertain_until_a_lawyer_corrects_it(
    case, lawyer, client_for
) -> None:
    # "Гарчка" is the genitive of Гарчок or Гарчек: the grammar cannot settle which.
    order = (
        "ПРИКАЗ\n1. Исключить:\nрядового Гарчка Игоря Олеговича, л/н АБ-123456;\n"
        "рядового Синтетова Петра Сергеевича, л/н АБ-654321;\n"
    )
    document = _stored(order.encode(), lawyer, case)
    client = client_for(lawyer)
    page = client.get(f"/staff/documents/{document.pk}").content.decode()
    assert page.count('class="uncertain"') == 1
    assert "беглая гласная фамилии не определена" in page
    person = _at(document, 0)
    client.post(
        f"/staff/documents/{document.pk}/persons/{person.pk}",
        {"last": "Гарчок", "first": "Игорь", "middle": "Олегович", "role": "subject"},
    )
    page = client.get(f"/staff/documents/{document.pk}").content.decode()
    assert 'class="uncertain"' not in page


def test_it_names_a_representative_apart_from_the_party(case, lawyer, client_for) -> None:
    ruling = (
        "РЕШЕНИЕ\nСуд рассмотрел административное исковое заявление рядового Синтетова Петра "
        "Сергеевича с участием представителя истца Выдуманной Анны Ильиничны.\n"
    )
    document = _stored(ruling.encode(), lawyer, case)
    page = client_for(lawyer).get(f"/staff/documents/{document.pk}").content.decode()
    assert "Выдуманная Анна Ильинична" in page
    assert '<span class="person-role">представитель</span>' in page


def test_a_document_being_read_says_so_and_refreshes_itself(case, coordinator, client_for) -> None:
    document = document_store(
        content=ORDER.encode(), filename="order.txt", channel="web", by=coordinator, case=case
    )
    client = client_for(coordinator)
    pending = client.get(f"/staff/documents/{document.pk}").content.decode()
    assert 'id="persons-pending"' in pending and "Распознаётся" in pending
    assert "Лица не найдены" not in pending
    assert '<meta http-equiv="refresh" content="5">' in pending  # no script: allowed by the CSP
    document_extract(document=Document.objects.get(pk=document.pk))
    done = client.get(f"/staff/documents/{document.pk}").content.decode()
    assert 'http-equiv="refresh"' not in done and 'id="persons-pending"' not in done
    assert "Синтетов" in done


def test_it_writes_the_document_s_date_in_the_reader_s_language(case, lawyer, client_for) -> None:
    """The facts' "Date" as the other staff pages write dates, in words, in Russian and in
    English; it showed "2025-03-01"."""
    document = _stored(ORDER.encode(), lawyer, case)
    client = client_for(lawyer)
    shown = {}
    for lang in ("ru", "en"):
        lawyer.language = lang  # the staff member's own setting, read on each request
        lawyer.save(update_fields=["language"])
        page = client.get(f"/staff/documents/{document.pk}").content.decode()
        shown[lang] = re.search(r"<dt>(?:Дата|Date)</dt><dd[^>]*>([^<]*)</dd>", page)[1]
        assert "2025-03-01" not in page
    assert shown == {"ru": "1 марта 2025", "en": "1 March 2025"}
