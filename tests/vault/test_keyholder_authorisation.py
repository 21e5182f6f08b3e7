"""Every key-holder operation is authorised, rate-limited and audited (issue #13, key-holder):
proved against a real key-holder on its Unix socket, asked as the service's user would, and by
another user, with and without the capabilities `objector run` hands out."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from objector.vault import crypto, keyholder

CAPS = {"web-cap": "web", "worker-cap": "worker", "bot-cap": "bot"}
SPONSOR_PASSPHRASE = "a sponsor's unlock phrase"  # noqa: S105 -- a fixture


class KeyHolder:
    def __init__(self, root: Path, **options: object) -> None:
        self.path = root / "vault.sock"
        self.log = root / keyholder.AUDIT_LOG
        self.server = keyholder.make_server(
            self.path,
            kdf={"opslimit": 1, "memlimit": 8192},
            **options,  # type: ignore[arg-type]
        )
        self.state = self.server.RequestHandlerClass.state  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.public_key, self.private_key = crypto.generate_keypair()
        self.sponsor = crypto.wrap(self.private_key, SPONSOR_PASSPHRASE, opslimit=1, memlimit=8192)

    def ask(self, **request: object) -> dict:
        return keyholder.ask(self.path, request)

    def unlock(self) -> None:
        self.ask(op="unlock", private_key=self.private_key.hex(), cap="web-cap")

    def lines(self) -> list[dict]:
        return [json.loads(line) for line in self.log.read_text().splitlines()]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[KeyHolder]:
    made = KeyHolder(tmp_path, capabilities=CAPS)
    yield made
    made.close()


def _refused(holder: KeyHolder, **request: object) -> str:
    with pytest.raises(keyholder.KeyHolderError) as refused:
        holder.ask(**request)
    return str(refused.value)


def test_each_role_may_do_only_its_own_operations(holder: KeyHolder) -> None:
    sealed = base64.b64encode(crypto.seal(crypto.new_data_key(), holder.public_key)).decode()
    # Without a capability (the operator at the shell), or with one this key-holder never
    # minted, unlocking is refused, and the key stays out.
    assert _refused(holder, op="unlock", private_key=holder.private_key.hex()) == "not authorised"
    for cap in ("forged", "worker-cap", "bot-cap"):
        refused = _refused(holder, op="unlock", private_key=holder.private_key.hex(), cap=cap)
        assert refused == "not authorised"
    assert holder.ask(op="status") == {"unlocked": False}
    # A forged capability may do nothing at all, not even ask the status.
    assert _refused(holder, op="status", cap="forged") == "not authorised"

    holder.unlock()
    assert holder.ask(op="status") == {"unlocked": True}
    assert len(holder.ask(op="open", sealed=[sealed], cap="worker-cap")["keys"]) == 1
    assert len(holder.ask(op="open", sealed=[sealed], cap="bot-cap")["keys"]) == 1
    # Adding a key-holder is the web's staff action only, even with a right co-signature.
    wrap = {
        "op": "wrap",
        "passphrase": "a new colleague's phrase",
        "sponsor": base64.b64encode(holder.sponsor).decode(),
        "sponsor_passphrase": SPONSOR_PASSPHRASE,
    }
    for cap in (None, "worker-cap", "bot-cap"):
        request = {**wrap, **({"cap": cap} if cap else {})}
        assert _refused(holder, **request) == "not authorised"
    assert "wrapped" in holder.ask(**wrap, cap="web-cap")
    # The bot may not seal; the operator (a person's `objector seal`) may.
    assert _refused(holder, op="seal", cap="bot-cap") == "not authorised"
    assert holder.ask(op="seal") == {"unlocked": False}


def test_another_key_cannot_replace_the_one_first_unlocked(holder: KeyHolder) -> None:
    holder.unlock()
    holder.ask(op="seal")
    _, other = crypto.generate_keypair()
    refused = _refused(holder, op="unlock", private_key=other.hex(), cap="web-cap")
    assert refused == "not authorised"
    holder.unlock()  # the organisation's own key still unlocks


def test_openings_are_rate_limited_per_role(tmp_path: Path) -> None:
    holder = KeyHolder(tmp_path, capabilities=CAPS, limits={"web": {"open": 10}})
    try:
        holder.unlock()
        sealed = [
            base64.b64encode(crypto.seal(crypto.new_data_key(), holder.public_key)).decode()
            for _ in range(4)
        ]
        assert len(holder.ask(op="open", sealed=sealed, cap="web-cap")["keys"]) == 4
        assert len(holder.ask(op="open", sealed=sealed, cap="web-cap")["keys"]) == 4
        # The third batch would be 12 keys in the minute: refused as a whole, not cut short.
        assert _refused(holder, op="open", sealed=sealed, cap="web-cap") == "rate limited"
        # One role's budget is its own: the worker still reads.
        assert len(holder.ask(op="open", sealed=sealed, cap="worker-cap")["keys"]) == 4
        # A minute later the budget is back.
        for bucket in holder.state.buckets.values():
            bucket.at -= 60
        assert len(holder.ask(op="open", sealed=sealed, cap="web-cap")["keys"]) == 4
        # Unlocks are limited too (10 a minute for the web): a flood of them is refused.
        for _ in range(10):
            holder.unlock()
        assert _refused(
            holder, op="unlock", private_key=holder.private_key.hex(), cap="web-cap"
        ) == ("rate limited")
        # A seal is never refused: refusing it would keep the key in memory.
        for _ in range(100):
            holder.ask(op="seal")
        assert holder.ask(op="status") == {"unlocked": False}
    finally:
        holder.close()


def test_the_operator_opens_nothing_without_a_grant_whoever_claims_it(tmp_path: Path) -> None:
    """A compromised worker could leave its capability out and pass for the operator, and so
    could any process of the service's user: until round 12 that path opened 300 keys a minute
    with no one's consent. Now it opens none, and computes no index, without a grant
    (tests/vault/test_shell_grant.py: how a person at the shell gets one)."""
    holder = KeyHolder(tmp_path, capabilities=CAPS)
    try:
        holder.unlock()
        sealed = base64.b64encode(crypto.seal(crypto.new_data_key(), holder.public_key)).decode()
        assert _refused(holder, op="open", sealed=[sealed]) == "grant required"
        assert _refused(holder, op="index", items=[["name", "x"]]) == "grant required"
        assert _refused(holder, op="open", sealed=[sealed], grant="guessed") == "grant required"
        assert len(holder.ask(op="open", sealed=[sealed], cap="worker-cap")["keys"]) == 1
    finally:
        holder.close()


def _leaks(reply: dict, private_key: bytes) -> bool:
    """Whether a reply holds the private key, or something that opens to it with any
    passphrase the caller might have chosen."""
    text = json.dumps(reply)
    if private_key.hex() in text or base64.b64encode(private_key).decode() in text:
        return True
    return "wrapped" in reply


_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**40), max_value=2**40),
    st.text(max_size=40),
    st.binary(max_size=96).map(lambda b: base64.b64encode(b).decode()),
    st.lists(st.text(max_size=10), max_size=3),
)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    op=st.sampled_from([*keyholder.OPERATIONS, "export", "dump", "private_key", "unwrap"]),
    cap=st.sampled_from([None, "web-cap", "worker-cap", "bot-cap", "forged"]),
    fields=st.dictionaries(
        st.sampled_from(
            [
                "passphrase",
                "sponsor",
                "sponsor_passphrase",
                "opslimit",
                "memlimit",
                "private_key",
                "sealed",
                "items",
                "messages",
                "format",
                "seconds",
            ]
        ),
        _values,
        max_size=6,
    ),
    sponsor=st.booleans(),
)
def test_no_request_exports_the_private_key(
    tmp_path_factory: pytest.TempPathFactory,
    op: str,
    cap: str | None,
    fields: dict[str, object],
    sponsor: bool,
) -> None:
    """Any operation, any role, any parameters (a real sponsor blob with a guessed passphrase
    included): no reply holds the key or a copy wrapped under a passphrase the caller chose."""
    holder = _shared_holder(tmp_path_factory)
    holder.unlock()
    request = {**fields, "op": op}
    if op == "wait_seal":
        request["seconds"] = 0
    if sponsor:
        request["sponsor"] = base64.b64encode(holder.sponsor).decode()
    if cap is not None:
        request["cap"] = cap
    try:
        reply = holder.ask(**request)
    except keyholder.KeyHolderError:
        return
    assert not _leaks(reply, holder.private_key)


_holders: dict[str, KeyHolder] = {}


def _shared_holder(factory: pytest.TempPathFactory) -> KeyHolder:
    if "shared" not in _holders:
        unlimited = {role: dict.fromkeys(keyholder.OPERATIONS, 10**9) for role in keyholder.ROLES}
        _holders["shared"] = KeyHolder(
            factory.mktemp("export"), capabilities=CAPS, limits=unlimited
        )
    return _holders["shared"]


def test_every_operation_is_audited_without_personal_data(holder: KeyHolder) -> None:
    holder.unlock()
    data_key = crypto.new_data_key()
    sealed = base64.b64encode(crypto.seal(data_key, holder.public_key)).decode()
    holder.ask(op="status", cap="web-cap")
    holder.ask(op="open", sealed=[sealed, sealed], cap="worker-cap")
    holder.ask(op="index", items=[["name", "Синтетический Пётр Иванович"]], cap="web-cap")
    _refused(holder, op="unlock", private_key=holder.private_key.hex(), cap="bot-cap")
    _refused(holder, op="wrap", passphrase="an attacker's own phrase", cap="forged")  # noqa: S106
    _refused(holder, op="export")
    holder.ask(op="seal")

    lines = holder.lines()
    assert [(e["op"], e["role"], e["n"], e["outcome"]) for e in lines] == [
        ("unlock", "web", 1, "ok"),
        ("status", "web", 1, "ok"),
        ("open", "worker", 2, "ok"),
        ("index", "web", 1, "ok"),
        ("unlock", "bot", 1, "not authorised"),
        ("wrap", "unknown", 1, "not authorised"),
        ("export", "operator", 1, "unknown op"),
        ("seal", "operator", 1, "ok"),
    ]
    assert {e["pid"] for e in lines} == {os.getpid()}
    assert {e["uid"] for e in lines} == {os.getuid()}
    # A chain: each line carries the hash of the one before.
    raw = holder.log.read_bytes().splitlines()
    for before, entry in zip(raw, lines[1:], strict=False):
        assert entry["prev"] == hashlib.sha256(before).hexdigest()
    # Nothing personal, and no secret: no name, no sealed blob, no key, no passphrase.
    text = holder.log.read_text()
    for secret in (
        "Синтетический",
        "\\u0421",
        sealed,
        holder.private_key.hex(),
        base64.b64encode(data_key).decode(),
        "attacker",
    ):
        assert secret not in text
    assert oct(holder.log.stat().st_mode & 0o777) == "0o600"


def test_the_log_continues_its_chain_after_a_restart(tmp_path: Path) -> None:
    first = KeyHolder(tmp_path, capabilities=CAPS)
    first.ask(op="status")
    first.close()
    second = KeyHolder(tmp_path, capabilities=CAPS)
    try:
        second.ask(op="status")
        raw = second.log.read_bytes().splitlines()
        assert json.loads(raw[1])["prev"] == hashlib.sha256(raw[0]).hexdigest()
    finally:
        second.close()


ASK_AS_ANOTHER_USER = """
import json, socket, sys
with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
    conn.connect(sys.argv[1])
    conn.sendall(json.dumps({"op": "status"}).encode() + b"\\n")
    print(conn.makefile("rb").readline().decode().strip())
