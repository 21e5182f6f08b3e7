"""Personal data is sealed: staff read it only while the vault is unlocked, intake and the
requester's own page work while it is sealed, and what comes out is exactly what went in."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from objector.cases.actions import request_assign
from objector.cases.models import Deadline, Entry
from objector.intake.models import PERSONAL, Request
from objector.vault import crypto
from objector.vault.actions import passphrase_set, unlock_grant, vault_unlocked
from tests.conftest import AWOL, PASSPHRASE, reopened, vault_close

pytestmark = pytest.mark.django_db
COORDINATOR_PASSPHRASE = "synthetic coordinator passphrase"  # noqa: S105 -- a fixture

ANSWERS = {
    **AWOL,
    "name": "Синтетический Запечатанный",
    "unit": "в/ч 00000 (синтетическая)",
    "story": "Синтетическая история: ушёл 1 ноября.\nВторая строка.",
    "contact_method": "email",
    "contact": "sealed@example.org",
}


@pytest.fixture
def case(make_request, coordinator, lawyer):
    made = make_request(**ANSWERS)
    request_assign(request=made, lawyer=lawyer, by=coordinator)
    return made


def test_the_row_holds_no_personal_field_in_the_clear(case) -> None:
    row = Request.objects.filter(pk=case.pk).values().get()
    assert not set(PERSONAL) & set(row)
    stored = " ".join(str(v) for v in row.values())
    for value in ("Синтетический", "sealed@example.org", "00000", "rostov", "2026-11-01"):
        assert value not in stored
    # Without the key, the ciphertext is noise; with another request's key, it does not open.
    other = crypto.new_data_key()
    with pytest.raises(crypto.VaultError):
        crypto.decrypt(other, bytes(case.personal_data), context="intake.request.personal")


def test_after_a_restart_staff_pages_answer_sealed_and_intake_still_works(
    case, admin, lawyer, coordinator, client_for, make_request
) -> None:
    # The coordinator has been given a key of their own.
    unlock_grant(staff=coordinator, by=admin)
    passphrase_set(
        staff=coordinator,
        passphrase=COORDINATOR_PASSPHRASE,
        sponsor=admin,
        sponsor_passphrase=PASSPHRASE,
    )
    vault_close()  # as after a restart: the key-holder starts sealed
    assert not vault_unlocked()
    client = client_for(lawyer)
    sealed = client.get(f"/staff/cases/{case.pk}")
    html = sealed.content.decode()
    assert sealed.status_code == 503
    assert "хранилище запечатано" in html and 'id="ask-to-unlock"' in html  # the lawyer has no key
    assert "Синтетический" not in html
    coordinator_client = client_for(coordinator)
    with_form = coordinator_client.get(f"/staff/cases/{case.pk}")
    assert with_form.status_code == 503
    html = with_form.content.decode()
    assert 'action="/staff/vault/unlock"' in html
    assert f'name="back" value="/staff/cases/{case.pk}"' in html  # unlocking returns here
    # A change needing the key changes nothing.
    note = client.post(f"/staff/cases/{case.pk}/note", {"text": "Синтетическая заметка"})
    assert note.status_code == 503
    assert not Entry.objects.filter(kind="note").exists()

    # The queue still sorts and counts on the clear columns, with the names hidden.
    queue = coordinator_client.get("/staff/queue")
    assert queue.status_code == 200
    assert case.reference in queue.content.decode()
    assert 'id="sealed-notice"' in queue.content.decode()
    assert "Синтетический" not in queue.content.decode()

    # Intake needs no secret.
    later = make_request(name="Синтетический Второй")
    assert Request.objects.count() == 2

    # After unlock, both decrypt to exactly what was submitted.
    back = coordinator_client.post(
        "/staff/vault/unlock",
        {"passphrase": COORDINATOR_PASSPHRASE, "back": f"/staff/cases/{case.pk}"},
    )
    assert back["Location"] == f"/staff/cases/{case.pk}"
    for made, answers in ((case, ANSWERS), (later, {**AWOL, "name": "Синтетический Второй"})):
        personal = reopened(made).personal
        for key in ("name", "unit", "story", "contact", "contact_method", "region"):
            assert personal[key] == answers.get(key, ""), key
    page = client.get(f"/staff/cases/{case.pk}").content.decode()
    assert "Синтетический Запечатанный" in page and "sealed@example.org" in page


def test_the_requester_reads_and_writes_while_the_vault_is_sealed(case, lawyer, client_for) -> None:
    client_for(lawyer).post(f"/staff/cases/{case.pk}/message", {"text": "Синтетический ответ"})
    vault_close()
    requester = Client()
    shown = requester.post("/intake/status", {"reference": case.reference, "secret": case.secret})
    assert shown.status_code == 200 and "Синтетический ответ" in shown.content.decode()
    sent = requester.post("/intake/status/message", {"text": "Синтетический вопрос"})
    assert sent.status_code == 200 and "Синтетический вопрос" in sent.content.decode()
    added = requester.post("/intake/status/event", {"type": "returned", "date": "20.11.2026"})
    assert added.status_code == 200
    # The session keeps the request's data key only under this browser's key.
    assert case.key.hex() not in str(requester.session.items())
    # Another browser with the session cookie but not the browser's key sees nothing.
    thief = Client()
    thief.cookies["sessionid"] = requester.cookies["sessionid"].value
    assert thief.post("/intake/status/message", {"text": "x"}).status_code == 403


def test_manual_deadline_labels_and_timeline_texts_are_sealed(case, lawyer, client_for) -> None:
    client = client_for(lawyer)
    client.post(f"/staff/cases/{case.pk}/deadline", {"label": "Суд Синтетова", "due": "2027-01-15"})
    client.post(f"/staff/cases/{case.pk}/event", {"type": "returned", "date": "2026-11-20"})
    deadline = Deadline.objects.get(source="manual")
    assert b"Synth" not in bytes(deadline.label_sealed)
    assert deadline.label(case.key) == "Суд Синтетова"
    for entry in Entry.objects.filter(request=case).exclude(kind__in=("status", "assignment")):
        assert entry.data == {} and entry.sealed
    assert "Суд Синтетова" in client.get("/staff/deadlines").content.decode()
    # Sealed, the dates still show (they are in the clear), the label does not.
    vault_close()
    sealed = client.get("/staff/deadlines").content.decode()
    assert "2027-01-15" in sealed or "15.01.2027" in sealed
    assert "Суд Синтетова" not in sealed and "скрыто, пока хранилище запечатано" in sealed


def test_intake_before_setup_says_it_is_not_ready_in_both_languages(db) -> None:
    for lang, words in (("ru", "ещё не настроен"), ("en", "has not been set up")):
        response = Client().get(f"/intake/?lang={lang}")
        assert response.status_code == 503
        assert words in response.content.decode()
        assert not re.search(r'href="/intake/q[?"]', response.content.decode())
