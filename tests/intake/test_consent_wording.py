"""The consent question follows the writer's role, as the receipt does: "you" to the serviceman,
"the person you write about" to a relative or a lawyer; in both languages, on the web form
(Django's test client) and in the bot (tests/telegram/test_consent_wording.py)."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client

from tests.intake.pages import post_answers, post_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("admin")]

# What each role reads, by language: (words in the question, the "yes" button, words never shown)
WORDING = {
    ("self", "ru"): (
        "представлял вас и указал ваше имя",
        "Да, согласен(на)",
        "о котором вы пишете",
    ),
    ("self", "en"): ("represent you and name you", "Yes, I agree", "the person you write about"),
    ("relative", "ru"): ("Согласен ли человек, о котором вы пишете", "Да, согласен(на)", "вас"),
    ("relative", "en"): ("Does the person you write about agree", "Yes, they agree", "you and"),
    ("lawyer", "ru"): ("Согласен ли человек, о котором вы пишете", "Да, согласен(на)", "вас"),
    ("lawyer", "en"): ("Does the person you write about agree", "Yes, they agree", "you and"),
}

BEFORE_CONSENT = [
    ("personnel", "contract"),
    ("events", ["refused_order"]),
    ("date:refused_order", "01.03.2024"),
    ("combat", "yes"),
    ("name", "Синтетов Пётр"),
    ("unit", ""),
    ("region", ""),
    ("story", ""),
]


def consent_page(client: Client, role: str, lang: str) -> str:
    assert client.get(f"/intake/?lang={lang}").status_code == 200
    post_answers(client, [("role", role), *BEFORE_CONSENT])
    page = client.get("/intake/q")
    assert page.status_code == 200
    text = html.unescape(page.content.decode())
    assert 'name="page" value="contact"' in text
    return text


@pytest.mark.parametrize(("role", "lang"), list(WORDING))
def test_it_asks_for_consent_in_the_words_of_the_writers_role(role: str, lang: str) -> None:
    client = Client()
    asked, yes, never = WORDING[role, lang]
    page = consent_page(client, role, lang)
    prompt = re.search(r'<fieldset id="q-consent_filings"[^>]*>\s*<legend>(.*?)</legend>', page)[1]
    assert asked in prompt
    assert never not in prompt
    assert yes in page

    # The review page repeats the question and the answer in the same words.
    post_page(client, "contact", {"consent_filings": "yes", "contact_method": "code_only"})
    review = html.unescape(client.get("/intake/review").content.decode())
    assert asked in review and yes in review


def test_the_other_language_shows_the_same_roles_wording() -> None:
    """Switching language on the consent question keeps the wording of the writer's role."""
    client = Client()
    consent_page(client, "relative", "ru")
    english = html.unescape(client.get("/intake/q?at=consent_filings&lang=en").content.decode())
    assert "Does the person you write about agree" in english
    assert "Yes, they agree" in english
