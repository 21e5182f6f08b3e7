"""Benchmark: intake submissions through the real HTTP stack, beside the raw SQLite commit rate.

Issue #3 targets: at least 200 completed submissions a second, with p99 under 250 ms, and at
least 0.1 of the raw SQLite commit rate (a single-row INSERT and COMMIT with synchronous=FULL),
both measured in this same run on the same disk.

A submission is the POST that stores a request and acknowledges it: the review form's submit,
which assesses the facts, inserts the request, then redirects to the receipt. Each simulated
requester holds a completed questionnaire in its draft cookie (sealed, as the browser keeps it
since issue #13), seeded beforehand, with its own idempotency key, so every POST creates a new
request. The load comes
from wrk (C, light on the two cores) against gunicorn started by `objector run --no-worker`, on
SQLite with WAL and synchronous=FULL in a fresh data directory.

Issue #4 asks what encryption costs intake: each round runs the same load against the real
server and against one with the vault's sealing taken out (bench/plaintext/sitecustomize.py),
alternating, and reports the ratio.

    .venv/bin/python bench/intake.py [--seconds 20] [--rounds 2] [--connections 8]

Needs `wrk` (Debian package `wrk`).
"""

from __future__ import annotations

import argparse
import json
import re
import secrets
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import fresh_environment, machine, server

REPO = Path(__file__).resolve().parent.parent
ANSWERS = {
    "role": "relative",
    "personnel": "mobilized",
    "events": ["left_unit"],
    "date:left_unit": "2026-11-10",
    "intends_to_return": "unsure",
    "abroad": "no",
    "prior_conviction": "no",
    "writer_name": "Синтетическая Мать",
    "name": "Синтетический Заявитель",
    "unit": "",
    "region": "",
    "story": "Синтетическая история для нагрузочного теста.",
    "consent_filings": "yes",
    "contact_method": "code_only",
}


def raw_commit_rate(directory: Path, seconds: float) -> float:
    """Single-row INSERT + COMMIT per transaction, WAL, synchronous=FULL: durability's floor."""
    db = sqlite3.connect(directory / "raw.sqlite3", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
    body = "x" * 600  # about the size of a stored request's clear-text columns
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO t (body) VALUES (?)", (body,))
        db.execute("COMMIT")
        count += 1
    rate = count / (time.perf_counter() - start)
    db.close()
    return rate


def seed_sessions(count: int) -> list[tuple[str, str, str, str]]:
    """Browsers holding a completed questionnaire, as the web form keeps it since issue #13: a
    draft sealed in a cookie (objector/intake/drafts.py), with its own idempotency key and
    receipt secret. (cookie name, CSRF secret, idempotency key, the sealed draft)."""
    import time as clock

    from objector.intake.actions import new_receipt_secret
    from objector.intake.drafts import CONTEXT, COOKIE, _seal

    sessions = []
    for _ in range(count):
        key = secrets.token_urlsafe(32)
        draft = {
            "answers": ANSWERS,
            "history": [],
            "key": key,
            "secret": new_receipt_secret(),
            "lang": "ru",
            "at": clock.time(),
        }
        sealed = _seal(draft, purpose=CONTEXT)
        if len(sealed) >= 3800:  # the benchmark's answers fit in one cookie
            raise RuntimeError("the seeded draft needs more than one cookie")
        sessions.append((f"{COOKIE}_0", secrets.token_hex(16), key, sealed))
    return sessions


LUA = """
local items = {%(items)s}
local counter = 0
local step = 1
function setup(thread)
  thread:set("offset", __next_offset or 0)
  __next_offset = (__next_offset or 0) + 1
end
function init(args) step = %(threads)d end
function request()
  local i = (offset + counter * step) %% #items + 1  -- offset: a global set per thread
  counter = counter + 1
  local it = items[i]
  return wrk.format("POST", "/intake/review", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = it[1] .. "=" .. it[4] .. "; csrftoken=" .. it[2],
  }, "csrfmiddlewaretoken=" .. it[2] .. "&idempotency_key=" .. it[3])
end
"""


def parse_wrk(out: str) -> dict[str, float]:
    def ms(label: str) -> float:
        m = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not m:
            raise RuntimeError(f"no {label}% latency in wrk output:\n{out}")
        return float(m[1]) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m[2]]

    requests = int(re.search(r"(\d+) requests in", out)[1])  # type: ignore[index]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {
        "requests": requests,
        "per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1]),  # type: ignore[index]
        "p50_ms": ms("50"),
        "p99_ms": ms("99"),
        "non_3xx": int(errors[1]) if errors else 0,
        "socket_errors": socket_errors[1] if socket_errors else "",
    }


