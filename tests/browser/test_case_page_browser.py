"""The case page in a real browser at 1366 px and 390 px: one long unbroken string (a pasted
link) wraps instead of widening the page; a bad event date is named beside the form."""

from __future__ import annotations

import pytest

from objector.cases.actions import note_add, request_assign
from objector.intake.models import requests_open
from tests.browser.conftest import SHOTS
from tests.browser.test_casework_browser import sign_in

LONG = "https://example.invalid/" + "синтетическая-ссылка" * 100


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("width", "height"), [(1366, 900), (390, 844)], ids=["desktop", "phone"])
def test_the_case_page_keeps_to_the_screen(
    live_server, browser, coordinator, lawyer, make_request, width, height
) -> None:
    case = make_request(story="Синтетическая история: " + LONG, lang="en")
    request_assign(request=case, lawyer=lawyer, by=coordinator)
    requests_open([case])
    note_add(request=case, text=LONG, by=coordinator)
    SHOTS.mkdir(parents=True, exist_ok=True)

    context, page = sign_in(browser, live_server, coordinator)
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/staff/cases/{case.pk}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.locator("#language").inner_text() == "английский"
    assert page.locator("select[name=lawyer] option:checked").inner_text().startswith("lawyer")
    page.screenshot(path=SHOTS / f"case-long-{width}.png", full_page=True)

    page.locator("select[name=type]").select_option("returned")
    page.locator("input[name=date]").evaluate("e => e.removeAttribute('max')")
    page.locator("input[name=date]").fill("2999-01-01")
    page.get_by_role("button", name="Добавить событие").click()
    assert page.locator("#error").inner_text() == "Дата: Дата ещё не наступила."
    page.screenshot(path=SHOTS / f"case-error-{width}.png")
    context.close()
