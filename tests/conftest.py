"""Fixed staff for the staff-side tests: one of each role, and a second lawyer (a colleague whose
cases the first may not see). All names are synthetic."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from objector.accounts.actions import organisation_setup, staff_create
from objector.accounts.middleware import EPOCH_KEY
from objector.accounts.models import Staff
from objector.intake.actions import request_create
from objector.intake.models import Request
from objector.vault.actions import seal_epoch

PASSWORD = "synthetic-password-9431"  # noqa: S105 -- a test fixture, not a credential
_keys = itertools.count()


@pytest.fixture(autouse=True)
def no_keyholder(settings: Any, tmp_path_factory: Any) -> None:
    # Never reach a key-holder a developer left running under ./data; tests that need one
    # start their own (tests/vault/test_keyholder.py).
    settings.VAULT_SOCKET = tmp_path_factory.getbasetemp() / "no-keyholder.sock"


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    # Production hashing costs half a second per password on purpose; tests make dozens.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Likewise the vault's Argon2id: 0.6 s per setup in production, the minimum in tests.
    settings.VAULT_KDF = {"opslimit": 1, "memlimit": 8192}


@pytest.fixture
def admin(db: None) -> Staff:
    return organisation_setup(
        name="Synthetic Legal Aid",
        username="admin",
        password=PASSWORD,
        passphrase="synthetic unlock passphrase",  # noqa: S106 -- a fixture
    )


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
def make_request(db: None) -> Callable[..., Request]:
    def make(today: date = date(2026, 11, 20), lang: str = "ru", **answers: Any) -> Request:
        merged = {**AWOL, **answers}
        request, _secret = request_create(
            answers=merged,
            channel=merged.pop("channel", "web"),
            language=lang,
            idempotency_key=f"test-{next(_keys)}",
            today=today,
        )
        return request

    return make