def run_wrk(wrk: str, script: Path, base: str, args: argparse.Namespace) -> dict[str, float]:
    done = subprocess.run(  # noqa: S603
        [
            wrk,
            "-t",
            str(args.threads),
            "-c",
            str(args.connections),
            "-d",
            f"{args.seconds}s",
            "--latency",
            "-s",
            str(script),
            f"{base}/intake/review",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return parse_wrk(done.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--sessions", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=2, help="alternating runs of each kind")
    args = parser.parse_args()
    wrk = shutil.which("wrk")
    if wrk is None:
        sys.exit("bench/intake.py needs wrk: apt-get install wrk")

    work, env = fresh_environment()
    from objector.accounts.actions import organisation_setup
    from objector.intake.models import Request

    organisation_setup(
        name="Benchmark",
        username="bench_admin",
        password="synthetic-bench-password-1",  # noqa: S106 -- a throwaway benchmark database
        passphrase="synthetic bench passphrase",  # noqa: S106
    )
    raw = raw_commit_rate(work, seconds=5)
    kinds = {
        "encrypted": env,
        # The same server with the vault's sealing taken out (bench/plaintext/sitecustomize.py).
        "plaintext": {**env, "PYTHONPATH": str(REPO / "bench" / "plaintext")},
    }
    runs: dict[str, list[dict[str, float]]] = {kind: [] for kind in kinds}
    for _ in range(args.rounds):
        for kind, kind_env in kinds.items():
            sessions = seed_sessions(args.sessions)
            items = ",".join(f'{{"{s}","{c}","{k}","{d}"}}' for s, c, k, d in sessions)
            script = work / "submit.lua"
            script.write_text(LUA % {"items": items, "threads": args.threads}, encoding="utf-8")
            before = Request.objects.count()
            with server(kind_env, args.web_workers) as base:
                http = run_wrk(wrk, script, base, args)
            http["stored"] = Request.objects.count() - before
            runs[kind].append(http)

    def summary(kind: str) -> dict[str, float]:
        done = runs[kind]
        return {
            "submissions_per_second": round(statistics.median(r["per_second"] for r in done), 1),
            "p50_ms": round(statistics.median(r["p50_ms"] for r in done), 1),
            "p99_ms": round(max(r["p99_ms"] for r in done), 1),
            "requests": sum(r["requests"] for r in done),
            "requests_stored": sum(r["stored"] for r in done),
            "non_3xx_responses": sum(r["non_3xx"] for r in done),
        }

    encrypted, plaintext = summary("encrypted"), summary("plaintext")
    figures = {
        "benchmark": "intake",
        **encrypted,
        "without_encryption": plaintext,
        "encrypted_to_plaintext_ratio": round(
            encrypted["submissions_per_second"] / plaintext["submissions_per_second"], 3
        ),
        "raw_sqlite_commits_per_second": round(raw, 1),
        "ratio": round(encrypted["submissions_per_second"] / raw, 3),
        "web_workers": args.web_workers,
        "connections": args.connections,
        "seconds_per_run": args.seconds,
        "rounds": args.rounds,
        **machine(),
    }
    figures["meets_target"] = (
        encrypted["submissions_per_second"] >= 200
        and encrypted["p99_ms"] < 250
        and figures["ratio"] >= 0.1
        and encrypted["non_3xx_responses"] == 0
        and encrypted["requests_stored"] >= encrypted["requests"]
    )
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    shutil.rmtree(work, ignore_errors=True)
    return 0 if figures["meets_target"] else 1


if __name__ == "__main__":
    sys.exit(main())
