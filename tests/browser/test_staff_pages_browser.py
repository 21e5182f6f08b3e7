"""In a real browser at 1366 px and 390 px, JavaScript off: the error pages are the site's own
and bilingual; a document still being read says so and reloads itself until it is read."""

from __future__ import annotations

import pytest

from objector.documents.actions import document_extract, document_store
from objector.documents.models import Document
from tests.browser.conftest import SHOTS
from tests.browser.test_casework_browser import sign_in

SIZES = [(1366, 900), (390, 844)]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("width", "height"), SIZES, ids=["desktop", "phone"])
def test_the_error_pages_are_the_sites_own(live_server, browser, width, height) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(java_script_enabled=False, locale="ru-RU")
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": height})
    for path, ru, en in (
        ("/no-such-page", "Страница не найдена", "Page not found"),
        ("/staff/logout", "Эту страницу нельзя открыть таким способом", "cannot be opened"),
    ):
        answer = page.goto(f"{live_server.url}{path}")
        assert answer is not None and answer.status in (404, 405)
        text = page.locator("#error-page").inner_text()
        assert ru in text and en in text
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=SHOTS / f"error-{answer.status}-{width}.png", full_page=True)
    context.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("width", "height"), SIZES, ids=["desktop", "phone"])
def test_a_document_being_read_reloads_itself(
    live_server, browser, coordinator, make_request, width, height
) -> None:
    case = make_request()
    order = "ПРИКАЗ\nрядового Синтетова Петра Сергеевича, личный номер АБ-123456\n".encode()
    document = document_store(
        content=order, filename="order.txt", channel="web", by=coordinator, case=case
    )
    context, page = sign_in(browser, live_server, coordinator)
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/staff/documents/{document.pk}")
    assert "Распознаётся" in page.locator("#persons-pending").inner_text()
    page.screenshot(path=SHOTS / f"document-pending-{width}.png", full_page=True)
    document_extract(document=Document.objects.get(pk=document.pk))
    # No script and no click: the page reloads itself within its refresh interval.
    page.wait_for_selector(".person-name", timeout=15_000)
    assert "Синтетов" in page.locator("#persons").inner_text()
    context.close()
