"""`objector run`: a real gunicorn and a real task worker, reached over HTTP, stopped by SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import time
import urllib.request
from pathlib import Path

import pytest

from .cli import objector
from .running import free_port, start_run


def wait_for(url: str, timeout: float) -> dict[str, str]:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                return json.loads(response.read())  # type: ignore[no-any-return]
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.fixture
def service(tmp_path: Path):
    env = {**os.environ, "OBJECTOR_DATA_DIR": str(tmp_path / "data")}
    port = free_port()
    proc = start_run(env, tmp_path, port)
    try:
        yield proc, port, env, tmp_path
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_it_serves_http_and_runs_background_jobs_until_stopped(service) -> None:
    proc, port, env, cwd = service
    assert wait_for(f"http://127.0.0.1:{port}/healthz", timeout=60) == {"status": "ok"}

    done = objector("health", "--worker", "--timeout", "60", env=env, cwd=cwd)
    assert done.returncode == 0, done.stderr
    assert "worker: ok" in done.stdout

    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 0
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)


def test_health_reports_a_missing_worker(tmp_path: Path) -> None:
    env = {**os.environ, "OBJECTOR_DATA_DIR": str(tmp_path / "data")}
    assert objector("migrate", "-v0", env=env).returncode == 0
    done = objector("health", "--worker", "--timeout", "1", env=env, timeout=60)
    assert done.returncode == 1
    assert "no worker completed a job within 1 s" in done.stderr


def test_it_serves_the_telegram_bot_against_the_fake_api(tmp_path: Path) -> None:
    """`objector run --fake-telegram`: the fake Bot API and the bot start with the service, and
    the demo's scripted conversation ends with a reference code."""
    env = {
        **os.environ,
        "OBJECTOR_DATA_DIR": str(tmp_path / "data"),
        "OBJECTOR_SETUP_PASSWORD": "synthetic-password-9431",
        "OBJECTOR_SETUP_PASSPHRASE": "synthetic unlock passphrase",
    }
    assert objector("migrate", "-v0", env=env).returncode == 0
    setup = objector("setup", "--organisation", "Synthetic", "--username", "admin", env=env)
    assert setup.returncode == 0, setup.stderr
    port, api_port = free_port(), free_port()
    proc = start_run(env, tmp_path, port, "--fake-telegram", "--fake-telegram-port", str(api_port))
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", timeout=60)
        demo_env = {**env, "OBJECTOR_TELEGRAM_API": f"http://127.0.0.1:{api_port}"}
        done = objector("telegram_demo", env=demo_env, timeout=120)
        assert done.returncode == 0, done.stderr
        assert "Обращение принято. Код: " in done.stdout
        assert "Передано юристу" in done.stdout
        assert "Ответов юриста пока нет" in done.stdout
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
