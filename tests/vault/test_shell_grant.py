"""A shell as the service's user, against a running, unlocked service (round 12).

Under `objector run` the key-holder tells its roles apart by the capability each child was
handed; a process with none is a person at the shell (the "operator"). Until round 12 that role
opened 300 keys a minute with no one's consent: any process of the service's user, and
`objector audit show`, `reassess`, `relink` and `draft --case` run by it, read sealed data while
the vault was unlocked. Now the key-holder opens keys and computes indexes for the operator only
with a grant, which a command gets by proving, for a challenge bound to its pid, that it
unwrapped the private key with a staff member's unlock passphrase (vault.actions.operator_grant).

The attacker here is a subprocess of this user, started as the service's own commands are: the
real `objector` entry point, the real key-holder socket (with capabilities, as `objector run`
starts it), the test database."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from objector.accounts.models import Staff
from objector.filings.actions import consent_record
from objector.intake.models import Request
from objector.persons.actions import mention_link_request
from objector.vault import keyholder
from objector.vault.actions import private_key_unwrap
from objector.vault.audit import AuditAction, audit_record
from objector.vault.models import AuditEntry
from tests.conftest import PASSPHRASE
from tests.service.cli import OBJECTOR
from tests.vault.test_keyholder_authorisation import CAPS, KeyHolder

pytestmark = pytest.mark.django_db(transaction=True)

NAME = "Шеллов Гордей Аркадьевич"  # synthetic


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


class Service:
    """An unlocked key-holder with roles, as `objector run` starts it, over the test database
    holding one request (and a view of it in the audit chain); how to run a command at its
    shell."""

    def __init__(self, holder: KeyHolder, request: Request, root: Path) -> None:
        self.holder, self.request, self.root = holder, request, root
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("OBJECTOR_")},
            "DATABASE_URL": _database_url(),
            "OBJECTOR_DATA_DIR": str(root),
            "OBJECTOR_VAULT_SOCKET": str(holder.path),
            "OBJECTOR_SECRET_KEY": settings.SECRET_KEY,
        }

    def command(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603 - our own entry point
            [*OBJECTOR, *args],
            env=self.env,
            cwd=self.root,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    def passphrase_file(self, passphrase: str = PASSPHRASE) -> str:
        path = self.root / "passphrase"
        path.write_text(passphrase + "\n", encoding="utf-8")
        return str(path)


@pytest.fixture
def service(
    admin: Staff, coordinator: Staff, make_request: Any, tmp_path: Path, settings: Any
) -> Iterator[Service]:
    request = make_request(name=NAME)
    mention_link_request(request=request)  # the registry's one mention, for `objector relink`
    consent_record(case=request, when=date(2026, 11, 20), channel="paper", by=coordinator)
    audit_record(
        actor=coordinator, action=AuditAction.VIEW, object_type="request", object_id=request.pk
    )
    private_key = private_key_unwrap(staff=admin, passphrase=PASSPHRASE)
    holder = KeyHolder(tmp_path, capabilities=CAPS)
    holder.ask(op="unlock", private_key=private_key.hex(), cap="web-cap")
    settings.VAULT_SOCKET = holder.path  # this process, without a capability, is at the shell too
    try:
        yield Service(holder, request, tmp_path)
    finally:
        holder.close()


def _refused_for_want_of_a_grant(done: subprocess.CompletedProcess[str], command: str) -> None:
    assert done.returncode == 3, done.stderr
    assert f"`objector {command}` opens sealed data" in done.stderr
    assert "--username" in done.stderr and "unlock passphrase" in done.stderr
    assert "фраз" in done.stderr  # and in Russian


def test_audit_show_at_the_shell_opens_nothing_without_a_passphrase(service: Service) -> None:
    done = service.command("audit", "show")
    _refused_for_want_of_a_grant(done, "audit show")
    assert f"\tview\trequest\t{service.request.pk}" not in done.stdout
    refused = [e for e in service.holder.lines() if e["op"] == "open"]
    assert refused and {(e["role"], e["outcome"]) for e in refused} == {
        ("operator", "grant required")
    }


def test_a_draft_at_the_shell_is_not_written_without_a_passphrase(
    service: Service, coordinator: Staff
) -> None:
    out = service.root / "claim.docx"
    reference = service.request.reference
    done = service.command(
        "draft",
        "claim_dismissal",
        "--case",
        reference,
        "--by",
        coordinator.username,
        "--out",
        str(out),
    )
    _refused_for_want_of_a_grant(done, "draft")
    assert not out.exists()
    assert NAME not in done.stdout + done.stderr


@pytest.mark.parametrize("command", ["reassess", "relink"])
def test_the_workers_jobs_at_the_shell_need_a_passphrase(service: Service, command: str) -> None:
    _refused_for_want_of_a_grant(service.command(command), command)


def test_audit_show_with_a_passphrase_opens_the_objects_and_is_audited(
    service: Service, admin: Staff
) -> None:
    done = service.command(
        "audit",
        "show",
        "--username",
        admin.username,
        "--passphrase-file",
        service.passphrase_file(),
    )
    assert done.returncode == 0, done.stderr
    assert f"\tview\trequest\t{service.request.pk}" in done.stdout
    granted = AuditEntry.objects.get(action=AuditAction.OPERATOR_GRANT)
    assert (granted.actor_id, granted.object_type, granted.object_id) == (
        admin.pk,
        "command",
        "audit show",
    )
    assert [e["outcome"] for e in service.holder.lines() if e["op"] in ("grant", "open")] == [
        "ok",
        "ok",
    ]


def test_a_wrong_passphrase_gets_no_grant_and_is_audited(service: Service, admin: Staff) -> None:
    done = service.command(
        "audit",
        "show",
        "--username",
        admin.username,
        "--passphrase-file",
        service.passphrase_file("not the unlock passphrase"),
    )
    assert done.returncode == 1
    assert "passphrase is wrong" in done.stderr and "неверна" in done.stderr
    assert f"\tview\trequest\t{service.request.pk}" not in done.stdout
    refused = AuditEntry.objects.get(action=AuditAction.OPERATOR_REFUSED)
    assert (refused.actor_id, refused.object_id) == (admin.pk, "audit show")
    assert not AuditEntry.objects.filter(action=AuditAction.OPERATOR_GRANT).exists()
    assert not [e for e in service.holder.lines() if e["op"] in ("grant", "open")]


def test_a_draft_with_a_passphrase_is_written(
    service: Service, admin: Staff, coordinator: Staff
) -> None:
    out = service.root / "claim.docx"
    done = service.command(
        "draft",
        "claim_dismissal",
        "--case",
        service.request.reference,
        "--by",
        coordinator.username,
        "--out",
        str(out),
        "--username",
        admin.username,
        "--passphrase-file",
        service.passphrase_file(),
    )
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(out) as docx:
        assert "Шеллов" in docx.read("word/document.xml").decode()


def test_what_needs_no_key_works_at_the_shell(service: Service) -> None:
    """The emergency seal, a backup and the checks of the chain open nothing: a person at 3 a.m.
    runs them with nothing to type, and the backup and the seal are audited."""
    assert service.command("audit", "head").returncode == 0
    verify = service.command("audit", "verify")
    assert verify.returncode in (0, 2), verify.stderr  # whole, or "cannot verify" (no anchor)
    assert "broken" not in verify.stderr
    if connection.vendor == "sqlite":  # pg_dump archives: the restore drill's PostgreSQL twin
        backup = service.command("backup", "--to", str(service.root / "backups"))
        assert backup.returncode == 0, backup.stderr
        entry = AuditEntry.objects.get(action=AuditAction.BACKUP)
        assert (entry.actor_name, entry.object_id) == ("operator", Path(backup.stdout.strip()).name)
    sealed = service.command("seal")
    assert sealed.returncode == 0 and "sealed / запечатано" in sealed.stdout
    assert service.holder.state.private_key is None
    entry = AuditEntry.objects.filter(action=AuditAction.SEAL).latest("seq")
    assert (entry.actor_id, entry.actor_name) == (None, "operator")


# The attacker's own client: the socket, without the `objector` command. It asks as the
# operator (no capability), then with a grant it was handed, then for a grant of its own with
# a proof it cannot make.
ATTACKER = """
import json, secrets, socket, sys
path, sealed, stolen = sys.argv[1:]
def ask(request):
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.connect(path)
        conn.sendall(json.dumps(request).encode() + b"\\n")
        return json.loads(conn.makefile("rb").readline())
