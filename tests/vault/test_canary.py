"""The canary: a request whose name, story and messages carry unique strings, in Cyrillic and in
Latin, goes through intake, casework, messages both ways and search. Then every byte a seizure
would copy is scanned: the SQLite file and its -wal and -shm, the data directory, the logs and
a backup. The canaries appear nowhere, raw, JSON-escaped or base64-encoded.

Evidence joins it: an order naming the canary is uploaded on the case, read and extracted, and a
person in it corrected."""

from __future__ import annotations

import base64
import json
import logging
import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client

from objector.documents.actions import case_documents
from objector.documents.models import Document
from objector.documents.tasks import extract_document
from objector.intake.models import Request
from tests.conftest import reopened
from tests.intake.pages import post_answers

pytestmark = pytest.mark.django_db(transaction=True)

LATIN = "CanaryQz7Xw"
CYRILLIC = "КанарейкаЖщ"


def encodings(canary: str) -> list[bytes]:
    """The canary as it could sit in a file: UTF-8, UTF-16, JSON's \\u escapes, and base64 at
    each of the three alignments (the stable middle of the encoding), plain and URL-safe."""
    raw = canary.encode()
    found = [raw, canary.encode("utf-16-le"), json.dumps(canary).strip('"').encode()]
    for offset in range(3):
        for encode in (base64.b64encode, base64.urlsafe_b64encode):
            encoded = encode(b"\0" * offset + raw)
            skip = -(-offset * 4 // 3)  # characters touched by the padding bytes
            found.append(encoded[skip + 1 : -4])
    return [f for f in found if len(f) >= 8]


def scan(blobs: dict[str, bytes]) -> list[str]:
    hits = []
    for where, blob in blobs.items():
        for canary in (LATIN, CYRILLIC):
            for form in encodings(canary):
                if form in blob or form.lower() in blob.lower():
                    hits.append(f"{canary} as {form[:20]!r} in {where}")
    return hits


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="scans the SQLite files; PostgreSQL's are not ours to read",
)
def test_the_canary_is_nowhere_at_rest(
    admin, coordinator, lawyer, client_for, caplog, tmp_path, settings
) -> None:
    caplog.set_level(logging.DEBUG)
    settings.BACKUP_DIR = tmp_path / "backups"
    name = f"{CYRILLIC} {LATIN}"

    # Intake, through the web form.
    requester = Client()
    requester.get("/intake/")
    post_answers(
        requester,
        [
            ("role", "self"),
            ("personnel", "contract"),
            ("events", ["left_unit"]),
            ("date:left_unit", "01.11.2026"),
            ("intends_to_return", "yes"),
            ("abroad", "no"),
            ("prior_conviction", "no"),
            ("name", name),
            ("unit", f"в/ч {LATIN}"),
            ("region", "Ростовская область"),
            ("story", f"История {CYRILLIC}, story {LATIN}."),
            ("consent_filings", "yes"),
            ("contact_method", "email"),
            ("contact", f"{LATIN.lower()}@example.org"),
        ],
    )
    review = requester.get("/intake/review").content.decode()
    key = re.search(r'name="idempotency_key" value="([^"]+)"', review)[1]
    assert requester.post("/intake/review", {"idempotency_key": key}).status_code == 302
    receipt = requester.get("/intake/receipt").content.decode()
    reference = re.search(r'id="reference">([^<]+)<', receipt)[1]
    secret = re.search(r'id="secret">([^<]+)<', receipt)[1]
    case = Request.objects.get(reference=reference)

    # Casework: search by name, assignment, a note, messages both ways, an event.
    coordinating = client_for(coordinator)
    found = coordinating.post("/staff/queue/search", {"q": name.lower().replace("е", "ё")})
    assert case.reference in coordinating.get(found["Location"]).content.decode()
    coordinating.post(f"/staff/cases/{case.pk}/assign", {"lawyer": lawyer.pk})
    lawyering = client_for(lawyer)
    lawyering.post(f"/staff/cases/{case.pk}/note", {"text": f"Заметка {CYRILLIC} {LATIN}"})
    lawyering.post(f"/staff/cases/{case.pk}/message", {"text": f"Ответ {CYRILLIC} {LATIN}"})
    lawyering.post(f"/staff/cases/{case.pk}/deadline", {"label": LATIN, "due": "2027-01-15"})
    requester.post("/intake/status", {"reference": reference, "secret": secret})
    requester.post("/intake/status/message", {"text": f"Вопрос {CYRILLIC} {LATIN}"})
    requester.post("/intake/status/event", {"type": "returned", "date": "20.11.2026"})
    page = lawyering.get(f"/staff/cases/{case.pk}").content.decode()
    assert page.count(CYRILLIC) >= 4 and page.count(LATIN) >= 5  # it all went in

    # Evidence: an order naming the canary, its extraction, a correction.
    order = f"ПРИКАЗ\nрядового {CYRILLIC}а Петра Сергеевича, в/ч {LATIN}\n".encode()
    upload = SimpleUploadedFile(f"{LATIN}.txt", order)
    lawyering.post(f"/staff/cases/{case.pk}/documents/new", {"file": upload})
    document = Document.objects.get(pk__in=case_documents([case.pk]))
    assert extract_document.call(document.pk) == "done"
    person = document.persons.get()
    lawyering.post(
        f"/staff/documents/{document.pk}/persons/{person.pk}",
        {"last": CYRILLIC, "first": LATIN, "middle": "Сергеевич", "role": "subject"},
    )
    evidence = lawyering.get(f"/staff/documents/{document.pk}").content.decode()
    assert f"{CYRILLIC} {LATIN}" in evidence and f"{LATIN}.txt" in evidence

    # A backup, and the files as a seizure would find them.
    out = StringIO()
    call_command("backup", stdout=out)
    database = Path(connection.settings_dict["NAME"])
    files = {
        str(p): p.read_bytes()
        for p in [
            database,
            Path(f"{database}-wal"),
            Path(f"{database}-shm"),
            Path(out.getvalue().strip()),
            *(p for p in settings.DATA_DIR.rglob("*") if p.is_file() and not p.is_socket()),
        ]
        if p.exists()
    }
    assert len(files) >= 4
    files["logs"] = caplog.text.encode()
    assert scan(files) == []

    # And after unlock it all decrypts to what was sent.
    assert reopened(case).personal["name"] == name


def test_the_scan_finds_a_canary_in_each_encoding() -> None:
    """The scanner itself can fail: each way of writing the canary is caught."""
    for canary in (LATIN, CYRILLIC):
        for blob in (
            f"x{canary}y".encode(),
            json.dumps({"n": canary}).encode(),
            base64.b64encode(f"ab{canary}cd".encode()),
            base64.urlsafe_b64encode(f"a{canary}".encode()),
            f"..{canary}..".encode("utf-16-le"),
        ):
            assert scan({"blob": blob}), (canary, blob)
    assert scan({"blob": b"nothing here"}) == []
