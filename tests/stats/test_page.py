"""The statistics page: protected cross-tables, the attacker's audit, the chart, the roles."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from objector.cases.actions import message_send
from objector.intake.models import Request
from objector.stats import charts

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    cache.clear()


def cells(html: str, row: str) -> list[str]:
    found = re.search(rf"<tr><th>{row}</th>(.*?)</tr>", html)
    assert found, row
    return re.findall(r"<td[^>]*>([^<]*)</td>", found.group(1))


@pytest.fixture
def seven(make_request: Any) -> list[Any]:
    """Six requests from the Southern district, one from the Central one."""
    return [make_request() for _ in range(6)] + [make_request(region="moscow")]


def test_it_hides_a_small_cell_and_the_cell_that_would_give_it_away(
    seven: list[Any], analyst: Any, client_for: Any
) -> None:
    analyst.language = "en"
    analyst.save()
    html = client_for(analyst).get("/staff/stats", {"rows": "district"}).content.decode()
    assert re.search(r'id="total">7<', html)
    assert cells(html, "Central") == ["×"]
    # Southern alone would give Central away: 7 - 6 = 1.
    assert cells(html, "Southern") == ["×"]
    assert cells(html, "Total") == ["7"]
    assert cells(html, "North-Western") == ["0"]
    assert "Every hidden count is safe." in html
    audit = html[html.index('id="audit"') :]
    assert re.search(r"<td>Central</td><td>0 … [6-7]</td>", audit)


def test_it_shows_a_coordinator_the_raw_counts_marked_not_for_publication(
    seven: list[Any], coordinator: Any, analyst: Any, client_for: Any
) -> None:
    for staff in (coordinator, analyst):
        staff.language = "en"
        staff.save()
    raw = {"rows": "district", "raw": "on"}
    html = client_for(coordinator).get("/staff/stats", raw).content.decode()
    assert 'id="raw-warning"' in html and "Not for publication" in html
    assert cells(html, "Central") == ["1"] and cells(html, "Southern") == ["6"]
    response = client_for(analyst).get("/staff/stats", raw)
    assert response.status_code == 403
    assert "Analysts see protected counts only" in response.content.decode()


def test_it_crosses_two_and_three_dimensions(
    seven: list[Any], analyst: Any, client_for: Any
) -> None:
    analyst.language = "en"
    analyst.save()
    client = client_for(analyst)
    two = client.get("/staff/stats", {"rows": "district", "columns": "channel"}).content.decode()
    assert cells(two, "Total")[-1] == "7"
    three = client.get(
        "/staff/stats", {"rows": "district", "columns": "channel", "layers": "status"}
    ).content.decode()
    assert three.count('<table class="cross"><caption>') == 6  # five statuses and their total
    assert "Every hidden count is safe." in three


def test_it_draws_the_chart_as_protected_as_the_table(
    seven: list[Any], coordinator: Any, client_for: Any
) -> None:
    coordinator.language = "en"
    coordinator.save()
    response = client_for(coordinator).get(
        "/staff/stats/chart.svg", {"rows": "district", "raw": "on"}
    )
    assert response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert svg.startswith("<?xml") and "<script" not in svg
    assert "Central ×" in svg and "Southern ×" in svg
    assert ">1<" not in svg and ">6<" not in svg  # neither hidden count is drawn


@pytest.mark.parametrize("over_time", [False, True])
def test_the_chart_counts_from_zero_in_whole_steps(over_time: bool) -> None:
    """Round 9's walk: a chart of hidden counts only had an axis from −0.04 to 0.04."""
    drawn = charts.bars(
        [3, 0, 7],
        [False, True, False],
        ["a", "b", "c"],
        over_time=over_time,
        title="",
        hidden_label="",
    ).axes[0]
    low, _ = drawn.get_ylim() if over_time else drawn.get_xlim()
    ticks = drawn.get_yticks() if over_time else drawn.get_xticks()
    assert low == 0 and all(float(t).is_integer() and t >= 0 for t in ticks)
    hidden = charts.bars(
        [0, 0], [True, True], ["a", "b"], over_time=over_time, title="", hidden_label=""
    ).axes[0]
    assert list(hidden.get_yticks() if over_time else hidden.get_xticks()) == []


@pytest.mark.parametrize(
    "query,message",
    [
        ({"rows": "district", "columns": "district"}, "Each dimension once"),
        ({"rows": "week", "columns": "month"}, "Weeks or months, not both"),
        ({"rows": "district", "start": "2026-02-30", "end": "2026-03-01"}, "Enter a valid date"),
        ({"rows": "district", "start": "2026-03-02", "end": "2026-03-01"}, "ends before"),
        ({"rows": "district", "start": "2026-03-01"}, "first and its last day"),
        ({"rows": "shoe size"}, "Select a valid choice"),
    ],
)
def test_it_names_what_is_wrong_with_a_table_asked_for(
    query: dict[str, str], message: str, analyst: Any, client_for: Any
) -> None:
    analyst.language = "en"
    analyst.save()
    response = client_for(analyst).get("/staff/stats", query)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert client_for(analyst).get("/staff/stats/chart.svg", query).status_code == 400