answers = [ask({"op": "open", "sealed": [sealed]})]
answers.append(ask({"op": "open", "sealed": [sealed], "grant": stolen}))
answers.append(ask({"op": "index", "items": [["name", "x"]], "grant": secrets.token_urlsafe(32)}))
challenge = ask({"op": "grant_challenge"})["challenge"]
answers.append(ask({"op": "grant", "challenge": challenge, "proof": "00" * 32}))
answers.append(ask({"op": "unlock", "private_key": "00" * 32}))
print(json.dumps(answers))
"""


def test_the_socket_opens_nothing_for_the_service_user_without_a_grant(
    service: Service, admin: Staff
) -> None:
    """A grant is good from the pid that proved the passphrase only: this process gets one,
    and the attacker, handed it, still gets nothing."""
    from objector.vault.actions import operator_grant

    operator_grant(username=admin.username, passphrase=PASSPHRASE, command="test")
    stolen = keyholder._grant_held
    assert stolen is not None
    sealed = base64.b64encode(bytes(service.request.sealed_key)).decode()
    try:
        assert keyholder.ask(service.holder.path, {"op": "open", "sealed": [sealed]})["keys"]
    finally:
        keyholder.grant_hold(None)
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", ATTACKER, str(service.holder.path), sealed, stolen],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert json.loads(done.stdout) == [
        {"error": "grant required"},
        {"error": "grant required"},
        {"error": "grant required"},
        {"error": "not authorised"},
        {"error": "not authorised"},
    ]


def test_a_seal_ends_every_grant(service: Service, admin: Staff) -> None:
    from objector.vault.actions import operator_grant

    operator_grant(username=admin.username, passphrase=PASSPHRASE, command="test")
    sealed = base64.b64encode(bytes(service.request.sealed_key)).decode()
    try:
        service.holder.ask(op="seal")
        service.holder.ask(
            op="unlock",
            private_key=private_key_unwrap(staff=admin, passphrase=PASSPHRASE).hex(),
            cap="web-cap",
        )
        with pytest.raises(keyholder.KeyHolderError, match="grant required"):
            keyholder.ask(service.holder.path, {"op": "open", "sealed": [sealed]})
    finally:
        keyholder.grant_hold(None)


OPERATOR = """
import json, socket, sys
from objector.vault import crypto
path, private_key = sys.argv[1], bytes.fromhex(sys.stdin.read().strip())
def ask(request):
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.connect(path)
        conn.sendall(json.dumps(request).encode() + b"\\n")
        return json.loads(conn.makefile("rb").readline())
