"""The real `objector run`, against a process of its own user (red team, round 11).

The threat model promises that such a process (a compromised web worker, a shell as the
service's user) cannot read the memory of the key-holder, the task workers, the bot or the other
web workers. Round 9 made those non-dumpable, but not `objector run` itself, which mints every
role's capability and keeps them all in memory, nor gunicorn's master, which keeps the web's
capability and the throttle's key: reading either gave a shell with no capability the web
role (unlock, wrap, 6,000 keys a minute) and the worker's budget. Every process of the running
service is checked here, the bot's included, and a document's reading child."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from .cli import OBJECTOR
from .running import free_port, health, parts, set_up, until
from .same_user import capless, name, readable, tree


def test_the_probe_reads_a_dumpable_process_of_its_user() -> None:
    """The control: what the probe cannot read below is closed, not out of its reach."""
    sleeper = subprocess.Popen(
        ["/bin/sleep", "30"],
        preexec_fn=capless,
    )
    try:
        time.sleep(0.2)
        assert readable([sleeper.pid]) == {sleeper.pid: True}
    finally:
        sleeper.kill()
        sleeper.wait()


def test_no_process_of_the_running_service_can_be_read_by_its_user(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = set_up(data, task_workers=1)
    port, api_port = free_port(), free_port()
    command = [
        *OBJECTOR,
        "run",
        "--bind",
        f"127.0.0.1:{port}",
        "--web-workers",
        "2",
        "--fake-telegram",
        "--fake-telegram-port",
        str(api_port),
    ]
    proc = subprocess.Popen(  # noqa: S603 - our own entry point
        command,
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=capless,
    )
    try:
        until(lambda: health(port)[0] == 200, what="the service")
        until(lambda: all(p["state"] == "running" for p in parts(data).values()), what="every part")
        # The web workers (two, forked by the master), the task worker, the key-holder, both
        # bot processes, the fake API and `objector run` itself.
        until(lambda: len(tree(proc.pid)) >= 9, what="gunicorn's workers")
        pids = tree(proc.pid)
        seen = readable(pids)
        open_to_the_user = [name(pid) for pid, ok in seen.items() if ok]
        assert open_to_the_user == []
        assert len([ok for ok in seen.values() if ok is False]) >= 9
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# A task worker's reading of one document, as the service runs it: a capless interpreter asks
# the fork server for a bounded child, and prints the fork server's pid and the child's while
# the child works.
READING = """
import sys, threading, time
from multiprocessing import forkserver
from objector.documents import sandbox
from tests.service.same_user import tree
reader = threading.Thread(
    target=sandbox.run_bounded, args=(time.sleep, 5), kwargs={"seconds": 30, "memory_mb": 256}
)
reader.start()
deadline = time.monotonic() + 30
while time.monotonic() < deadline:
    server = forkserver._forkserver._forkserver_pid
    if server is not None and len(tree(server)) >= 2:
        print(" ".join(map(str, tree(server))), flush=True)
        break
    time.sleep(0.05)
reader.join()
"""


def test_a_documents_reading_child_cannot_be_read_by_its_user() -> None:
    """A document's decoded text and names live in a child of the documents' fork server
    (documents/sandbox.py). The fork server is a fresh interpreter (exec resets the dumpable
    flag), so until round 11 it and every child it forked could be read by the service's
    user, while the task worker that asked for them could not."""
    worker = subprocess.Popen(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", READING],
        cwd=Path(__file__).resolve().parents[2],
        stdout=subprocess.PIPE,
        text=True,
        preexec_fn=capless,
    )
    try:
        assert worker.stdout is not None
        pids = [int(pid) for pid in worker.stdout.readline().split()]
        assert len(pids) >= 2, "the fork server and its reading child"
        seen = readable(pids)
        assert [name(pid) for pid, ok in seen.items() if ok] == []
        assert worker.wait(timeout=60) == 0
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()


# A task worker's OCR of one page, as the service runs it, with a pause between Tesseract's
# start and its page: the pid of Tesseract as started before round 12 (plain exec, the
# control), then of Tesseract as ocr._tesseract starts it; then the page is read.
OCR = """
import io, subprocess, sys
from PIL import Image
from objector import undumpable
from objector.extraction import ocr
plain = subprocess.Popen(ocr.command(), stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
spawn = undumpable.spawn
def paused(argv, **popen):
    child = spawn(argv, **popen)
    print(plain.pid, child.pid, flush=True)
    sys.stdin.readline()
    return child
undumpable.spawn = paused
page = io.BytesIO()
Image.new("L", (400, 200), 255).save(page, format="PNG")
tsv = ocr._tesseract(page.getvalue())
plain.kill()
print(tsv.splitlines()[0].split("\\t")[0], flush=True)
"""


def test_tesseract_cannot_be_read_by_its_user_while_it_reads_a_page() -> None:
    """A scanned page is in Tesseract's memory while it reads it. Exec resets the dumpable flag,
    so until round 12 a process of the service's user read it there (/proc/PID/mem); now it runs
    from an execute-only copy (undumpable.spawn), which the kernel keeps non-dumpable."""
    worker = subprocess.Popen(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", OCR],
        cwd=Path(__file__).resolve().parents[2],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        preexec_fn=capless,
    )
    try:
        assert worker.stdin is not None and worker.stdout is not None
        plain, started = (int(pid) for pid in worker.stdout.readline().split())
        assert readable([plain, started]) == {plain: True, started: False}
        worker.stdin.write("go\n")
        worker.stdin.flush()
        assert worker.stdout.readline().strip() == "level"  # the page was read all the same
        assert worker.wait(timeout=120) == 0
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
