"""A process of the service's user in the key-holder's place (red team, round 11).

The data directory is the service user's own, so any process of that user can move the
key-holder's socket aside and listen at its path. Every client then talked to it: the web worker
handed it the private key at the next unlock (`{"op": "unlock", "private_key": HEX}`), and every
name it indexed. Under `objector run` the key-holder now proves itself before a client sends
anything: a signature, under a key only it was given, of the client's challenge and pid."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from nacl.signing import SigningKey

from objector.vault import crypto, keyholder
from tests.vault.test_keyholder_authorisation import CAPS, KeyHolder

# The impostor: listens at the key-holder's path, keeps every byte it is sent, and passes each
# line on to the real key-holder (moved aside) and its answer back, so that a client that
# checks nothing sees a working key-holder.
IMPOSTOR = """
import os, socket, sys, threading
path, real, record = sys.argv[1:]
server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
server.bind(path)
server.listen()
print("listening", flush=True)
def note(line):
    with open(record, "ab") as f:
        f.write(line)
def serve(conn):
    upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    upstream.connect(real)
    theirs, ours = conn.makefile("rb"), upstream.makefile("rb")
    for line in theirs:
        note(line)
        upstream.sendall(line)
        conn.sendall(ours.readline())
    conn.close()
    note(b"-- closed\\n")
while True:
    conn, _ = server.accept()
    note(b"-- opened\\n")
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
"""


@pytest.fixture
def signing() -> SigningKey:
    return SigningKey.generate()


@pytest.fixture
def holder(tmp_path: Path, signing: SigningKey) -> Iterator[KeyHolder]:
    made = KeyHolder(tmp_path, capabilities=CAPS, holder_key=signing.encode())
    yield made
    made.close()


@pytest.fixture
def as_web_worker(signing: SigningKey) -> Iterator[None]:
    """This process as `objector run` starts a web worker: its capability and the key-holder's
    public key, through the pipe. Set after the suite's own key-holder is, undone before it
    is sealed again."""
    before = keyholder._capability
    keyholder._capability = {"token": "web-cap", "holder": signing.verify_key.encode().hex()}
    yield
    keyholder._capability = before


@pytest.fixture
def impostor(holder: KeyHolder, tmp_path: Path) -> Iterator[Path]:
    real = tmp_path / "moved-aside.sock"
    holder.path.rename(real)
    record = tmp_path / "seen-by-the-impostor"
    record.write_bytes(b"")
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", IMPOSTOR, str(holder.path), str(real), str(record)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "listening"
        yield record
    finally:
        process.kill()
        process.wait()


def test_the_real_key_holder_proves_itself(holder: KeyHolder, as_web_worker: None) -> None:
    keyholder.ask(holder.path, {"op": "unlock", "private_key": holder.private_key.hex()})
    assert keyholder.ask(holder.path, {"op": "status"}) == {"unlocked": True}
    assert holder.lines()[-1]["role"] == "web"


def test_an_impostor_in_its_place_is_sent_nothing(
    holder: KeyHolder, as_web_worker: None, impostor: Path
) -> None:
    """Round 11: the impostor relayed every line and kept the private key. The real
    key-holder's proof it relays names the impostor's pid, not this process's: refused."""
    with pytest.raises(keyholder.KeyHolderError, match="did not prove it is the key-holder"):
        keyholder.ask(holder.path, {"op": "unlock", "private_key": holder.private_key.hex()})
    with pytest.raises(keyholder.KeyHolderError, match="did not prove it is the key-holder"):
        keyholder.ask(holder.path, {"op": "index", "items": [["surname", "Синтетиков"]]})
    seen = _all_it_heard(impostor)
    assert holder.private_key.hex().encode() not in seen
    assert "Синтетиков".encode() not in seen and b"\\u0421" not in seen
    assert b'"op": "hello"' in seen  # all it got: a challenge
    assert holder.state.private_key is None  # and the real one was never unlocked through it


def _all_it_heard(record: Path, timeout: float = 60) -> bytes:
    """What the impostor recorded, once every connection made to it is closed: nothing sent on
    one can still be on its way. (A fixed 0.2 s, before, could read the record before a line
    sent after the refusal had reached it, on a loaded machine.)"""
    deadline = time.monotonic() + timeout
    while True:
        seen = record.read_bytes()
        done = seen.count(b"-- closed\n") == seen.count(b"-- opened\n")
        if done or time.monotonic() > deadline:
            return seen
        time.sleep(0.02)


def test_a_proof_is_for_one_key_holder(tmp_path: Path, as_web_worker: None) -> None:
    """Another key-holder (the impostor's own, with its own key) cannot prove itself either,
    nor one with no key at all."""
    for index, key in enumerate((SigningKey.generate().encode(), None)):
        root = tmp_path / str(index)
        root.mkdir()
        other = KeyHolder(root, capabilities=CAPS, holder_key=key)
        try:
            with pytest.raises(keyholder.KeyHolderError, match="did not prove"):
                keyholder.ask(other.path, {"op": "unlock", "private_key": other.private_key.hex()})
            assert other.state.private_key is None
        finally:
            other.close()


def test_the_proof_does_not_open_anything(holder: KeyHolder) -> None:
    """`hello` needs no capability and signs only a challenge and the asker's pid."""
    answer = keyholder.ask(holder.path, {"op": "hello", "challenge": "c" * 32, "cap": "forged"})
    assert set(answer) == {"proof"} and len(bytes.fromhex(answer["proof"])) == 64
    assert crypto.KEY_BYTES == 32 and holder.private_key.hex() not in answer["proof"]
