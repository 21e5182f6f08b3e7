"""The key-holder: the one process that keeps the organisation's private key while unlocked.

gunicorn's workers and the task workers never hold the private key. They ask this process,
over a Unix socket (mode 0600, in the data directory), to open sealed data keys. One JSON
object per line each way:

    {"op": "status"}                        -> {"unlocked": false}
    {"op": "unlock", "private_key": HEX}    -> {"unlocked": true}
    {"op": "seal"}                          -> {"unlocked": false}
    {"op": "open", "sealed": [B64, ...]}    -> {"keys": [B64, ...]}  or {"error": "sealed"}
    {"op": "index", "items": [[PURPOSE, VALUE], ...]} -> {"indexes": [HEX, ...]}
    {"op": "wrap", "passphrase": TEXT, "sponsor": B64, "sponsor_passphrase": TEXT}
                                            -> {"wrapped": B64}
    {"op": "audit_mac", "messages": [TEXT, ...]}  -> {"macs": [HEX, ...]}  or {"error": ...}
    {"op": "audit_check", "items": [[TEXT, HEX], ...]}  -> {"ok": [BOOL, ...]}
    {"op": "audit_seen", "seq": N, "hash": HEX}  -> {"seq": N}
    {"op": "wait_seal", "seconds": N, "after": SEALS}  -> {"sealed": true, "seals": SEALS} when
                                            the key is next dropped (or was, since SEALS)
    {"op": "audit_head"}                    -> {"seq": N, "hash": HEX}  (0 before any)
    {"op": "hello", "challenge": TEXT}      -> {"proof": HEX or null}  (before a request, below)
    {"op": "grant_challenge"}               -> {"challenge": HEX}  (a shell command's, below)
    {"op": "grant", "challenge": HEX, "proof": HEX} -> {"grant": TEXT, "seconds": N}

The audit key (audit.py) is derived from the private key at the first unlock and kept across a
seal: it only authenticates the audit log, and dropping it would leave every entry written
while sealed unkeyed. The newest audit head committed is kept in memory, an anchor outside the
database for as long as this process lives.

`wrap` cannot export the private key: it wraps a copy for a new key-holder only when the request
carries an existing key-holder's wrapped key and their passphrase, which must open it to this
very key (whoever has those could unlock anyway); the new passphrase must be at least
MIN_PASSPHRASE characters, and the Argon2id cost is this process's own (`make_server(kdf=…)`),
whatever the request says. No other operation returns the private key or anything derived from
it that opens data (only data keys the caller already holds sealed, and blind indexes).

Every operation is authorised, rate-limited and audited (docs/threat-model.md, "Key-holder"):

- **Who may connect.** The socket is 0600, and each connection's peer credentials
  (SO_PEERCRED) must be this process's own user (or root); the peer's pid and uid are kept for
  the audit log.
- **Which key-holder.** Under `objector run` a client sends nothing until the far end of its
  connection proves it is this key-holder (`hello`: a signature of the client's challenge and
  pid, under a key `objector run` gave only this process; ask/_verify). Red team, round 11: a
  process of the service's user in the socket's place got the private key at the next unlock.
- **Which role.** `objector run` mints a random capability per role at each start (web, worker,
  bot) and hands each child only its own, through an inherited pipe (capability_load), never the
  environment or a file. A request carries it as "cap". A request without one is the operator's
  (a person's `objector seal`, `objector backup`...). A key-holder started without capabilities
  (the systemd units, the tests) knows one role, "service", for every peer.
- **What each role may do:** ALLOWED. Only web may unlock and wrap; the worker and the bot may
  not. The operator may seal, read and extend the audit chain, and check it; it opens keys and
  computes indexes only with a **grant** (round 12: before, any process of the service's user
  opened 300 keys a minute by leaving its capability out, and `objector audit show`, `reassess`,
  `relink` and `draft --case` read sealed data with no one's consent). A grant is asked for with
  `grant_challenge` (a one-time challenge, bound to the caller's pid) and `grant`, whose proof
  is crypto.operator_proof of that challenge and the caller's pid (SO_PEERCRED) under the
  private key: only a person who typed an unlock passphrase (vault.actions.operator_grant) can
  make it, and relayed by an impostor at the socket it names the wrong pid. A grant is good for
  GRANT_SECONDS, from that pid only, and ends at a seal.
- **How much:** a token bucket per role and operation (LIMITS, per minute, counted in items:
  keys opened, indexes, messages), so a compromised worker cannot dump every key at once.
  A seal is never refused: refusing it would keep the key in memory.
- **Audited:** each request, allowed or not, appends a line to the key-holder's own append-only
  log (`keyholder-audit.log` beside the socket): the time, the operation, the role, the peer's
  pid and uid, how many items, and the outcome. Never a key, a sealed blob, an indexed value or
  a passphrase. Each line carries the SHA-256 of the line before it; the hourly task folds the
  new part of the log into the keyed audit chain (audit.keyholder_log_fold).
- **The audit key signs forward only:** `audit_mac` refuses an entry older than the newest it
  has signed (a recomputed chain needs the old entries signed again); `audit verify` uses
  `audit_check`, which answers yes or no without giving out the MAC.

The process starts sealed, so a restart (or a seized, rebooted server) is sealed. Plain Python
and libsodium; no Django, no database.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import socket
import socketserver
import struct
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from objector import undumpable

from . import crypto

MAX_LINE = 4 * 1024 * 1024
MIN_PASSPHRASE = 12
WRAPS_PER_MINUTE = 5
AUDIT_LOG = "keyholder-audit.log"
CAPABILITY_FD = "OBJECTOR_VAULT_CAPABILITY_FD"
# What the key-holder signs to prove itself to a client (`hello`): this, the client's challenge
# and the client's pid as the kernel reports it (SO_PEERCRED), so that an impostor relaying the
# challenge to the real key-holder gets a proof for its own pid, which the client refuses.
HELLO = b"objector-keyholder-hello\x00"

ROLES = ("web", "worker", "bot", "operator", "service")
_READ_AUDIT = {"status", "wait_seal", "audit_mac", "audit_check", "audit_seen", "audit_head"}
ALLOWED: dict[str, frozenset[str]] = {
    # Staff pages: read cases, and the staff actions that unlock and add a key-holder.
    "web": frozenset(_READ_AUDIT | {"open", "index", "unlock", "seal", "wrap"}),
    # Documents, reassessment, name indexes; an idle seal.
    "worker": frozenset(_READ_AUDIT | {"open", "index", "seal"}),
    # The Telegram bot: a requester's own answers and attachments.
    "bot": frozenset(_READ_AUDIT | {"open", "index"}),
    # A person at the shell: the emergency seal, backups, restore, verify; reading with a grant.
    "operator": frozenset(_READ_AUDIT | {"open", "index", "seal", "grant_challenge", "grant"}),
    # No capabilities configured (systemd units, tests): one role for every peer.
    "service": frozenset(
        _READ_AUDIT | {"open", "index", "unlock", "seal", "wrap", "grant_challenge", "grant"}
    ),
}
# Items a minute per role and operation (an item: a key opened, an index, an audit message, a
# request for the others). Sized for the role's own work with room to spare: a queue page
# opens 50 keys, the hourly reassessment opens every open case in batches.
LIMITS: dict[str, dict[str, int]] = {
    "web": {"open": 6000, "index": 20000, "unlock": 10, "wrap": WRAPS_PER_MINUTE},
    "worker": {"open": 30000, "index": 60000},
    "bot": {"open": 3000, "index": 3000},
    # With a grant only: a person who typed an unlock passphrase (who could unlock anyway).
    "operator": {"open": 30000, "index": 60000, "grant_challenge": 20, "grant": 20},
    "service": {"open": 30000, "index": 60000, "unlock": 10, "wrap": WRAPS_PER_MINUTE},
}
# The operator's operations that need a grant, and how long one lasts (a seal ends it sooner).
GRANTED = frozenset({"open", "index"})
GRANT_SECONDS = 15 * 60
CHALLENGE_SECONDS = 60
DEFAULT_LIMIT = 60000  # status and the audit operations
_SO_PEERCRED = getattr(socket, "SO_PEERCRED", 17)


class _Bucket:
    """A token bucket: `rate` items a minute, as a burst of up to a minute's worth."""

    def __init__(self, rate: int) -> None:
        self.rate, self.tokens, self.at = rate, float(rate), time.monotonic()

    def take(self, items: int) -> bool:
        now = time.monotonic()
        self.tokens = min(float(self.rate), self.tokens + (now - self.at) * self.rate / 60)
        self.at = now
        if items > self.tokens:
            return False
        self.tokens -= items
        return True


