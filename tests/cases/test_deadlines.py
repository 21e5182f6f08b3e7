"""My deadlines: every open deadline of my cases, soonest first; coordinators see the team's."""

from __future__ import annotations

import re
from datetime import date

import pytest

from objector.cases.actions import deadline_add, deadline_done, request_assign

pytestmark = pytest.mark.django_db


def rows(html: str) -> list[str]:
    return re.findall(r"<td>(\d{4}-\d\d-\d\d)</td>", html)


def test_it_lists_open_deadlines_soonest_first_per_person(
    make_request, coordinator, lawyer, colleague, client_for
) -> None:
    mine, theirs = make_request(), make_request()
    request_assign(request=mine, lawyer=lawyer, by=coordinator)
    request_assign(request=theirs, lawyer=colleague, by=coordinator)
    deadline_add(request=mine, label="Апелляция", due=date(2026, 12, 20), by=lawyer)
    deadline_add(request=mine, label="Жалоба", due=date(2026, 12, 5), by=lawyer)
    done = deadline_add(request=mine, label="Готово", due=date(2026, 12, 1), by=lawyer)
    deadline_done(deadline=done, by=lawyer)
    deadline_add(request=theirs, label="Чужой срок", due=date(2026, 12, 2), by=colleague)

    html = client_for(lawyer).get("/staff/deadlines").content.decode()
    assert rows(html) == ["2026-12-05", "2026-12-20"]
    assert "Чужой срок" not in html and "Готово" not in html
    team = client_for(coordinator).get("/staff/deadlines").content.decode()
    assert rows(team) == ["2026-12-02", "2026-12-05", "2026-12-20"]


def test_it_shows_intake_deadlines_from_the_assessment(
    make_request, coordinator, client_for
) -> None:
    dismissed = make_request(**{"events": ["dismissed"], "date:dismissed": "2026-11-10"})
    html = client_for(coordinator).get("/staff/deadlines").content.decode()
    assert rows(html) == ["2027-02-10"] and dismissed.reference in html
