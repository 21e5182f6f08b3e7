"""Releases: composed, previewed with the attacker's audit, published, immutable, listed; each
audited against every earlier one."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from objector.intake.models import Request
from objector.stats.models import Release
from objector.vault.models import AuditEntry

pytestmark = pytest.mark.django_db

MONDAY = timezone.localdate() - timedelta(days=timezone.localdate().weekday() + 21)  # 3 weeks ago


def in_week(request: Any, week: int) -> None:
    when = datetime.combine(MONDAY + timedelta(weeks=week, days=2), datetime.min.time(), UTC)
    Request.objects.filter(pk=request.pk).update(created_at=when)


@pytest.fixture
def data(make_request: Any) -> None:
    """Weeks 0 and 1: eight Southern and six Central requests each; week 2: one more Central."""
    for week in (0, 1):
        for _ in range(8):
            in_week(make_request(), week)
        for _ in range(6):
            in_week(make_request(region="moscow"), week)
    in_week(make_request(region="moscow"), 2)


def compose(title: str, last_week: int) -> dict[str, str]:
    last = MONDAY + timedelta(weeks=last_week, days=3)
    return {
        "title": title,
        "rows": "district",
        "first": MONDAY.isoformat(),
        "last": last.isoformat(),
    }


def district_cells(html: str, name: str) -> list[str]:
    found = re.search(rf"<tr><th>{name}</th>(.*?)</tr>", html)
    assert found, name
    return re.findall(r"<td[^>]*>([^<]*)</td>", found.group(1))


def test_it_previews_publishes_and_lists_a_release(
    data: None, analyst: Any, client_for: Any
) -> None:
    analyst.language = "en"
    analyst.save()
    client = client_for(analyst)
    preview = client.get("/staff/stats/releases/preview", compose("Two weeks", 1)).content.decode()
    assert "Every hidden count is safe." in preview and 'id="publish"' in preview
    assert district_cells(preview, "Central") == ["12"]
    assert not Release.objects.exists()  # a preview stores nothing

    response = client.post("/staff/stats/releases/publish", compose("Two weeks", 1))
    release = Release.objects.get()
    assert (
        response.status_code == 302
        and response["Location"] == f"/staff/stats/releases/{release.pk}"
    )
    assert AuditEntry.objects.filter(action="stats_release", object_id=str(release.pk)).exists()
    report = client.get(response["Location"]).content.decode()
    assert "Requests are counted, not people." in report
    assert "Считаются обращения, а не люди." in report
    listing = client.get("/staff/stats/releases").content.decode()
    assert "Two weeks" in listing
    rows = list(
        csv.reader(
            io.StringIO(client.get(f"/staff/stats/releases/{release.pk}.csv").content.decode())
        )
    )
    assert (
        rows[0] == ["district", "requests"]
        and ["central", "12"] in rows
        and ["Total", "28"] in rows
    )
    svg = client.get(f"/staff/stats/releases/{release.pk}/chart.svg")
    assert svg["Content-Type"] == "image/svg+xml"

    release.title = "changed"
    with pytest.raises(ValueError, match="never changed"):
        release.save()


def test_it_catches_the_difference_between_two_releases(
    data: None, analyst: Any, client_for: Any
) -> None:
    analyst.language = "en"
    analyst.save()
    client = client_for(analyst)
    client.post("/staff/stats/releases/publish", compose("Two weeks", 1))
    first = Release.objects.get()
    assert all(v is not None for v in first.published)  # nothing small in weeks 0-1
    # Weeks 0-2: Central is 13, not small, but 13 - 12 = 1 request in week 2 alone.
    preview = client.get(
        "/staff/stats/releases/preview", compose("Three weeks", 2)
    ).content.decode()
    assert district_cells(preview, "Central") == ["×"]
    assert "Every hidden count is safe." in preview
    client.post("/staff/stats/releases/publish", compose("Three weeks", 2))
    second = Release.objects.exclude(pk=first.pk).get()
    central = second.labels[0].index("central")
    assert second.published[central] is None


@pytest.mark.parametrize(
    "change,message",
    [
        ({"last": (date.today() + timedelta(days=1)).isoformat()}, "has not ended yet"),
        ({"first": "2026-13-01"}, "Enter a valid date"),
        ({"rows": "status"}, "Select a valid choice"),
        ({"columns": "district"}, "Each dimension once"),
        ({"title": ""}, "This field is required"),
    ],
)
def test_it_names_what_is_wrong_with_a_release(
    change: dict[str, str], message: str, data: None, analyst: Any, client_for: Any
) -> None:
    analyst.language = "en"
    analyst.save()
    query = compose("Bad", 1) | change
    client = client_for(analyst)
    response = client.get("/staff/stats/releases/preview", query)
    assert response.status_code == 400 and message in response.content.decode()
    response = client.post("/staff/stats/releases/publish", query)
    assert response.status_code == 400 and not Release.objects.exists()
