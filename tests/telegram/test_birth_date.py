"""The bot asks the serviceman's date of birth as the web form does (one questionnaire): the
conversation core refuses an impossible one with the reason and takes a partial one; end to end,
a scripted user's answer is stored sealed with the request."""

from __future__ import annotations

from typing import Any

import pytest

from objector.intake.models import Request, requests_open
from objector.intake.questionnaire import next_question
from objector.telegram import conversation as conv
from objector.telegram.scripted import SAMPLE_ANSWERS, FakeUser

from .conftest import drive
from .test_conversation import message, said, step

BEFORE = {
    "role": "relative",
    "personnel": "mobilized",
    "events": [],
    "writer_name": "",
    "name": "Синтетов Пётр",
}


def _at_birth_date(lang: str) -> conv.State:
    state = conv.State(lang=lang, answers=dict(BEFORE), started=True)
    question = next_question(state.answers)
    assert question is not None and question.key == "birth_date"
    return state


@pytest.mark.parametrize(
    ("lang", "typed", "words"),
    [
        ("ru", "31.02.1999", "такой даты нет"),
        ("en", "31.02.1999", "there is no such date"),
        ("ru", "1939", "год раньше 1940 не может быть верным"),
        ("en", "2015", "younger than 16"),
        ("ru", "2099", "эта дата ещё не наступила"),
    ],
)
def test_an_impossible_birth_date_is_refused_with_the_reason(
    lang: str, typed: str, words: str
) -> None:
    state = _at_birth_date(lang)
    text = said(step(state, message(typed)))
    assert words in text
    assert "birth_date" not in state.answers
    # Asked again, in the relative's words.
    asked = "Дата рождения военнослужащего" if lang == "ru" else "The serviceman's date of birth"
    assert asked in text


def test_a_year_alone_is_taken_and_read_back_and_it_may_be_skipped() -> None:
    state = _at_birth_date("ru")
    prompt = next(
        e for e in step(state, message("/lang ru")) if isinstance(e, conv.Say) and e.prompt
    )
    assert [row[0].data for row in prompt.buttons] == ["s:birth_date"]  # optional
    text = said(step(state, message("1999 г.р.")))
    assert state.answers["birth_date"] == "1999" and "1999" in text
    skipped = _at_birth_date("en")
    step(skipped, {"update_id": 2, "callback_query": _callback("s:birth_date")})
    assert skipped.answers["birth_date"] == ""


def _callback(data: str) -> dict[str, Any]:
    return {
        "id": "1",
        "from": {"id": 555001, "is_bot": False, "first_name": "U", "language_code": "en"},
        "message": {"message_id": 11, "date": 0, "chat": {"id": 555001, "type": "private"}},
        "data": data,
    }


@pytest.mark.django_db(transaction=True)
def test_the_bots_request_keeps_the_birth_date_sealed(fake_api: Any, bot: Any) -> None:
    async def script(user: FakeUser) -> str:
        reference, _ = await user.complete_intake({**SAMPLE_ANSWERS, "birth_date": "03.1999"})
        return reference

    reference = drive(fake_api, script, 511)
    request = Request.objects.get(reference=reference)
    assert "1999-03" not in str(Request.objects.filter(pk=request.pk).values().get())
    requests_open([request])
    assert request.personal["birth_date"] == "1999-03"
