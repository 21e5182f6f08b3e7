"""My deadlines: every open deadline of my cases, soonest first; coordinators see the team's."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import time_machine

from objector.cases.actions import deadline_add, deadline_done, request_assign
from objector.cases.models import Deadline
from objector.intake.models import requests_open

pytestmark = pytest.mark.django_db


def rows(html: str) -> list[str]:
    return re.findall(r"<td[^>]*>(\d{4}-\d\d-\d\d)</td>", html)


@time_machine.travel(date(2026, 11, 25), tick=False)
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

    html = client_for(lawyer).get("/staff/deadlines?kind=manual").content.decode()
    assert rows(html) == ["2026-12-05", "2026-12-20"]
    assert "Чужой срок" not in html and "Готово" not in html
    team = client_for(coordinator).get("/staff/deadlines?kind=manual").content.decode()
    assert rows(team) == ["2026-12-02", "2026-12-05", "2026-12-20"]


def test_it_shows_intake_deadlines_from_the_assessment(
    make_request, coordinator, client_for
) -> None:
    dismissed = make_request(**{"events": ["dismissed"], "date:dismissed": "2026-11-10"})
    html = client_for(coordinator).get("/staff/deadlines").content.decode()
    assert rows(html) == ["2027-02-10"] and dismissed.reference in html


@time_machine.travel(date(2026, 11, 25), tick=False)
def test_the_engines_thresholds_become_deadlines_on_the_case(
    make_request, coordinator, client_for
) -> None:
    """AWOL since 1 November: on 2 December the absence passes a month (УК РФ ст. 337 ч. 4
    for a contract soldier, ч. 3.1 … as the engine says); that date is a deadline."""
    case = make_request(today=date(2026, 11, 25))
    threshold = Deadline.objects.get(request=case, kind__startswith="threshold:")
    assert threshold.due == date(2026, 12, 2) and threshold.basis.startswith("УК РФ ст. 337")
    html = client_for(coordinator).get(f"/staff/cases/{case.pk}").content.decode()
    assert "Отсутствие станет тяжелее" in html
    listed = client_for(coordinator).get("/staff/deadlines?kind=threshold").content.decode()
    assert rows(listed) == ["2026-12-02"] and case.reference in listed
    # Back in the unit: the absence is over, and the threshold goes.
    client_for(coordinator).post(
        f"/staff/cases/{case.pk}/event", {"type": "returned", "date": "2026-11-24"}
    )
    assert not Deadline.objects.filter(request=case, kind__startswith="threshold:").exists()


@time_machine.travel(date(2026, 11, 25), tick=False)
def test_it_folds_overdue_deadlines_apart_and_pages_both(
    make_request, coordinator, lawyer, client_for
) -> None:
    case = make_request(**{"events": ["dismissed"], "date:dismissed": "2026-11-10"})
    requests_open([case])
    for day in range(60):
        deadline_add(
            request=case,
            label=f"Старый {day}",
            due=date(2026, 9, 1) + timedelta(days=day),
            by=lawyer,
        )
    for day in range(55):
        deadline_add(
            request=case,
            label=f"Новый {day}",
            due=date(2026, 12, 1) + timedelta(days=day),
            by=lawyer,
        )
    client = client_for(coordinator)
    html = client.get("/staff/deadlines?kind=manual").content.decode()
    upcoming = re.search(r'<table id="deadlines">.*?</table>', html, re.S).group(0)
    assert rows(upcoming)[0] == "2026-12-01" and len(rows(upcoming)) == 50
    assert re.search(r'<details id="overdue">\s*<summary><strong>60 просрочено', html)
    overdue = re.search(r'<table id="overdue-deadlines">.*?</table>', html, re.S).group(0)
    assert rows(overdue)[0] == "2026-10-30"  # the latest overdue first
    second = client.get("/staff/deadlines?kind=manual&page=2").content.decode()
    assert len(rows(re.search(r'<table id="deadlines">.*?</table>', second, re.S).group(0))) == 5
    late = client.get("/staff/deadlines?kind=manual&overdue_page=99999999999999999999").content
    assert b'<details id="overdue" open>' in late  # the last page, opened
    week = client.get("/staff/deadlines?kind=manual&within=7").content.decode()
    assert len(rows(re.search(r'<table id="deadlines">.*?</table>', week, re.S).group(0))) == 2
    assert client.get("/staff/deadlines?within=5000").status_code == 400
    assert client.get("/staff/deadlines?assignee=robert').--").status_code == 400
