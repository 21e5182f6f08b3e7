"""The serviceman's date of birth in the web questionnaire, through Django's test client and a
real database: whole or in part, refused with a reason when it cannot be, sealed with his name,
and carried to the registry's mention of the request."""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import Any

import pytest
import time_machine
from django.test import Client

from objector.intake.dates import parse_birth_date
from objector.intake.models import Request
from objector.persons.registry import request_read
from tests.conftest import reopened
from tests.intake.pages import post_page
from tests.intake.test_web_intake import SOLDIER_WHO_LEFT, draft_answers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("admin")]
NOW = "2026-12-05 12:00:00+00:00"
TODAY = date(2026, 12, 5)


def _walk(client: Client, born: str, lang: str = "ru") -> str:
    """The questionnaire of a relative who writes, with this date of birth; the review page."""
    client.get(f"/intake/?lang={lang}")
    answers = dict(SOLDIER_WHO_LEFT)
    answers["birth_date"] = born
    pages: dict[str, dict[str, str]] = {
        "about": {"role": "relative", "personnel": "mobilized", "events": "left_unit"},
        "details": {
            "date:left_unit": "03.07.2023",
            "intends_to_return": "unsure",
            "abroad": "no",
            "prior_conviction": "no",
        },
        "person": {
            k: answers[k] for k in ("writer_name", "name", "birth_date", "unit", "region", "story")
        },
        "contact": {"consent_filings": "yes", "contact_method": "code_only"},
    }
    for page, fields in pages.items():
        location = post_page(client, page, fields)
        assert born not in location or not born  # never in an address
    return client.get("/intake/review").content.decode()


def _submit(client: Client, review: str) -> Request:
    key = re.search(r'name="idempotency_key" value="([^"]+)"', review)[1]
    done = client.post("/intake/review", {"idempotency_key": key})
    assert done.status_code == 302 and done["Location"] == "/intake/receipt"
    return reopened(Request.objects.get())


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("typed", "stored", "ru", "en"),
    [
        ("12.03.1999", "1999-03-12", "12 марта 1999", "12 March 1999"),
        ("03.1999", "1999-03", "март 1999", "March 1999"),
        ("1999", "1999", "1999", "1999"),
        ("март 1999", "1999-03", "март 1999", "March 1999"),
    ],
)
def test_a_whole_or_partial_birth_date_is_kept_sealed_and_reaches_the_registry(
    typed: str, stored: str, ru: str, en: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client = Client()
    review = _walk(client, typed)
    assert "Дата рождения военнослужащего (если знаете)" in review  # a relative writes
    assert f"<dd>{ru}" in review or ru in review
    assert draft_answers(client)["birth_date"] == stored
    english = client.get("/intake/review?lang=en").content.decode()
    assert en in english
    request = _submit(client, review)
    assert request.personal["birth_date"] == stored
    # Sealed with the name: the row holds it nowhere in the clear, nor does any log line.
    row = str(Request.objects.values().get())
    assert stored not in row and typed not in row
    assert all(typed not in r.getMessage() and stored not in r.getMessage() for r in caplog.records)
    # The registry's mention of the request carries it, as much as is known.
    named = request_read(request).named
    assert named is not None
    year, month, day = (int(p) for p in [*stored.split("-"), "0", "0"][:3])
    if day:
        assert named.birth_date == date(year, month, day) and named.birth_partial is None
    else:
        assert named.birth_date is None and named.birth_partial == (year, month)


@time_machine.travel(NOW, tick=False)
def test_a_birth_date_left_out_is_none_and_the_request_is_taken() -> None:
    client = Client()
    request = _submit(client, _walk(client, ""))
    assert request.personal["birth_date"] == ""
    named = request_read(request).named
    assert named is not None and named.birth_date is None and named.birth_partial is None


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("typed", "ru", "en"),
    [
        ("31.02.1999", "такой даты нет", "there is no such date"),
        ("05.01.2027", "эта дата ещё не наступила", "this date is still to come"),
        ("2030", "эта дата ещё не наступила", "this date is still to come"),
        ("1939", "год раньше 1940 не может быть верным", "a year before 1940 cannot be right"),
        ("12.03.2011", "меньше 16 лет", "younger than 16"),
        ("2011", "меньше 16 лет", "younger than 16"),
        ("13.1999", "такого месяца нет", "there is no such month"),
        ("12 марта", "укажите и год", "write the year too"),
        ("давно", "напишите дату так: 12.03.1999", "write the date as 12.03.1999"),
    ],
)
def test_an_impossible_birth_date_is_refused_with_the_reason_in_both_languages(
    typed: str, ru: str, en: str
) -> None:
    for lang, words in (("ru", ru), ("en", en)):
        client = Client()
        client.get(f"/intake/?lang={lang}")
        post_page(client, "about", {"role": "self", "personnel": "contract", "events": []})
        html = post_page(client, "person", {"name": "Синтетов Пётр", "birth_date": typed}, 400)
        error = re.search(r'id="q-birth_date-error"><strong>([^<]+)<', html)
        assert error is not None and words in error[1], (lang, typed)
        assert f'value="{typed}"' in html  # nothing typed is lost
        assert 'href="#q-birth_date"' in html  # listed at the top, linked to the field
        assert "birth_date" not in draft_answers(client)


