"""The queue under a surge, in a real browser with JavaScript off, at 1366 px and at 390 px: a
coordinator finds requests by a surname, selects a whole page, acts on it from a bulk bar that
stays on screen, and reads who went to whom."""

from __future__ import annotations

import pytest

from objector.cases.actions import message_receive
from objector.intake.models import requests_open
from tests.browser.conftest import SHOTS
from tests.browser.test_casework_browser import sign_in

SURNAMES = ["Кузьмин", "Синтетов", "Образцов", "Пробный", "Тестовый", "Условный"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("width", "height"), [(1366, 900), (390, 844)], ids=["desktop", "phone"])
def test_a_coordinator_works_a_surge_from_the_queue(
    live_server, browser, coordinator, lawyer, colleague, make_request, width, height
) -> None:
    made = [
        make_request(
            name=f"{SURNAMES[i % len(SURNAMES)]} Пётр Синтетический",
            region=("rostov", "moscow", "tver")[(i // 6) % 3],
            lang="en" if i % 7 == 0 else "ru",
        )
        for i in range(60)
    ]
    requests_open(made[:2])
    message_receive(request=made[0], text="Синтетический вопрос заявителя.")
    SHOTS.mkdir(parents=True, exist_ok=True)

    context, page = sign_in(browser, live_server, coordinator)
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/staff/queue")
    assert page.locator("#unread-" + made[0].reference).is_visible()
    # The page never scrolls sideways; the table scrolls inside its own box.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # The bulk bar stays on screen while the table is long (on a desktop).
    bar = page.locator("#bulkbar").bounding_box()
    if width > 640:
        assert bar is not None and bar["y"] + bar["height"] <= height + 1
        page.screenshot(path=SHOTS / f"queue-surge-{width}.png")
    else:
        page.screenshot(path=SHOTS / f"queue-surge-{width}.png")
        page.locator("#queue").scroll_into_view_if_needed()
        page.screenshot(path=SHOTS / f"queue-surge-{width}-table.png")

    page.locator("input[name=q]").fill("кузьмин")
    page.get_by_role("button", name="Найти").click()
    assert page.locator("#total").inner_text() == "10"
    page.get_by_role("link", name="Отметить все на этой странице").click()
    assert page.locator("input[name=ids]:checked").count() == 10
    page.get_by_label("Назначить юристу").check()
    page.get_by_role("button", name="Выполнить").click()
    assert page.locator("#message").inner_text() == "Изменены 10 заявок:"
    result = page.locator("#bulk-result").inner_text()
    assert "lawyer" in result and "colleague" in result  # spread by district, then by load
    page.screenshot(path=SHOTS / f"queue-bulk-result-{width}.png")
    context.close()
