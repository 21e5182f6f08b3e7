"""Differential-privacy releases: noise drawn once at publication with OpenDP, the ε recorded,
and the organisation's total budget enforced."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pytest
from django.test import override_settings
from django.utils import timezone

from objector.intake.models import Request
from objector.stats import dp
from objector.stats.models import Release

pytestmark = pytest.mark.django_db

MONDAY = timezone.localdate() - timedelta(days=timezone.localdate().weekday() + 14)


@pytest.fixture
def data(make_request: Any) -> None:
    for region, n in (("rostov", 9), ("moscow", 2), ("pskov", 6)):
        for _ in range(n):
            request = make_request(region=region)
            when = datetime.combine(MONDAY + timedelta(days=1), datetime.min.time(), UTC)
            Request.objects.filter(pk=request.pk).update(created_at=when)


def form(title: str, epsilon: str = "1") -> dict[str, Any]:
    return {"title": title, "rows": "district", "first": MONDAY, "last": MONDAY, "epsilon": epsilon}


def test_it_draws_calibrated_discrete_laplace_noise() -> None:
    mechanism = dp._mechanism(1.0)
    assert mechanism.map(1) <= 1.0  # OpenDP's privacy map: ε for one request more or less
    draws = np.array(mechanism([0] * 4000))
    assert draws.dtype.kind == "i" and set(np.unique(draws)) != {0}
    # E|X| for discrete Laplace of scale 1: 2e^-1 / (1 - e^-2) = 0.851.
    assert 0.75 < np.abs(draws).mean() < 0.95
    table = dp.noisy(np.array([[3, 4], [50, 60]]), 0.5)
    assert (table >= 0).all()
    assert (table[:2, 2] == table[:2, :2].sum(axis=1)).all() and table[2, 2] == table[:2, :2].sum()


@override_settings(STATS_DP_BUDGET=1.5)
def test_it_publishes_noisy_counts_and_refuses_to_overspend_the_budget(
    data: None, analyst: Any, client_for: Any
) -> None:
    analyst.language = "en"
    analyst.save()
    client = client_for(analyst)
    preview = client.get("/staff/stats/releases/preview", form("Noisy")).content.decode()
    assert "Within the budget." in preview and "1.50 of 1.50 left" in preview
    assert 'class="cross"' not in preview  # no count is drawn before publishing
    assert not Release.objects.exists()

    response = client.post("/staff/stats/releases/publish", form("Noisy"))
    assert response.status_code == 302
    release = Release.objects.get()
    assert release.epsilon == 1.0 and release.audit == []
    cells = np.array(release.published)
    assert cells.shape == (11,) and None not in release.published
    assert cells[-1] == cells[:-1].sum()  # the total is the sum of the noisy counts
    report = client.get(response["Location"]).content.decode()
    assert "differential privacy, ε = 1.00" in report
    assert "spent ε = 1.00 of the organisation's budget of 1.50" in report
    pdf = release.files.get(name=f"release-{release.pk}.pdf")
    assert bytes(pdf.body).startswith(b"%PDF-")

    over = client.get("/staff/stats/releases/preview", form("Again")).content.decode()
    assert "Refused: over the organisation" in over and 'id="publish"' not in over
    refused = client.post("/staff/stats/releases/publish", form("Again"))
    assert refused.status_code == 400
    assert "more than the organisation" in refused.content.decode()
    assert Release.objects.count() == 1
    assert client.post("/staff/stats/releases/publish", form("Half", "0.5")).status_code == 302
    assert dp.spent() == 1.5

    # A suppressed release afterwards is audited against suppressed releases only: noisy
    # counts are not equations an attacker can solve.
    plain = form("Plain", "")
    assert client.post("/staff/stats/releases/publish", plain).status_code == 302
    assert Release.objects.get(title="Plain").epsilon is None


def test_it_says_what_is_wrong_with_an_epsilon(data: None, analyst: Any, client_for: Any) -> None:
    analyst.language = "en"
    analyst.save()
    client = client_for(analyst)
    for bad in ("0", "-1", "50", "many"):
        response = client.post("/staff/stats/releases/publish", form("Bad", bad))
        assert response.status_code == 400, bad
    assert not Release.objects.exists()
