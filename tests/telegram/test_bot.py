"""The bot end to end: scripted users write through the fake Bot API to the real bot, which
stores and answers through the real database. Names are synthetic."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.db import connection

from objector.cases.actions import message_send
from objector.cases.models import Entry
from objector.documents.actions import documents_cases, documents_open
from objector.documents.models import Document
from objector.intake.models import Request, requests_open
from objector.law.render import render_text
from objector.telegram.actions import attachment_requests
from objector.telegram.models import Attachment, Chat, InboxUpdate
from objector.telegram.scripted import RECEIPT, SAMPLE_ANSWERS, FakeUser, question_of
from tests.extraction.files import minimal_pdf

from .conftest import drive, inbox_drained, outbox_drained

pytestmark = pytest.mark.django_db(transaction=True)

NAME = "Пётр Синтетический"


def open_request(reference: str) -> Request:
    request = Request.objects.get(reference=reference)
    requests_open([request])
    return request


async def intake(user: FakeUser) -> str:
    reference, _ = await user.complete_intake(SAMPLE_ANSWERS)
    return reference


def test_a_person_completes_the_questionnaire_and_gets_a_receipt(fake_api, bot) -> None:
    async def script(user: FakeUser) -> tuple[str, list[int]]:
        reference = await intake(user)
        return reference, await user.visible(settle=2, timeout=60)

    reference, visible = drive(fake_api, script, 501)
    request = open_request(reference)
    assert request.channel == "telegram"
    assert request.personal["name"] == NAME
    assert request.facts["events"] == [{"type": "left_unit", "date": "2026-02-24"}]
    assert request.personal["contact_method"] == "telegram"

    chat = fake_api.server.chats[501]
    receipt = chat.messages[visible[-1]]["text"]
    assert RECEIPT.search(receipt).group(1) == reference
    # The same plain-language assessment as the web receipt.
    assert render_text(request.assessment, "ru") in receipt
    # First in plain words: the situation, what to do now, when to expect the answer (#14).
    assert receipt.index("Вы не в части с 24 февраля 2026") < receipt.index("Что сделать сейчас:")
    assert "Ответ юриста ожидайте" in receipt
    assert "/intake/status" in receipt
    # Every message the person sent, and every question answered, is gone from the chat:
    # what is left is the greeting (which says so) and the receipt.
    assert len(visible) == 2
    assert "удаляю ваши сообщения" in chat.messages[visible[0]]["text"]
    # Processed once each, and nothing readable is left in the inbox or the outbox.
    assert inbox_drained()
    assert not InboxUpdate.objects.exclude(payload=b"").exists()
    assert fake_api.server.deliveries and max(fake_api.server.deliveries.values()) == 1


def test_telegram_ids_and_answers_are_not_stored_in_the_clear(fake_api, bot) -> None:
    drive(fake_api, intake, 7773311)
    chat = Chat.objects.get()
    assert "7773311" not in chat.user_index
    with connection.cursor() as cursor:
        for table in ("telegram_chat", "telegram_inboxupdate", "telegram_outbox"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
            dump = repr(cursor.fetchall())
            assert "7773311" not in dump, table
            assert NAME not in dump and "Синтетический".encode() not in dump.encode(), table


def test_dates_are_taken_in_russian_formats_and_bad_ones_asked_again(fake_api, bot) -> None:
    async def script(user: FakeUser) -> list[str]:
        await user.say("/start")
        replies = []
        prompt = await user.until(user.is_prompt)
        await user.tap(prompt, "a:role:self")
        prompt = await user.until(user.is_prompt)
        await user.tap(prompt, "a:personnel:contract")
        prompt = await user.until(user.is_prompt)
        await user.tap(prompt, "t:left_unit")
        await user.tap(prompt, "d:")
        await user.until(lambda m: "Когда это было" in m["text"])
        for text in ("31.02.2026", "когда-то", "24 февраля"):
            await user.say(text)
            replies.append((await user.until(user.is_prompt))["text"])
        return replies

    impossible, nonsense, accepted = drive(fake_api, script, 502)
    assert impossible.startswith("✗") and "Когда это было" in impossible
    assert nonsense.startswith("✗")
    assert accepted.startswith("✓ 24.02.") and question_of(accepted, "ru").key != "date:left_unit"


def test_the_lawyers_answer_is_delivered_and_status_shows_it(fake_api, bot) -> None:
    reference = drive(fake_api, intake, 503)
    request = open_request(reference)
    message_send(request=request, text="Синтетический ответ юриста: не возвращайтесь.", by=bot)

    async def script(user: FakeUser) -> tuple[str, str]:
        delivered = await user.until(lambda m: m["text"].startswith("Ответ юриста ("))
        await user.say("/status")
        status = await user.until(lambda m: m["text"].startswith("Обращение"))
        return delivered["text"], status["text"]

    delivered, status = drive(fake_api, script, 503)
    assert "не возвращайтесь" in delivered
    assert reference in status and "не возвращайтесь" in status


def test_later_messages_land_on_the_case_timeline(fake_api, bot) -> None:
    async def script(user: FakeUser) -> str:
        reference = await intake(user)
        await user.say("Синтетическое дополнение: пришла повестка.")
        await user.until(lambda m: "Передано юристу" in m["text"])
        return reference

    request = open_request(drive(fake_api, script, 504))
    entry = Entry.objects.get(request=request, kind=Entry.Kind.MESSAGE_IN)
    entry.open(request.key)
    assert entry.text == "Синтетическое дополнение: пришла повестка."


PDF = minimal_pdf("Synthetic order of the commander of unit 12345")


def test_documents_are_checked_by_content_and_stored_encrypted(fake_api, bot) -> None:
    async def script(user: FakeUser) -> list[str]:
        await intake(user)
        replies = []
        await user.send_file("document", PDF, mime="application/pdf", name="order.pdf")
        replies.append((await user.until(lambda m: "Файл сохранён" in m["text"]))["text"])
        # Declared a PDF, but the bytes are a Windows program.
        await user.send_file("document", b"MZ\x90\x00" + bytes(64), mime="application/pdf")
        replies.append((await user.until(lambda m: "не принимаю" in m["text"]))["text"])
        await user.send_file("document", b"PK\x03\x04zip", mime="application/zip")
        replies.append((await user.until(lambda m: "не принимаю" in m["text"]))["text"])
        # Declared and sniffed a PDF, but broken inside: refused as damaged, saying so.
        await user.send_file("document", b"%PDF-1.7\n broken", mime="application/pdf")
        replies.append((await user.until(lambda m: "повреждён" in m["text"]))["text"])
        big = {"mime": "application/pdf", "size": 21 * 1024 * 1024}
        await user.send_file("document", PDF, **big)
        replies.append((await user.until(lambda m: "больше 20 МБ" in m["text"]))["text"])
        return replies

    replies = drive(fake_api, script, 505)
    assert len(replies) == 5
    stored = Attachment.objects.get(status="stored")
    assert stored.mime == "application/pdf" and stored.content == b""
    # Which request it came from is sealed (round 11b: no clear request, chat or document).
    (request_id,) = attachment_requests([stored]).values()
    request = open_request(Request.objects.get(pk=request_id).reference)
    # The file is evidence on the case now, encrypted under its own key, custody recorded.
    document = Document.objects.get()
    documents_open([document])
    assert document.sha256() == hashlib.sha256(PDF).hexdigest()  # sealed only
    assert (document.channel, document.uploaded_by) == ("telegram", None)
    assert documents_cases([document]) == {document.pk: request.pk}
    assert PDF not in bytes(document.content)
    documents_open([document])
    assert document.file() == PDF
    assert document.facts()["filename"] == "order.pdf"  # the sender's name for it
    refused = Attachment.objects.filter(status="refused").order_by("pk")
    # (the zip and the 21 MB file were refused by their declared type and size, unfetched)
    assert [a.error for a in refused] == ["file_type", "file_damaged"]
    assert Document.objects.count() == 1
    timeline = Entry.objects.filter(request=request, kind=Entry.Kind.MESSAGE_IN)
    assert timeline.count() == 1


def test_delete_erases_the_request_by_crypto_shredding(fake_api, bot) -> None:
    async def script(user: FakeUser) -> tuple[str, str]:
        reference = await intake(user)
        await user.say("/delete")
        confirm = await user.until(lambda m: "Стереть" in m["text"])
        await user.tap(confirm, "x:yes")
        done = await user.until(lambda m: m["text"].startswith("Стёрто"))
        return reference, done["text"]

    reference, _ = drive(fake_api, script, 506)
    request = Request.objects.get(reference=reference)
    assert request.shredded_at is not None and request.personal_data == b""
    assert request.sealed_key == b"" and request.status == "closed"
    assert not Chat.objects.exists()

    async def again(user: FakeUser) -> str:
        await user.poll(0)  # past what the chat already shows
        await user.say("/status")
        return (await user.reply())["text"]

    assert "Обращения ещё нет" in drive(fake_api, again, 506)


def test_replies_survive_telegrams_429(fake_api, bot) -> None:
    async def configure(user: FakeUser) -> list[int]:
        statuses = []
        for body in ({"flood_every": "often"}, {"flood_every": 3, "retry_after": 1}):
            async with user.session.post(f"{fake_api.base}/_fake/config", json=body) as r:
                statuses.append(r.status)
        return statuses

    assert drive(fake_api, configure, 507) == [400, 200]
    assert (fake_api.server.flood_every, fake_api.server.retry_after) == (3, 1)
    reference = drive(fake_api, intake, 507)
    assert Request.objects.filter(reference=reference).exists()
    assert outbox_drained()
    # Every third sendMessage was refused once and sent again after retry_after.
    sent = [m for m in fake_api.server.chats[507].events if m["kind"] == "message"]
    assert fake_api.server.calls["sendMessage"] > len(sent)


def test_english_speakers_are_answered_in_english(fake_api, bot) -> None:
    async def script(user: FakeUser) -> str:
        await user.say("/start")
        return (await user.until(user.is_prompt))["text"]

    assert drive(fake_api, script, 508, lang="en") == "Who is writing?"


def test_bad_input_through_the_real_api_gets_its_answer_and_is_deleted(fake_api, bot) -> None:
    async def script(user: FakeUser) -> tuple[list[str], list[int]]:
        await user.say("/start")
        await user.until(user.is_prompt)
        replies = []
        actions: list[dict[str, Any]] = [
            {"sticker": True},
            {"voice": True},
            {"text": "пересланное", "forward": True},
            {"text": "исправлено", "edited": True},
            {"text": "/nonsense"},
            {"text": "x" * 20_000},
        ]
        sent = []
        for action in actions:
            sent.append((await user.act(**action))["update_id"])
            replies.append(
                (
                    await user.until(
                        lambda m: not user.is_prompt(m) or "✗" in m["text"] or "/help" in m["text"]
                    )
                )["text"]
            )
        return replies, await user.visible(settle=2, timeout=60)

    replies, visible = drive(fake_api, script, 509)
    assert "только текст" in replies[0] and "только текст" in replies[1]
    assert "Пересланные" in replies[2]
    assert "Исправления" in replies[3]
    assert "Такой команды нет" in replies[4]
    assert "20000" in replies[5]
    # Nothing the person sent stays in the chat.
    chat = fake_api.server.chats[509]
    assert all(chat.messages[i]["from"]["is_bot"] for i in visible)
    assert inbox_drained()


def test_a_flood_is_slowed_down_politely(fake_api, bot, settings) -> None:
    settings.TELEGRAM_FLOOD = 5

    async def script(user: FakeUser) -> list[str]:
        for i in range(12):
            await user.say(f"сообщение {i}")
        await user.until(lambda m: "Слишком много" in m["text"])
        return [m["text"] for m in user.received]

    drive(fake_api, script, 510)
    # The updates after the request to slow down get no answer, so wait for the bot to have
    # processed them all before counting what it sent.
    assert inbox_drained()
    assert outbox_drained()
    events = fake_api.server.chats[510].events
    texts = [e["message"]["text"] for e in events if e["kind"] == "message"]
    assert sum("Слишком много" in t for t in texts) == 1
    # Five messages are answered (the first starts the questionnaire, the next four are told
    # to use the buttons); the other seven only get the one request to slow down.
    assert sum(t.startswith("✗") for t in texts) == 4
