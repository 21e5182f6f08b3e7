"""The refusal pages (cases/refused.html) and their way back, in a real browser with
JavaScript off, at 390 px and 1366 px, in Russian and English: a code not found (the way back
is the queue, named as the staff member's menu names it) and an upload with no file (the way
back is the case: "Back"). Looked at (r11-tidy): the refusal was drawn in the green of a
status that something was done, under no heading, and the tab was titled "Back" («Назад»)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from objector.cases.actions import request_assign
from tests.browser.conftest import shoot
from tests.browser.test_casework_browser import sign_in
from tests.browser.test_walk10_browser import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)


def refused(page: Page, language: str) -> None:
    """Headed and titled as a refusal, said as an alert (red), within the screen's width."""
    heading = {"ru": "Не выполнено", "en": "Not done"}[language]
    assert page.get_by_role("heading", level=1).inner_text() == heading
    assert page.title() == f"{heading} — Objector"
    assert page.get_by_role("alert").get_attribute("id") == "message"
    assert page.get_by_role("status").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_a_refusal_leads_back_where_it_came_from(
    live_server, browser, coordinator, lawyer, make_request
) -> None:
    case = make_request()
    request_assign(request=case, lawyer=lawyer, by=coordinator)
    for staff, queue in ((lawyer, ("Мои дела", "My cases")), (coordinator, ("Очередь", "Queue"))):
        context, page = sign_in(browser, live_server, staff)
        for i, language in enumerate(("ru", "en")):
            staff.language = language
            staff.save()
            for size in (PHONE, DESKTOP):
                page.set_viewport_size(size)
                page.goto(f"{live_server.url}/staff/queue")
                page.locator('input[name="q"]').fill("KKKK-KKKK")
                page.locator('input[name="q"]').press("Enter")
                assert page.locator("#back").inner_text() == queue[i]
                refused(page, language)
                shoot(page, f"refused-code-{staff.role}-{size['width']}-{language}.png")
                page.goto(f"{live_server.url}/staff/cases/{case.pk}")
                page.locator('input[name="file"]').evaluate("i => i.removeAttribute('required')")
                page.locator('input[name="file"]').locator("xpath=ancestor::form").locator(
                    'button[type="submit"]'
                ).click()
                assert page.locator("#back").inner_text() == ("Назад", "Back")[i]
                refused(page, language)
                shoot(page, f"refused-upload-{staff.role}-{size['width']}-{language}.png")
        context.close()
