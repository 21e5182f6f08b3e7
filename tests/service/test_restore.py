"""The restore drill: the service takes requests over HTTP; a backup is taken mid-load; the
service is killed (SIGKILL, leaving its -wal behind, as a crash does); `objector restore`
refuses while it runs, then restores, and every request acknowledged before the backup is
there and opens with its receipt. The restored database is whole and its audit chain too."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import threading
import time
from datetime import date
from pathlib import Path

from .cli import objector
from .http_intake import Requester
from .running import alive, children_of, free_port, health, parts, set_up, start_run, until

CHECK = """
import json, os
from objector.intake.actions import request_by_receipt
pairs = json.loads(os.environ["DRILL_RECEIPTS"])
opened = [r for r, s in pairs if request_by_receipt(reference=r, secret=s) is not None]
print(json.dumps({"opened": len(opened), "of": len(pairs)}))
"""


def test_the_restore_drill(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = set_up(data, task_workers=1)
    port = free_port()
    proc = start_run(env, tmp_path, port)
    acknowledged: list[tuple[float, str, str]] = []
    stop = threading.Event()

    def load() -> None:
        while not stop.is_set():
            try:
                reference, secret = Requester(f"http://127.0.0.1:{port}").submit(date.today())
            except OSError:
                return  # the service was killed under us
            acknowledged.append((time.monotonic(), reference, secret))

    try:
        until(lambda: health(port)[0] == 200, what="the service")
        loader = threading.Thread(target=load, daemon=True)
        loader.start()
        until(lambda: len(acknowledged) >= 3, what="the first requests")
        started = time.monotonic()
        made = objector("backup", env=env)
        assert made.returncode == 0, made.stderr
        backup = Path(made.stdout.strip())
        assert backup.read_bytes()[:18] == b"OBJECTOR-BACKUP-1\n"
        before = [(r, s) for t, r, s in acknowledged if t < started]
        count = len(acknowledged)
        until(lambda: len(acknowledged) >= count + 2, what="requests after the backup")

        refused = objector("restore", str(backup), env=env)
        assert refused.returncode != 0 and "stop it first" in refused.stderr

        # The crash: everything killed at once, mid-request.
        pids = [p["pid"] for p in parts(data).values()] + children_of(parts(data)["web"]["pid"])
        for pid in [proc.pid, *pids]:
            os.kill(pid, signal.SIGKILL)
        proc.wait()
        stop.set()
        until(lambda: not any(alive(p) for p in pids), what="the children to die")
    finally:
        stop.set()
        if proc.poll() is None:
            proc.kill()
            proc.wait()

    database = data / "objector.sqlite3"
    assert Path(f"{database}-wal").exists()  # the crash left its log behind
    restored = objector("restore", str(backup), env=env)
    assert restored.returncode == 0, restored.stderr
    assert not Path(f"{database}-wal").exists() or Path(f"{database}-wal").stat().st_size == 0
    check = sqlite3.connect(database)
    try:
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        check.close()
    # Nothing broken; the HMACs wait for an unlock (the key-holder is not running).
    verified = objector("audit", "verify", env=env)
    assert verified.returncode in (0, 2), verified.stdout + verified.stderr
    assert "broken" not in verified.stderr

    # Every request acknowledged before the backup is there, and its receipt opens it.
    checked = objector("shell", "-c", CHECK, env={**env, "DRILL_RECEIPTS": json.dumps(before)})
    assert checked.returncode == 0, checked.stderr
    assert json.loads(checked.stdout.strip().splitlines()[-1]) == {
        "opened": len(before),
        "of": len(before),
    }
    assert len(before) >= 3
