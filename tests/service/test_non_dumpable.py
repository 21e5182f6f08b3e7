"""The service's processes that keep personal data in memory are out of reach of other
processes of its user: no ptrace, no /proc/PID/mem, no core dump (PR_SET_DUMPABLE 0).

Red team, round 9: the key-holder was the only one. The task worker holds every linked name
while the vault is unlocked (objector.persons' index), and a web worker the names the cores
memoise across requests; a compromised web worker, running as the same user, could read them
all at once from the task worker's memory, past the key-holder's budget of keys a minute."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

# The real entry point, up to the moment Django's command would run: it reports instead.
ENTRY = """
import ctypes, sys
PR_GET_DUMPABLE = 3
import django.core.management as management
def report(argv):
    print(ctypes.CDLL(None).prctl(PR_GET_DUMPABLE, 0, 0, 0, 0))
management.execute_from_command_line = report
from objector.cli import main
main(sys.argv[1:])
"""

# gunicorn's hook, as gunicorn calls it in each new worker.
WORKER = """
import ctypes, os
PR_GET_DUMPABLE = 3
from types import SimpleNamespace
from objector.service import gunicorn_conf
gunicorn_conf.post_fork(None, SimpleNamespace(ppid=os.getppid()))
print(ctypes.CDLL(None).prctl(PR_GET_DUMPABLE, 0, 0, 0, 0))
"""


def _dumpable(code: str, *args: str, tmp_path: Path) -> str:
    done = subprocess.run(  # noqa: S603 -- our own interpreter and code
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "OBJECTOR_DATA_DIR": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.parametrize("command", ["db_worker", "telegram"])
def test_the_task_worker_and_the_bot_cannot_be_read_by_the_services_user(
    command: str, tmp_path: Path
) -> None:
    assert _dumpable(ENTRY, command, tmp_path=tmp_path) == "0"


def test_a_web_worker_cannot_be_read_by_the_services_user(tmp_path: Path) -> None:
    assert _dumpable(WORKER, tmp_path=tmp_path) == "0"


@pytest.mark.parametrize("command", ["run", "keyholder", "restore", "setup", "relink", "migrate"])
def test_every_command_is_out_of_reach_from_its_start(command: str, tmp_path: Path) -> None:
    """Round 11's red team: `objector run` (every role's capability), `restore` and `setup`
    (the private key), `relink` (every name) were readable; now every command is, first thing."""
    assert _dumpable(ENTRY, command, tmp_path=tmp_path) == "0"


def test_gunicorns_master_is_out_of_reach(tmp_path: Path) -> None:
    """It keeps the web's capability and the throttle's key (round 11's red team)."""
    code = "import ctypes\nimport objector.service.gunicorn_conf\n"
    code += "print(ctypes.CDLL(None).prctl(3, 0, 0, 0, 0))\n"
    assert _dumpable(code, tmp_path=tmp_path) == "0"
