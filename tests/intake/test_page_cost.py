"""What a questionnaire page spends its CPU on (issue #13, round 8): the CSRF token is masked
with one read of the random source, and the intake's links are reversed once per process. The
token still passes Django's CSRF check unchanged; a wrong one is still refused."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from unittest import mock

import pytest
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client

from objector.service.csrf import ALPHABET
from tests.intake.pages import post_answers, post_page
from tests.intake.test_web_intake import SOLDIER_WHO_LEFT

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("admin")]

ABOUT = {"role": "self", "personnel": "mobilized", "events": ["left_unit"]}
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _token(html: str) -> str:
    found = TOKEN.search(html)
    assert found is not None, html[:400]
    return found[1]


@pytest.fixture
def urandom_reads() -> Iterator[list[int]]:
    """Each read of the system's random source, by its size."""
    reads: list[int] = []
    real = os.urandom

    def counted(n: int) -> bytes:
        reads.append(n)
        return real(n)

    # `random` (and so `secrets`) holds its own reference to os.urandom.
    with mock.patch("os.urandom", counted), mock.patch("random._urandom", counted):
        yield reads


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_question_page_masks_its_csrf_token_with_one_read(
    lang: str, urandom_reads: list[int]
) -> None:
    """Django's own masking read the random source once for each of the token's 32 letters:
    a tenth of a question page's CPU."""
    client = Client(enforce_csrf_checks=True)
    client.get(f"/intake/?lang={lang}")  # the CSRF cookie is made here, by Django
    token = _token(client.get(f"/intake/?lang={lang}").content.decode())
    post_page(client, "about", {"csrfmiddlewaretoken": token, **ABOUT})
    urandom_reads.clear()
    page = client.get("/intake/q?at=details")
    assert page.status_code == 200
    assert len(urandom_reads) <= 2, urandom_reads  # the mask, and a redraw at worst
    # The same token as Django's: the cookie's secret, under a fresh mask of its alphabet.
    again = _token(page.content.decode())
    secret = client.cookies["csrftoken"].value
    assert again != token and len(again) == 64 and set(again) <= set(ALPHABET)
    assert _unmask_cipher_token(again) == _unmask_cipher_token(token) == secret


def test_a_first_visit_gets_a_new_secret_and_its_token(urandom_reads: list[int]) -> None:
    """The start page of a browser without a CSRF cookie: the secret is drawn as the mask is
    (Django's own drew it a letter at a time), set in the cookie, and the page's token unmasks
    to it."""
    client = Client(enforce_csrf_checks=True)
    first = client.get("/intake/")
    secret = client.cookies["csrftoken"].value
    assert len(secret) == 32 and set(secret) <= set(ALPHABET)
    assert _unmask_cipher_token(_token(first.content.decode())) == secret
    # Django's secret and mask took a one-byte read a letter, 64 or more; what is left of those
    # is the draft's new receipt secret (intake/actions.new_receipt_secret, 16 letters).
    assert sum(1 for n in urandom_reads if n == 1) < 32, urandom_reads


def test_the_fast_token_passes_the_csrf_check_and_a_changed_one_does_not() -> None:
    client = Client(enforce_csrf_checks=True)
    client.get("/intake/")
    token = _token(client.get("/intake/").content.decode())  # masked here, with a cookie
    flipped = token[:40] + ("a" if token[40] != "a" else "b") + token[41:]
    fields = {"page": "about", **ABOUT}
    refused = client.post("/intake/q?at=about", {"csrfmiddlewaretoken": flipped, **fields})
    assert refused.status_code == 403
    sent = client.post("/intake/q?at=about", {"csrfmiddlewaretoken": token, **fields})
    assert sent.status_code == 302 and sent["Location"] == "/intake/q?at=details"


def test_the_pages_reverse_no_address_once_warm() -> None:
    """{% url %} resolved the patterns on every render, 30–40 µs a link; the pages take the
    addresses from views.URLS, each reversed once per process."""
    client = Client()
    client.get("/intake/")
    post_page(client, "about", {"page": "about", **ABOUT})
    client.get("/intake/q?at=details")  # warm
    with mock.patch("django.urls.reverse", side_effect=AssertionError) as rev:
        assert client.get("/intake/").status_code == 200
        assert client.get("/intake/q?at=details").status_code == 200
        post_page(client, "details", {"page": "details"}, status=400)  # with errors
        post_answers(client, SOLDIER_WHO_LEFT[3:])
        review = client.get("/intake/review")
        assert review.status_code == 200 and 'action="/intake/back"' in review.content.decode()
    assert rev.call_count == 0
