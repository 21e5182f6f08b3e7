"""`objector run`'s supervisor: starts the web server, the task workers, the key-holder and the
bot, restarts any that dies (with a growing pause, so a crash loop does not spin), and never
leaves an orphan behind:

- every child gets PR_SET_PDEATHSIG, so the kernel kills it when the supervisor dies, even by
  SIGKILL; gunicorn's workers get the same towards their master (gunicorn_conf.post_fork), so
  a killed master frees the port at once instead of leaving workers bound to it;
- it mints a capability per role at each start (web, worker, bot) and hands each child its
  own, and the key-holder all of them, through a pipe (vault/keyholder.py: what each role may
  ask of the key-holder);
- the supervisor writes each part's state to `run-status.json` in the data directory every
  second; `/healthz` reads it and answers 503 when a part is down.

Linux only (prctl); the systemd units in deploy/ are the other way to run the service.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from objector.vault import keyholder

PR_SET_PDEATHSIG = 1
STATUS_FILE = "run-status.json"
FRESH_SECONDS = 5.0  # an older status file means the supervisor is gone
BACKOFF_MAX = 30.0


def die_with_parent(sig: int = signal.SIGKILL, *, parent: int | None = None) -> None:
    """Ask the kernel to send `sig` to this process when its parent dies (Linux)."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, sig, 0, 0, 0)
    if parent is not None and os.getppid() != parent:  # it died before the prctl took effect
        os.kill(os.getpid(), sig)


@dataclass
class Child:
    name: str
    argv: list[str]
    env: dict[str, str] | None = None
    # Handed to the child through a pipe at each start (vault.keyholder.capability_load).
    capability: dict[str, object] | None = None
    proc: subprocess.Popen[bytes] | None = None
    restarts: int = 0
    next_start: float = 0.0
    started_at: float = 0.0
    last_exit: int | None = None
    history: list[float] = field(default_factory=list)

    def start(self) -> None:
        parent = os.getpid()
        env = self.env
        fds: tuple[int, ...] = ()
        if self.capability is not None:
            fd = keyholder.capability_pipe(self.capability)
            env = {**(self.env or os.environ), keyholder.CAPABILITY_FD: str(fd)}
            fds = (fd,)
        try:
            self.proc = subprocess.Popen(  # noqa: S603 - fixed argv of our own programs
                self.argv,
                env=env,
                pass_fds=fds,
                # Runs between fork and exec; the supervisor starts no threads, so this is safe.
                preexec_fn=lambda: die_with_parent(signal.SIGTERM, parent=parent),
            )
        finally:
            for fd in fds:
                os.close(fd)
        self.started_at = time.monotonic()

    def state(self) -> str:
        if self.proc is not None and self.proc.poll() is None:
            return "running"
        return "restarting"


class Supervisor:
    def __init__(self, children: Sequence[Child], status_path: Path) -> None:
        self.children = list(children)
        self.status_path = status_path
        self.stopping = False

    def stop(self, signum: int = 0, frame: object = None) -> None:
        self.stopping = True

    def run(self, every: Callable[[], None] | None = None, log: IO[str] = sys.stderr) -> int:
        for child in self.children:
            child.start()
        while not self.stopping:
            now = time.monotonic()
            for child in self.children:
                proc = child.proc
                if proc is not None and proc.poll() is not None:
                    child.last_exit = proc.returncode
                    child.proc = None
                    # A child that ran for a minute restarts at once; one that keeps dying
                    # waits longer each time, up to BACKOFF_MAX.
                    child.history = [t for t in child.history if now - t < 60] + [now]
                    pause = min(BACKOFF_MAX, 0.5 * 2 ** (len(child.history) - 1))
                    child.next_start = now + (0 if len(child.history) == 1 else pause)
                    log.write(
                        f"objector run: {child.name} exited ({child.last_exit}); restarting"
                        f" / {child.name} завершился ({child.last_exit}); перезапуск\n"
                    )
                    log.flush()
                if child.proc is None and now >= child.next_start:
                    child.restarts += 1
                    child.start()
            self.write_status()
            if every is not None:
                every()
            time.sleep(0.2)
        self.shutdown()
        self.status_path.unlink(missing_ok=True)
        return 0

    def write_status(self) -> None:
        status = {
            "pid": os.getpid(),
            "at": time.time(),
            "parts": {
                c.name: {
                    "state": c.state(),
                    "pid": c.proc.pid if c.proc is not None else None,
                    "restarts": c.restarts,
                    "last_exit": c.last_exit,
                }
                for c in self.children
            },
        }
        staged = self.status_path.with_suffix(".tmp")
        staged.write_text(json.dumps(status), encoding="utf-8")
        os.replace(staged, self.status_path)

    def shutdown(self) -> None:
        running = [c.proc for c in self.children if c.proc is not None and c.proc.poll() is None]
        for proc in running:
            proc.terminate()
        for proc in running:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def status_read(data_dir: Path) -> dict[str, object] | None:
    """The supervisor's last word on each part, or None when no supervisor is running."""
    try:
        status = json.loads((data_dir / STATUS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(status, dict) or time.time() - float(status.get("at", 0)) > FRESH_SECONDS:
        return None
    return status
