"""The web intake through Django's test client and a real database: questions, errors, receipt."""

from __future__ import annotations

import random
import re
from datetime import date
from pathlib import Path

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
from tests.intake.pages import by_page, post_answers, post_page

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


def fill(client: Client, lang: str = "ru") -> int:
    """The whole questionnaire as a browser walks it: the start page carries the first page's
    questions, and each later page is the GET its redirect asks for. Returns the pages filled."""
    page = client.get(f"/intake/?lang={lang}")
    pages = by_page(SOLDIER_WHO_LEFT)
    for key, fields in pages:
        assert page.status_code == 200
        assert f'name="page" value="{key}"' in page.content.decode()
        page = client.get(post_page(client, key, fields))
    return len(pages)


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


ABOUT = {"role": "self", "personnel": "contract", "events": ["left_unit"]}
DETAILS = {
    "date:left_unit": "03.07.2023",
    "intends_to_return": "yes",
    "abroad": "no",
    "prior_conviction": "no",
}


@pytest.mark.parametrize(
    ("lang", "message", "missing"),
    [
        ("ru", "«31.02.2023»: такой даты нет", "выберите один из вариантов"),
        ("en", "&#x27;31.02.2023&#x27;: there is no such date", "choose one of the options"),
    ],
)
def test_each_bad_answer_on_a_page_is_named_and_nothing_typed_is_lost(
    lang: str, message: str, missing: str
) -> None:
    client = Client()
    client.get(f"/intake/?lang={lang}")
    assert post_page(client, "about", ABOUT) == "/intake/q?at=details"
    sent = {**DETAILS, "date:left_unit": "31.02.2023", "intends_to_return": ""}
    html = post_page(client, "details", sent, status=400)
    # Two errors, each beside its own field and listed at the top, linked to it.
    assert html.count('class="field-error"') == 2
    assert f'<p class="field-error" id="q-date-left_unit-error"><strong>{message}' in html
    assert f'id="q-intends_to_return-error"><strong>{missing}' in html
    assert 'href="#q-date-left_unit"' in html and 'href="#q-intends_to_return"' in html
    assert 'value="31.02.2023"' in html  # nothing typed is lost
    assert 'name="abroad" value="no" checked' in html
    assert 'name="prior_conviction" value="no" checked' in html
    assert "date:left_unit" not in draft_answers(client)  # nothing taken from a bad page


def test_a_page_asks_only_what_applies_after_the_pages_before() -> None:
    client = Client()
    client.get("/intake/")
    post_page(client, "about", {**ABOUT, "events": ["refused_order", "listed_as_awol"]})
    html = client.get("/intake/q").content.decode()
    asked = set(re.findall(r'<fieldset id="q-([^"]+)"', html))
    assert asked == {"date-refused_order", "date-listed_as_awol", "combat", "in_hospital"}
    # No event ticked: there is no page of dates at all.
    post_page(client, "about", {**ABOUT, "events": []})
    assert 'name="page" value="person"' in client.get("/intake/q").content.decode()


def test_an_answer_that_no_longer_applies_is_dropped_from_the_draft() -> None:
    client = Client()
    client.get("/intake/")
    post_page(client, "about", ABOUT)
    post_page(client, "details", DETAILS)
    post_page(client, "about", {**ABOUT, "events": ["refused_order"]})
    kept = draft_answers(client)
    assert "date:left_unit" not in kept and "abroad" not in kept
    assert 'name="date:refused_order"' in client.get("/intake/q").content.decode()


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_contact_on_the_same_page_as_its_method_works_without_javascript(lang: str) -> None:
    """The contact is shown beside the way to reach the person, marked "only if": asked for
    when that way needs one, checked against it, and dropped when it does not."""
    client = Client()
    client.get(f"/intake/?lang={lang}")
    post_answers(client, [*ABOUT.items(), *DETAILS.items(), ("story", "")])
    page = client.get("/intake/q").content.decode()
    assert 'name="page" value="contact"' in page and 'name="contact"' in page
    assert ("Только если" if lang == "ru" else "Only if") in page
    consent = {"consent_filings": "yes"}
    needed = post_page(client, "contact", {**consent, "contact_method": "email"}, status=400)
    assert ("нужен ответ" if lang == "ru" else "this answer is needed") in needed
    assert 'name="contact_method" value="email" checked' in needed
    wrong = {**consent, "contact_method": "email", "contact": "@someone"}
    html = post_page(client, "contact", wrong, status=400)
    assert ("это не похоже на адрес" if lang == "ru" else "does not look like an e-mail") in html
    assert 'value="@someone"' in html
    unused = {**consent, "contact_method": "code_only", "contact": "@someone"}
    assert post_page(client, "contact", unused) == "/intake/review"
    assert "contact" not in draft_answers(client)
    used = {**consent, "contact_method": "telegram", "contact": "@someone"}
    assert post_page(client, "contact", used) == "/intake/review"
    assert draft_answers(client)["contact"] == "@someone"


