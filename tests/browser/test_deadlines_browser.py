"""The deadlines page in a real browser at 1366 px and 390 px, JavaScript off: the upcoming ones
first, the overdue ones folded apart until opened, a filter by kind."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from objector.cases.actions import deadline_add
from objector.intake.models import requests_open
from tests.browser.conftest import SHOTS
from tests.browser.test_casework_browser import sign_in


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("width", "height"), [(1366, 900), (390, 844)], ids=["desktop", "phone"])
def test_a_coordinator_reads_the_teams_deadlines(
    live_server, browser, coordinator, lawyer, make_request, width, height
) -> None:
    today = timezone.localdate()
    left = (today - timedelta(days=2)).isoformat()  # the absence gets graver from tomorrow
    case = make_request(today=today, **{"date:left_unit": left})
    requests_open([case])
    for day in range(1, 40):
        deadline_add(
            request=case,
            label=f"Синтетический срок {day}",
            due=today - timedelta(days=day),
            by=lawyer,
        )
    deadline_add(request=case, label="Заседание", due=today + timedelta(days=3), by=lawyer)
    SHOTS.mkdir(parents=True, exist_ok=True)

    context, page = sign_in(browser, live_server, coordinator)
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/staff/deadlines")
    assert page.locator("#deadlines").is_visible()
    assert "Заседание" in page.locator("#deadlines").inner_text()
    assert not page.locator("#overdue-deadlines").is_visible()  # folded
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=SHOTS / f"deadlines-{width}.png", full_page=True)
    page.locator("#overdue summary").click()
    assert page.locator("#overdue-deadlines").is_visible()
    page.locator("select[name=kind]").select_option("threshold")
    page.get_by_role("button", name="Показать").click()
    assert "Отсутствие станет тяжелее" in page.locator("#deadlines").inner_text()
    context.close()
