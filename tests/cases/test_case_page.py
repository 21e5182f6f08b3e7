"""The case page's choices: nothing surprising preselected, deadlines named as deadlines, the
requester's language shown and used for replies, clear errors for bad event dates."""

from __future__ import annotations

import re

import pytest

from objector.cases.actions import request_assign, status_set
from objector.cases.models import AnswerTemplate, Entry
from objector.intake.models import requests_open

pytestmark = pytest.mark.django_db


def selected(html: str, name: str) -> str:
    select = re.search(rf'<select name="{name}">(.*?)</select>', html, re.S)
    assert select, name
    chosen = re.findall(r'<option value="([^"]*)" selected>', select.group(1))
    assert len(chosen) == 1, chosen
    return chosen[0]


def test_it_preselects_the_current_lawyer_and_the_current_status(
    make_request, coordinator, lawyer, colleague, client_for
) -> None:
    case = make_request(region="moscow")  # colleague covers the district: the suggestion
    request_assign(request=case, lawyer=lawyer, by=coordinator)
    status_set(request=case, status="in_progress", by=coordinator)
    html = client_for(coordinator).get(f"/staff/cases/{case.pk}").content.decode()
    assert selected(html, "lawyer") == str(lawyer.pk)
    assert selected(html, "status") == "in_progress"
    # Submitting the form unchanged changes nothing.
    client_for(coordinator).post(f"/staff/cases/{case.pk}/status", {"status": "in_progress"})
    case.refresh_from_db()
    assert case.status == "in_progress"
    unassigned = make_request(region="moscow")
    html = client_for(coordinator).get(f"/staff/cases/{unassigned.pk}").content.decode()
    assert selected(html, "lawyer") == str(colleague.pk)  # only then the suggestion


def test_a_deadline_is_not_called_a_note_on_the_timeline(
    make_request, coordinator, client_for
) -> None:
    case = make_request()
    client = client_for(coordinator)
    client.post(f"/staff/cases/{case.pk}/deadline", {"label": "Суд", "due": "2027-01-15"})
    client.post(f"/staff/cases/{case.pk}/note", {"text": "Позвонить"})
    html = client.get(f"/staff/cases/{case.pk}").content.decode()
    timeline = re.search(r'<ol id="timeline">.*?</ol>', html, re.S).group(0)
    assert re.search(r'<li class="entry-deadline"><p><strong>срок</strong>', timeline)
    assert re.search(r'<li class="entry-note"><p><strong>заметка</strong>', timeline)


def test_it_shows_the_requesters_language_and_starts_replies_in_it(
    make_request, coordinator, client_for
) -> None:
    case = make_request(lang="en")
    template = AnswerTemplate.objects.create(
        title="Приём", body_ru="Мы получили ваше обращение.", body_en="We have your request."
    )
    client = client_for(coordinator)
    html = client.get(f"/staff/cases/{case.pk}").content.decode()
    assert re.search(r'id="language">английский<', html)
    assert 'lang="en"' in html
    drafted = client.get(f"/staff/cases/{case.pk}?template={template.pk}").content.decode()
    assert re.search(r'lang="en">We have your request\.</textarea>', drafted)


def test_a_refused_message_keeps_what_was_typed(make_request, coordinator, client_for) -> None:
    case = make_request()
    answer = client_for(coordinator).post(f"/staff/cases/{case.pk}/message", {"text": "x" * 10_001})
    assert answer.status_code == 400
    assert 'id="error"' in answer.content.decode() and "x" * 10_000 in answer.content.decode()


def test_shredding_needs_the_confirmation(make_request, coordinator, client_for) -> None:
    case = make_request()
    client = client_for(coordinator)
    refused = client.post(f"/staff/cases/{case.pk}/shred")
    assert (
        refused.status_code == 400
        and "Подтвердите уничтожение галочкой" in refused.content.decode()
    )
    case.refresh_from_db()
    assert case.shredded_at is None
    html = client.get(f"/staff/cases/{case.pk}").content.decode()
    assert re.search(r'<button type="submit" class="danger">', html)
    assert client.post(f"/staff/cases/{case.pk}/shred", {"confirm": "on"}).status_code == 302
    case.refresh_from_db()
    assert case.shredded_at is not None
    requests_open([])  # nothing left to open
    assert not Entry.objects.filter(request=case).exclude(sealed=b"").exists()
