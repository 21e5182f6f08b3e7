"""Webhook mode: Telegram (here the fake) pushes updates to the real server, which answers 200
only once the update is stored; a wrong or missing secret token gets 401 and stores nothing."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from typing import Any

import pytest

from objector.intake.models import Request
from objector.telegram.keys import webhook_secret
from objector.telegram.models import InboxUpdate
from objector.telegram.scripted import SAMPLE_ANSWERS, FakeUser

from ..service.cli import objector
from .conftest import drive, start_bot

pytestmark = pytest.mark.django_db(transaction=True)

UPDATE = {
    "update_id": 9001,
    "message": {
        "message_id": 1,
        "date": 0,
        "chat": {"id": 555, "type": "private"},
        "from": {"id": 555, "is_bot": False, "first_name": "U"},
        "text": "/start",
    },
}


def post(url: str, body: bytes, token: str | None) -> tuple[int, dict[str, Any]]:
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = token
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.mark.parametrize("token", [None, "", "wrong", webhook_secret()[:-1] + "0"])
def test_a_wrong_or_missing_secret_gets_401_and_nothing_is_stored(live_server, token) -> None:
    if token == webhook_secret():
        token = "1" * 64
    status, body = post(f"{live_server.url}/telegram/webhook", json.dumps(UPDATE).encode(), token)
    assert status == 401 and "secret token" in body["error"]
    assert not InboxUpdate.objects.exists()


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"[]", b'{"message": {}}', b'{"update_id": "9001"}', b'{"update_id": 1.5}'],
)
def test_malformed_updates_are_refused_with_400_and_not_stored(live_server, body) -> None:
    status, answer = post(f"{live_server.url}/telegram/webhook", body, webhook_secret())
    assert status == 400 and "not a Telegram update" in answer["error"]
    assert not InboxUpdate.objects.exists()


def test_an_update_is_stored_before_200_and_a_repeat_is_one_row(live_server) -> None:
    url = f"{live_server.url}/telegram/webhook"
    for _ in range(2):
        status, _ = post(url, json.dumps(UPDATE).encode(), webhook_secret())
        assert status == 200
    row = InboxUpdate.objects.get()
    assert row.update_id == 9001 and row.processed_at is None
    assert b"/start" not in bytes(row.payload)  # sealed


def test_oversized_bodies_are_refused(live_server) -> None:
    huge = json.dumps({**UPDATE, "padding": "x" * 2_000_000}).encode()
    status, _ = post(f"{live_server.url}/telegram/webhook", huge, webhook_secret())
    assert status == 413
    assert not InboxUpdate.objects.exists()


def test_a_whole_intake_through_the_webhook(fake_api, bot_settings, admin, live_server) -> None:
    stop = start_bot(webhook_url=live_server.url)
    try:

        async def script(user: FakeUser) -> str:
            reference, _ = await user.complete_intake(SAMPLE_ANSWERS)
            return reference

        reference = drive(fake_api, script, 601)
    finally:
        stop()
    assert fake_api.server.webhook is not None
    assert fake_api.server.calls["getUpdates"] == 0
    assert Request.objects.get(reference=reference).channel == "telegram"
    assert InboxUpdate.objects.filter(processed_at=None).count() == 0


@pytest.mark.parametrize("host", ["0.0.0.0", "8.8.8.8", "example.org"])  # noqa: S104 - refused
def test_the_fake_api_refuses_any_address_but_loopback(host: str) -> None:
    done = objector("fake-telegram", "--host", host, env=dict(os.environ), timeout=30)
    assert done.returncode == 2
    assert "must be a loopback address" in done.stderr and "локальным адресом" in done.stderr