"""


@pytest.mark.skipif(
    os.getuid() != 0 or not Path("/usr/bin/python3").exists(),
    reason="needs root (to run a process as another user) and a system python3",
)
def test_a_process_of_another_user_is_refused() -> None:
    """The socket is 0600; made world-writable by mistake, the peer's uid still decides."""
    root = Path(tempfile.mkdtemp(prefix="objector-peer-"))
    root.chmod(0o755)  # the other user must reach the socket; the key-holder must say no
    holder = KeyHolder(root, capabilities=CAPS)
    try:
        os.chmod(holder.path, 0o666)  # noqa: S103 - the mistake under test
        answer = subprocess.run(  # noqa: S603 - our own script, by the system's python
            ["/usr/bin/python3", "-c", ASK_AS_ANOTHER_USER, str(holder.path)],
            user=65534,
            group=65534,
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
        assert json.loads(answer.stdout) == {"error": "not authorised"}
        assert holder.lines()[-1]["uid"] == 65534
        assert holder.lines()[-1]["outcome"] == "refused"
    finally:
        holder.close()
        shutil.rmtree(root)


def test_the_audit_key_signs_forward_only(holder: KeyHolder) -> None:
    """With the database writable, a recomputed chain needs old entries signed again: the
    key-holder signs each sequence number at most once in order (the newest again, for a
    rolled-back transaction), and verifies without giving a MAC out."""
    holder.unlock()
    message = "\x1f".join(["0" * 64, "{seq}", "2026-01-01T00:00:00", "", "x", "view", "r", "1"])
    first = holder.ask(op="audit_mac", messages=[message.format(seq=1)])["macs"][0]
    holder.ask(op="audit_mac", messages=[message.format(seq=2), message.format(seq=3)])
    holder.ask(op="audit_mac", messages=[message.format(seq=3)])  # the newest, again
    assert _refused(holder, op="audit_mac", messages=[message.format(seq=1)]) == "not authorised"
    checked = holder.ask(
        op="audit_check", items=[[message.format(seq=1), first], [message.format(seq=1), "0"]]
    )
    assert checked == {"ok": [True, False]}
    assert _refused(holder, op="audit_mac", messages=["no sequence"]) == "malformed request"


def test_a_seal_wakes_the_waiters(holder: KeyHolder) -> None:
    holder.unlock()
    answers: list[dict] = []
    waiter = threading.Thread(
        target=lambda: answers.append(
            keyholder.ask(holder.path, {"op": "wait_seal", "seconds": 30}, timeout=40)
        )
    )
    waiter.start()
    deadline = time.monotonic() + 60
    while not holder.state.sealed._waiters:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    holder.ask(op="seal")
    waiter.join(60)
    assert answers == [{"sealed": True, "seals": 1}]
    assert keyholder.ask(holder.path, {"op": "wait_seal", "seconds": 0.1}) == {
        "sealed": False,
        "seals": 1,
    }
    # A caller that last saw no seal learns of this one at once, however late it asks.
    assert keyholder.ask(holder.path, {"op": "wait_seal", "seconds": 30, "after": 0}) == {
        "sealed": True,
        "seals": 1,
    }


@pytest.mark.django_db
def test_the_log_is_folded_into_the_keyed_chain(admin, vault_socket: Path) -> None:
    from objector.vault.audit import AuditAction, chain_verify, keyholder_log_fold
    from objector.vault.models import AuditEntry

    log = vault_socket.with_name(keyholder.AUDIT_LOG)
    keyholder.ask(vault_socket, {"op": "status"})
    before = log.read_bytes()
    folded = keyholder_log_fold()
    assert folded == f"{len(before)}:{hashlib.sha256(before).hexdigest()[:48]}"
    entry = AuditEntry.objects.get(action=AuditAction.KEYHOLDER_LOG)
    assert (entry.actor_name, entry.keyed) == ("system", True)
    # The next fold takes only what came since (the first fold's own asks among it).
    keyholder.ask(vault_socket, {"op": "status"})
    after = log.read_bytes()
    part = after[len(before) :]
    assert keyholder_log_fold() == f"{len(after)}:{hashlib.sha256(part).hexdigest()[:48]}"
    assert b'"op": "status"' in part and b'"op": "audit_mac"' in part
    assert AuditEntry.objects.filter(action=AuditAction.KEYHOLDER_LOG).count() == 2
    assert chain_verify() == []
