"""Fixed staff for the staff-side tests: one of each role, and a second lawyer (a colleague whose
cases the first may not see). All names are synthetic."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from objector.accounts.actions import organisation_setup, staff_create
from objector.accounts.middleware import EPOCH_KEY
from objector.accounts.models import Staff
from objector.cases.models import Entry
from objector.intake.actions import request_create
from objector.intake.models import Request, requests_open
from objector.persons.keyring import forget as registry_forget
from objector.vault import keyholder
from objector.vault.actions import private_key_unwrap, seal_epoch


def pytest_sessionstart(session: pytest.Session) -> None:
    """A fresh SQLite test database, with no write-ahead log or shared-memory file left by a
    process that was killed (the crash test SIGKILLs the bot). Django deletes only the main
    file before creating it again, and SQLite refuses a new file beside an old log."""
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        name = Path(database.get("TEST", {}).get("NAME") or "")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)


_keyholders: dict[Path, Any] = {}
PASSWORD = "synthetic-password-9431"  # noqa: S105 -- a test fixture, not a credential
_keys = itertools.count()


@pytest.fixture(scope="session")
def keyholder_path(tmp_path_factory: Any) -> Iterator[Path]:
    """One real key-holder (objector/vault/keyholder.py) for the whole run, serving its socket
    from a thread. Never one a developer left running under ./data."""
    path = tmp_path_factory.mktemp("vault") / "keyholder.sock"
    # The suite unlocks for nearly every test: no rate limit here (tests/vault test them).
    unlimited = {"service": dict.fromkeys(keyholder.OPERATIONS, 10**9)}
    server = keyholder.make_server(path, kdf={"opslimit": 1, "memlimit": 8192}, limits=unlimited)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _keyholders[path] = server
    yield path
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def vault_socket(settings: Any, keyholder_path: Path) -> Iterator[Path]:
    """Every test starts with the key-holder sealed, and leaves it sealed."""
    settings.VAULT_SOCKET = keyholder_path
    keyholder.ask(keyholder_path, {"op": "seal"})
    vault_socket_forget(keep_audit_key=False)
    registry_forget()  # each test's database makes its own registry key
    yield keyholder_path
    keyholder.ask(keyholder_path, {"op": "seal"})


def vault_socket_forget(*, keep_audit_key: bool = True) -> None:
    """The tests' key-holder forgets the audit head it saw (and the audit key), as a restarted
    one would; each test starts so."""
    state = _keyholders[settings.VAULT_SOCKET].RequestHandlerClass.state
    state.audit_head = (0, "")
    state.audit_signed = 0
    if not keep_audit_key:
        state.audit_key = None
        state.public_key = None  # each test sets up its own organisation


def vault_close() -> None:
    """Seal the key-holder as a restart would: the key is gone, sessions are untouched."""
    keyholder.ask(settings.VAULT_SOCKET, {"op": "seal"})


@pytest.fixture(autouse=True)
def shred_log(settings: Any, tmp_path: Path) -> None:
    """Each test's shredding notes its requests in a shred log of its own, not the data
    directory's (service/storage.py, shreds_record)."""
    settings.SHRED_LOG = tmp_path / "shredded-requests"


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    # Production hashing costs half a second per password on purpose; tests make dozens.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Likewise the vault's Argon2id: 0.6 s per setup in production, the minimum in tests.
    settings.VAULT_KDF = {"opslimit": 1, "memlimit": 8192}
    # A test that hashed with production's Argon2 leaves untrusted sign-ins paused for a few
    # seconds (objector/vault/throttle.py hashing_turn); the next test starts without it.
    (Path(settings.DATA_DIR) / "throttle-login.gate").unlink(missing_ok=True)
    (Path(settings.DATA_DIR) / "throttle-login.turns").unlink(missing_ok=True)
    # The throttle's counts live in a file of their own, outside the test database.
    from objector.vault import throttle

    throttle.forget_all()


PASSPHRASE = "synthetic unlock passphrase"  # noqa: S105 -- a fixture


@pytest.fixture
def admin(db: None, keyholder_path: Path) -> Staff:
    """The organisation's first administrator. The tests' key-holder is unlocked with their
    passphrase, as staff would do first thing (without the audit entry, which tests of the
    audit count); tests of the sealed state seal it again (vault_close)."""
    staff = organisation_setup(
        name="Synthetic Legal Aid", username="admin", password=PASSWORD, passphrase=PASSPHRASE
    )
    private_key = private_key_unwrap(staff=staff, passphrase=PASSPHRASE)
    keyholder.ask(keyholder_path, {"op": "unlock", "private_key": private_key.hex()})
    return staff


def _staff(username: str, role: str, **extra: Any) -> Staff:
    return staff_create(username=username, password=PASSWORD, role=role, **extra)


@pytest.fixture
def coordinator(admin: Staff) -> Staff:
    return _staff("coordinator", "coordinator", first_name="Ольга", last_name="Синтетова")


@pytest.fixture
def lawyer(admin: Staff) -> Staff:
    return _staff("lawyer", "lawyer", districts=["southern"])


@pytest.fixture
def colleague(admin: Staff) -> Staff:
    return _staff("colleague", "lawyer", districts=["central"])


@pytest.fixture
def analyst(admin: Staff) -> Staff:
    return _staff("analyst", "analyst")


def authenticator(staff: Staff) -> TOTPDevice:
    """The staff member's enrolled authenticator app, made on first use."""
    device = TOTPDevice.objects.filter(user=staff, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=staff, name="authenticator", confirmed=True)


def totp_code(staff: Staff) -> str:
    """The code the staff member's authenticator app shows now."""
    device = authenticator(staff)
    return f"{totp(bytes.fromhex(device.key), step=device.step, digits=device.digits):06d}"


@pytest.fixture
def client_for() -> Callable[[Staff | None], Client]:
    """A client signed in as this staff member, second factor included."""

    def make(staff: Staff | None) -> Client:
        client = Client()
        if staff is not None:
            client.force_login(staff)
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = authenticator(staff).persistent_id
            session[EPOCH_KEY] = seal_epoch()
            session.save()
        return client

    return make


AWOL = {
    "role": "self",
    "personnel": "contract",
    "events": ["left_unit"],
    "date:left_unit": "2026-11-01",
    "intends_to_return": "yes",
    "abroad": "no",
    "prior_conviction": "no",
    "region": "rostov",
    "name": "Пётр Синтетический",
    "story": "Синтетическая история.",
    "contact_method": "code_only",
}


@pytest.fixture
def make_request(admin: Staff) -> Callable[..., Request]:
    def make(today: date = date(2026, 11, 20), lang: str = "ru", **answers: Any) -> Request:
        merged = {**AWOL, **answers}
        request, secret = request_create(
            answers=merged,
            channel=merged.pop("channel", "web"),
            language=lang,
            idempotency_key=f"test-{next(_keys)}",
            today=today,
        )
        request.secret = secret  # type: ignore[attr-defined] -- what the receipt showed
        return request

    return make


def entry_texts(**filters: Any) -> dict[int, str]:
    """The decrypted text of the entries these filters select, by request id."""
    entries = list(Entry.objects.filter(**filters).select_related("request"))
    requests_open({e.request_id: e.request for e in entries}.values())
    for entry in entries:
        entry.open(entry.request.key)
    return {entry.request_id: entry.text for entry in entries}


def reopened(request: Request) -> Request:
    """The request as stored now, read afresh and decrypted through the key-holder."""
    fresh = Request.objects.get(pk=request.pk)
    requests_open([fresh])
    return fresh