def test_a_stale_page_does_not_answer_the_wrong_question() -> None:
    client = Client()
    client.get("/intake/")
    post_page(client, "about", ABOUT)
    # The first page's form sent again to the next page's address (another tab, say).
    response = client.post("/intake/q", {"page": "about", **ABOUT, "role": "lawyer"})
    assert response.status_code == 400 and "устарела" in response.content.decode()
    assert draft_answers(client) == ABOUT


def test_back_goes_to_the_page_before_and_keeps_the_answers() -> None:
    client = Client()
    client.get("/intake/")
    post_page(client, "about", ABOUT)
    back = client.post("/intake/back", {"page": "details"})
    assert back["Location"] == "/intake/q?at=about"
    assert draft_answers(client) == ABOUT
    assert 'value="left_unit" checked' in client.get(back["Location"]).content.decode()


def test_back_keeps_what_was_typed_on_the_page_and_leaves_a_bad_answer_as_it_was() -> None:
    """Round 7's phone walk: Back was a form of its own, so a date typed on the page before
    tapping it was gone when the person came forward again. Back is now a button of the page's
    form: each answer that reads is kept; one that does not leaves the earlier answer."""
    client = Client()
    client.get("/intake/")
    post_page(client, "about", ABOUT)
    page = client.get("/intake/q?at=details").content.decode()
    assert 'formaction="/intake/back" formnovalidate' in page  # inside the page's own form
    typed = {"page": "details", **DETAILS, "abroad": ""}  # one required answer not yet given
    back = client.post("/intake/back", typed)
    assert back["Location"] == "/intake/q?at=about"
    kept = {**ABOUT, **{k: v for k, v in DETAILS.items() if k != "abroad"}}
    assert draft_answers(client) == {**kept, "date:left_unit": "2023-07-03"}
    forward = client.get("/intake/q?at=details").content.decode()
    assert 'value="3 июля 2023"' in forward and 'value="yes" checked' in forward
    # A half-typed date on the way back leaves the date given before.
    client.post("/intake/back", {**typed, "date:left_unit": "31.02.20"})
    assert draft_answers(client)["date:left_unit"] == "2023-07-03"
    # Back from a page of optional answers left blank keeps nothing: the way forward still
    # stops at that page instead of taking it as answered.
    post_page(client, "details", DETAILS)
    blank = {"page": "person", "name": "", "unit": "", "region": "", "story": ""}
    before = draft_answers(client)
    assert client.post("/intake/back", blank)["Location"] == "/intake/q?at=details"
    assert draft_answers(client) == before
    assert post_page(client, "details", DETAILS) == "/intake/q?at=person"


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
    response = client.post("/intake/q", {"page": "about", "role": "x" * (300 * 1024)})
    assert response.status_code == 400
    assert draft_answers(client) == {}


def test_forms_need_the_csrf_token() -> None:
    client = Client(enforce_csrf_checks=True)
    client.get("/intake/")
    assert client.post("/intake/q", {"page": "about", **ABOUT}).status_code == 403


def test_the_questionnaire_writes_nothing_to_the_database_until_it_is_sent() -> None:
    # Nothing on the server holds a draft: not a session row, not its WAL, not a backup. (And
    # no page costs a commit with an fsync, which matters in a surge.)
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        assert fill(client) == 4  # four pages: 11 requests from the start page to the receipt
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
    post_page(client, "about", {**ABOUT, "events": []})
    rng = random.Random(7)  # noqa: S311 -- text that does not compress, not a secret
    filler = "".join(rng.choice("абвгдежзиклмнопрстуфхцчшщыэюя ") for _ in range(4000))
    post_page(client, "person", {"story": f"Синтетическая история. {canary} {filler}"})
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
    assert 'href="/intake/q?at=details#q-date-left_unit"' in english
    # The link's page shows the answers given; changing one returns to the review page.
    page = client.get("/intake/q?at=details").content.decode()
    assert 'value="3 July 2023"' in page and 'name="abroad" value="no" checked' in page
    changed = {**dict(SOLDIER_WHO_LEFT[3:7]), "abroad": "yes"}
    assert post_page(client, "details", changed) == "/intake/review"
    assert draft_answers(client)["abroad"] == "yes"