@pytest.mark.parametrize(
    ("typed", "today", "stored"),
    [
        ("05.12.2010", date(2026, 12, 5), "2010-12-05"),  # sixteen today
        ("2010", date(2026, 1, 1), "2010"),  # sixteen on the earliest day the year allows
        ("12.2010", date(2026, 12, 1), "2010-12"),
        ("29.02.2008", date(2024, 3, 1), "2008-02-29"),  # sixteen on 1 March of a common year
        ("01.01.1940", date(2026, 12, 5), "1940-01-01"),
        ("12.03.99", date(2026, 12, 5), "1999-03-12"),  # two digits: the latest year not to come
        ("12.03.05", date(2026, 12, 5), "2005-03-12"),
        ("1999 г.р.", date(2026, 12, 5), "1999"),
    ],
)
def test_the_bounds_take_every_possible_birth_date(typed: str, today: date, stored: str) -> None:
    assert parse_birth_date(typed, today=today) == stored


@time_machine.travel(NOW, tick=False)
def test_the_person_page_shows_it_in_words_when_coming_back_to_change_it() -> None:
    client = Client()
    _walk(client, "03.1999")
    page = client.get("/intake/q?at=person").content.decode()
    assert 'name="birth_date" value="март 1999"' in page
    # Sent again as shown, it is the same answer.
    post_page(client, "person", {"birth_date": "март 1999", "name": "Синтетов Пётр"})
    assert draft_answers(client)["birth_date"] == "1999-03"


@time_machine.travel(NOW, tick=False)
def test_a_self_writer_is_asked_for_his_own() -> None:
    client = Client()
    client.get("/intake/?lang=en")
    post_page(client, "about", {"role": "self", "personnel": "contract", "events": []})
    page = client.get("/intake/q?at=person").content.decode()
    assert "Your date of birth. You may leave this out." in page
    assert "The month and year (03.1999) or the year alone (1999) will do." in page


@pytest.mark.parametrize(
    ("lang", "label", "words"),
    [("ru", "Дата рождения", "март 1999"), ("en", "Date of birth", "March 1999")],
)
def test_the_case_page_shows_the_birth_date_in_words(
    lang: str, label: str, words: str, make_request: Any, coordinator: Any, client_for: Any
) -> None:
    case = make_request(name="Синтетов Пётр", birth_date="1999-03")
    coordinator.language = lang
    coordinator.save()
    html = client_for(coordinator).get(f"/staff/cases/{case.pk}").content.decode()
    assert f"<dt>{label}</dt><dd>{words}</dd>" in html
