"""The key-holder's socket against a process of the service's user that sends what no client of
ours sends (red team, round 11): items in another container than a list, a line with no end, a
line over the limit, JSON nested past the parser's depth, numbers past a float. Each is refused
with a clear error, the budget counts every key, and the key-holder goes on answering."""

from __future__ import annotations

import base64
import contextlib
import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from objector.vault import crypto, keyholder
from tests.vault.test_keyholder_authorisation import CAPS, KeyHolder


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[KeyHolder]:
    made = KeyHolder(tmp_path, capabilities=CAPS, limits={"web": {"open": 3, "index": 3}})
    made.unlock()
    yield made
    made.close()


def _raw(holder: KeyHolder, frame: bytes, *, timeout: float = 10.0) -> dict:
    """One frame as bytes on the socket, and the key-holder's answer to it."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.settimeout(timeout)
        conn.connect(str(holder.path))
        # It may stop reading before the end; its answer is still there to read.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            conn.sendall(frame)
        reply = conn.makefile("rb").readline()
    assert reply, "the key-holder closed the connection without answering"
    answer: dict = json.loads(reply)
    return answer


def _sealed(holder: KeyHolder, n: int) -> list[str]:
    return [
        base64.b64encode(crypto.seal(crypto.new_data_key(), holder.public_key)).decode()
        for _ in range(n)
    ]


def test_keys_sent_in_an_object_are_not_opened_past_the_budget(holder: KeyHolder) -> None:
    """Round 11: `{"sealed": {KEY: 0, KEY: 0, ...}}` counted as one item against the budget,
    and `open` opened each of the object's names: the web role's 3 keys a minute (6,000 in
    service) became any number in one request."""
    many = _sealed(holder, 10)
    answer = _raw(
        holder,
        json.dumps({"op": "open", "sealed": dict.fromkeys(many, 0), "cap": "web-cap"}).encode()
        + b"\n",
    )
    assert "keys" not in answer
    assert answer == {"error": "malformed request"}
    # The same for the indexes, and the budget is still whole for a request of the right shape.
    answer = _raw(
        holder,
        json.dumps({"op": "index", "items": {"ab": 1, "cd": 2}, "cap": "web-cap"}).encode() + b"\n",
    )
    assert answer == {"error": "malformed request"}
    assert len(holder.ask(op="open", sealed=many[:3], cap="web-cap")["keys"]) == 3
    with pytest.raises(keyholder.KeyHolderError, match="rate limited"):
        holder.ask(op="open", sealed=many[3:4], cap="web-cap")
    assert holder.lines()[-1]["outcome"] == "rate limited"


def test_a_line_with_no_end_is_refused_at_the_limit(holder: KeyHolder) -> None:
    """Round 11: the line was read whole before its length was checked, so a peer that never
    sends a newline grew the key-holder's memory as long as it kept sending; and a line over the
    limit was dropped with no answer. Now it reads at most MAX_LINE bytes, answers, and ends the
    connection."""
    answer = _raw(holder, b"x" * (keyholder.MAX_LINE + 1))  # no newline: it must not wait for one
    assert answer == {"error": "request too large"}
    assert holder.lines()[-1]["outcome"] == "too large"
    # Far more than the limit, as fast as the socket takes it: refused the same, not buffered.
    answer = _raw(holder, b'{"op": "status", "pad": "' + b"y" * (3 * keyholder.MAX_LINE))
    assert answer == {"error": "request too large"}
    assert holder.ask(op="status") == {"unlocked": True}


@pytest.mark.parametrize(
    "frame",
    [
        b"[" * 200_000 + b"\n",  # nested past the parser's depth (RecursionError)
        b'{"op": "status", "x": ' + b"[" * 200_000 + b"\n",
        b'{"op": "wait_seal", "seconds": ' + b"9" * 400 + b"}\n",  # overflows a float
        b'{"op": "audit_seen", "seq": ' + b"9" * 5000 + b"}\n",  # past int's digit limit
        b"\xff\xfe not utf-8\n",
        b'"a string"\n',
        b"{not json}\n",
        b'{"op": "open", "sealed": [["nested"]], "cap": "web-cap"}\n',
        b'{"op": "index", "items": [[1, 2, 3]], "cap": "web-cap"}\n',
        b'{"op": "audit_check", "items": [1], "cap": "web-cap"}\n',
    ],
)
def test_a_malformed_request_gets_a_clear_refusal(holder: KeyHolder, frame: bytes) -> None:
    """Each gets an error answer on its own connection (round 11: the deep nesting and the
    overflowing number killed the connection's thread with a traceback, unanswered), and the
    key-holder still serves the next request, unlocked."""
    answer = _raw(holder, frame)
    assert set(answer) == {"error"}
    assert answer["error"] in {"malformed request", "cannot open"}
    assert holder.ask(op="status") == {"unlocked": True}


def test_no_refusal_repeats_what_was_sent(holder: KeyHolder) -> None:
    """A refused request's values (a sealed key, a passphrase) are not echoed, nor logged."""
    secret = "synthetic-secret-" + "q" * 20
    frames = [
        json.dumps({"op": "open", "sealed": {secret: 1}, "cap": "web-cap"}).encode() + b"\n",
        json.dumps(
            {"op": "wrap", "passphrase": secret, "sponsor": secret, "cap": "web-cap"}
        ).encode()
        + b"\n",
        json.dumps({"op": "unlock", "private_key": secret, "cap": "bot-cap"}).encode() + b"\n",
        b'{"op": "' + secret.encode() + b'", "x": ' + b"[" * 200_000 + b"\n",
    ]
    for frame in frames:
        assert secret not in json.dumps(_raw(holder, frame))
    assert secret not in holder.log.read_text()
