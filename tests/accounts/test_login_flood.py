"""Issue #13: a flood of sign-in attempts must not starve intake of CPU.

Every attempt that reaches the password check costs an Argon2 hash (about 0.4 s of CPU in
production). These tests count the hashes made, with a hasher that counts and takes a known
time, and prove that refused attempts hash nothing and write nothing, that untrusted hashing is
spaced whatever the number of addresses, and that staff whose browser signed in before are not
kept out by the flood.
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.hashers import MD5PasswordHasher
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from objector.vault import throttle
from objector.vault.models import AuditEntry
from tests.conftest import PASSWORD, totp_code

pytestmark = pytest.mark.django_db

HASH_SECONDS = 0.05


def _burn(seconds: float) -> None:
    start = time.process_time()
    while time.process_time() - start < seconds:
        pass


class CountingHasher(MD5PasswordHasher):
    """MD5 that counts its calls and burns HASH_SECONDS of CPU, as Argon2 does."""

    calls = 0

    def encode(self, password: str, salt: str) -> str:
        CountingHasher.calls += 1
        _burn(HASH_SECONDS)
        return super().encode(password, salt)

    def verify(self, password: str, encoded: str) -> bool:
        CountingHasher.calls += 1
        _burn(HASH_SECONDS)
        return super().verify(password, encoded)


@pytest.fixture
def counting(settings, coordinator) -> type[CountingHasher]:
    # The coordinator's password was made with plain MD5; this hasher reads it (same algorithm).
    settings.PASSWORD_HASHERS = ["tests.accounts.test_login_flood.CountingHasher"]
    CountingHasher.calls = 0
    gate = Path(django_settings.DATA_DIR) / "throttle-login.gate"
    gate.unlink(missing_ok=True)
    yield CountingHasher
    gate.unlink(missing_ok=True)


def _attempt(password: str, address: str, client: Client | None = None):
    return (client or Client()).post(
        "/staff/login", {"username": "coordinator", "password": password}, REMOTE_ADDR=address
    )


def test_it_refuses_without_hashing_or_writing_while_another_sign_in_hashes(counting) -> None:
    fd = os.open(Path(django_settings.DATA_DIR) / "throttle-login.gate", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # as a worker hashing a password holds it
        with CaptureQueriesContext(connection) as queries:
            busy = _attempt(PASSWORD, "198.51.100.20")
    finally:
        os.close(fd)
    # Not even the per-address look-up: the refusal comes before any query on the attempts.
    assert not [q for q in queries.captured_queries if "attempt" in q["sql"].lower()]
    assert busy.status_code == 429 and int(busy["Retry-After"]) >= 1
    assert "слишком много попыток входа" in busy.content.decode()
    assert counting.calls == 0
    assert throttle.counted() == 0
    assert not AuditEntry.objects.filter(action="sign_in_failed").exists()


def test_untrusted_hashing_is_spaced_whatever_the_number_of_addresses(counting) -> None:
    """A flood from 40 addresses, each under its own limit: after one hash, the others are
    refused without hashing until the pause (GATE_SHARE - 1 times the hash) has passed."""
    statuses = [_attempt("wrong", f"10.0.0.{n}").status_code for n in range(1, 41)]
    assert statuses[0] == 400
    assert counting.calls < 40 * HASH_SECONDS * 2 / (HASH_SECONDS * throttle.GATE_SHARE) + 2
    assert statuses.count(429) >= 30
    assert throttle.counted() == statuses.count(400)  # refused attempts write nothing
    # Once the pause has passed, the right password gets in from any address.
    _wait_for_the_pause()
    assert _attempt(PASSWORD, "10.0.1.1").status_code == 302


def test_a_browser_that_signed_in_before_is_not_kept_out_by_a_flood(counting, coordinator) -> None:
    trusted = Client()
    assert _attempt(PASSWORD, "198.51.100.7", trusted).status_code == 302
    signed = trusted.post("/staff/otp", {"code": totp_code(coordinator), "next": "/staff/"})
    assert signed.status_code == 302
    assert throttle_cookie(trusted)
    trusted.post("/staff/logout")
    _wait_for_the_pause()  # the first sign-in was not yet trusted: it paused the others
    # The flood: an attempt hashed now pauses untrusted hashing.
    assert _attempt("wrong", "10.0.0.1").status_code == 400
    assert _attempt(PASSWORD, "10.0.0.2").status_code == 429  # even the right password
    hashed = counting.calls
    assert _attempt(PASSWORD, "198.51.100.7", trusted).status_code == 302
    assert counting.calls > hashed  # hashed in its turn, flood or not
    # The cookie trusts this browser for this account only, and cannot be forged.
    other = Client()
    other.cookies["objector_signed_in_before"] = throttle_cookie(trusted)
    other.post("/staff/login", {"username": "someone_else", "password": "x"})
    forged = Client()
    forged.cookies["objector_signed_in_before"] = "forged:value"
    assert _attempt(PASSWORD, "10.0.0.3", forged).status_code == 429


def _wait_for_the_pause() -> None:
    gate = Path(django_settings.DATA_DIR) / "throttle-login.gate"
    pause = float(gate.read_text() or 0) - time.monotonic()
    assert pause < HASH_SECONDS * throttle.GATE_SHARE * 20  # (a loaded machine hashes slower)
    time.sleep(max(0.0, pause) + 0.01)


def throttle_cookie(client: Client) -> str:
    cookie = client.cookies.get("objector_signed_in_before")
    return cookie.value if cookie else ""


def test_a_stale_pause_from_before_a_reboot_is_ignored(counting) -> None:
    gate = Path(django_settings.DATA_DIR) / "throttle-login.gate"
    gate.write_text(f"{time.monotonic() + 10 * throttle.GATE_LONGEST:<32.6f}")
    assert _attempt(PASSWORD, "10.0.0.9").status_code == 302
