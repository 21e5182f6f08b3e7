"""Benchmark: one key-holder request (`keyholder.ask`), with and without the key-holder's proof
of itself (red team, round 11: under `objector run` each request first checks a signature of a
challenge). Two in-process key-holders, one with a signing key and one without; `--asks`
`status` requests against each, alternately, `--rounds` pairs; the median microseconds per ask.

    .venv/bin/python bench/keyholder_ask.py [--asks 2000] [--rounds 7]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from pathlib import Path

from nacl.signing import SigningKey

from objector.vault import keyholder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--asks", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="objector-bench-"))
    signing = SigningKey.generate()
    for mode, seed in (("plain", None), ("proof", signing.encode())):
        server = keyholder.make_server(
            root / f"{mode}.sock",
            capabilities={"web-cap": "web"},
            holder_key=seed,
            audit_log=root / f"{mode}.log",
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
    public = {"holder": signing.verify_key.encode().hex()}
    results: dict[str, list[float]] = {"plain": [], "proof": []}
    for _ in range(args.rounds):
        for mode in ("plain", "proof"):
            keyholder._capability = {"token": "web-cap", **(public if mode == "proof" else {})}
            path = root / f"{mode}.sock"
            start = time.perf_counter()
            for _ in range(args.asks):
                keyholder.ask(path, {"op": "status"})
            results[mode].append((time.perf_counter() - start) / args.asks * 1e6)
    for mode, runs in results.items():
        print(mode, round(statistics.median(runs), 1), [round(r) for r in runs])


if __name__ == "__main__":
    main()