class _State:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.private_key: bytearray | None = None
        self.public_key: bytes | None = None  # pinned at the first unlock, kept across seals
        self.audit_key: bytes | None = None
        self.audit_head: tuple[int, str] = (0, "")
        self.audit_signed = 0  # the newest sequence number audit_mac has signed
        self.kdf = {"opslimit": crypto.OPSLIMIT, "memlimit": crypto.MEMLIMIT}
        self.capabilities: dict[str, str] | None = None  # capability -> role
        self.signing: SigningKey | None = None  # proves this key-holder to clients (hello)
        self.limits = {role: dict(LIMITS[role]) for role in ROLES}
        self.buckets: dict[tuple[str, str], _Bucket] = {}
        self.log: _AuditLog | None = None
        self.sealed = threading.Condition(self.lock)
        self.seals = 0  # how many times the key was dropped: wait_seal's event
        self.challenges: dict[str, tuple[int, float]] = {}  # challenge -> (pid, until)
        # grant -> (pid, its process's start time, until)
        self.grants: dict[str, tuple[int, str | None, float]] = {}

    def seal(self) -> None:
        with self.lock:
            if self.private_key is not None:
                # Best effort: overwrite the bytes we own before letting go of them.
                self.private_key[:] = bytes(len(self.private_key))
                self.seals += 1
                self.sealed.notify_all()
            self.private_key = None
            self.grants.clear()  # a seal ends every shell command's grant, as every session
            self.challenges.clear()

    def granted(self, grant: object, pid: int) -> bool:
        """Whether `grant` is a live grant of this key-holder's, asked for by this pid."""
        if not isinstance(grant, str):
            return False
        with self.lock:
            held = self.grants.get(grant)
            if held is None or held[2] < time.monotonic():
                self.grants.pop(grant, None)
                return False
        # The same process, not only the same pid: the command that proved the passphrase
        # may have exited, and whoever then gets its pid (a few seconds of forks, where
        # pid_max is 32768) with its grant, which a shell command sends unverified to what
        # listens at the socket, would hold it (red team, round 12).
        return held[0] == pid and held[1] == process_start(pid)

    def role(self, request: dict[str, Any]) -> str | None:
        """The caller's role, or None for a capability this key-holder did not mint."""
        if self.capabilities is None:
            return "service"
        cap = request.get("cap")
        if cap is None:
            return "operator"
        for known, role in self.capabilities.items():
            if isinstance(cap, str) and hmac.compare_digest(known.encode(), cap.encode()):
                return role
        return None

    def allow(self, role: str, op: str, items: int) -> bool:
        rate = self.limits[role].get(op, DEFAULT_LIMIT)
        with self.lock:
            bucket = self.buckets.setdefault((role, op), _Bucket(rate))
            return bucket.take(items)


