"""A real browser, JavaScript off: an analyst composes a release, previews it with its
attacker's audit, and publishes it; the report, its chart and its CSV are there."""

from __future__ import annotations

import contextlib
import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import TimeoutError as PlaywrightTimeout

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
    # The map: Central and Southern hatched, the table beside it says the same.
    # (The table names each district with its abbreviation, which a phone's map shows.)
    assert page.locator("#map-table tr:has(th:text-is('Центральный (ЦФО)')) td").inner_text() == "×"
    # The files, made once at publication: each link downloads what the hash on the page says.
    assert page.locator("#files tbody tr").count() == 6
    for name, magic in (
        (f"release-{release.pk}.pdf", b"%PDF-"),
        (f"release-{release.pk}-map.png", b"\x89PNG"),
    ):
        row = page.locator(f"#files tr:has(a:text-is('{name}'))")
        href = row.locator("a").get_attribute("href")
        got = context.request.get(f"{live_server.url}{href}")
        assert got.status == 200 and got.body().startswith(magic)
        assert row.locator("td").last.inner_text() == hashlib.sha256(got.body()).hexdigest()
    page.screenshot(path=SHOTS / f"stats-release-{width}.png", full_page=True)
    page.get_by_role("link", name="Публикации").first.click()
    assert page.get_by_role("link", name="Обращения по округам").is_visible()
    context.close()


# A box scrolled by the wheel and come to rest (the same place 100 ms apart), or one with
# nothing to scroll.
SCROLLED = """el => new Promise(done => {
    const at = el.scrollLeft;
    const rests = () => el.scrollLeft === at && (at > 0 || el.scrollWidth <= el.clientWidth);
    setTimeout(() => done(rests()), 100);
})"""


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize("width", [390, 1366], ids=["phone", "desktop"])
def test_a_wide_cross_table_and_the_map_fit_a_phone(
    live_server, browser, analyst, make_request, width, lang
) -> None:
    for region in ("rostov",) * 6 + ("moscow",) * 2 + ("pskov",) * 7:
        make_request(region=region)
    SHOTS.mkdir(parents=True, exist_ok=True)

    context, page = sign_in(browser, live_server, analyst)
    analyst.language = lang  # as the language switch in the menu sets it
    analyst.save(update_fields=["language"])
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/staff/stats?rows=district&columns=category")
    central = "Центральный" if lang == "ru" else "Central"
    row = page.locator(f".cross-scroll:not(:has(#map-table)) tr:has(th:text-is('{central}'))")
    name, last = row.locator("th"), row.locator("td").last
    scroller = page.locator(".cross-scroll").first
    scroller.scroll_into_view_if_needed()
    box = scroller.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    # The page itself never scrolls sideways: only the table's own box does.
    body = page.locator("main").bounding_box()
    assert body is not None and body["x"] + body["width"] <= width
    before = (name.bounding_box(), last.bounding_box())
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 40)
    page.mouse.wheel(2000, 0)
    # Chromium scrolls a wheel's distance smoothly, on its own clock: a fixed 200 ms could
    # measure mid-way on a loaded machine. Wait (30 s at most) until the table's box has
    # stopped moving; the asserts below then say where it stopped.
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(SCROLLED, arg=scroller.element_handle(), timeout=30_000)
    after = (name.bounding_box(), last.bounding_box())
    assert before[0] and after[0] and before[1] and after[1]
    assert abs(after[0]["x"] - before[0]["x"]) < 1  # the row's name stays in view
    if width == 390:
        assert after[1]["x"] < before[1]["x"]  # the counts scrolled under it
        assert after[1]["x"] + after[1]["width"] <= width + 1  # the last column can be reached
    heading = "Карта по федеральным округам" if lang == "ru" else "Map by federal district"
    assert page.get_by_role("heading", name=heading).is_visible()
    image = page.locator("#map img")
    shown = image.bounding_box()
    assert shown is not None and shown["width"] > 100 and shown["x"] + shown["width"] <= width
    src = image.get_attribute("src")
    assert src is not None
    svg = context.request.get(f"{live_server.url}{src}")
    assert svg.status == 200 and svg.headers["content-type"] == "image/svg+xml"
    assert "<desc>" in svg.text()
    hidden = "скрыто" if lang == "ru" else "hidden"
    assert f"{central}: {hidden}" in svg.text()
    abbr = "ЦФО" if lang == "ru" else "CFD"
    map_row = page.locator(f"#map-table tr:has(th:text-is('{central} ({abbr})')) td")
    assert map_row.inner_text() == "×"
    page.screenshot(path=SHOTS / f"stats-page-{lang}-{width}.png", full_page=True)
    context.close()
