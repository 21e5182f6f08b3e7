"""A process of the service's own user, with no privilege beyond it: what it can read of the
service's processes through /proc (red team, round 11).

CI runs as root, and root reads every process. A root process with an empty capability bounding
set keeps uid 0 but loses every capability at exec (no CAP_SYS_PTRACE, no CAP_DAC_OVERRIDE):
towards processes started the same way it stands exactly where a compromised web worker stands
towards its siblings under an unprivileged user. So the service under test is started
`capless`, and the attacker too. On a developer's machine as an ordinary user, dropping the
bounding set fails and changes nothing: both already run as one unprivileged user.

The probe opens /proc/PID/environ and /proc/PID/mem, which the kernel allows only under
ptrace's access check (PTRACE_MODE_READ, and ATTACH for mem): a non-dumpable process
(PR_SET_DUMPABLE 0) refuses both to every process of its user that lacks CAP_SYS_PTRACE.
Yama's ptrace_scope (Ubuntu's default 1) restricts ATTACH only, so /proc/PID/environ answers
the question on every kernel: readable means dumpable."""

from __future__ import annotations

import contextlib
import ctypes
import json
import subprocess
import sys
from pathlib import Path

PR_CAPBSET_DROP = 24
LAST_CAPABILITY = 63

PROBE = """
import json, sys
seen = {}
for pid in sys.argv[1:]:
    try:
        with open(f"/proc/{pid}/environ", "rb") as f:
            f.read(1)
        seen[pid] = True
    except PermissionError:
        seen[pid] = False
    except (FileNotFoundError, ProcessLookupError):
        seen[pid] = None
print(json.dumps(seen))
"""


def capless() -> None:
    """preexec_fn: no capability survives the exec that follows (uid unchanged)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in range(LAST_CAPABILITY + 1):
        libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0)


def readable(pids: list[int]) -> dict[int, bool | None]:
    """Which of `pids` a capless process of the same user can read (None: gone)."""
    done = subprocess.run(  # noqa: S603 - our own interpreter and probe
        [sys.executable, "-c", PROBE, *map(str, pids)],
        preexec_fn=capless,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return {int(pid): seen for pid, seen in json.loads(done.stdout).items()}


def tree(root: int) -> list[int]:
    """`root` and every descendant of it."""
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        for task in Path(f"/proc/{pid}/task").glob("*"):
            with contextlib.suppress(FileNotFoundError):
                todo += [int(p) for p in (task / "children").read_text().split()]
    return found


def name(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()[:160]
    except FileNotFoundError:
        return "(gone)"
