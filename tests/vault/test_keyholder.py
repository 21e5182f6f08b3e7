"""Unlock and seal, through the real key-holder process on its Unix socket."""

from __future__ import annotations

import base64
import os
import stat
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command

from objector.accounts.models import Organisation
from objector.vault import crypto, keyholder
from objector.vault.models import AuditEntry
from tests.service.cli import OBJECTOR

pytestmark = pytest.mark.django_db
PASSPHRASE = "synthetic unlock passphrase"  # noqa: S105 -- the conftest admin's


@pytest.fixture
def socket_path(settings, tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "vault.sock"
    env = {**os.environ, "OBJECTOR_VAULT_SOCKET": str(path)}
    process = subprocess.Popen([*OBJECTOR, "keyholder"], env=env)  # noqa: S603 - our own
    deadline = time.monotonic() + 20
    while not path.exists():
        assert time.monotonic() < deadline, "the key-holder did not start"
        time.sleep(0.05)
    settings.VAULT_SOCKET = path
    yield path
    process.kill()
    process.wait()


def ask(path: Path, **request):
    # A co-signed wrap runs the production Argon2id cost in the key-holder: slow when loaded.
    return keyholder.ask(path, request, timeout=60)


def test_it_starts_sealed_behind_a_private_socket(socket_path) -> None:
    assert stat.S_IMODE(socket_path.stat().st_mode) == 0o600
    assert ask(socket_path, op="status") == {"unlocked": False}
    with pytest.raises(keyholder.KeyHolderError, match="sealed"):
        ask(socket_path, op="open", sealed=[])


def test_an_administrator_unlocks_and_the_key_holder_opens_data_keys(
    socket_path, admin, client_for
) -> None:
    client = client_for(admin)
    page = client.get("/staff/vault").content.decode()
    assert "Хранилище запечатано" in page
    wrong = client.post("/staff/vault/unlock", {"passphrase": "not it"})
    assert wrong.status_code == 400 and "Фраза не подошла" in wrong.content.decode()
    assert ask(socket_path, op="status") == {"unlocked": False}

    assert client.post("/staff/vault/unlock", {"passphrase": PASSPHRASE}).status_code == 302
    assert ask(socket_path, op="status") == {"unlocked": True}
    assert "Хранилище открыто" in client.get("/staff/vault").content.decode()

    # Intake seals a data key with the public key alone; the key-holder opens it.
    data_key = crypto.new_data_key()
    public_key = bytes(Organisation.objects.get().public_key)
    sealed = base64.b64encode(crypto.seal(data_key, public_key)).decode()
    opened = ask(socket_path, op="open", sealed=[sealed])["keys"]
    assert base64.b64decode(opened[0]) == data_key
    indexes = ask(socket_path, op="index", items=[["name", "Пётр"], ["name", "пётр"]])["indexes"]
    assert indexes[0] == indexes[1]
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert actions[-2:] == ["unlock_refused", "unlock"]


def test_a_staff_member_without_a_key_cannot_unlock(socket_path, coordinator, client_for) -> None:
    refused = client_for(coordinator).post("/staff/vault/unlock", {"passphrase": PASSPHRASE})
    assert refused.status_code == 403
    assert ask(socket_path, op="status") == {"unlocked": False}


def test_sealing_drops_the_key_and_signs_every_staff_member_out(
    socket_path, admin, coordinator, client_for
) -> None:
    admin_client, coordinator_client = client_for(admin), client_for(coordinator)
    admin_client.post("/staff/vault/unlock", {"passphrase": PASSPHRASE})
    assert coordinator_client.get("/staff/queue").status_code == 200
    # The coordinator holds no key, but may press the emergency button.
    assert coordinator_client.post("/staff/vault/seal")["Location"] == "/staff/login"
    assert ask(socket_path, op="status") == {"unlocked": False}
    for client in (admin_client, coordinator_client):
        assert client.get("/staff/queue")["Location"].startswith("/staff/login")
    assert AuditEntry.objects.filter(action="seal", actor=coordinator).exists()


def test_the_seal_command(socket_path, admin, client_for, capsys) -> None:
    client_for(admin).post("/staff/vault/unlock", {"passphrase": PASSPHRASE})
    call_command("seal")
    assert "sealed" in capsys.readouterr().out
    assert ask(socket_path, op="status") == {"unlocked": False}


def test_it_refuses_malformed_requests(socket_path) -> None:
    import socket as sockets

    with sockets.socket(sockets.AF_UNIX, sockets.SOCK_STREAM) as conn:
        conn.connect(str(socket_path))
        conn.sendall(b"{not json\n")
        assert b"malformed request" in conn.makefile("rb").readline()
    with pytest.raises(keyholder.KeyHolderError, match="bad key"):
        ask(socket_path, op="unlock", private_key="00")
    with pytest.raises(keyholder.KeyHolderError, match="unknown op"):
        ask(socket_path, op="unlock", private_key="11" * 32) and ask(socket_path, op="dance")


def test_a_missing_key_holder_counts_as_sealed(settings, tmp_path, admin, client_for) -> None:
    settings.VAULT_SOCKET = tmp_path / "absent.sock"
    client = client_for(admin)
    assert "Хранилище запечатано" in client.get("/staff/vault").content.decode()
    down = client.post("/staff/vault/unlock", {"passphrase": PASSPHRASE})
    assert down.status_code == 503 and "Хранитель ключа не запущен" in down.content.decode()


def test_a_granted_staff_member_chooses_a_passphrase_and_can_then_unlock(
    socket_path, admin, coordinator, client_for
) -> None:
    from objector.vault.models import UnlockGrant, WrappedKey

    admin_client, coordinator_client = client_for(admin), client_for(coordinator)
    assert admin_client.post(f"/staff/team/{coordinator.pk}/grant-key").status_code == 302
    assert UnlockGrant.objects.filter(staff=coordinator).exists()
    assert "ждёт фразы" in admin_client.get("/staff/team").content.decode()
    # While sealed the passphrase cannot be set: only the key-holder can wrap the key.
    sealed = coordinator_client.get("/staff/vault").content.decode()
    assert "можно, когда хранилище открыто" in sealed
    chosen = {
        "passphrase": "coordinator's own phrase",
        "passphrase_again": "coordinator's own phrase",
        "sponsor": "admin",
        "sponsor_passphrase": PASSPHRASE,
    }
    assert coordinator_client.post("/staff/vault/passphrase", chosen).status_code == 503

    admin_client.post("/staff/vault/unlock", {"passphrase": PASSPHRASE})
    weak = coordinator_client.post(
        "/staff/vault/passphrase", {**chosen, "passphrase": "short", "passphrase_again": "short"}
    )
    assert weak.status_code == 400
    mismatch = coordinator_client.post(
        "/staff/vault/passphrase", {**chosen, "passphrase_again": "something else entirely"}
    )
    assert mismatch.status_code == 400
    # Without a colleague's key and passphrase, the key-holder wraps nothing.
    for cosign in (
        {"sponsor": "admin", "sponsor_passphrase": "a wrong passphrase"},
        {"sponsor": "coordinator", "sponsor_passphrase": "coordinator's own phrase"},
    ):
        refused = coordinator_client.post("/staff/vault/passphrase", {**chosen, **cosign})
        assert refused.status_code == 403 and "Подтверждение не подошло" in refused.content.decode()
    assert coordinator_client.post("/staff/vault/passphrase", chosen).status_code == 302
    assert WrappedKey.objects.filter(staff=coordinator).exists()
    assert not UnlockGrant.objects.filter(staff=coordinator).exists()

    # The coordinator can now unlock on their own, with their own passphrase.
    call_command("seal")
    again = client_for(coordinator)
    assert (
        again.post("/staff/vault/unlock", {"passphrase": chosen["passphrase"]}).status_code == 302
    )
    assert ask(socket_path, op="status") == {"unlocked": True}

    # Revoked, the key is gone.
    client_for(admin).post(f"/staff/team/{coordinator.pk}/revoke-key")
    assert not WrappedKey.objects.filter(staff=coordinator).exists()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"unlock_grant", "passphrase_set", "unlock_revoke"} <= actions


