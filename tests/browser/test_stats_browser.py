"""A real browser, JavaScript off: an analyst composes a release, previews it with its
attacker's audit, and publishes it; the report, its chart and its CSV are there."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from objector.intake.models import Request
from objector.stats.models import Release
from tests.browser.conftest import SHOTS
from tests.browser.test_casework_browser import sign_in


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [390, 1366], ids=["phone", "desktop"])
def test_an_analyst_composes_previews_and_publishes_a_release(
    live_server, browser, analyst, make_request, width
) -> None:
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday() + 14)
    for i in range(9):
        request = make_request(region="moscow" if i % 3 == 0 else "rostov")
        when = datetime.combine(monday + timedelta(days=i % 5), datetime.min.time(), UTC)
        Request.objects.filter(pk=request.pk).update(created_at=when)
    SHOTS.mkdir(parents=True, exist_ok=True)

    context, page = sign_in(browser, live_server, analyst)
    page.set_viewport_size({"width": width, "height": 900})
    assert page.get_by_role("heading", name="Статистика").is_visible()
    page.get_by_role("link", name="Публикации").first.click()
    page.get_by_label("Название").fill("Обращения по округам")
    page.locator("#compose select[name=rows]").select_option("district")
    page.get_by_label("Первая неделя (любой её день)").fill(monday.isoformat())
    page.get_by_label("Последняя неделя (любой её день)").fill(monday.isoformat())
    page.get_by_role("button", name="Предпросмотр").click()

    assert page.locator("#audit-result").inner_text() == "Ни одно скрытое число вычислить нельзя."
    # Central 3 is small, Southern 6 would give it away: both hidden, the total shown.
    assert page.locator("tr:has(th:text-is('Центральный')) td").inner_text() == "×"
    assert page.locator("tr:has(th:text-is('Южный')) td").inner_text() == "×"
    assert page.locator("tr:has(th:text-is('Всего')) td").inner_text() == "9"
    page.screenshot(path=SHOTS / f"stats-preview-{width}.png", full_page=True)
    assert not Release.objects.exists()

    page.get_by_role("button", name="Опубликовать").click()
    release = Release.objects.get()
    assert page.url.endswith(f"/staff/stats/releases/{release.pk}")
    assert "Считаются обращения, а не люди." in page.locator("#method").inner_text()
    assert "Requests are counted, not people." in page.locator("#method").inner_text()
    chart = context.request.get(f"{live_server.url}/staff/stats/releases/{release.pk}/chart.svg")
    assert chart.status == 200 and chart.headers["content-type"] == "image/svg+xml"
    csv = context.request.get(f"{live_server.url}/staff/stats/releases/{release.pk}.csv")
    assert "central," in csv.text() and "Total,9" in csv.text()
    page.screenshot(path=SHOTS / f"stats-release-{width}.png", full_page=True)
    page.get_by_role("link", name="Публикации").first.click()
    assert page.get_by_role("link", name="Обращения по округам").is_visible()
    context.close()
