"""The bot asks for consent in the words of the writer's role, in both languages: scripted users
(a serviceman, a relative, a lawyer) go through the real bot and read the question and its
buttons as a person would."""

from __future__ import annotations

from typing import Any

import pytest

from objector.telegram.scripted import SAMPLE_ANSWERS, FakeUser, buttons, question_of

from .conftest import drive

pytestmark = pytest.mark.django_db(transaction=True)

ROLES = ("self", "relative", "lawyer")
# (words in the question, the "yes" button)
WORDING = {
    ("self", "ru"): ("представлял вас и указал ваше имя", "Да, согласен(на)"),
    ("self", "en"): ("represent you and name you", "Yes, I agree"),
    ("other", "ru"): ("Согласен ли человек, о котором вы пишете", "Да, согласен(на)"),
    ("other", "en"): ("Does the person you write about agree", "Yes, they agree"),
}


def consent_asked(user: FakeUser) -> dict[str, Any]:
    asked = [
        m
        for m in user.received
        if (q := question_of(m.get("text", ""), user.lang)) and q.key == "consent_filings"
    ]
    assert asked, "the bot never asked for consent"
    return asked[-1]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_consent_question_follows_the_writers_role(fake_api, bot, lang: str) -> None:
    async def script(*users: FakeUser) -> list[dict[str, Any]]:
        for user, role in zip(users, ROLES, strict=True):
            answers = {**SAMPLE_ANSWERS, "role": role, "writer_name": ""}
            if lang == "en":
                answers["region"] = "Rostov Oblast"
            await user.complete_intake(answers)
        return [consent_asked(user) for user in users]

    asked = drive(fake_api, script, 611, 612, 613, lang=lang)
    for role, message in zip(ROLES, asked, strict=True):
        words, yes = WORDING["self" if role == "self" else "other", lang]
        assert words in message["text"], (role, message["text"])
        assert yes in [label for label, _ in buttons(message)], (role, buttons(message))
    assert "you write about" not in asked[0]["text"] and "вы пишете" not in asked[0]["text"]
