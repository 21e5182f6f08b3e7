"""A real browser, JavaScript off: a lawyer uploads a scanned order on the case page, reads the
persons beside the page image once the worker has read it, and corrects one; the page fits a
phone."""

from __future__ import annotations

import pytest

from objector.cases.actions import request_assign
from objector.documents.models import Document
from objector.documents.tasks import extract_document
from tests.browser.conftest import SHOTS
from tests.browser.test_casework_browser import sign_in
from tests.extraction.files import scan_png

ORDER = (
    "ПРИКАЗ\nкомандира войсковой части 12345\nот 1 марта 2025 г. № 7\n1. Исключить:\n"
    "мл. с-та Синтетова Петра Сергеевича, личный номер АБ-123456;\n"
    "ефрейтора Выдуманного Илью Андреевича, личный номер АБ-654321.\n"
    "Основание: рапорт мл. с-та Синтетова П.С.\n"
)


@pytest.mark.django_db(transaction=True)
def test_a_lawyer_uploads_reads_and_corrects_a_scanned_order(
    live_server, browser, coordinator, lawyer, make_request
) -> None:
    case = make_request(name="Синтетов Пётр Сергеевич")
    request_assign(request=case, lawyer=lawyer, by=coordinator)
    SHOTS.mkdir(parents=True, exist_ok=True)
    context, page = sign_in(browser, live_server, lawyer)
    page.goto(f"{live_server.url}/staff/cases/{case.pk}")
    page.get_by_label("Документ").set_input_files(
        files=[{"name": "приказ.png", "mimeType": "image/png", "buffer": scan_png(ORDER, seed=9)}]
    )
    page.get_by_role("button", name="Загрузить").click()
    assert page.locator("#document-status").inner_text() == "распознаётся"
    assert page.locator("#filename").inner_text() == "приказ.png"

    document = Document.objects.get()
    assert extract_document.call(document.pk) == "done"  # what the task worker does
    page.reload()
    assert page.locator("#document-status").inner_text() == "обработан"
    assert page.locator("#person-count").inner_text() == "2"
    names = page.locator("#persons .person-name").all_inner_texts()
    assert names == ["Синтетов Петр Сергеевич", "Выдуманный Илья Андреевич"]
    assert page.locator("#persons .person-rank").all_inner_texts() == [
        "младший сержант",
        "ефрейтор",
    ]
    assert case.reference in page.locator("#persons .matches").inner_text()
    src = page.locator("#page-image").get_attribute("src")
    image = context.request.get(f"{live_server.url}{src}")
    assert image.status == 200 and image.headers["content-type"] == "image/png"
    page.screenshot(path=SHOTS / "document.png", full_page=True)

    second = page.locator("#persons li").nth(1)
    second.locator("summary").click()
    second.get_by_label("Звание").fill("младший сержант")
    second.get_by_role("button", name="Сохранить").click()
    assert page.locator("#persons .person-rank").all_inner_texts() == [
        "младший сержант",
        "младший сержант",
    ]
    assert "исправлено: lawyer" in page.locator("#persons li").nth(1).inner_text()

    # A file that is not what its name says is refused, saying why, and nothing is stored.
    page.goto(f"{live_server.url}/staff/cases/{case.pk}")
    page.get_by_label("Документ").set_input_files(
        files=[{"name": "order.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00" * 64}]
    )
    page.get_by_role("button", name="Загрузить").click()
    assert "Тип файла не поддерживается" in page.locator("#message").inner_text()
    assert Document.objects.count() == 1
    signed_in = context.storage_state()  # a second sign-in would replay the same TOTP code
    context.close()

    # At phone width the persons come below the page image and nothing scrolls sideways.
    phone = browser.new_context(
        storage_state=signed_in, viewport={"width": 360, "height": 740}, locale="ru-RU"
    )
    page = phone.new_page()
    page.goto(f"{live_server.url}/staff/documents/{document.pk}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    image = page.locator("#page-image").bounding_box()
    persons = page.locator("#persons").bounding_box()
    assert image and persons and persons["y"] > image["y"] + image["height"] - 1
    assert image["width"] <= 360
    assert page.evaluate("document.querySelector('#page-image').naturalWidth") > 0
    page.screenshot(path=SHOTS / "phone-document.png", full_page=True)
    phone.close()


@pytest.mark.django_db(transaction=True)
def test_a_lawyer_sees_why_a_name_is_uncertain_at_desktop_and_phone_width(
    live_server, browser, coordinator, lawyer, make_request
) -> None:
    case = make_request(name="Синтетов Пётр Сергеевич")
    request_assign(request=case, lawyer=lawyer, by=coordinator)
    SHOTS.mkdir(parents=True, exist_ok=True)
    # "Гарчка": the genitive of Гарчок or of Гарчек, which the grammar cannot settle.
    order = (
        "ПРИКАЗ\n1. Исключить:\nрядового Гарчка Игоря Олеговича, личный номер АБ-123456;\n"
        "рядового Синтетова Петра Сергеевича, личный номер АБ-654321.\n"
    )
    context, page = sign_in(browser, live_server, lawyer)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/staff/cases/{case.pk}")
    page.get_by_label("Документ").set_input_files(
        files=[{"name": "приказ.txt", "mimeType": "text/plain", "buffer": order.encode()}]
    )
    page.get_by_role("button", name="Загрузить").click()
    document = Document.objects.get()
    assert extract_document.call(document.pk) == "done"
    page.reload()
    first, second = page.locator("#persons li").nth(0), page.locator("#persons li").nth(1)
    assert "беглая гласная фамилии не определена" in first.locator(".uncertain").inner_text()
    assert second.locator(".uncertain").count() == 0
    page.screenshot(path=SHOTS / "document-uncertain.png", full_page=True)
    signed_in = context.storage_state()
    context.close()

    phone = browser.new_context(
        storage_state=signed_in, viewport={"width": 390, "height": 844}, locale="ru-RU"
    )
    page = phone.new_page()
    page.goto(f"{live_server.url}/staff/documents/{document.pk}")
    assert page.locator("#persons .uncertain").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=SHOTS / "phone-document-uncertain.png", full_page=True)
    phone.close()
