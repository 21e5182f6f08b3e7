"""Benchmark: the whole intake questionnaire through HTTP, beside a bare Django anchor.

Issue #13 targets, on this 2-core machine, SQLite with WAL and synchronous=FULL:
- at least 150 whole questionnaires a second, each completion every step a browser with
  JavaScript off sends (the start page, each question's page and its answer with the CSRF token
  and the draft cookies, the review, the final submit, the receipt page), with p50 and p99 per
  completion, requests, commits and server CPU per completion;
- not below a bare Django + gunicorn project with one form that stores one row with a session
  (bench/intake_anchor.py), measured in the same run: the ratio is reported;
- the final submit alone at least 400 a second with p99 under 100 ms (wrk, drafts sealed
  beforehand as the browser holds them);
- intake during a flood of sign-in attempts (from many addresses and from one) and of receipt
  guesses at least 0.8 of the quiet figure, measured in the same run.

Each server is gunicorn as `objector run --no-worker` starts it (two sync workers by default)
in a fresh data directory, with bench/counting/sitecustomize.py counting its commits. The
clients (bench/intake_client.py, and wrk for the final submit) share the two cores with it.

    .venv/bin/python bench/intake.py [--seconds 8] [--browsers 8] [--flood-rate 50]
    .venv/bin/python bench/intake.py --submit-only --code-from /tmp/main-copy   # main's server

`--code-from DIR` serves Objector (and sets up its database: migrations, the organisation, the
sealed drafts) from another checkout, so that main and a branch are compared with the same
bench; the JSON says which code served (`code`: directory, git revision if any, and a digest of
the `objector` package the server imported).

Needs `wrk` (Debian package `wrk`) for the final-submit figure.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from common import fresh_environment, machine, wait_healthy
from intake_anchor import anchor_project
from intake_client import anchor_form, closed_loop, flood, questionnaire

FLOODS = ("signin-many", "signin-one", "receipt-many")

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
    "birth_date": "1999",  # a relative who knows the year only (round 11)
    "unit": "",
    "region": "",
    "story": "Синтетическая история для нагрузочного теста.",
    "consent_filings": "yes",
    "contact_method": "code_only",
    "contact": "",  # shown beside the method, marked "only if"; left blank, as code_only needs
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
            "answers": {k: v for k, v in ANSWERS.items() if k != "contact"},  # as the form keeps it
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
    """The final submit alone: wrk POSTs the review form with drafts sealed beforehand."""
    done = subprocess.run(  # noqa: S603
        [
            wrk,
            "-t",
            "2",
            "-c",
            str(args.browsers),
            "-d",
            f"{max(1, round(args.seconds))}s",
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


def _cpu_ticks(root: int) -> int:
    """CPU time (user + system, in clock ticks) of `root` and every process under it, from
    /proc: the server's supervisor, gunicorn's master and workers, the key-holder."""
    parents: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        ticks[int(entry.name)] = int(fields[11]) + int(fields[12])
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += ticks.get(pid, 0)
        todo += [child for child, parent in parents.items() if parent == pid]
    return total


def _commits(directory: Path) -> int:
    return sum(int(f.read_text() or 0) for f in directory.iterdir())


@contextmanager
def serve(
    command: list[str], env: dict[str, str], cwd: Path, health: str = "/healthz"
) -> Iterator[tuple[str, int]]:
    """A server on a free loopback port, with its commits counted; yields (base URL, pid)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # The server's own messages, shown if it fails to start.
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(  # noqa: S603 - our own entry points
            [arg.replace("{bind}", f"127.0.0.1:{port}") for arg in command],
            env=env,
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            try:
                wait_healthy(base + health)
            except OSError:
                log.seek(0)
                sys.stderr.write(log.read().decode(errors="replace")[-4000:])
                raise
            yield base, process.pid
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)