def test_each_page_has_its_own_address_for_the_back_button() -> None:
    client = Client()
    client.get("/intake/")
    assert post_page(client, "about", ABOUT) == "/intake/q?at=details"
    back = client.get("/intake/q?at=about").content.decode()
    assert 'name="role" value="self" checked' in back
    # A page not reached yet is not shown: the next one to fill is.
    ahead = client.get("/intake/q?at=contact").content.decode()
    assert 'name="page" value="details"' in ahead


def test_no_field_lets_the_browser_cut_a_long_answer() -> None:
    """Issue #14 item 6: maxlength truncates a paste without a word; the server names the limit."""
    client = Client()
    client.get("/intake/")
    post_answers(client, SOLDIER_WHO_LEFT[:7])
    page = client.get("/intake/q").content.decode()
    assert 'name="page" value="person"' in page and "maxlength" not in page
    html = post_page(client, "person", {"writer_name": "", "name": "Я" * 201}, status=400)
    assert "не больше 200" in html and "Я" * 201 in html


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_start_page_carries_the_first_page_of_questions(lang: str) -> None:
    """No separate GET for the first page: on a slow phone connection each round trip costs a
    second. Its form posts to the first page's own address; coming back to the start shows
    what was written, so it is never cached."""
    client = Client(enforce_csrf_checks=True)
    start = client.get(f"/intake/?lang={lang}")
    html = start.content.decode()
    assert start.status_code == 200 and "no-store" in start["Cache-Control"]
    assert f'<form method="post" action="/intake/q?at=about&amp;lang={lang}">' in html
    assert 'name="page" value="about"' in html and 'name="csrfmiddlewaretoken"' in html
    asked = set(re.findall(r'<fieldset id="q-([^"]+)"', html))
    assert asked == {"role", "personnel", "events"}
    assert 'id="way-back" href="/intake/status?lang=' + lang + '"' in html
    assert f'href="/intake/?lang={"en" if lang == "ru" else "ru"}"' in html  # the other language
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]  # type: ignore[index]
    sent = client.post(
        f"/intake/q?at=about&lang={lang}",
        {"csrfmiddlewaretoken": token, "page": "about", **ABOUT},
    )
    assert sent.status_code == 302 and sent["Location"] == "/intake/q?at=details"
    assert f'<html lang="{lang}"' in client.get(sent["Location"]).content.decode()
    again = client.get("/intake/").content.decode()  # the phone's Back button from page two
    assert 'name="role" value="self" checked' in again


def test_what_was_typed_comes_back_escaped_in_its_field() -> None:
    """The fieldsets are built in Python (views._fieldset), not by the template engine: what a
    person typed comes back in its field as text, never as markup."""
    client = Client()
    client.get("/intake/")
    post_answers(client, SOLDIER_WHO_LEFT[:7])
    name = '"><script>x()</script>' + "Я" * 200  # too long: the page comes back with it
    typed = {"writer_name": "", "name": name, "story": "</textarea><b>&"}
    html = post_page(client, "person", typed, status=400)
    assert 'value="&quot;&gt;&lt;script&gt;x()&lt;/script&gt;' + "Я" * 200 + '"' in html
    assert ">&lt;/textarea&gt;&lt;b&gt;&amp;</textarea>" in html
    assert "<script>" not in html and "<b>" not in html


def test_a_choice_label_with_braces_or_markup_is_shown_as_written() -> None:
    """A question's fieldset is built in Python, each choice's line once per wording and
    language (views._fieldset); a translated label holding braces (which str.format would have
    read as a placeholder) or markup comes out escaped and whole, the picked choice checked."""
    from types import SimpleNamespace

    from objector.intake import views
    from objector.intake.questionnaire import Choice, Text

    choices = (
        Choice("a", Text("Answer {with} braces <b>")),
        Choice("b", Text("Second } one")),
    )
    question = SimpleNamespace(kind="choice", key="key", choices=choices, required=True, hint=None)
    page = views._fieldset(question, "q-key", "Which?", "", "", "b", "en")  # type: ignore[arg-type]
    start = '<p><label><input type="radio" name="key"'
    assert start + ' value="a" required> Answer {with} braces &lt;b&gt;</label></p>' in page
    assert start + ' value="b" checked required> Second } one</label></p>' in page