import os
challenge = ask({"op": "grant_challenge"})["challenge"]
proof = crypto.operator_proof(private_key, challenge, os.getpid())
print(ask({"op": "grant", "challenge": challenge, "proof": proof})["grant"])
"""

REUSER = """
import json, socket, sys
path, sealed, grant = sys.argv[1:]
with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
    conn.connect(path)
    conn.sendall(json.dumps({"op": "open", "sealed": [sealed], "grant": grant}).encode() + b"\\n")
    print(conn.makefile("rb").readline().decode())
"""

NS_LAST_PID = Path("/proc/sys/kernel/ns_last_pid")


def _at_pid(pid: int, argv: list[str]) -> subprocess.CompletedProcess[str] | None:
    """Run `argv` as process `pid` (the pid an attacker gets by forking until it comes round:
    seconds where pid_max is 32768); None if another process took it first every time."""
    for _ in range(50):
        NS_LAST_PID.write_text(str(pid - 1))
        child = subprocess.Popen(  # noqa: S603 - our own interpreter and script
            argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        out, err = child.communicate(timeout=60)
        if child.pid == pid:
            return subprocess.CompletedProcess(argv, child.returncode, out, err)
    return None


def test_a_grant_dies_with_its_process_not_with_its_pid(service: Service, admin: Staff) -> None:
    """Red team, round 12: a grant was tied to a pid only. A shell command sends its grant with
    every request, unverified, to whatever listens at the socket (a process of the service's
    user may put itself there); once the command exits, a process that gets its pid (pid_max
    is 32768 here) opened keys with it for the rest of the 15 minutes."""
    try:
        NS_LAST_PID.write_text(NS_LAST_PID.read_text())
    except OSError:
        pytest.skip("setting the next pid needs CAP_SYS_ADMIN in this pid namespace")
    private_key = private_key_unwrap(staff=admin, passphrase=PASSPHRASE)
    env = {**os.environ, "PYTHONPATH": str(settings.BASE_DIR)}
    operator = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", OPERATOR, str(service.holder.path)],
        input=private_key.hex(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
    )
    assert operator.returncode == 0, operator.stderr
    grant = operator.stdout.strip()
    [pid] = [e["pid"] for e in service.holder.lines() if e.get("op") == "grant"][-1:]
    sealed = base64.b64encode(bytes(service.request.sealed_key)).decode()
    reuser = _at_pid(pid, [sys.executable, "-c", REUSER, str(service.holder.path), sealed, grant])
    if reuser is None:
        pytest.skip("other processes took the pid every time")
    assert json.loads(reuser.stdout) == {"error": "grant required"}, reuser.stderr
