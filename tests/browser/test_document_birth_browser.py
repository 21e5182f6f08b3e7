"""A lawyer uploads a DOCX order whose table has a "Дата рождения" column (Chromium, JavaScript
off): the document page writes each man's birth date as the case page does, whole, month and
year, or the year alone, in Russian and in English, at 1366 and 390 px; the correction form
holds it as written and saving it unchanged keeps it (note11, item 5: the page showed
"1999-03"), and the document's own date in its facts too (it showed "2025-01-15")."""

from __future__ import annotations

import pytest

from objector.cases.actions import request_assign
from objector.documents.actions import documents_open
from objector.documents.models import Document
from objector.documents.tasks import extract_document
from tests.browser.conftest import shoot
from tests.browser.test_casework_browser import sign_in
from tests.extraction.files import docx_file

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TABLE = [
    ["№", "Воинское звание", "Фамилия, имя, отчество", "Дата рождения", "Личный номер"],
    ["1", "рядовой", "Синтетов Петр Сергеевич", "12.03.1999", "АБ-123456"],
    ["2", "ефрейтор", "Выдуманный Илья Андреевич", "06.2001", "ВВ-111222"],
    ["3", "рядовой", "Придуманный Олег Иванович", "1998", "ГГ-333444"],
]
SHOWN = {
    "ru": ["12 марта 1999", "июнь 2001", "1998"],
    "en": ["12 March 1999", "June 2001", "1998"],
}
WRITTEN = {"ru": "15 января 2025", "en": "15 January 2025"}  # «от 15.01.2025 г.»
SIZES = ({"width": 1366, "height": 900}, {"width": 390, "height": 844})


@pytest.mark.django_db(transaction=True)
def test_the_document_page_writes_birth_dates_in_the_readers_language(
    live_server, browser, coordinator, lawyer, make_request
) -> None:
    case = make_request(name="Синтетов Пётр Сергеевич")
    request_assign(request=case, lawyer=lawyer, by=coordinator)
    context, page = sign_in(browser, live_server, lawyer)
    page.goto(f"{live_server.url}/staff/cases/{case.pk}")
    content = docx_file(
        ["ПРИКАЗ", "командира войсковой части 12345", "от 15.01.2025 г. № 45", "Исключить:"],
        TABLE,
    )
    page.get_by_label("Документ").set_input_files(
        files=[{"name": "приказ.docx", "mimeType": DOCX, "buffer": content}]
    )
    page.get_by_role("button", name="Загрузить").click()
    document = Document.objects.get()
    assert extract_document.call(document.pk) == "done"  # what the task worker does
    url = f"{live_server.url}/staff/documents/{document.pk}"

    for lang in ("ru", "en"):
        lawyer.language = lang  # the staff member's own setting, read on each request
        lawyer.save(update_fields=["language"])
        for size in SIZES:
            page.set_viewport_size(size)
            page.goto(url)
            assert page.locator("#persons .person-born").all_inner_texts() == SHOWN[lang]
            assert "1999-03-12" not in page.locator("#persons").inner_text()
            assert "2001-06" not in page.locator("#persons").inner_text()
            assert page.locator("#document-date").inner_text() == WRITTEN[lang]
            assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
            shoot(page, f"document-birth-{size['width']}-{lang}.png")

    # The correction form holds the date as written; saved unchanged, it stays what it was.
    second = page.locator("#persons li").nth(1)
    second.locator("summary").click()
    field = second.locator("input[name=birth_date]")
    assert field.input_value() == "June 2001"
    shoot(page, "document-birth-correct-390-en.png")
    second.locator("button[type=submit]").click()
    assert page.locator("#persons .person-born").all_inner_texts() == SHOWN["en"]
    documents_open([document])
    [_, row, _] = document.persons_in_order()
    assert row[1]["birth_date"] == "2001-06"
    context.close()
