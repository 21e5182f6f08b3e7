"""Benchmark: the vault's costs.

Issue #4 asks for Argon2id parameters strong enough that deriving a passphrase key takes at
least 0.5 s. This measures that, and what encryption adds to each intake: sealing a new data
key to the organisation's public key and encrypting a request's personal fields. It also times
round trips to a real key-holder on a Unix socket (with capabilities, rate limits and its
audit log, as `objector run` starts it): a `status`, and an `open` of a queue page's 50 keys.

    .venv/bin/python bench/vault.py [--rounds 5] [--count 5000]
"""

from __future__ import annotations

import argparse
import base64
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import machine

from objector.vault import crypto, keyholder

FIELDS = {
    "name": "Синтетический Заявитель",
    "unit": "в/ч 00000",
    "region": "rostov",
    "story": "Синтетическая история для нагрузочного теста. " * 20,
    "contact": "@synthetic_user",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--count", type=int, default=5000)
    args = parser.parse_args()
    public_key, private_key = crypto.generate_keypair()

    unwrap_s = []
    wrapped = crypto.wrap(private_key, "a synthetic passphrase for the benchmark")
    for _ in range(args.rounds):
        start = time.perf_counter()
        crypto.unwrap(wrapped, "a synthetic passphrase for the benchmark")
        unwrap_s.append(time.perf_counter() - start)

    start = time.perf_counter()
    for _ in range(args.count):
        key = crypto.new_data_key()
        crypto.seal(key, public_key)
        for field, value in FIELDS.items():
            crypto.encrypt(key, value, context=f"intake.request.{field}")
    per_intake_ms = (time.perf_counter() - start) / args.count * 1000

    sealed = crypto.seal(crypto.new_data_key(), public_key)
    start = time.perf_counter()
    for _ in range(args.count):
        crypto.unseal(sealed, private_key)
    unseal_ms = (time.perf_counter() - start) / args.count * 1000

    status_ms, open_ms = _keyholder_round_trips(private_key, public_key, args.count // 10)

    figures = {
        "benchmark": "vault",
        "argon2id_unwrap_s_median": round(statistics.median(unwrap_s), 3),
        "argon2id_unwrap_s_min": round(min(unwrap_s), 3),
        "argon2id_memlimit_mib": crypto.MEMLIMIT >> 20,
        "seal_and_encrypt_per_intake_ms": round(per_intake_ms, 4),
        "unseal_data_key_ms": round(unseal_ms, 4),
        "keyholder_status_round_trip_ms": round(status_ms, 3),
        "keyholder_open_50_keys_round_trip_ms": round(open_ms, 3),
        **machine(),
    }
    figures["meets_target"] = figures["argon2id_unwrap_s_min"] >= 0.5
    print(json.dumps(figures, indent=2))
    return 0 if figures["meets_target"] else 1


def _keyholder_round_trips(
    private_key: bytes, public_key: bytes, count: int
) -> tuple[float, float]:
    """Milliseconds per `status` and per `open` of 50 keys, through a key-holder in a thread."""
    with tempfile.TemporaryDirectory() as root:
        path = Path(root) / "vault.sock"
        unlimited = {"web": dict.fromkeys(keyholder.OPERATIONS, 10**9)}
        server = keyholder.make_server(path, capabilities={"cap": "web"}, limits=unlimited)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            keyholder.ask(path, {"op": "unlock", "private_key": private_key.hex(), "cap": "cap"})
            start = time.perf_counter()
            for _ in range(count):
                keyholder.ask(path, {"op": "status", "cap": "cap"})
            status_ms = (time.perf_counter() - start) / count * 1000
            page = [
                base64.b64encode(crypto.seal(crypto.new_data_key(), public_key)).decode()
                for _ in range(50)
            ]
            start = time.perf_counter()
            for _ in range(count):
                keyholder.ask(path, {"op": "open", "sealed": page, "cap": "cap"})
            open_ms = (time.perf_counter() - start) / count * 1000
        finally:
            server.shutdown()
            server.server_close()
    return status_ms, open_ms


if __name__ == "__main__":
    sys.exit(main())
