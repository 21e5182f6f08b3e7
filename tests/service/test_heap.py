"""Issue #13, round 8: a web worker's loaded code is frozen out of the garbage collector
(service/heap.py), through the real gunicorn and its real settings (`gunicorn_conf`). Before,
a collection of the oldest generation walked ~170,000 objects, 75 ms of CPU holding the GIL,
and stalled every submission (docs/benchmarks.md, round 8)."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

from .running import free_port, set_up, until

REPO = Path(__file__).resolve().parents[2]


def _probe(port: int) -> dict[str, int]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/gc-probe", timeout=10) as answer:
        return dict(json.loads(answer.read()))


def _up(port: int) -> bool:
    try:
        _probe(port)
    except OSError:
        return False
    return True


def test_a_web_worker_s_collections_walk_only_what_its_requests_left(tmp_path: Path) -> None:
    env = set_up(tmp_path / "data", task_workers=0)
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - gunicorn with the service's own settings
        [
            sys.executable, "-m", "gunicorn", "-c", "python:objector.service.gunicorn_conf",
            "--bind", f"127.0.0.1:{port}", "--workers", "1", "tests.service.gc_probe:application",
        ],
        env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        until(lambda: _up(port), what="gunicorn")
        first = _probe(port)
        # Loaded, then frozen: Django, every view, the legal engine's tables.
        assert first["frozen"] > 50_000
        assert first["walked"] < first["frozen"] / 10
        for _ in range(50):  # the start page, as the questionnaire's first request
            urllib.request.urlopen(f"http://127.0.0.1:{port}/intake/", timeout=10).read()
        later = _probe(port)
        # Frozen once, before the first request: nothing a request made is kept from the
        # collector (a request's cycles carry its answers), and little was left to load.
        assert later["frozen"] <= first["frozen"]  # (frozen objects are still freed by count)
        assert later["walked"] < first["frozen"] / 20
    finally:
        server.terminate()
        server.wait(timeout=30)
