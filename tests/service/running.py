"""Helpers for the tests that run the real service in subprocesses (`objector run`, the
supervisor, the restore drill, the systemd units): start it on a free loopback port in its own
data directory, wait for it, and look at its parts through run-status.json and /proc."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .cli import OBJECTOR, objector


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_run(env: dict[str, str], cwd: Path, port: int, *more: str) -> subprocess.Popen[str]:
    """`objector run` with one web worker on a loopback port."""
    return subprocess.Popen(  # noqa: S603 - our own entry point
        [*OBJECTOR, "run", "--bind", f"127.0.0.1:{port}", "--web-workers", "1", *more],
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def set_up(data: Path, *, task_workers: int) -> dict[str, str]:
    """A migrated, set-up service in `data`, on the embedded default database (never the
    suite's PostgreSQL); the environment to run it with."""
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "OBJECTOR_DATA_DIR": str(data),
        "OBJECTOR_TASK_WORKERS": str(task_workers),
        "OBJECTOR_SETUP_PASSWORD": "synthetic-password-9431",
        "OBJECTOR_SETUP_PASSPHRASE": "synthetic unlock passphrase",
    }
    assert objector("migrate", "-v0", env=env).returncode == 0
    setup = objector("setup", "--organisation", "Synthetic", "--username", "admin", env=env)
    assert setup.returncode == 0, setup.stderr
    return env


def health(port: int) -> tuple[int, dict[str, Any]]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=3) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())
    except OSError:
        return 0, {}


def until(check: Callable[[], object], timeout: float = 60.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead, waiting for its parent to collect it.
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split(") ")[1][0] != "Z"


def children_of(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        found += [int(p) for p in (task / "children").read_text().split()]
    return found


def parts(data: Path) -> dict[str, Any]:
    return dict(json.loads((data / "run-status.json").read_text())["parts"])
