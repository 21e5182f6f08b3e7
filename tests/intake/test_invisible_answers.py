"""Typed answers lose the characters that change how text reads and do not show (round 9's red
team: a right-to-left override in a name turned it round on the lawyer's screen), through the
real web form: the page comes back saying what was removed, with the answers as they will be
kept, and is taken when sent again."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.test import Client

from objector.intake.models import Request
from tests.conftest import reopened
from tests.intake.pages import by_page, post_page
from tests.intake.test_web_intake import SOLDIER_WHO_LEFT

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("admin")]

HOSTILE = {
    "writer_name": "Синтетическая\u200b Мать",
    "name": "Синтетический \u202eТест\u2066",
    "unit": "в/ч\u200f 12345",
    "story": "Первая строка\u202e.\nВторая строка с эмодзи 👨\u200d👩\u200d👦.",
}
CLEAN = {
    "writer_name": "Синтетическая Мать",
    "name": "Синтетический Тест",
    "unit": "в/ч 12345",
    "story": "Первая строка.\nВторая строка с эмодзи 👨\u200d👩\u200d👦.",
}


@time_machine.travel("2023-07-15 12:00:00+00:00", tick=False)
@pytest.mark.parametrize(
    ("lang", "says"),
    [
        ("ru", "такие знаки попадают в текст при копировании"),
        ("en", "such characters come in with copied text"),
    ],
)
def test_a_name_with_direction_controls_is_kept_without_them_and_says_so(
    lang: str, says: str
) -> None:
    client = Client()
    client.get(f"/intake/?lang={lang}")
    answers = [(k, HOSTILE.get(k, v)) for k, v in SOLDIER_WHO_LEFT]
    for key, fields in by_page(answers):
        hostile = [k for k in fields if k in HOSTILE]
        if hostile:
            page = post_page(client, key, fields, status=400)
            assert page.count(says) >= len(hostile), key  # beside each, and in the summary
            for k in hostile:  # the form shows the answer as it will be kept
                assert not re.search("[\u202e\u2066\u200b\u200f]", page)
                assert CLEAN[k].split("\n")[0].replace('"', "&quot;") in page
            fields = {k: CLEAN.get(k, v) for k, v in fields.items()}
        client.get(post_page(client, key, fields))
    review = client.get("/intake/review").content.decode()
    token = re.search(r'name="idempotency_key" value="([^"]+)"', review)[1]
    assert client.post("/intake/review", {"idempotency_key": token}).status_code == 302
    stored = reopened(Request.objects.get()).personal
    assert {k: stored[k] for k in CLEAN} == CLEAN