class _AuditLog:
    """The key-holder's own append-only log: one JSON line an operation, each with the SHA-256
    of the line before it. Nothing in it is personal data."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.Lock()
        self.prev = "0" * 64
        if path.exists():  # continue the chain from the last line (read from the end)
            with path.open("rb") as f:
                f.seek(max(0, f.seek(0, os.SEEK_END) - 65536))
                lines = f.read().splitlines()
            if lines:
                self.prev = hashlib.sha256(lines[-1]).hexdigest()
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.chmod(path, 0o600)
        self.file = os.fdopen(fd, "ab", buffering=0)

    def write(self, **event: Any) -> None:
        with self.lock:
            line = json.dumps(
                {"at": round(time.time(), 3), **event, "prev": self.prev}, sort_keys=True
            ).encode()
            self.file.write(line + b"\n")
            self.prev = hashlib.sha256(line).hexdigest()


# The field holding each operation's items: a JSON array, and nothing else. Counted for the
# budget as its length; any other shape is refused before the budget is asked (red team, round
# 11: an object of sealed keys counted as one item, and `open` opened every one of its names,
# so a single request took a whole organisation's keys past the role's budget).
_ITEMS = {"open": "sealed", "index": "items", "audit_mac": "messages", "audit_check": "items"}


# What a request of the wrong shape raises in an operation (a 400-digit number where seconds
# belong overflows a float; red team, round 11: it killed the connection's thread unanswered and
# unlogged).
_MALFORMED = (
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    AttributeError,
    ArithmeticError,
    RecursionError,
)


def _items(op: str, request: dict[str, Any]) -> int | None:
    """How many items a request asks for, for the rate limit and the log; None when its items
    are not a list."""
    field = _ITEMS.get(op)
    if field is None:
        return 1
    value = request.get(field, [])
    return max(1, len(value)) if isinstance(value, list) else None


def _answer(state: _State, request: dict[str, Any], peer: tuple[int, int]) -> dict[str, Any]:
    """Authorise, rate-limit and log one request, then answer it."""
    op = str(request.get("op"))[:32]
    pid, uid = peer
    if op == "hello":  # the handshake before a request: any peer of this user, not logged
        return _hello(state, request, pid)
    role = state.role(request)
    counted = _items(op, request)
    items = 1 if counted is None else counted
    if role is None or op not in ALLOWED[role]:
        known = op in _ANSWERS or op in _PEER_ANSWERS
        reply: dict[str, Any] = {"error": "not authorised" if known else "unknown op"}
    elif counted is None:
        reply = {"error": "malformed request"}
    elif role == "operator" and op in GRANTED and not state.granted(request.get("grant"), pid):
        reply = {"error": "grant required"}
    elif op != "seal" and not state.allow(role, op, items):
        reply = {"error": "rate limited"}
    else:
        if op == "wait_seal" and state.log is not None:  # it may wait an hour: log it now too
            state.log.write(op=op, role=role, pid=pid, uid=uid, n=items, outcome="waiting")
        try:
            if op in _PEER_ANSWERS:
                reply = _PEER_ANSWERS[op](state, request, pid)
            else:
                reply = _ANSWERS[op](state, request)
        except _MALFORMED:
            reply = {"error": "malformed request"}
    if state.log is not None:
        outcome = "ok" if "error" not in reply else str(reply["error"])
        state.log.write(op=op, role=role or "unknown", pid=pid, uid=uid, n=items, outcome=outcome)
    return reply


def _hello(state: _State, request: dict[str, Any], pid: int) -> dict[str, Any]:
    """This key-holder's proof, for a client that knows its public key: a signature of the
    client's challenge and pid. Without a key (no `objector run`), no proof."""
    challenge = request.get("challenge")
    if not isinstance(challenge, str) or not 16 <= len(challenge) <= 128:
        return {"error": "malformed request"}
    if state.signing is None:
        return {"proof": None}
    signed = state.signing.sign(_hello_message(challenge, pid))
    return {"proof": signed.signature.hex()}


