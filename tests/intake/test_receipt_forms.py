"""The receipt is shown once, and its own forms (another language, a file, a print) work without
the server keeping the key: they carry the code and key back, checked and throttled."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.test import Client

from tests.intake.test_web_intake import fill

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("admin")]


def _submitted(lang: str = "ru") -> tuple[Client, str, str, str]:
    client = Client(enforce_csrf_checks=False)
    fill(client, lang)
    review = client.get("/intake/review").content.decode()
    key = re.search(r'name="idempotency_key" value="([^"]+)"', review)[1]
    client.post("/intake/review", {"idempotency_key": key})
    html = client.get("/intake/receipt").content.decode()
    reference = re.search(r'id="reference">([^<]+)<', html)[1]
    secret = re.search(r'id="secret">([^<]+)<', html)[1]
    return client, reference, secret, html


@time_machine.travel("2023-07-15 12:00:00+00:00", tick=False)
def test_it_switches_the_receipts_language_with_the_code_and_key_in_the_body() -> None:
    client, reference, secret, html = _submitted("ru")
    assert 'action="/intake/receipt"' in html and 'name="lang" value="en"' in html
    # The link form of the switch would lose the key: the cookie that brought it is gone.
    assert client.get("/intake/receipt?lang=en").status_code == 302
    page = client.post("/intake/receipt", {"reference": reference, "secret": secret, "lang": "en"})
    text = page.content.decode()
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    assert "Your request has been received" in text and secret in text


@time_machine.travel("2023-07-15 12:00:00+00:00", tick=False)
def test_it_saves_the_receipt_as_a_file_and_prints_it_without_javascript() -> None:
    client, reference, secret, _html = _submitted("ru")
    proof = {"reference": reference, "secret": secret, "lang": "ru"}
    saved = client.post("/intake/receipt/file", proof)
    assert saved.status_code == 200
    assert saved["Content-Disposition"] == 'attachment; filename="objector-receipt.txt"'
    assert reference in saved.content.decode() and secret in saved.content.decode()
    printed = client.post("/intake/receipt/print", proof).content.decode()
    assert reference in printed and secret in printed
    # Without the code and key there is nothing to show.
    assert client.get("/intake/receipt/file")["Location"] == "/intake/status"
    assert client.get("/intake/receipt/print")["Location"] == "/intake/status"


@time_machine.travel("2023-07-15 12:00:00+00:00", tick=False)
def test_a_wrong_key_gets_no_receipt_and_counts_as_a_guess() -> None:
    client, reference, secret, _html = _submitted("en")
    wrong = {
        "reference": reference,
        "secret": secret[:-1] + ("3" if secret.endswith("2") else "2"),
        "lang": "en",
    }
    for url in ("/intake/receipt", "/intake/receipt/file", "/intake/receipt/print"):
        refused = client.post(url, wrong)
        assert refused.status_code == 403
        assert "does not match" in refused.content.decode()
        assert reference not in refused.content.decode()
    # Guesses are throttled per address like status checks: enough of them, and even the
    # right key waits.
    statuses = [client.post("/intake/receipt/file", wrong).status_code for _ in range(30)]
    assert 429 in statuses
    right = client.post("/intake/receipt/file", {**wrong, "secret": secret})
    assert right.status_code == 429 and "Retry-After" in right


@time_machine.travel("2023-07-15 12:00:00+00:00", tick=False)
def test_the_receipt_pages_own_forms_work_while_the_address_is_over_its_limit() -> None:
    """Review of round 6, finding 2: a flood of wrong checks from the requester's address (a
    shared NAT, her /64) refused her receipt page's own forms right after the submit. The page
    gives a short-lived pass for its request: those forms go through, before Django and in the
    view; the pass opens no other request and has only a few wrong checks of its own."""
    from objector.service.guard import refusal
    from objector.vault import throttle

    client, reference, secret, _html = _submitted("en")
    for _ in range(throttle.LIMITS["receipt"].address_failures):
        throttle.failed("receipt", address="127.0.0.1")  # the test client's address
    stranger = Client()
    proof = {"reference": reference, "secret": secret, "lang": "en"}
    assert stranger.post("/intake/receipt/file", proof).status_code == 429
    for url in ("/intake/receipt", "/intake/receipt/file", "/intake/receipt/print"):
        assert client.post(url, proof).status_code == 200, url
    cookie = f"objector_receipt_pass={client.cookies['objector_receipt_pass'].value}"
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/intake/receipt/file"}
    assert refusal({**environ, "REMOTE_ADDR": "127.0.0.1", "HTTP_COOKIE": cookie}) is None
    assert refusal({**environ, "REMOTE_ADDR": "127.0.0.1"}) is not None
    # Another request's code with this pass: the address's limit applies.
    other = client.post("/intake/receipt/file", {**proof, "reference": "2345-6789"})
    assert other.status_code == 429
    # The pass's own wrong checks are few; then the guard refuses it too, even the right key.
    wrong = {**proof, "secret": secret[:-1] + ("3" if secret.endswith("2") else "2")}
    statuses = [client.post("/intake/receipt/file", wrong).status_code for _ in range(6)]
    assert statuses[0] == 403 and statuses[-1] == 429
    assert refusal({**environ, "REMOTE_ADDR": "192.0.2.9", "HTTP_COOKIE": cookie}) is not None


def test_a_pass_used_for_other_codes_past_the_address_limit_is_soon_refused_by_the_guard() -> None:
    """Red team, round 7: a pass lets its browser past the guard's per-address count (the
    guard cannot read which code is posted). Used for other requests' codes from an address
    over its limit, each was refused by the view, after the whole of Django, and counted
    nothing against the pass: one submit bought 30 minutes of guesses that all cost Django.
    Such a refusal now spends the pass's own allowance, and the guard then refuses it."""
    from objector.service.guard import refusal
    from objector.vault import throttle

    client, _reference, _secret, _html = _submitted("en")
    for _ in range(throttle.LIMITS["receipt"].address_failures):
        throttle.failed("receipt", address="127.0.0.1")  # the test client's address
    cookie = f"objector_receipt_pass={client.cookies['objector_receipt_pass'].value}"
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/intake/receipt/file"}
    guess = {"reference": "2345-6789", "secret": "ABCD-EFGH-JKMN-PQRS", "lang": "en"}
    for _ in range(throttle.LIMITS["receipt_pass"].address_failures):
        assert refusal({**environ, "REMOTE_ADDR": "127.0.0.1", "HTTP_COOKIE": cookie}) is None
        assert client.post("/intake/receipt/file", guess).status_code == 429
    assert refusal({**environ, "REMOTE_ADDR": "127.0.0.1", "HTTP_COOKIE": cookie}) is not None
