"""The case page: the facts, an assessment recomputed when an event is added, the timeline,
deadlines, notes, messages both ways, and the status through to an outcome."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import time_machine
from django.test import Client

from objector.cases.actions import request_assign
from objector.cases.models import Deadline, Entry

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 25)


@pytest.fixture
def case(make_request, coordinator, lawyer):
    made = make_request()  # contract soldier, AWOL since 2026-11-01
    request_assign(request=made, lawyer=lawyer, by=coordinator)
    made.refresh_from_db()
    return made


@pytest.fixture
def me(lawyer, client_for):
    return client_for(lawyer)


def page(client: Client, case) -> str:
    response = client.get(f"/staff/cases/{case.pk}")
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_the_facts_and_the_assessment(case, me) -> None:
    html = page(me, case)
    for shown in (
        case.reference,
        "Пётр Синтетический",
        "Ростовская область",
        "Синтетическая история",
    ):
        assert shown in html
    assert "ст. 337" in html and "Ушёл из части без разрешения" in html
    assert "Не связывайтесь со мной, я проверю ответ по коду" in html  # not "code_only"
    # The flags the questionnaire asked, as answered (AWOL fixture: intends to return, not abroad).
    assert re.search(r"Собирается ли человек вернуться[^<]*</dt><dd>Да</dd>", html)


def test_not_sure_and_never_asked_never_read_as_no(make_request, coordinator, lawyer, me) -> None:
    """Issue #14 item 2: "Не знаю" reaches the lawyer as "не знаю", and the hospital question,
    never asked without a listing as AWOL, as "не спрашивали", never as "нет"."""
    case = make_request(abroad="unsure", prior_conviction="unsure")
    request_assign(request=case, lawyer=lawyer, by=coordinator)
    html = page(me, case)
    assert re.search(r"Человек сейчас за границей\?</dt><dd>Не знаю</dd>", html)
    assert re.search(r"раньше судимость\?</dt><dd>Не знаю</dd>", html)
    assert re.search(r"объявили в СОЧ\?</dt><dd>не спрашивали</dd>", html)


@time_machine.travel(TODAY, tick=False)
def test_it_recomputes_the_assessment_when_an_event_is_added_and_shows_the_change(case, me) -> None:
    before = case.urgency
    response = me.post(f"/staff/cases/{case.pk}/event", {"type": "returned", "date": "2026-11-20"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.facts["events"][-1] == {"type": "returned", "date": "2026-11-20"}
    assert case.assessment["absence"]["end"] == "2026-11-20"
    assert case.assessment["as_of"] == TODAY.isoformat()
    entry = Entry.objects.get(request=case, kind="event")
    entry.open(case.key)
    assert entry.author.username == "lawyer" and entry.data["changes"]
    html = page(me, case)
    assert "Вернулся в часть: 2026-11-20" in html
    if case.urgency != before:
        assert "Срочность:" in html


@time_machine.travel(TODAY, tick=False)
def test_it_adds_the_engines_deadlines_when_an_event_brings_them(
    case, me, lawyer, client_for
) -> None:
    me.post(f"/staff/cases/{case.pk}/event", {"type": "dismissed", "date": "2026-11-10"})
    deadline = Deadline.objects.get(request=case, kind="appeal_dismissal")
    assert (deadline.kind, deadline.due) == ("appeal_dismissal", date(2027, 2, 10))
    assert "обжаловать увольнение" in page(me, case)
    # Marked done, it stays done when the assessment is recomputed.
    me.post(f"/staff/cases/{case.pk}/deadlines/{deadline.pk}/done")
    me.post(f"/staff/cases/{case.pk}/event", {"type": "returned", "date": "2026-11-20"})
    assert Deadline.objects.filter(request=case, done_at=None, source="engine").count() == 0


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"type": "returned", "date": "2026-02-30"}, "Дата: Введите настоящую дату"),
        ({"type": "returned", "date": "next week"}, "Дата: Введите настоящую дату"),
        ({"type": "returned", "date": "2027-01-01"}, "Дата: Дата ещё не наступила"),
        ({"type": "returned", "date": "0001-01-01"}, "Дата: Дата слишком давняя"),
        ({"type": "teleported", "date": "2026-11-20"}, "Событие:"),
        ({"type": "returned", "date": "2026-10-01"}, ""),  # before leaving: the engine refuses
    ],
)
def test_it_refuses_an_impossible_event_and_changes_nothing(case, me, form, message) -> None:
    before = (case.facts, case.assessment)
    response = me.post(f"/staff/cases/{case.pk}/event", form)
    assert response.status_code == 400
    assert 'id="error"' in response.content.decode()
    assert message in response.content.decode()
    case.refresh_from_db()
    assert (case.facts, case.assessment) == before
    assert not Entry.objects.filter(request=case, kind="event").exists()


def test_it_keeps_notes_on_the_timeline_and_refuses_empty_ones(case, me) -> None:
    assert me.post(f"/staff/cases/{case.pk}/note", {"text": "   "}).status_code == 400
    long = me.post(f"/staff/cases/{case.pk}/note", {"text": "x" * 10_001})
    # The refusal names the note, not a vague "Text" that could be the message's (round 8).
    assert long.status_code == 400 and "<strong>Заметка: " in long.content.decode()
    long = me.post(f"/staff/cases/{case.pk}/message", {"text": "x" * 10_001})
    assert long.status_code == 400 and "<strong>Сообщение заявителю: " in long.content.decode()
    me.post(f"/staff/cases/{case.pk}/note", {"text": "Позвонить в среду"})
    assert "Позвонить в среду" in page(me, case)
    assert Entry.objects.filter(request=case, kind="note").count() == 1


def test_it_carries_messages_both_ways_through_the_receipt(case, me) -> None:
    me.post(f"/staff/cases/{case.pk}/message", {"text": "Синтетический ответ юриста"})
    requester = Client()
    secret = case.secret
    shown = requester.post(
        "/intake/status", {"reference": case.reference, "secret": secret, "lang": "ru"}
    ).content.decode()
    assert "Синтетический ответ юриста" in shown
    # Notes are for staff only.
    me.post(f"/staff/cases/{case.pk}/note", {"text": "Служебная заметка"})
    assert "Служебная заметка" not in requester.get("/intake/status").content.decode()
    # The requester writes back, and the lawyer reads it on the timeline.
    assert requester.post("/intake/status/message", {"text": "  "}).status_code == 400
    sent = requester.post("/intake/status/message", {"text": "Я вернулся в часть 20 ноября"})
    assert sent.status_code == 200 and "Сообщение отправлено" in sent.content.decode()
    assert "Я вернулся в часть 20 ноября" in page(me, case)
    # After leaving, the same browser must show the receipt again.
    requester.post("/intake/status/leave")
    refused = requester.post("/intake/status/message", {"text": "ещё"})
    assert refused.status_code == 403
    assert Entry.objects.filter(request=case, kind="message_in").count() == 1


def test_it_ends_the_requesters_access_after_thirty_minutes(case) -> None:
    requester = Client()
    secret = case.secret
    requester.post("/intake/status", {"reference": case.reference, "secret": secret})
    with time_machine.travel(timedelta(minutes=31)):
        assert requester.post("/intake/status/message", {"text": "x"}).status_code == 403


def test_it_walks_the_status_to_an_outcome(case, me) -> None:
    assert me.post(f"/staff/cases/{case.pk}/status", {"status": "in_progress"}).status_code == 302
    refused = me.post(f"/staff/cases/{case.pk}/status", {"status": "closed"})
    assert refused.status_code == 400 and "укажите итог" in refused.content.decode()
    me.post(f"/staff/cases/{case.pk}/status", {"status": "closed", "outcome": "charges_dropped"})
    case.refresh_from_db()
    assert (case.status, case.outcome) == ("closed", "charges_dropped") and case.closed_at
    html = page(me, case)
    assert "преследование прекращено" in html
    # Closed cases reopen only into work, not back to new.
    assert me.post(f"/staff/cases/{case.pk}/status", {"status": "new"}).status_code == 400
    me.post(f"/staff/cases/{case.pk}/status", {"status": "in_progress"})
    case.refresh_from_db()
    assert (case.status, case.outcome, case.closed_at) == ("in_progress", "", None)
    steps = [(e.data["from"], e.data["to"]) for e in case.entries.filter(kind="status")]
    assert steps == [
        ("assigned", "in_progress"),
        ("in_progress", "closed"),
        ("closed", "in_progress"),
    ]


def test_it_lets_a_coordinator_reassign_with_a_suggestion(
    case, coordinator, colleague, client_for
) -> None:
    client = client_for(coordinator)
    html = page(client, case)
    assert "Предложение" in html  # the suggested lawyer is marked
    client.post(f"/staff/cases/{case.pk}/assign", {"lawyer": colleague.pk})
    case.refresh_from_db()
    assert case.assignee == colleague
    assert (
        client.post(f"/staff/cases/{case.pk}/assign", {"lawyer": coordinator.pk}).status_code == 400
    )


def test_it_keeps_a_lawyers_own_deadlines(case, me) -> None:
    assert (
        me.post(
            f"/staff/cases/{case.pk}/deadline", {"label": "Суд", "due": "2026-02-31"}
        ).status_code
        == 400
    )
    assert (
        me.post(f"/staff/cases/{case.pk}/deadline", {"label": "", "due": "2026-12-01"}).status_code
        == 400
    )
    me.post(f"/staff/cases/{case.pk}/deadline", {"label": "Заседание суда", "due": "2026-12-01"})
    deadline = Deadline.objects.get(request=case, source="manual")
    assert deadline.due == date(2026, 12, 1) and "Заседание суда" in page(me, case)
    me.post(f"/staff/cases/{case.pk}/deadlines/{deadline.pk}/done")
    deadline.refresh_from_db()
    assert deadline.done_at is not None


@time_machine.travel(TODAY, tick=False)
def test_the_requester_adds_what_happened_and_the_lawyer_sees_it(case, me) -> None:
    requester = Client()
    secret = case.secret
    requester.post("/intake/status", {"reference": case.reference, "secret": secret})
    bad = requester.post("/intake/status/event", {"type": "returned", "date": "31.02.2026"})
    assert bad.status_code == 400 and "такой даты нет" in bad.content.decode()
    unknown = requester.post("/intake/status/event", {"type": "promoted", "date": "20.11.2026"})
    assert unknown.status_code == 400
    added = requester.post("/intake/status/event", {"type": "returned", "date": "20 ноября"})
    assert added.status_code == 200 and "Оценка ниже пересчитана" in added.content.decode()
    case.refresh_from_db()
    assert case.facts["events"][-1] == {"type": "returned", "date": "2026-11-20"}
    assert "по 20.11.2026" in added.content.decode()  # the absence now has an end
    entry = Entry.objects.get(request=case, kind="event")
    assert entry.author is None
    assert "заявитель" in page(me, case)
    requester.post("/intake/status/leave")
    late = requester.post("/intake/status/event", {"type": "detained", "date": "21.11.2026"})
    assert late.status_code == 403
