"""The web intake through Django's test client and a real database: questions, errors, receipt."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client, RequestFactory

from objector.intake.actions import request_create, secret_hash
from objector.intake.drafts import COOKIE, draft_load
from objector.intake.models import Request
from tests.conftest import reopened

# Intake needs an organisation to seal requests to; the vault may be sealed or not.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("admin")]

SOLDIER_WHO_LEFT = [
    ("role", "relative"),
    ("personnel", "mobilized"),
    ("events", ["left_unit"]),
    ("date:left_unit", "03.07.2023"),
    ("intends_to_return", "unsure"),
    ("abroad", "no"),
    ("prior_conviction", "no"),
    ("writer_name", "Синтетическая Мать"),
    ("name", "Синтетический Тест"),
    ("unit", ""),
    ("region", ""),
    ("story", "Синтетическая история для теста."),
    ("contact_method", "email"),
    ("contact", "synthetic@example.org"),
]


def draft_answers(client: Client) -> dict:
    """The draft's answers, read as the server reads them: with the browser's cookie key."""
    request = RequestFactory().get("/intake/")
    request.COOKIES[COOKIE] = client.cookies[COOKIE].value
    request.session = client.session
    return draft_load(request)["answers"]


def answer(client: Client, key: str, value: Any, status: int = 302) -> str:
    response = client.post("/intake/q", {"key": key, "answer": value})
    assert response.status_code == status, response.content.decode()[:500]
    return response.content.decode()


def fill(client: Client, lang: str = "ru") -> None:
    assert client.get(f"/intake/?lang={lang}").status_code == 200
    for key, value in SOLDIER_WHO_LEFT:
        page = client.get("/intake/q")
        assert page.status_code == 200
        assert f'value="{key}"' in page.content.decode()
        answer(client, key, value)


@time_machine.travel("2023-07-15 12:00:00+00:00", tick=False)
def test_it_takes_a_request_and_shows_the_receipt_and_assessment() -> None:
    client = Client()
    fill(client)
    review = client.get("/intake/review")
    assert "Синтетический Тест" in review.content.decode()
    key = re.search(r'name="idempotency_key" value="([^"]+)"', review.content.decode())[1]

    done = client.post("/intake/review", {"idempotency_key": key})
    assert done.status_code == 302 and done["Location"] == "/intake/receipt"
    page = client.get("/intake/receipt")
    html = page.content.decode()
    assert page["Cache-Control"] == "no-store"
    reference = re.search(r'id="reference">([^<]+)<', html)[1]
    secret = re.search(r'id="secret">([^<]+)<', html)[1]
    assert "УК РФ ст. 337 ч. 3.1" in html and "проверит юрист" in html

    stored = reopened(Request.objects.get())
    assert stored.reference == reference
    assert stored.secret_hash == secret_hash(secret)
    # The secret is stored nowhere: not in any session, not in the request row. Nor is the
    # idempotency key, from which the server derives it.
    sessions = [str(s.get_decoded()) for s in Session.objects.all()]
    assert sessions and not any(secret in s or reference in s or key in s for s in sessions)
    assert secret not in str(Request.objects.values().get())
    assert key not in str(Request.objects.values().get())
    assert (stored.urgency, stored.categories, stored.personnel) == ("high", ["awol"], "mobilized")
    assert stored.assessment["absence"]["days"] == 12
    assert stored.personal["contact"] == "synthetic@example.org"


@time_machine.travel("2023-07-15 12:00:00+00:00", tick=False)
def test_a_double_submit_creates_one_request_and_shows_the_receipt_twice() -> None:
    client = Client()
    fill(client, "en")
    review = client.get("/intake/review").content.decode()
    key = re.search(r'name="idempotency_key" value="([^"]+)"', review)[1]
    first = client.post("/intake/review", {"idempotency_key": key})
    second = client.post("/intake/review", {"idempotency_key": key})
    assert first["Location"] == second["Location"] == "/intake/receipt"
    assert Request.objects.count() == 1
    assert "Your request has been received" in client.get("/intake/receipt").content.decode()


@time_machine.travel("2023-07-15 12:00:00+00:00", tick=False)
def test_a_retried_submission_returns_the_same_request_and_secret() -> None:
    answers = dict(SOLDIER_WHO_LEFT)
    answers["date:left_unit"] = "2023-07-03"
    first, secret1 = request_create(
        answers=answers,
        channel="web",
        language="ru",
        idempotency_key="k" * 43,
        today=date(2023, 7, 15),
    )
    again, secret2 = request_create(
        answers=answers,
        channel="web",
        language="ru",
        idempotency_key="k" * 43,
        today=date(2023, 7, 15),
    )
    assert (again.pk, secret2) == (first.pk, secret1)
    assert Request.objects.count() == 1
    assert first.secret_hash == secret_hash(secret1)


@pytest.mark.parametrize(
    ("lang", "message"),
    [("ru", "такой даты нет"), ("en", "there is no such date")],
)
def test_a_bad_answer_is_asked_again_in_the_users_language(lang: str, message: str) -> None:
    client = Client()
    client.get(f"/intake/?lang={lang}")
    answer(client, "role", "self")
    answer(client, "personnel", "contract")
    answer(client, "events", ["left_unit"])
    html = answer(client, "date:left_unit", "31.02.2023", status=400)
    assert message in html
    assert 'value="31.02.2023"' in html  # nothing typed is lost
    assert draft_answers(client).get("date:left_unit") is None


def test_a_stale_page_does_not_answer_the_wrong_question() -> None:
    client = Client()
    client.get("/intake/")
    answer(client, "role", "self")
    html = answer(client, "role", "lawyer", status=400)
    assert "устарела" in html
    assert draft_answers(client) == {"role": "self"}


def test_back_undoes_the_last_answer() -> None:
    client = Client()
    client.get("/intake/")
    answer(client, "role", "self")
    answer(client, "personnel", "contract")
    assert client.post("/intake/back").status_code == 302
    assert draft_answers(client) == {"role": "self"}


def test_review_and_submit_need_a_complete_questionnaire() -> None:
    client = Client()
    client.get("/intake/")
    assert client.get("/intake/review")["Location"] == "/intake/q"
    assert client.post("/intake/review", {"idempotency_key": "x"})["Location"] == "/intake/q"
    assert client.get("/intake/receipt")["Location"] == "/intake/"
    assert Request.objects.count() == 0


def test_an_oversized_body_is_refused() -> None:
    client = Client()
    client.get("/intake/")
    response = client.post("/intake/q", {"key": "role", "answer": "x" * (300 * 1024)})
    assert response.status_code == 400
    assert draft_answers(client) == {}


def test_forms_need_the_csrf_token() -> None:
    client = Client(enforce_csrf_checks=True)
    client.get("/intake/")
    assert client.post("/intake/q", {"key": "role", "answer": "self"}).status_code == 403


def test_reading_a_question_does_not_write_the_session() -> None:
    # Each session write is a commit with an fsync; in a surge, page views must not cost one.
    client = Client()
    client.get("/intake/")
    answer(client, "role", "self")
    page = client.get("/intake/q")
    assert page.status_code == 200
    assert "sessionid" not in page.cookies
    switched = client.get("/intake/q?lang=en")
    assert "sessionid" in switched.cookies  # a language switch is remembered
    assert client.session["intake"]["lang"] == "en"  # the language is not secret


@pytest.mark.django_db(transaction=True)  # committed, so the bytes reach the file
def test_unfinished_answers_are_unreadable_without_the_browsers_cookie() -> None:
    """A canary in the story: before submission it is nowhere in the database file, and the
    server itself cannot read the draft without the browser's key."""
    from pathlib import Path

    from django.db import connection

    canary = "canary-7f3a9c"  # ASCII: JSON escapes Cyrillic, which would hide a leak
    client = Client()
    client.get("/intake/")
    answer(client, "role", "self")
    answer(client, "personnel", "contract")
    answer(client, "events", [])
    for key in ("name", "unit", "region"):
        answer(client, key, "")
    answer(client, "story", f"Синтетическая история. {canary}")
    assert draft_answers(client)["story"].endswith(canary)
    cookie = client.cookies[COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/intake/"

    stored = " ".join(s.session_data for s in Session.objects.all())
    decoded = " ".join(str(s.get_decoded()) for s in Session.objects.all())
    assert canary not in stored and canary not in decoded and "Синтетическая" not in decoded
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(FULL)")
        database = Path(connection.settings_dict["NAME"]).read_bytes()
        wal = Path(str(connection.settings_dict["NAME"]) + "-wal")
        for blob in (database, wal.read_bytes() if wal.exists() else b""):
            assert canary.encode() not in blob

    # Another browser with the same session but no key reads nothing.
    stranger = Client()
    stranger.cookies["sessionid"] = client.cookies["sessionid"].value
    page = stranger.get("/intake/q").content.decode()
    assert "Кто пишет?" in page  # starts over, at the first question


def test_the_review_page_switches_language_and_links_each_answer_to_change_it() -> None:
    client = Client()
    fill(client)
    english = client.get("/intake/review?lang=en").content.decode()
    assert "Check your answers" in english and "3 July 2023" in english
    assert 'href="/intake/q?at=date:left_unit"' in english
    # Changing an answer from the review page returns to the review page.
    response = client.post("/intake/q?at=abroad", {"key": "abroad", "answer": "yes"})
    assert response["Location"] == "/intake/review"
    assert draft_answers(client)["abroad"] == "yes"


def test_each_question_has_its_own_address_for_the_back_button() -> None:
    client = Client()
    client.get("/intake/")
    assert answer(client, "role", "self") == ""
    assert (
        client.post("/intake/q", {"key": "personnel", "answer": "contract"})["Location"]
        == "/intake/q?at=events"
    )
    back = client.get("/intake/q?at=role").content.decode()
    assert 'value="self" checked' in back
    # A question not reached yet is not shown: the next one is.
    ahead = client.get("/intake/q?at=contact_method").content.decode()
    assert 'name="key" value="events"' in ahead


def test_no_field_lets_the_browser_cut_a_long_answer() -> None:
    """Issue #14 item 6: maxlength truncates a paste without a word; the server names the limit."""
    client = Client()
    client.get("/intake/")
    for key, value in SOLDIER_WHO_LEFT[:8]:  # up to the serviceman's name
        answer(client, key, value)
    page = client.get("/intake/q").content.decode()
    assert 'name="key" value="name"' in page and "maxlength" not in page
    html = answer(client, "name", "Я" * 201, status=400)
    assert "не больше 200" in html and "Я" * 201 in html
