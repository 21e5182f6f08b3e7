"""The shipped systemd units are valid (systemd-analyze verify) and start: each ExecStart is run
as systemd would run it, against a fresh data directory, and the parts find each other (the
web server answers /healthz 200 with the key-holder up; a worker completes a job). (The
container set-up in deploy/container is not tested here: docker cannot run on this machine.)"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from .cli import objector
from .running import free_port, health, until

REPO = Path(__file__).resolve().parents[2]
UNITS = REPO / "deploy" / "systemd"
VENV = Path(os.environ.get("VIRTUAL_ENV") or REPO / ".venv")


def _local(text: str, data: Path) -> str:
    """The unit as it would run on this machine: this checkout's venv, this user."""
    lines = []
    for line in text.replace("/opt/objector/.venv", str(VENV)).splitlines():
        if line.startswith(("User=", "Group=")):
            continue
        if line.startswith("EnvironmentFile="):
            line = f"Environment=OBJECTOR_DATA_DIR={data}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def _exec(unit: str, key: str) -> list[str]:
    for line in (UNITS / unit).read_text().splitlines():
        if line.startswith(f"{key}="):
            return shlex.split(line.split("=", 1)[1].replace("/opt/objector/.venv", str(VENV)))
    raise AssertionError(f"{unit} has no {key}")


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze")
def test_the_units_verify(tmp_path: Path) -> None:
    for unit in UNITS.iterdir():
        if unit.suffix in (".service", ".timer", ".target"):
            (tmp_path / unit.name).write_text(_local(unit.read_text(), tmp_path / "data"))
    names = sorted(p.name for p in tmp_path.iterdir() if "@" not in p.name)
    done = subprocess.run(  # noqa: S603
        ["systemd-analyze", "verify", *names],  # noqa: S607
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_the_units_start_and_find_each_other(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {**os.environ, "OBJECTOR_DATA_DIR": str(data)}
    port = free_port()
    pre = _exec("objector-web.service", "ExecStartPre")
    assert subprocess.run(pre, env=env, check=False).returncode == 0  # noqa: S603
    web = _exec("objector-web.service", "ExecStart")
    web[web.index("--bind") + 1] = f"127.0.0.1:{port}"
    processes = [
        subprocess.Popen(argv, env=env)  # noqa: S603 - the units' own commands
        for argv in (
            _exec("objector-keyholder.service", "ExecStart"),
            web,
            _exec("objector-worker@.service", "ExecStart"),
        )
    ]
    try:
        until(lambda: health(port)[0] == 200, what="the web unit")
        done = objector("health", "--worker", "--timeout", "60", env=env)
        assert done.returncode == 0, done.stderr
        hourly = _exec("objector-hourly.service", "ExecStart")
        assert subprocess.run(hourly, env=env, check=False).returncode == 0  # noqa: S603
        # The key-holder's unit stopped: /healthz says so.
        processes[0].send_signal(signal.SIGTERM)
        processes[0].wait(timeout=20)
        until(lambda: health(port) == (503, {"status": "unavailable", "down": ["keyholder"]}))
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