def test_the_key_holder_exports_the_key_under_no_parameters(socket_path, admin, client_for) -> None:
    """Finding 5: any process of the service's user could ask for the private key wrapped under
    a passphrase of its choice, with weak Argon2 parameters. Now a wrap needs an existing
    key-holder's wrapped key and passphrase; the cost is the key-holder's own."""
    from objector.vault.models import WrappedKey

    client_for(admin).post("/staff/vault/unlock", {"passphrase": PASSPHRASE})
    for request in (
        {"passphrase": "attacker's passphrase", "opslimit": 1, "memlimit": 8192},
        {"passphrase": "attacker's passphrase", "sponsor": "", "sponsor_passphrase": ""},
        {
            "passphrase": "attacker's passphrase",
            "sponsor": base64.b64encode(bytes(WrappedKey.objects.get(staff=admin).blob)).decode(),
            "sponsor_passphrase": "a guess",
        },
    ):
        with pytest.raises(keyholder.KeyHolderError, match=r"not authorised|too many"):
            ask(socket_path, op="wrap", **request)
    # Co-signed, the copy carries the key-holder's own cost, not the request's.
    wrapped = ask(
        socket_path,
        op="wrap",
        passphrase="a new colleague's phrase",  # noqa: S106 -- a fixture
        opslimit=1,
        memlimit=8192,
        sponsor=base64.b64encode(bytes(WrappedKey.objects.get(staff=admin).blob)).decode(),
        sponsor_passphrase=PASSPHRASE,
    )["wrapped"]
    _, opslimit, memlimit = crypto._WRAP_HEADER.unpack_from(base64.b64decode(wrapped))
    assert opslimit >= 3 and memlimit >= 64 * 1024 * 1024
    # And guessing is rate-limited.
    errors = []
    for _ in range(3):
        with pytest.raises(keyholder.KeyHolderError) as refused:
            ask(socket_path, op="wrap", passphrase="x" * 12, sponsor="", sponsor_passphrase="")
        errors.append(str(refused.value))
    assert errors[-1] == "rate limited"


def test_a_passphrase_needs_a_grant(socket_path, admin, coordinator, client_for) -> None:
    client_for(admin).post("/staff/vault/unlock", {"passphrase": PASSPHRASE})
    refused = client_for(coordinator).post(
        "/staff/vault/passphrase",
        {"passphrase": "an ungranted phrase", "passphrase_again": "an ungranted phrase"},
    )
    assert refused.status_code == 403
