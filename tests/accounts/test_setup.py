"""First run: the setup page (while no organisation exists) and `objector setup`."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from objector.accounts.actions import setup_code
from objector.accounts.models import Organisation, Staff
from objector.vault.actions import private_key_unwrap
from objector.vault.crypto import VaultError
from tests.conftest import totp_code

pytestmark = pytest.mark.django_db

GOOD = {
    "name": "Synthetic Legal Aid",
    "username": "first_admin",
    "password": "a synthetic password 42",
    "passphrase": "a synthetic unlock phrase",
    "passphrase_again": "a synthetic unlock phrase",
}


def test_it_sends_everyone_to_setup_until_an_organisation_exists() -> None:
    client = Client()
    assert client.get("/staff/login")["Location"] == "/setup"
    page = client.get("/setup")
    assert page.status_code == 200 and "Код настройки" in page.content.decode()
    assert "Setup code" in client.get("/setup?lang=en").content.decode()


def test_it_sets_up_the_organisation_and_signs_the_administrator_in() -> None:
    client = Client()
    response = client.post("/setup", {**GOOD, "setup_code": setup_code()})
    assert response.status_code == 302
    assert response["Location"] == "/staff/otp?next=%2Fstaff%2Fteam"  # enrol the second factor
    admin = Staff.objects.get()
    assert (admin.username, admin.role) == ("first_admin", "administrator")
    # The passphrase unwraps the organisation's private key, which matches its public key.
    private_key = private_key_unwrap(staff=admin, passphrase=GOOD["passphrase"])
    assert len(private_key) == 32
    with pytest.raises(VaultError, match="wrong passphrase"):
        private_key_unwrap(staff=admin, passphrase=GOOD["password"])
    assert GOOD["passphrase"].encode() not in bytes(admin.wrapped_key.blob)
    assert Organisation.objects.get().name == "Synthetic Legal Aid"
    assert client.get("/staff/team")["Location"].startswith("/staff/otp")
    admin = Staff.objects.get()
    enrolled = client.post("/staff/otp", {"code": totp_code(admin), "next": "/staff/team"})
    assert enrolled["Location"] == "/staff/team"
    assert client.get("/staff/team").status_code == 200
    # Once done, the page is gone for good.
    assert Client().get("/setup")["Location"] == "/staff/login"
    again = Client().post("/setup", {**GOOD, "setup_code": setup_code(), "username": "intruder"})
    assert again.status_code == 302 and Staff.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"setup_code": "0000-0000-0000-0000"}, "setup_code"),
        ({"passphrase_again": "something else entirely"}, "passphrase"),
        ({"passphrase": "short", "passphrase_again": "short"}, "passphrase"),
        (
            {"passphrase": GOOD["password"], "passphrase_again": GOOD["password"]},
            "passphrase",
        ),
        ({"password": "12345678901234"}, "password"),
        ({"password": "short"}, "password"),
        ({"name": "  "}, "name"),
        ({"username": "bad name!"}, "username"),
    ],
)
def test_it_refuses_bad_setup_and_says_which_field(change, field) -> None:
    response = Client().post("/setup", {**GOOD, "setup_code": setup_code(), **change})
    assert response.status_code == 400
    assert f'data-field="{field}"' in response.content.decode()
    assert not Organisation.objects.exists() and not Staff.objects.exists()


def test_the_command_sets_up_from_the_environment(monkeypatch, capsys) -> None:
    monkeypatch.setenv("OBJECTOR_SETUP_PASSWORD", GOOD["password"])
    monkeypatch.setenv("OBJECTOR_SETUP_PASSPHRASE", GOOD["passphrase"])
    call_command("setup", organisation="Synthetic", username="cli_admin")
    assert "cli_admin" in capsys.readouterr().out
    assert Staff.objects.get().role == "administrator"
    with pytest.raises(CommandError, match="already done"):
        call_command("setup", organisation="Synthetic", username="second")


def test_the_command_names_what_was_wrong(monkeypatch) -> None:
    monkeypatch.setenv("OBJECTOR_SETUP_PASSWORD", GOOD["password"])
    monkeypatch.setenv("OBJECTOR_SETUP_PASSPHRASE", "short")
    with pytest.raises(CommandError, match="passphrase"):
        call_command("setup", organisation="Synthetic", username="cli_admin")
    assert not Organisation.objects.exists()
