"""As days pass, open requests are reassessed, and the queue rises with them."""

from __future__ import annotations

import re
from datetime import date

import pytest
import time_machine
from django.core.management import call_command

from objector.cases.actions import requests_reassess, status_set
from objector.cases.models import Deadline
from objector.intake.models import Request

pytestmark = pytest.mark.django_db


def test_it_raises_urgency_as_a_deadline_draws_near(make_request, coordinator) -> None:
    dismissed = make_request(
        today=date(2026, 11, 20), **{"events": ["dismissed"], "date:dismissed": "2026-11-10"}
    )
    quiet = make_request(today=date(2026, 11, 20), **{"events": [], "role": "self"})
    closed = make_request(
        today=date(2026, 11, 20), **{"events": ["dismissed"], "date:dismissed": "2026-11-10"}
    )
    status_set(request=closed, status="closed", outcome="no_contact", by=coordinator)
    assert dismissed.urgency != "critical"
    before = Request.objects.get(pk=quiet.pk).updated_at

    # Two days before the appeal deadline of 2027-02-10.
    assert requests_reassess(today=date(2027, 2, 8)) == 1
    dismissed.refresh_from_db()
    assert dismissed.urgency == "critical" and dismissed.urgency_rank == 0
    assert dismissed.assessment["as_of"] == "2027-02-08"
    assert Request.objects.get(pk=quiet.pk).updated_at == before  # nothing changed: not written
    assert Request.objects.get(pk=closed.pk).urgency != "critical"  # closed cases are left alone
    assert Deadline.objects.filter(request=dismissed, due=date(2027, 2, 10)).count() == 1
    assert requests_reassess(today=date(2027, 2, 8)) == 0  # idempotent


def test_the_command_reassesses_and_the_queue_follows(
    make_request, coordinator, client_for
) -> None:
    early = make_request(today=date(2026, 11, 20))  # AWOL since 2026-11-01
    dismissed = make_request(
        today=date(2026, 11, 20), **{"events": ["dismissed"], "date:dismissed": "2026-11-10"}
    )
    with time_machine.travel(date(2027, 2, 9), tick=False):
        call_command("reassess")
        html = client_for(coordinator).get("/staff/queue").content.decode()
        first = re.search(r'href="/staff/cases/\d+"[^>]*>([A-Z0-9-]+)<', html)[1]
        assert first == dismissed.reference
        case = client_for(coordinator).get(f"/staff/cases/{early.pk}").content.decode()
        assert "Оценка на 09.02.2027" in case  # pages show today's assessment