@time_machine.travel("2023-07-20 12:00:00+00:00", tick=False)
def test_back_cannot_keep_answers_the_way_forward_would_refuse_together() -> None:
    """Red team, round 8: Back kept each answer that read on its own, and the earlier answer to
    one that did not. A new date of leaving after the return kept before reached the review
    unchecked, and the final submit failed on it (a 500: the request was never stored); a new
    way to reach the person kept the old way's contact. Such an answer is unanswered again, so
    the way forward stops at it."""
    client = Client()
    client.get("/intake/")
    details = {"intends_to_return": "yes", "abroad": "no", "prior_conviction": "no"}
    post_page(client, "about", {**ABOUT, "events": ["left_unit", "returned"]})
    dates = {"date:left_unit": "03.07.2023", "date:returned": "10.07.2023"}
    post_page(client, "details", {**dates, **details})
    post_page(client, "person", {"name": "Синтетический Тест", "region": "Ростовская область"})
    post_page(
        client,
        "contact",
        {"consent_filings": "yes", "contact_method": "email", "contact": "synthetic@example.org"},
    )
    back = {"page": "details", "date:left_unit": "15.07.2023", "date:returned": "", **details}
    client.post("/intake/back", back)
    client.post("/intake/back", {"page": "contact", "contact_method": "telegram", "contact": ""})
    client.post("/intake/back", {"page": "person", "story": "Синтетическая история."})
    answers = draft_answers(client)
    assert answers["date:left_unit"] == "2023-07-15" and "date:returned" not in answers
    assert answers["contact_method"] == "telegram" and "contact" not in answers
    assert answers["region"] and answers["story"] == "Синтетическая история."  # kept as given
    assert client.get("/intake/review")["Location"] == "/intake/q"
    assert 'name="page" value="details"' in client.get("/intake/q").content.decode()
    assert client.post("/intake/review", {"idempotency_key": "x"}).status_code == 302
    assert Request.objects.count() == 0


def test_a_link_from_another_site_does_not_replace_the_draft_in_progress() -> None:
    """Red team, round 8: the draft's cookies are SameSite=Strict, so a browser that follows a
    link to the form from another site (the organisation's own website, a messenger, a hostile
    page opening it in a pop-up) sends none of them; the start page, and any page asked with
    ?lang=, then wrote a new, empty draft over the one in progress, and every answer typed was
    gone. A GET no longer writes a new draft; the first page's POST does."""
    client = Client()
    client.get("/intake/")
    post_page(client, "about", ABOUT)
    before = draft_answers(client)
    assert before == ABOUT
    for address in ("/intake/", "/intake/?lang=en", "/intake/q?at=details&lang=en"):
        from_elsewhere = Client()  # the same browser, its Strict cookies held back
        answer = from_elsewhere.get(address, headers={"Sec-Fetch-Site": "cross-site"})
        assert answer.status_code in (200, 302)
        assert not any(name.startswith(COOKIE) for name in answer.cookies), address
    # A browser with no draft, led here from elsewhere, gets one at its first page's POST, in
    # the language it chose.
    new = Client()
    page = new.get("/intake/?lang=en", headers={"Sec-Fetch-Site": "cross-site"})
    assert 'action="/intake/q?at=about&amp;lang=en"' in page.content.decode()
    sent = new.post("/intake/q?at=about&lang=en", {"page": "about", **ABOUT})
    assert draft_answers(new) == ABOUT
    assert '<html lang="en"' in new.get(sent["Location"]).content.decode()


def test_no_answer_makes_the_draft_longer_than_its_cookies() -> None:
    """Red team, round 8: answers were bounded in characters, the draft's cookies in bytes
    (8 of 3,800). A story at its full length in four-byte characters sealed to about 38,000
    bytes: the draft was cut at its eighth cookie, and at the next page it no longer opened, so
    every answer was gone without a word. Such an answer is refused on its page instead; plain
    Cyrillic at the full length still fits."""
    from objector.intake.drafts import CHUNK, MAX_CHUNKS
    from objector.intake.questionnaire import BY_KEY

    client = Client()
    client.get("/intake/")
    post_page(client, "about", ABOUT)
    post_page(client, "details", DETAILS)
    rare = "".join(chr(0x20000 + (n * 7919) % 0xA6DF) for n in range(BY_KEY["story"].max_length))
    person = {"name": "Синтетический Тест", "story": rare}
    page = post_page(client, "person", person, status=400)
    assert "too many unusual characters" in page or "необычных символов" in page
    assert draft_answers(client) == {**ABOUT, **{**DETAILS, "date:left_unit": "2023-07-03"}}
    plain = "Синтетическая история. " * (BY_KEY["story"].max_length // 23)
    post_page(client, "person", {**person, "story": plain})
    sealed = sum(len(m.value) for name, m in client.cookies.items() if name.startswith(COOKIE))
    assert sealed < CHUNK * MAX_CHUNKS and draft_answers(client)["story"] == plain.strip()
