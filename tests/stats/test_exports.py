"""A release's exports through the real HTTP client: the CSV, the chart and the map as SVG and
PNG, the PDF report. They are made once at publication, their SHA-256 recorded and checked,
their downloads audited, and none of them shows more than the protected table."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from django.utils import timezone

from objector.intake.models import Request
from objector.stats.models import Release, ReleaseFile
from objector.vault.models import AuditEntry

pytestmark = pytest.mark.django_db

MONDAY = timezone.localdate() - timedelta(days=timezone.localdate().weekday() + 14)
PNG = b"\x89PNG\r\n\x1a\n"


def in_week(request: Any) -> None:
    when = datetime.combine(MONDAY + timedelta(days=1), datetime.min.time(), UTC)
    Request.objects.filter(pk=request.pk).update(created_at=when)


@pytest.fixture
def small(make_request: Any) -> list[Any]:
    """Southern 9, North-Western 8; Central 2 and Volga 3: two small counts to hide."""
    made = []
    for region, n in (("rostov", 9), ("pskov", 8), ("moscow", 2), ("bashkortostan", 3)):
        for _ in range(n):
            made.append(make_request(region=region))
            in_week(made[-1])
    return made


def publish(client: Any, title: str = "По округам") -> Release:
    form = {"title": title, "rows": "district", "first": MONDAY, "last": MONDAY}
    response = client.post("/staff/stats/releases/publish", form)
    assert response.status_code == 302, response.content.decode()[-2000:]
    return Release.objects.get(title=title)


def pdf_text(body: bytes) -> str:
    pdf = pdfium.PdfDocument(body)
    return "\n".join(page.get_textpage().get_text_range() for page in pdf)


def files(client: Any, release: Release) -> dict[str, Any]:
    out = {}
    for f in release.files.all():
        response = client.get(f"/staff/stats/releases/{release.pk}/files/{f.name}")
        assert response.status_code == 200, f.name
        out[f.name.removeprefix(f"release-{release.pk}")] = response
    return out


def test_it_exports_every_file_with_its_type_magic_and_recorded_hash(
    small: list[Any], analyst: Any, client_for: Any
) -> None:
    client = client_for(analyst)
    release = publish(client)
    got = files(client, release)
    assert set(got) == {".csv", "-chart.svg", "-chart.png", "-map.svg", "-map.png", ".pdf"}
    assert got[".csv"]["Content-Type"] == "text/csv; charset=utf-8"
    assert got["-chart.png"]["Content-Type"] == "image/png"
    assert got["-map.png"].content.startswith(PNG) and got["-chart.png"].content.startswith(PNG)
    assert got[".pdf"]["Content-Type"] == "application/pdf"
    assert got[".pdf"].content.startswith(b"%PDF-")
    assert got["-map.svg"]["Content-Type"] == "image/svg+xml"
    for name, response in got.items():
        digest = hashlib.sha256(response.content).hexdigest()
        assert response["X-Content-SHA256"] == digest, name
        assert release.files.get(name=f"release-{release.pk}{name}").sha256 == digest
    downloads = AuditEntry.objects.filter(action="download", object_type="release_file")
    assert downloads.count() == 6 and {e.actor_name for e in downloads} == {"analyst"}
    report = client.get(f"/staff/stats/releases/{release.pk}").content.decode()
    for f in release.files.all():
        assert f.sha256 in report

    # The PDF: the method in plain Russian and English, the table, the audit, as text.
    text = pdf_text(got[".pdf"].content)
    assert "Считаются обращения, а не люди." in text
    assert "Requests are counted, not people." in text
    assert "The attacker's audit" in text and "Metod" not in text
    assert "Южный / Southern" in text and "Центральный / Central" in text


def test_it_refuses_a_file_that_no_longer_matches_its_hash(
    small: list[Any], analyst: Any, client_for: Any
) -> None:
    client = client_for(analyst)
    release = publish(client)
    name = f"release-{release.pk}.csv"
    with pytest.raises(ValueError, match="never changed"):
        found = release.files.get(name=name)
        found.body = b"district,requests\ncentral,2\n"
        found.save()
    # Behind the application's back (a restored backup, a hand edit): caught on download.
    ReleaseFile.objects.filter(release=release, name=name).update(body=b"central,2\n")
    response = client.get(f"/staff/stats/releases/{release.pk}/files/{name}")
    assert response.status_code == 500
    assert b"SHA-256" in response.content and b"central,2" not in response.content
    assert client.get(f"/staff/stats/releases/{release.pk}/files/nothing.csv").status_code == 404
    assert client.get(f"/staff/stats/releases/{release.pk}/files/..%2Fetc").status_code == 404


def test_it_shows_hidden_districts_as_hidden_in_every_export(
    small: list[Any], analyst: Any, client_for: Any
) -> None:
    client = client_for(analyst)
    release = publish(client)
    got = files(client, release)
    rows = {r[0]: r[1] for r in csv.reader(io.StringIO(got[".csv"].content.decode()))}
    assert rows["central"] == "" and rows["volga"] == ""
    assert rows["Total"] == "22"
    svg = got["-map.svg"].content.decode()
    assert "<title>По округам</title>" in svg and "<desc>" in svg
    desc = re.search(r"<desc>(.*?)</desc>", svg, re.S)
    assert desc is not None
    assert "Центральный: скрыто" in desc.group(1) and "Central: hidden" in desc.group(1)
    assert "Southern: " in desc.group(1)


def test_it_gives_the_same_exports_whatever_the_hidden_counts_are(
    small: list[Any], analyst: Any, client_for: Any
) -> None:
    """Central 2 and Volga 3, or Central 3 and Volga 2: the same table is published, so every
    export must be the same byte for byte (the PDF up to its date) — nothing leaks a hidden
    count, not even through a PNG's pixels."""
    client = client_for(analyst)
    first = publish(client)
    before = {k: r.content for k, r in files(client, first).items()}
    ReleaseFile.objects.all().delete()
    Release.objects.all().delete()
    volga = Request.objects.filter(district="volga").first()
    assert volga is not None
    Request.objects.filter(pk=volga.pk).update(district="central")
    second = publish(client)
    after = {k: r.content for k, r in files(client, second).items()}
    for name in before:
        if name == ".pdf":
            strip = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC")
            assert strip.sub("", pdf_text(before[name])) == strip.sub("", pdf_text(after[name]))
        else:
            assert before[name] == after[name], name
    if os.environ.get("OBJECTOR_SCREENSHOTS"):
        folder = Path(os.environ["OBJECTOR_SCREENSHOTS"])
        for name, body in after.items():
            (folder / f"release{name}").write_bytes(body)
