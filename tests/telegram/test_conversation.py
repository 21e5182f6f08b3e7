"""The conversation core, without a server: what the bot answers to each kind of update,
including every kind of bad input issue #5 names. Plain Python, no database."""

from __future__ import annotations

from datetime import date
from typing import Any

from objector.telegram import conversation as conv
from objector.telegram.texts import text_of

TODAY = date(2026, 12, 2)
USER = 555001


def message(text: str | None = None, **more: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "message_id": 10,
        "date": 0,
        "chat": {"id": USER, "type": "private"},
        "from": {"id": USER, "is_bot": False, "first_name": "U", "language_code": "ru"},
        **more,
    }
    if text is not None:
        body["text"] = text
    return {"update_id": 1, "message": body}


def step(
    state: conv.State, update: dict[str, Any], *, has_request: bool = False, now: float = 0.0
) -> list[Any]:
    incoming = conv.parse_update(update)
    assert incoming is not None
    _, effects = conv.handle(state, incoming, has_request=has_request, today=TODAY, now=now)
    return effects


def said(effects: list[Any]) -> str:
    return "\n".join(e.text for e in effects if isinstance(e, conv.Say))


def started() -> conv.State:
    state = conv.State()
    step(state, message("/start"))
    return state


def test_start_greets_explains_deletion_and_asks_the_first_question() -> None:
    effects = step(conv.State(), message("/start"))
    assert conv.Delete(10) in effects
    text = said(effects)
    assert text_of("welcome", "ru") in text and "Кто пишет?" in text
    prompt = next(e for e in effects if isinstance(e, conv.Say) and e.prompt)
    assert [row[0].data for row in prompt.buttons] == [
        "a:role:self",
        "a:role:relative",
        "a:role:lawyer",
    ]


def test_unknown_commands_are_named_and_the_question_repeated() -> None:
    state = started()
    effects = step(state, message("/weather"))
    assert text_of("unknown_command", "ru") in said(effects)
    assert "Кто пишет?" in said(effects)
    assert state.answers == {}


def test_stickers_and_voice_are_refused_politely() -> None:
    state = started()
    sticker = step(state, message(sticker={"file_id": "s", "file_unique_id": "s"}))
    voice = step(state, message(voice={"file_id": "v", "file_unique_id": "v", "duration": 1}))
    for effects in (sticker, voice):
        assert text_of("unsupported", "ru") in said(effects)
        assert conv.Delete(10) in effects


def test_edited_messages_are_not_taken_as_answers() -> None:
    state = started()
    update = {"update_id": 2, "edited_message": message("self")["message"]}
    effects = step(state, update)
    assert text_of("edited", "ru") in said(effects)
    assert state.answers == {}


def test_forwarded_messages_are_refused_because_they_show_the_sender() -> None:
    state = started()
    origin = {
        "type": "user",
        "date": 0,
        "sender_user": {"id": 1, "is_bot": False, "first_name": "X"},
    }
    effects = step(state, message("Кто-то другой", forward_origin=origin))
    assert text_of("forwarded", "ru") in said(effects)
    assert state.answers == {}


def test_huge_texts_are_refused_with_their_length() -> None:
    effects = step(conv.State(), message("я" * 50_000), has_request=True)
    assert "50000" in said(effects) and str(conv.MAX_TEXT) in said(effects)
    assert not any(isinstance(e, conv.Forward) for e in effects)


def test_unsupported_and_oversized_files_are_refused_before_fetching() -> None:
    document = {"file_id": "f", "file_unique_id": "f", "mime_type": "application/x-msdownload"}
    effects = step(conv.State(), message(document=document), has_request=True)
    assert text_of("file_type", "ru") in said(effects)
    big = {**document, "mime_type": "application/pdf", "file_size": conv.MAX_FILE_BYTES + 1}
    effects = step(conv.State(), message(document=big), has_request=True)
    assert text_of("file_too_big", "ru") in said(effects)
    assert not any(isinstance(e, conv.Attach) for e in effects)
    ok = {**document, "mime_type": "application/pdf", "file_size": 1000}
    assert any(
        isinstance(e, conv.Attach)
        for e in step(conv.State(), message(document=ok), has_request=True)
    )


def test_files_before_the_request_exists_are_asked_for_later() -> None:
    document = {"file_id": "f", "file_unique_id": "f", "mime_type": "application/pdf"}
    effects = step(started(), message(document=document))
    assert text_of("files_later", "ru") in said(effects)


def test_a_flood_from_one_chat_is_slowed_with_one_polite_message() -> None:
    state = conv.State()
    replies = [
        said(step(state, message(f"сообщение {i}"), has_request=True, now=1.0)) for i in range(40)
    ]
    flood = text_of("flood", "ru").format(seconds=60)
    assert replies.count(flood) == 1
    assert replies[29] != flood and replies[30] == flood and replies[31] == ""
    # A minute later the window is open again.
    later = step(state, message("снова"), has_request=True, now=62.0)
    assert any(isinstance(e, conv.Forward) for e in later)


def test_group_chats_are_refused() -> None:
    update = message("/start")
    update["message"]["chat"] = {"id": -100, "type": "group"}
    assert text_of("private_only", "ru") in said(step(conv.State(), update))


def test_typed_choices_are_taken_by_number_or_label_and_others_sent_to_the_buttons() -> None:
    state = started()
    step(state, message("2"))
    assert state.answers == {"role": "relative"}
    effects = step(state, message("что-то"))
    assert said(effects).startswith("✗") and "personnel" not in state.answers
    step(state, message("по контракту"))
    assert state.answers["personnel"] == "contract"


def test_a_button_of_an_answered_question_is_stale() -> None:
    state = started()
    step(state, message("1"))
    callback = {
        "update_id": 3,
        "callback_query": {
            "id": "q",
            "from": {"id": USER, "is_bot": False, "first_name": "U"},
            "message": {"message_id": 5, "chat": {"id": USER, "type": "private"}, "date": 0},
            "data": "a:role:lawyer",
        },
    }
    effects = step(state, callback)
    assert conv.AnswerCallback("q") in effects
    assert text_of("stale", "ru") in said(effects)
    assert state.answers == {"role": "self"}


def test_lang_switches_and_repeats_the_question_in_english() -> None:
    state = started()
    effects = step(state, message("/lang"))
    assert state.lang == "en" and "Who is writing?" in said(effects)


def test_state_survives_its_round_trip() -> None:
    state = started()
    step(state, message("1"))
    assert conv.State.load(state.dump()) == state


def test_the_bot_speaks_russian_from_its_gettext_catalogue() -> None:
    """The texts live in locale/ru/LC_MESSAGES/django.po (compiled by `make install`)."""
    assert text_of("welcome", "ru").startswith("Здравствуйте.")
    assert text_of("welcome", "en").startswith("Hello.")
    assert text_of("welcome", "de") == text_of("welcome", "ru")
