"""Typed answers and file names sent to the bot lose the characters that change how text reads
and do not show (round 9's red team: a right-to-left override kept in a name or a file's name
turned it round on the lawyer's screen); the bot says what it removed."""

from __future__ import annotations

import pytest

from objector.documents.actions import documents_open
from objector.documents.models import Document
from objector.intake.models import Request, requests_open
from objector.telegram import conversation as conv
from objector.telegram.models import Attachment
from objector.telegram.scripted import SAMPLE_ANSWERS, FakeUser
from tests.extraction.files import minimal_pdf

from .conftest import drive
from .test_conversation import message, said, step

BEFORE_NAME = {k: v for k, v in SAMPLE_ANSWERS.items() if k in ("role", "personnel", "events")}


def test_the_bot_keeps_a_name_without_direction_controls_and_says_so() -> None:
    state = conv.State()
    step(state, message("/start"))
    state.answers.update(
        {
            **BEFORE_NAME,
            "date:left_unit": "2026-02-24",
            "intends_to_return": "no",
            "abroad": "no",
            "prior_conviction": "no",
        }
    )
    assert conv.next_question(state.answers).key == "name"
    effects = step(state, message("Пётр \u202eСинтетический\u200b"))
    assert state.answers["name"] == "Пётр Синтетический"
    assert "удалено невидимых символов, меняющих вид текста" in said(effects)
    assert ": 2." in said(effects)
    step(state, message("1999"))  # the date of birth (round 11), asked after the name
    effects = step(state, message("в/ч 00000"))  # a clean answer is only "saved"
    assert "невидимых" not in said(effects) and state.answers["unit"] == "в/ч 00000"


@pytest.mark.django_db(transaction=True)
def test_through_the_bot_a_name_and_a_files_name_are_stored_without_them(fake_api, bot) -> None:
    pdf = minimal_pdf("Synthetic order of the commander of unit 12345")
    answers = {**SAMPLE_ANSWERS, "name": "Пётр \u202eСинтетический"}

    async def script(user: FakeUser) -> str:
        reference, _ = await user.complete_intake(answers)
        await user.send_file("document", pdf, mime="application/pdf", name="invoice\u202efdp.pdf")
        await user.until(lambda m: "Файл сохранён" in m["text"])
        return reference

    reference = drive(fake_api, script, 511)
    request = Request.objects.get(reference=reference)
    requests_open([request])
    assert request.personal["name"] == "Пётр Синтетический"
    assert Attachment.objects.filter(status="stored").count() == 1
    document = Document.objects.get()
    documents_open([document])
    assert document.facts()["filename"] == "invoicefdp.pdf"
    assert document.facts()["filename_removed"] == 1