def _hello_message(challenge: str, pid: int) -> bytes:
    return HELLO + challenge.encode() + b"\x00" + str(pid).encode()


def process_start(pid: int) -> str | None:
    """When the process `pid` started (clock ticks since boot, /proc/PID/stat), telling it
    from a later process given the same pid; None where it cannot be read (gone, no /proc)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    fields = stat.rpartition(")")[2].split()  # after the name, which may hold spaces
    return fields[19] if len(fields) > 19 else None


def _grant_challenge(state: _State, request: dict[str, Any], pid: int) -> dict[str, Any]:
    """A one-time challenge for `grant`, from this pid, for CHALLENGE_SECONDS."""
    if _private_key(state) is None:
        return {"error": "sealed"}
    challenge = secrets.token_hex(32)
    now = time.monotonic()
    with state.lock:
        for old in [c for c, (_, until) in state.challenges.items() if until < now]:
            del state.challenges[old]
        if len(state.challenges) >= 64:  # a flood of asks keeps no more than this
            return {"error": "rate limited"}
        state.challenges[challenge] = (pid, now + CHALLENGE_SECONDS)
    return {"challenge": challenge}


def _grant(state: _State, request: dict[str, Any], pid: int) -> dict[str, Any]:
    """A grant for this pid, for a proof that the caller holds the private key (it typed an
    unlock passphrase): crypto.operator_proof of a challenge this pid asked for."""
    private_key = _private_key(state)
    if private_key is None:
        return {"error": "sealed"}
    challenge, proof = request.get("challenge"), request.get("proof")
    with state.lock:
        asked = state.challenges.pop(challenge, None) if isinstance(challenge, str) else None
    if asked is None or asked[0] != pid or asked[1] < time.monotonic():
        return {"error": "not authorised"}
    expected = crypto.operator_proof(private_key, str(challenge), pid)
    if not isinstance(proof, str) or not hmac.compare_digest(expected, proof):
        return {"error": "not authorised"}
    grant, start = secrets.token_urlsafe(32), process_start(pid)
    with state.lock:
        if state.private_key is None:  # sealed meanwhile: no grant outlives a seal
            return {"error": "sealed"}
        state.grants[grant] = (pid, start, time.monotonic() + GRANT_SECONDS)
    return {"grant": grant, "seconds": GRANT_SECONDS}


def _status(state: _State, request: dict[str, Any]) -> dict[str, Any]:
    return {"unlocked": state.private_key is not None}


def _seal(state: _State, request: dict[str, Any]) -> dict[str, Any]:
    state.seal()
    return {"unlocked": False}


def _unlock(state: _State, request: dict[str, Any]) -> dict[str, Any]:
    key = bytes.fromhex(str(request.get("private_key", "")))
    if len(key) != crypto.KEY_BYTES:
        return {"error": "bad key"}
    public_key = crypto.public_key_of(key)
    with state.lock:
        # The first key unlocked is this process's for life: another key (a caller's own, to
        # sign the audit log with a key it knows) is refused until a restart.
        if state.public_key is not None and not hmac.compare_digest(state.public_key, public_key):
            return {"error": "not authorised"}
        state.public_key = public_key
        state.private_key = bytearray(key)
        state.audit_key = crypto.audit_key(key)
    return {"unlocked": True}


def _sequence(message: str) -> int:
    """An audit entry's sequence number: its message's second field (audit._message)."""
    return int(message.split("\x1f")[1])


def _audit_mac(state: _State, request: dict[str, Any]) -> dict[str, Any]:
    if state.audit_key is None:
        return {"error": "no audit key"}
    messages = request.get("messages")
    if not isinstance(messages, list):
        return {"error": "malformed request"}
    texts = [str(m) for m in messages]
    seqs = [_sequence(m) for m in texts]
    with state.lock:
        # Forward only. The newest again is allowed: its transaction may have rolled back.
        if seqs and min(seqs) < state.audit_signed:
            return {"error": "not authorised"}
        state.audit_signed = max([state.audit_signed, *seqs])
    key = state.audit_key
    return {"macs": [hmac.new(key, m.encode(), hashlib.sha256).hexdigest() for m in texts]}


def _audit_check(state: _State, request: dict[str, Any]) -> dict[str, Any]:
    if state.audit_key is None:
        return {"error": "no audit key"}
    items = request.get("items")
    if not isinstance(items, list):
        return {"error": "malformed request"}
    key = state.audit_key
    return {
        "ok": [
            hmac.compare_digest(hmac.new(key, str(m).encode(), hashlib.sha256).hexdigest(), str(h))
            for m, h in items
        ]
    }


def _wait_seal(state: _State, request: dict[str, Any]) -> dict[str, Any]:
    """Answers when the key is next dropped (vault.plaintext's watcher waits on it, to drop the
    plaintext its process keeps), or after `seconds` (at most an hour) with "sealed": false;
    "seals" is how many times it has been dropped. With "after": N (the "seals" of the caller's
    last answer) it answers at once if the key was dropped since: a seal that came while the
    caller was busy with the one before (dropping its caches) is not missed."""
    seconds = min(3600.0, max(0.0, float(request.get("seconds", 3600))))
    after = request.get("after")
    with state.lock:
        seen = after if type(after) is int else state.seals
        dropped = state.sealed.wait_for(lambda: state.seals != seen, timeout=seconds)
        return {"sealed": bool(dropped), "seals": state.seals}


def _audit_seen(state: _State, request: dict[str, Any]) -> dict[str, Any]:
    seq, digest = int(request.get("seq", 0)), str(request.get("hash", ""))
    with state.lock:
        if seq >= state.audit_head[0]:
            state.audit_head = (seq, digest)
        return {"seq": state.audit_head[0]}


def _audit_head(state: _State, request: dict[str, Any]) -> dict[str, Any]:
    return {"seq": state.audit_head[0], "hash": state.audit_head[1]}


def _private_key(state: _State) -> bytes | None:
    with state.lock:
        return bytes(state.private_key) if state.private_key is not None else None


def _open(state: _State, request: dict[str, Any]) -> dict[str, Any]:
    private_key = _private_key(state)
    if private_key is None:
        return {"error": "sealed"}
    try:
        keys = [crypto.unseal(base64.b64decode(item), private_key) for item in request["sealed"]]
    except (crypto.VaultError, ValueError, KeyError, TypeError):
        return {"error": "cannot open"}
    return {"keys": [base64.b64encode(k).decode() for k in keys]}


def _index(state: _State, request: dict[str, Any]) -> dict[str, Any]:
    private_key = _private_key(state)
    if private_key is None:
        return {"error": "sealed"}
    index_key = crypto.index_key(private_key)
    items = request.get("items", [])
    return {"indexes": [crypto.blind_index(index_key, v, purpose=p) for p, v in items]}


def _wrap(state: _State, request: dict[str, Any]) -> dict[str, Any]:
    """A copy of the private key for one more key-holder, co-signed by an existing one."""
    private_key = _private_key(state)
    if private_key is None:
        return {"error": "sealed"}
    passphrase = request.get("passphrase")
    if not isinstance(passphrase, str) or len(passphrase) < MIN_PASSPHRASE:
        return {"error": "weak passphrase"}
    try:
        blob = base64.b64decode(str(request["sponsor"]))
        _, opslimit, memlimit = crypto._WRAP_HEADER.unpack_from(blob)
        if opslimit > 16 or memlimit > 1024 * 1024 * 1024:  # no Argon2 run of a caller's size
            return {"error": "not authorised"}
        sponsor = crypto.unwrap(blob, str(request["sponsor_passphrase"]))
    except (crypto.VaultError, KeyError, ValueError, TypeError, struct.error):
        return {"error": "not authorised"}
    if not hmac.compare_digest(sponsor, private_key):
        return {"error": "not authorised"}
    wrapped = crypto.wrap(private_key, passphrase, **state.kdf)
    return {"wrapped": base64.b64encode(wrapped).decode()}


_ANSWERS: dict[str, Callable[[_State, dict[str, Any]], dict[str, Any]]] = {
    "status": _status,
    "seal": _seal,
    "unlock": _unlock,
    "audit_mac": _audit_mac,
    "audit_check": _audit_check,
    "audit_seen": _audit_seen,
    "audit_head": _audit_head,
    "open": _open,
    "index": _index,
    "wrap": _wrap,
    "wait_seal": _wait_seal,
}


# The operations that answer according to the caller's pid (SO_PEERCRED).
_PEER_ANSWERS: dict[str, Callable[[_State, dict[str, Any], int], dict[str, Any]]] = {
    "grant_challenge": _grant_challenge,
    "grant": _grant,
}

OPERATIONS = (*_ANSWERS, *_PEER_ANSWERS)


def serve(path: Path, *, kdf: dict[str, int] | None = None) -> None:
    """Serve until killed, with the capabilities `objector run` handed over (if any). The
    process is made non-dumpable first: another process of the same user cannot ptrace it or
    read its memory (/proc/PID/mem), so the socket is the only way to the key."""
    non_dumpable()
    handed = capability_load()
    tokens = handed.get("tokens")
    capabilities = dict(tokens) if isinstance(tokens, dict) else None
    seed = handed.get("holder_key")
    holder_key = bytes.fromhex(seed) if isinstance(seed, str) else None
    with make_server(path, kdf=kdf, capabilities=capabilities, holder_key=holder_key) as server:
        server.serve_forever()


def non_dumpable() -> None:
    """This process out of reach of others of its user: no ptrace, no /proc/PID/mem, no core
    dump (the key-holder, and the service's processes that keep personal data in memory)."""
    undumpable.non_dumpable()


def _peer(conn: socket.socket) -> tuple[int, int]:
    """The connecting process's pid and uid (SO_PEERCRED)."""
    creds = conn.getsockopt(socket.SOL_SOCKET, _SO_PEERCRED, struct.calcsize("3i"))
    pid, uid, _gid = struct.unpack("3i", creds)
    return pid, uid


def make_server(
    path: Path,
    *,
    kdf: dict[str, int] | None = None,
    capabilities: dict[str, str] | None = None,
    limits: dict[str, dict[str, int]] | None = None,
    audit_log: Path | None = None,
    holder_key: bytes | None = None,
) -> socketserver.ThreadingUnixStreamServer:
    """A sealed key-holder listening on `path`, created 0600: only this service's user may
    connect. `kdf`: the Argon2id cost of the copies it wraps (the tests lower it).
    `capabilities`: capability -> role (None: every peer is "service"). `limits`: per role and
    operation, instead of LIMITS. `audit_log`: its log, by default beside the socket.
    `holder_key`: the seed of the signing key it proves itself with (`hello`; `objector run`
    mints one per start and hands the clients its public half). The tests run one in a thread."""
    state = _State()
    if holder_key is not None:
        state.signing = SigningKey(holder_key)
    if kdf is not None:
        state.kdf = dict(kdf)
    if capabilities is not None:
        unknown = set(capabilities.values()) - set(ROLES)
        if unknown:
            raise ValueError(f"unknown roles: {sorted(unknown)}")
        state.capabilities = dict(capabilities)
    for role, per_op in (limits or {}).items():
        state.limits[role].update(per_op)
    state.log = _AuditLog(audit_log or path.with_name(AUDIT_LOG))
    own_uid = os.getuid()

    class Handler(socketserver.StreamRequestHandler):
        def handle(self) -> None:
            pid, uid = _peer(self.connection)
            while True:
                # At most MAX_LINE bytes are read for one request, newline or not (red team,
                # round 11: a line was read whole before its length was checked, so a peer
                # that never sent a newline grew this process's memory without bound, and an
                # overlong one was dropped without a word).
                line = self.rfile.readline(MAX_LINE + 1)
                if not line:
                    return
                if len(line) > MAX_LINE:
                    if state.log is not None:
                        state.log.write(
                            op="frame", role="unknown", pid=pid, uid=uid, n=0, outcome="too large"
                        )
                    self.wfile.write(b'{"error": "request too large"}\n')
                    return  # the rest of that line is not read: the connection ends here
                if uid not in (own_uid, 0):  # answered per request, so the peer reads it
                    reply: dict[str, Any] = {"error": "not authorised"}
                    if state.log is not None:
                        state.log.write(
                            op="connect", role="unknown", pid=pid, uid=uid, n=0, outcome="refused"
                        )
                    self.wfile.write(json.dumps(reply).encode() + b"\n")
                    continue
                try:
                    request = json.loads(line)
                    if not isinstance(request, dict):
                        raise TypeError
                    reply = _answer(state, request, (pid, uid))
                except _MALFORMED:  # not JSON, not an object, or nested past the parser's depth
                    reply = {"error": "malformed request"}
                self.wfile.write(json.dumps(reply).encode() + b"\n")

    if path.exists():
        path.unlink()
    # The tests reach the state of their in-process key-holder through the handler class.
    Handler.state = state  # type: ignore[attr-defined]
    old_umask = os.umask(0o177)
    try:
        server = socketserver.ThreadingUnixStreamServer(str(path), Handler)
    finally:
        os.umask(old_umask)
    os.chmod(path, 0o600)
    server.daemon_threads = True
    return server


_capability: dict[str, Any] | None = None


def capability_load() -> dict[str, Any]:
    """What `objector run` handed this process through the pipe named by
    OBJECTOR_VAULT_CAPABILITY_FD: {"token": CAP} for a web server, worker or bot, {"tokens":
    {CAP: ROLE}} for the key-holder; {} when started otherwise. Read once, at start (before
    gunicorn forks its workers, which inherit it), then the pipe is closed and the variable
    removed, so nothing this process starts inherits either."""
    global _capability
    if _capability is None:
        _capability = {}
        fd_text = os.environ.pop(CAPABILITY_FD, "")
        if fd_text:
            # A capability is about to be in this process's memory: out of reach of the rest
            # of its user first (gunicorn's master held the web's, readable; round 11).
            non_dumpable()
        if fd_text.isdigit():
            try:
                with os.fdopen(int(fd_text), "rb") as pipe:
                    _capability = dict(json.loads(pipe.read(65536) or b"{}"))
            except (OSError, ValueError, TypeError):
                _capability = {}
    return _capability


def capability_pipe(payload: dict[str, Any]) -> int:
    """A pipe holding `payload` for a child to read once (capability_load); its read end, to
    be passed with pass_fds and closed by the parent after the child starts."""
    read, write = os.pipe()
    with os.fdopen(write, "wb") as pipe:
        pipe.write(json.dumps(payload).encode())
    return read


class KeyHolderError(Exception):
    """The key-holder is sealed, unreachable, or refused the request."""


def _verify(conn: socket.socket, answers: Any, holder: str, path: Path) -> None:
    """Before anything is sent: the process at `path` must prove it is the key-holder this
    process was started with (red team, round 11). A process of the service's user can replace
    the socket (the data directory is its own) and listen in its place; the web worker then
    handed it the private key at the next unlock, and every name it indexed. A proof is a
    signature, under the key `objector run` gave only the key-holder, of a fresh challenge and
    this process's pid as the key-holder sees it: an impostor can neither make one nor pass on
    the real key-holder's, which names the impostor's own pid."""
    challenge = secrets.token_hex(16)
    conn.sendall(json.dumps({"op": "hello", "challenge": challenge}).encode() + b"\n")
    try:
        proof = bytes.fromhex(str(json.loads(answers.readline() or b"{}").get("proof")))
        VerifyKey(bytes.fromhex(holder)).verify(_hello_message(challenge, os.getpid()), proof)
    except (ValueError, TypeError, AttributeError, BadSignatureError):
        raise KeyHolderError(
            f"the process at {path} did not prove it is the key-holder: nothing was sent to it"
        ) from None


_grant_held: str | None = None


def grant_hold(grant: str | None) -> None:
    """The grant this process's requests carry from now on (vault.actions.operator_grant), or
    None. Only a process without a capability (a shell command) needs one."""
    global _grant_held
    _grant_held = grant


def ask(path: Path, request: dict[str, Any], *, timeout: float = 5.0) -> dict[str, Any]:
    """One request to the key-holder, with this process's capability if it was given one, or
    the grant it holds."""
    handed = capability_load()
    cap = handed.get("token")
    if isinstance(cap, str) and "cap" not in request:
        request = {**request, "cap": cap}
    elif _grant_held is not None and "cap" not in request and "grant" not in request:
        request = {**request, "grant": _grant_held}
    holder = handed.get("holder")
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(timeout)
            conn.connect(str(path))
            answers = conn.makefile("rb")
            if isinstance(holder, str):
                _verify(conn, answers, holder, path)
            conn.sendall(json.dumps(request).encode() + b"\n")
            reply = answers.readline()
    except OSError as exc:
        raise KeyHolderError(f"the key-holder is not reachable at {path}: {exc}") from None
    try:
        answer: dict[str, Any] = json.loads(reply)
    except ValueError:  # it closed without answering: killed mid-request, or overloaded
        raise KeyHolderError("the key-holder did not answer") from None
    if "error" in answer:
        raise KeyHolderError(answer["error"])
    return answer
