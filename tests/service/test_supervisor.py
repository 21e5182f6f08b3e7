"""`objector run` as a supervisor, for real: children killed with SIGKILL come back, a killed
gunicorn master leaves no worker holding the port, a killed supervisor takes every child with
it, and /healthz names what is down meanwhile."""

from __future__ import annotations

import json
import os
import signal
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .running import alive, children_of, free_port, health, parts, set_up, start_run, until


def _log(data: Path) -> list[dict]:
    lines = (data / "keyholder-audit.log").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def _roles(data: Path) -> set[str]:
    return {entry["role"] for entry in _log(data)}


@pytest.fixture
def running(tmp_path: Path):
    data = tmp_path / "data"
    env = set_up(data, task_workers=2)
    port = free_port()
    proc = start_run(env, tmp_path, port)
    try:
        until(lambda: health(port)[0] == 200, what="the service to start")
        yield proc, port, data, env, tmp_path
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_killed_parts_come_back_and_health_says_what_is_down(running) -> None:
    proc, port, data, _, _ = running
    assert set(parts(data)) == {"web", "keyholder", "worker-1", "worker-2"}
    # Each part asks the key-holder in its own role, by the capability the supervisor handed it
    # (/healthz from the web; the hourly jobs' audit entries from a worker).
    until(lambda: {"web", "worker"} <= _roles(data), what="the web and a worker in their roles")
    assert not _roles(data) & {"service", "unknown"}

    # The key-holder, killed: reported down, restarted (sealed); intake never stops.
    keyholder = parts(data)["keyholder"]["pid"]
    os.kill(keyholder, signal.SIGKILL)
    until(lambda: parts(data)["keyholder"]["pid"] not in (None, keyholder), what="a new keyholder")
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/intake/", timeout=30) as r:
        assert r.status == 200
    until(lambda: health(port)[0] == 200, what="health after the keyholder's restart")
    # The restarted key-holder got the same capabilities: the web is still the web.
    assert [e["role"] for e in _log(data) if e["op"] == "status"][-1] == "web"

    # A task worker, killed: reported, restarted.
    worker = parts(data)["worker-1"]["pid"]
    os.kill(worker, signal.SIGKILL)
    until(lambda: parts(data)["worker-1"]["restarts"] == 1, what="the worker's restart")

    # The gunicorn master, killed: its workers die with it and the new master binds the port.
    master = parts(data)["web"]["pid"]
    workers = children_of(master)
    assert workers
    os.kill(master, signal.SIGKILL)
    until(lambda: not any(alive(w) for w in workers), what="orphaned workers to die")
    until(lambda: parts(data)["web"]["restarts"] == 1, what="the web server's restart")
    until(lambda: health(port)[0] == 200, what="the port to be served again")
    assert proc.poll() is None


def test_a_killed_supervisor_leaves_no_orphan(running) -> None:
    proc, port, data, env, cwd = running
    pids = [p["pid"] for p in parts(data).values()]
    pids += children_of(parts(data)["web"]["pid"])
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    until(lambda: not any(alive(p) for p in pids), what="every child to die")
    # So a new `objector run` binds the same port at once.
    again = start_run(env, cwd, port)
    try:
        until(lambda: health(port)[0] == 200, what="the restarted service")
    finally:
        again.send_signal(signal.SIGTERM)
        assert again.wait(timeout=30) == 0