def measure(
    walk, base: str, pid: int, commits: Path, args: argparse.Namespace, flood_kind: str = ""
) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Completions by `args.browsers` browsers for `args.seconds`, with a flood alongside."""
    flooder = None
    context = multiprocessing.get_context("fork")
    statuses = context.Queue()
    if flood_kind:
        flooder = context.Process(
            target=flood,
            args=(flood_kind, base, args.flood_rate, args.flood_in_flight, args.seconds, statuses),
        )
        flooder.start()
    cpu, commits_before = _cpu_ticks(pid), _commits(commits)
    client_cpu = time.process_time()  # the browsers run in this process, beside the server
    load = closed_loop(walk, ANSWERS, base, args.browsers, args.seconds)
    client_cpu_ms = (time.process_time() - client_cpu) * 1000
    cpu_ms = (_cpu_ticks(pid) - cpu) * 1000 / os.sysconf("SC_CLK_TCK")
    committed = _commits(commits) - commits_before
    answered: dict[str, int] = {}
    if flooder is not None:
        answered = statuses.get(timeout=120)
        flooder.join()
    done = max(load.completions, 1)
    return {
        **({"flood_answers_by_status": answered} if flood_kind else {}),
        "completions_per_second": round(load.completions / load.seconds, 1),
        "p50_ms": load.percentile(50),
        "p99_ms": load.percentile(99),
        "completions": load.completions,
        "errors": load.errors,
        "first_error": load.first_error,
        "requests_per_completion": round(load.requests / done, 1),
        "connections_per_completion": round(load.connections / done, 1),
        "commits_per_completion": round(committed / done, 2),
        "server_cpu_ms_per_completion": round(cpu_ms / done, 1),
        "requests_per_second": round(load.requests / load.seconds, 1),
        "server_cpu_ms_per_request": round(cpu_ms / max(load.requests, 1), 2),
        "client_cpu_ms_per_completion": round(client_cpu_ms / done, 1),
    }


def code_identity(code: Path, env: dict[str, str]) -> dict[str, str]:
    """Which `objector` package a server started with `env` from `code` imports: its directory,
    the git revision there (if it is a checkout, with "+dirty" for uncommitted changes) and a
    digest of its Python sources, so that two runs can be told apart even without git."""
    found = subprocess.run(
        [sys.executable, "-c", "import objector, os; print(os.path.dirname(objector.__file__))"],
        env=env,
        cwd=code,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    package = Path(found)
    digest = hashlib.sha256()
    for source in sorted(package.rglob("*.py")):
        digest.update(str(source.relative_to(package)).encode() + b"\0" + source.read_bytes())
    rev = subprocess.run(  # noqa: S603
        ["git", "-C", str(code), "rev-parse", "--short", "HEAD"],  # noqa: S607
        capture_output=True,
        text=True,
    )
    dirty = subprocess.run(  # noqa: S603
        ["git", "-C", str(code), "status", "--porcelain", "--", "objector"],  # noqa: S607
        capture_output=True,
        text=True,
    )
    revision = rev.stdout.strip() if rev.returncode == 0 else "not a git checkout"
    if rev.returncode == 0 and dirty.stdout.strip():
        revision += "+dirty"
    return {
        "directory": str(code),
        "objector_package": str(package),
        "git_revision": revision,
        "sources_sha256": digest.hexdigest()[:16],
    }


def _ratio(a: dict[str, object], b: dict[str, object], key: str) -> float:
    return round(float(a[key]) / float(b[key] or 1), 3)  # type: ignore[arg-type]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8, help="each measurement (default 8)")
    parser.add_argument("--browsers", type=int, default=8, help="people at once (default 8)")
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument(
        "--flood-rate", type=float, default=50, help="attempts a second in each flood (default 50)"
    )
    parser.add_argument("--flood-in-flight", type=int, default=8)
    parser.add_argument("--sessions", type=int, default=20000, help="drafts for the wrk submit")
    parser.add_argument("--no-floods", action="store_true")
    parser.add_argument(
        "--rounds",
        type=int,
        default=2,
        help="floods of each kind, each between two quiet measurements (default 2)",
    )
    parser.add_argument(
        "--floods-only",
        action="store_true",
        help="only the questionnaire, quiet and flooded: no anchor, no final submit (wrk)",
    )
    parser.add_argument(
        "--submit-only",
        action="store_true",
        help="only the final submit (wrk): no anchor, no questionnaire, no floods",
    )
    parser.add_argument(
        "--code-from",
        type=Path,
        default=REPO,
        metavar="DIR",
        help="serve Objector from this checkout (default: the bench's own)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=0,
        help="gunicorn threads per worker for both servers (default: as objector run has it)",
    )
    args = parser.parse_args()
    wrk = shutil.which("wrk")
    if wrk is None and not args.floods_only:
        sys.exit("bench/intake.py needs wrk: apt-get install wrk")

    # Objector's code, for the server, its migrations and this process's own set-up: DIR comes
    # first on the path of every process, ahead of the editable install of the bench's tree.
    code = args.code_from.resolve()
    if not (code / "objector" / "__init__.py").is_file():
        sys.exit(f"--code-from {code}: no objector package there")
    sys.path.insert(0, str(code))
    os.environ["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(code), os.environ.get("PYTHONPATH", "")) if p
    )
    os.chdir(code)
    work, env = fresh_environment()
    if args.threads:
        env["GUNICORN_CMD_ARGS"] = f"--threads {args.threads}"
    from objector.accounts.actions import organisation_setup
    from objector.intake.models import Request

    organisation_setup(
        name="Benchmark",
        username="bench_admin",
        password="synthetic-bench-password-1",  # noqa: S106 -- a throwaway benchmark database
        passphrase="synthetic bench passphrase",  # noqa: S106
    )
    load_before = os.getloadavg()
    raw = raw_commit_rate(work, seconds=2)
    commits = work / "commits"
    commits.mkdir()
    counting = {
        "PYTHONPATH": os.pathsep.join((str(code), str(REPO / "bench" / "counting"))),
        "OBJECTOR_BENCH_COMMITS": str(commits),
    }
    # The anchor is served with objector run's gunicorn settings (worker class, threads).
    gunicorn = [
        sys.executable,
        "-m",
        "gunicorn",
        "-c",
        "python:objector.service.gunicorn_conf",
        "--bind",
        "{bind}",
        "--workers",
        str(args.web_workers),
    ]

    # The anchor: a bare Django project's one form, in the same run.
    anchor_dir = Path(tempfile.mkdtemp(prefix="objector-anchor-"))
    anchor_env = anchor_project(anchor_dir)
    anchor_env = {**env, **anchor_env, "PYTHONPATH": f"{anchor_dir}:{counting['PYTHONPATH']}"}
    anchor_env["OBJECTOR_BENCH_COMMITS"] = str(commits)
    anchor_command = [*gunicorn, "anchorapp.wsgi:application"]
    anchor: dict[str, object] = {"completions_per_second": 0, "requests_per_second": 0}
    if not (args.floods_only or args.submit_only):
        with serve(anchor_command, anchor_env, cwd=anchor_dir, health="/form") as (base, pid):
            anchor = measure(anchor_form, base, pid, commits, args)

    objector_env = {**env, **counting, "OBJECTOR_TRUSTED_PROXY": "1"}
    run = [sys.executable, "-m", "objector.cli", "run", "--no-worker", "--no-migrate", "--bind"]
    phases: dict[str, dict[str, object]] = {}
    run += ["{bind}", "--web-workers", str(args.web_workers)]
    floods: dict[str, list[float]] = {}
    served = code_identity(code, objector_env)
    import objector

    if Path(objector.__file__).parent != Path(served["objector_package"]):
        sys.exit(f"the bench imported {objector.__file__}, the server {served}")
    with serve(run, objector_env, cwd=code) as (base, pid):
        # Quiet and flood measurements alternate, so that each flood is compared with the
        # quiet figures just before and just after it: on a shared machine the quiet figure
        # itself drifts by a third within a minute.
        quiets = [] if args.submit_only else [measure(questionnaire, base, pid, commits, args)]
        for _round in range(0 if args.no_floods or args.submit_only else args.rounds):
            for kind in FLOODS:
                flooded = measure(questionnaire, base, pid, commits, args, kind)
                quiets.append(measure(questionnaire, base, pid, commits, args))
                around = (
                    float(quiets[-2]["completions_per_second"])  # type: ignore[arg-type]
                    + float(quiets[-1]["completions_per_second"])  # type: ignore[arg-type]
                ) / 2
                flooded["quiet_around"] = round(around, 1)
                ratio = float(flooded["completions_per_second"]) / around  # type: ignore[arg-type]
                flooded["ratio_to_quiet"] = round(ratio, 3)
                phases.setdefault(f"flood_{kind}", {"rounds": []})
                phases[f"flood_{kind}"]["rounds"].append(flooded)  # type: ignore[attr-defined]
                floods.setdefault(f"flood_{kind}", []).append(round(ratio, 3))
        nothing = dict.fromkeys(("completions_per_second", "requests_per_second", "errors"), 0)
        phases["quiet"] = quiets[0] if quiets else nothing
        phases["quiet_again"] = quiets[-1] if quiets else phases["quiet"]
        # --floods-only: no final submit measured (zeros in the output).
        submit: dict[str, float] = dict.fromkeys(
            ("per_second", "p50_ms", "p99_ms", "requests", "stored", "non_3xx"), 0
        )
        submit["server_cpu_ms_per_submit"] = 0
        if not args.floods_only:
            sessions = seed_sessions(args.sessions)
            items = ",".join(f'{{"{s}","{c}","{k}","{d}"}}' for s, c, k, d in sessions)
            script = work / "submit.lua"
            script.write_text(LUA % {"items": items, "threads": 2}, encoding="utf-8")
            before = Request.objects.count()
            cpu = _cpu_ticks(pid)
            submit = run_wrk(wrk, script, base, args)  # type: ignore[arg-type]
            cpu_ms = (_cpu_ticks(pid) - cpu) * 1000 / os.sysconf("SC_CLK_TCK")
            submit["server_cpu_ms_per_submit"] = round(cpu_ms / max(submit["requests"], 1), 2)
            submit["stored"] = Request.objects.count() - before

    flood_to_quiet = {name: round(statistics.median(r), 3) for name, r in floods.items()}
    quiet_all = [q["completions_per_second"] for q in quiets]
    whole = phases["quiet"]
    figures: dict[str, object] = {
        "benchmark": "intake",
        "code": served,
        "whole_questionnaire": whole,
        "anchor_bare_django_form": anchor,
        # The anchor's completion is three requests (form, POST, thanks), the questionnaire's
        # many more: the ratios are per request and for the one POST that stores a row.
        "ratio_requests_per_second_to_anchor": _ratio(whole, anchor, "requests_per_second"),
        "ratio_completions_to_anchor": _ratio(whole, anchor, "completions_per_second"),
        "final_submit": {
            "submissions_per_second": submit["per_second"],
            "p50_ms": submit["p50_ms"],
            "p99_ms": submit["p99_ms"],
            "requests": submit["requests"],
            "stored": submit["stored"],
            "non_3xx_responses": submit["non_3xx"],
            "server_cpu_ms_per_submit": submit["server_cpu_ms_per_submit"],
        },
        "ratio_final_submit_to_anchor_completions": round(
            submit["per_second"] / (float(anchor["completions_per_second"]) or 1),  # type: ignore[arg-type]
            3,  # type: ignore[arg-type]
        ),
        "floods": {name: phases[name] for name in phases if name.startswith("flood_")},
        "quiet_again": phases.get("quiet_again"),
        "quiet_all": quiet_all,
        # The median over rounds of each flood's completions a second against the mean of
        # the quiet measurements just before and just after it.
        "flood_to_quiet": flood_to_quiet,
        "flood_rounds": args.rounds,
        "flood_rate_per_second": args.flood_rate,
        "raw_sqlite_commits_per_second": round(raw, 1),
        "web_workers": args.web_workers,
        "threads": args.threads or "objector run's",
        "browsers": args.browsers,
        "seconds_per_measurement": args.seconds,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        **machine(),
    }
    figures["meets_targets"] = {
        "whole_150_per_second": whole["completions_per_second"] >= 150,  # type: ignore[operator]
        "not_below_anchor_per_request": figures["ratio_requests_per_second_to_anchor"] >= 1,  # type: ignore[operator]
        "final_submit_400_p99_100ms": submit["per_second"] >= 400 and submit["p99_ms"] < 100,
        "floods_0_8_of_quiet": all(r >= 0.8 for r in flood_to_quiet.values()),
        "no_errors": whole["errors"] == 0 and submit["non_3xx"] == 0,
    }
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(anchor_dir, ignore_errors=True)
    return 0 if all(figures["meets_targets"].values()) else 1  # type: ignore[union-attr]


if __name__ == "__main__":
    sys.exit(main())
