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
    {"op": "audit_seen", "seq": N, "hash": HEX}  -> {"seq": N}
    {"op": "audit_head"}                    -> {"seq": N, "hash": HEX}  (0 before any)

The audit key (audit.py) is derived from the private key at the first unlock and kept across a
seal: it only authenticates the audit log, and dropping it would leave every entry written
while sealed unkeyed. The newest audit head committed is kept in memory, an anchor outside the
database for as long as this process lives.

`wrap` cannot export the private key: it wraps a copy for a new key-holder only when the request
carries an existing key-holder's wrapped key and their passphrase, which must open it to this
very key (whoever has those could unlock anyway); the new passphrase must be at least
MIN_PASSPHRASE characters, and the Argon2id cost is this process's own (`make_server(kdf=…)`),
whatever the request says. At most WRAPS_PER_MINUTE tries a minute, right or wrong.

The process starts sealed, so a restart (or a seized, rebooted server) is sealed. Plain Python
and libsodium; no Django, no database.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import socket
import socketserver
import struct
import threading
import time
from pathlib import Path
from typing import Any

from . import crypto

MAX_LINE = 4 * 1024 * 1024
MIN_PASSPHRASE = 12
WRAPS_PER_MINUTE = 5


class _State:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.private_key: bytearray | None = None
        self.audit_key: bytes | None = None
        self.audit_head: tuple[int, str] = (0, "")
        self.kdf = {"opslimit": crypto.OPSLIMIT, "memlimit": crypto.MEMLIMIT}
        self.wraps: list[float] = []

    def seal(self) -> None:
        with self.lock:
            if self.private_key is not None:
                # Best effort: overwrite the bytes we own before letting go of them.
                self.private_key[:] = bytes(len(self.private_key))
            self.private_key = None


def _answer(state: _State, request: dict[str, Any]) -> dict[str, Any]:
    op = request.get("op")
    if op == "status":
        return {"unlocked": state.private_key is not None}
    if op == "seal":
        state.seal()
        return {"unlocked": False}
    if op == "unlock":
        key = bytes.fromhex(str(request.get("private_key", "")))
        if len(key) != crypto.KEY_BYTES:
            return {"error": "bad key"}
        with state.lock:
            state.private_key = bytearray(key)
            state.audit_key = crypto.audit_key(key)
        return {"unlocked": True}
    if op == "audit_mac":
        if state.audit_key is None:
            return {"error": "no audit key"}
        messages = request.get("messages")
        if not isinstance(messages, list):
            return {"error": "malformed request"}
        key = state.audit_key
        return {
            "macs": [hmac.new(key, str(m).encode(), hashlib.sha256).hexdigest() for m in messages]
        }
    if op == "audit_seen":
        seq, digest = int(request.get("seq", 0)), str(request.get("hash", ""))
        with state.lock:
            if seq >= state.audit_head[0]:
                state.audit_head = (seq, digest)
            return {"seq": state.audit_head[0]}
    if op == "audit_head":
        return {"seq": state.audit_head[0], "hash": state.audit_head[1]}
    with state.lock:
        private_key = bytes(state.private_key) if state.private_key is not None else None
    if private_key is None:
        return {"error": "sealed"}
    if op == "open":
        try:
            keys = [
                crypto.unseal(base64.b64decode(item), private_key) for item in request["sealed"]
            ]
        except (crypto.VaultError, ValueError, KeyError, TypeError):
            return {"error": "cannot open"}
        return {"keys": [base64.b64encode(k).decode() for k in keys]}
    if op == "index":
        index_key = crypto.index_key(private_key)
        items = request.get("items", [])
        return {"indexes": [crypto.blind_index(index_key, v, purpose=p) for p, v in items]}
    if op == "wrap":
        return _wrap(state, private_key, request)
    return {"error": "unknown op"}


def _wrap(state: _State, private_key: bytes, request: dict[str, Any]) -> dict[str, Any]:
    """A copy of the private key for one more key-holder, co-signed by an existing one."""
    now = time.monotonic()
    with state.lock:
        state.wraps = [t for t in state.wraps if now - t < 60]
        if len(state.wraps) >= WRAPS_PER_MINUTE:
            return {"error": "too many wraps"}
        state.wraps.append(now)
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


def serve(path: Path, *, kdf: dict[str, int] | None = None) -> None:
    """Serve until killed."""
    with make_server(path, kdf=kdf) as server:
        server.serve_forever()


def make_server(
    path: Path, *, kdf: dict[str, int] | None = None
) -> socketserver.ThreadingUnixStreamServer:
    """A sealed key-holder listening on `path`, created 0600: only this service's user may
    connect. `kdf`: the Argon2id cost of the copies it wraps (the tests lower it). The tests run
    one in a thread."""
    state = _State()
    if kdf is not None:
        state.kdf = dict(kdf)

    class Handler(socketserver.StreamRequestHandler):
        def handle(self) -> None:
            for line in self.rfile:
                if len(line) > MAX_LINE:
                    break
                try:
                    reply = _answer(state, json.loads(line))
                except (json.JSONDecodeError, ValueError, TypeError):
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


class KeyHolderError(Exception):
    """The key-holder is sealed, unreachable, or refused the request."""


def ask(path: Path, request: dict[str, Any], *, timeout: float = 5.0) -> dict[str, Any]:
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(timeout)
            conn.connect(str(path))
            conn.sendall(json.dumps(request).encode() + b"\n")
            reply = conn.makefile("rb").readline()
    except OSError as exc:
        raise KeyHolderError(f"the key-holder is not reachable at {path}: {exc}") from None
    try:
        answer: dict[str, Any] = json.loads(reply)
    except ValueError:  # it closed without answering: killed mid-request, or overloaded
        raise KeyHolderError("the key-holder did not answer") from None
    if "error" in answer:
        raise KeyHolderError(answer["error"])
    return answer
