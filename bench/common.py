"""What the HTTP benchmarks share: a fresh data directory, a real server, a machine summary."""

from __future__ import annotations

import os
import platform
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

RUN = [sys.executable, "-m", "objector.cli"]


def fresh_environment(work: Path | None = None) -> tuple[Path, dict[str, str]]:
    """A data directory on SQLite (a new one unless given), migrated, with Django set up in
    this process too."""
    work = work or Path(tempfile.mkdtemp(prefix="objector-bench-"))
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(OBJECTOR_DATA_DIR=str(work / "data"), DJANGO_SETTINGS_MODULE="objector.settings")
    os.environ.update(env)
    os.environ.pop("DATABASE_URL", None)
    subprocess.run([*RUN, "migrate", "-v0"], env=env, check=True)  # noqa: S603
    import django

    django.setup()
    return work, env


def wait_healthy(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - loopback only
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@contextmanager
def server(env: dict[str, str], web_workers: int) -> Iterator[str]:
    """`objector run --no-worker` on a free loopback port; yields its base URL."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(  # noqa: S603 - our own entry point
        [
            *RUN,
            "run",
            "--no-worker",
            "--no-migrate",
            "--bind",
            f"127.0.0.1:{port}",
            "--web-workers",
            str(web_workers),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base + "/healthz")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def machine() -> dict[str, str]:
    return {
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "load_average_1_5_15_min": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