def test_it_counts_the_service_in_a_fixed_order_with_first_replies_and_backlog_age(
    seven: list[Any], coordinator: Any, analyst: Any, client_for: Any
) -> None:
    analyst.language = "en"
    analyst.save()
    html = client_for(analyst).get("/staff/stats").content.decode()
    order = [html.index(f'id="{i}"') for i in ("total", "open", "backlog-age", "backlog-old")]
    assert order == sorted(order) and html.index('id="first-reply"') > order[-1]
    assert re.search(r'id="open">7<', html)
    assert re.search(r'id="backlog-age">[0-9.]+ days<', html)
    assert re.search(r'id="first-reply">hidden: too few<', html)  # nobody answered yet
    for request in seven[:5]:
        message_send(request=request, text="Получили, ответим.", by=coordinator)
    html = client_for(analyst).get("/staff/stats").content.decode()
    assert re.search(r'id="first-reply">[0-9.]+ hours<', html)


def test_it_speaks_russian_to_a_russian_reader(
    seven: list[Any], analyst: Any, client_for: Any
) -> None:
    html = client_for(analyst).get("/staff/stats", {"rows": "district"}).content.decode()
    assert "Проверка глазами злоумышленника" in html and "Всего" in html


def test_it_refuses_a_table_too_large_to_protect_while_one_waits(
    seven: list[Any], analyst: Any, client_for: Any
) -> None:
    analyst.language = "en"
    analyst.save()
    for request in seven:  # spread over a year of weeks
        Request.objects.filter(pk=request.pk).update(
            created_at=timezone.now() - timedelta(weeks=7 * seven.index(request))
        )
    query = {"rows": "week", "columns": "district", "layers": "category"}
    response = client_for(analyst).get("/staff/stats", query)
    assert response.status_code == 400
    assert "too many to protect while you wait" in response.content.decode()
    assert client_for(analyst).get("/staff/stats/chart.svg", query).status_code == 400


def test_it_maps_the_districts_with_the_tables_protection(
    seven: list[Any], analyst: Any, coordinator: Any, client_for: Any
) -> None:
    analyst.language = "en"
    analyst.save()
    client = client_for(analyst)
    html = client.get("/staff/stats", {"rows": "channel", "columns": "district"}).content.decode()
    table = html[html.index('id="map-table"') :]
    # Each district with its abbreviation, which a phone's map shows on its tiles.
    assert cells(table, r"Central \(CFD\)") == ["×"] and cells(table, r"Southern \(SFD\)") == ["×"]
    assert cells(table, r"North-Western \(NWFD\)") == ["0"]
    assert 'src="/staff/stats/map.svg?rows=channel&amp;columns=district"' in html
    svg = client.get("/staff/stats/map.svg", {"rows": "channel", "columns": "district"})
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    desc = re.search(r"<desc>(.*?)</desc>", svg.content.decode(), re.S)
    assert desc is not None and "Central: hidden" in desc.group(1)
    assert "Southern: hidden" in desc.group(1) and "Southern: 6" not in desc.group(1)
    # Raw counts are for the table only: a coordinator's map is protected all the same.
    raw = {"rows": "district", "raw": "on"}
    mapped = client_for(coordinator).get("/staff/stats/map.svg", raw).content.decode()
    assert "Центральный: скрыто" in mapped and "Южный: скрыто" in mapped
    png = client.get("/staff/stats/map.png", {"rows": "district"})
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert "attachment" in png["Content-Disposition"]
    chart = client.get("/staff/stats/chart.png", {"rows": "district"})
    assert chart.content.startswith(b"\x89PNG\r\n\x1a\n")
    # No district in the table: no map, and the page says so rather than drawing a wrong one.
    assert 'id="map"' not in client.get("/staff/stats", {"rows": "channel"}).content.decode()
    refused = client.get("/staff/stats/map.svg", {"rows": "channel"})
    assert refused.status_code == 400 and "federal district" in refused.content.decode()
    assert client.get("/staff/stats/map.gif", {"rows": "district"}).status_code == 404


def test_it_keys_the_cache_on_a_counter_the_database_bumps_with_every_write(
    seven: list[Any], analyst: Any, client_for: Any, make_request: Any
) -> None:
    from objector.stats.models import Version
    from objector.stats.views import _fingerprint

    def version() -> int:
        return sum(Version.objects.values_list("n", flat=True))

    start, key = version(), _fingerprint()
    assert start >= 7  # every request made bumped it
    client = client_for(analyst)
    before = client.get("/staff/stats", {"rows": "district"}).content.decode()
    assert re.search(r'id="total">7<', before)
    # A queryset update (no signal, no save()) is seen: the trigger runs in the database.
    Request.objects.filter(pk=seven[0].pk).update(district="central")
    assert version() == start + 1 and _fingerprint() != key
    # A write to a column nothing counts does not invalidate the cache.
    Request.objects.filter(pk=seven[0].pk).update(urgency_rank=1)
    assert version() == start + 1
    make_request(region="moscow")
    assert version() == start + 2
    # The cached page of seven requests is not served again.
    after = client.get("/staff/stats", {"rows": "district"}).content.decode()
    assert re.search(r'id="total">8<', after)
    Request.objects.filter(pk=seven[1].pk).delete()
    assert version() == start + 3
