"""The web intake through Django's test client and a real database: questions, errors, receipt."""

from __future__ import annotations

import random
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.db import connection
from django.http import HttpRequest
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from objector.intake.actions import (
    DuplicateSubmission,
    new_receipt_secret,
    request_create,
    secret_hash,
)
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
    ("consent_filings", "yes"),
    ("contact_method", "email"),
    ("contact", "synthetic@example.org"),
]


def _browser(client: Client) -> HttpRequest:
    request = RequestFactory().get("/intake/")
    request.COOKIES.update({name: morsel.value for name, morsel in client.cookies.items()})
    return request


def draft_answers(client: Client) -> dict:
    """The draft's answers, read as the server reads them: from the browser's cookies."""
    return draft_load(_browser(client))["answers"]


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
    # idempotency key. The questionnaire wrote no session at all: the draft is the browser's.
    assert not Session.objects.exists()
    assert secret not in str(Request.objects.values().get())
    assert key not in str(Request.objects.values().get())
    assert (stored.urgency, stored.categories, stored.personnel) == ("high", ["awol"], "mobilized")
    assert stored.assessment["absence"]["days"] == 12
    assert stored.personal["contact"] == "synthetic@example.org"

    # Shown once: a reload, or coming back later in the same browser, no longer shows it.
    again = client.get("/intake/receipt")
    assert again.status_code == 302 and secret not in again.content.decode()
    assert secret not in client.get("/intake/", follow=True).content.decode()


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
    secret = new_receipt_secret()
    made = [
        request_create(
            answers=answers,
            channel="web",
            language="ru",
            idempotency_key="k" * 43,
            today=date(2023, 7, 15),
            secret=secret,
        )
        for _ in range(2)
    ]
    (first, secret1), (again, secret2) = made
    assert (again.pk, secret2) == (first.pk, secret1) == (first.pk, secret)
    assert Request.objects.count() == 1
    assert first.secret_hash == secret_hash(secret1)
    # The same key with another secret is not the same submission: it opens nothing.
    with pytest.raises(DuplicateSubmission):
        request_create(
            answers=answers,
            channel="web",
            language="ru",
            idempotency_key="k" * 43,
            today=date(2023, 7, 15),
        )


def test_every_receipt_secret_is_random() -> None:
    # Nothing on the server derives it: two submissions never share one, whatever the keys.
    secrets = {new_receipt_secret() for _ in range(1000)}
    assert len(secrets) == 1000


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


def test_the_questionnaire_writes_nothing_to_the_database_until_it_is_sent() -> None:
    # Nothing on the server holds a draft: not a session row, not its WAL, not a backup. (And
    # no page costs a commit with an fsync, which matters in a surge.)
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        fill(client)
        switched = client.get("/intake/q?lang=en")
        assert switched.status_code == 302  # all answered: on to the review
        assert client.get("/intake/review").status_code == 200
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert writes == []
    assert not Session.objects.exists()
    assert draft_load(_browser(client))["lang"] == "en"  # a language switch is remembered


@pytest.mark.django_db(transaction=True)  # committed, so the bytes would reach the file
def test_unfinished_answers_are_in_no_file_and_sealed_in_the_browser() -> None:
    """A canary in the story: before submission it is nowhere in the database file or its WAL,
    the browser's cookies hold it only sealed, and an altered cookie reads as no draft."""
    canary = "canary-7f3a9c"  # ASCII: JSON escapes Cyrillic, which would hide a leak
    client = Client()
    client.get("/intake/")
    answer(client, "role", "self")
    answer(client, "personnel", "contract")
    answer(client, "events", [])
    for key in ("name", "unit", "region"):
        answer(client, key, "")
    rng = random.Random(7)  # noqa: S311 -- text that does not compress, not a secret
    filler = "".join(rng.choice("абвгдежзиклмнопрстуфхцчшщыэюя ") for _ in range(4000))
    answer(client, "story", f"Синтетическая история. {canary} {filler}")
    assert canary in draft_answers(client)["story"]
    chunks = [name for name in client.cookies if name.startswith(f"{COOKIE}_")]
    assert len(chunks) >= 2  # a long story spreads over several cookies
    for name in chunks:
        cookie = client.cookies[name]
        assert cookie["httponly"] and cookie["samesite"] == "Strict"
        assert cookie["path"] == "/intake/" and not cookie["expires"]
        assert canary not in cookie.value

    if connection.vendor == "sqlite":
        database = Path(connection.settings_dict["NAME"]).read_bytes()
        wal = Path(str(connection.settings_dict["NAME"]) + "-wal")
        for blob in (database, wal.read_bytes() if wal.exists() else b""):
            assert canary.encode() not in blob

    # An altered cookie is no draft: the questionnaire starts over, nothing breaks.
    value = client.cookies[f"{COOKIE}_0"].value
    client.cookies[f"{COOKIE}_0"] = value[:40] + ("A" if value[40] != "A" else "B") + value[41:]
    page = client.get("/intake/q").content.decode()
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
