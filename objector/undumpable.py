"""Out of reach of the other processes of the service's user: no ptrace, no /proc/PID/mem or
/proc/PID/environ, no core dump (PR_SET_DUMPABLE 0; docs/threat-model.md, "a process running
as the service's user"). Plain Python: the `objector` entry point calls it first thing, for
every command, and the documents' fork server on import (documents/undumpable.py).

Linux resets the flag at every exec, so a program the service starts (LibreOffice, Tesseract,
pg_dump) is readable by that user again while it runs, unless it is started with spawn(), from
an execute-only copy (Tesseract, since round 12): the threat model says which."""

from __future__ import annotations

import ctypes
import fcntl
import os
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any

PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3


def non_dumpable() -> None:
    """This process (and what it forks, not what it execs) out of reach of others of its user."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_DUMPABLE, 0) failed")


def dumpable() -> bool:
    return bool(ctypes.CDLL(None).prctl(PR_GET_DUMPABLE, 0, 0, 0, 0))


# What a program the service execs inherits of its environment. It is dumpable again (exec
# resets the flag), so a process of the service's user reads its /proc/PID/environ while it
# runs: LibreOffice and Tesseract got the whole environment, OBJECTOR_SECRET_KEY, DATABASE_URL
# with its password and the Telegram token included (red team, round 11). Only these pass.
EXEC_ENVIRONMENT = (
    "PATH",
    "LANG",
    "LANGUAGE",
    "LC_ALL",
    "LC_CTYPE",
    "LC_MESSAGES",
    "TZ",
    "TESSDATA_PREFIX",
    "FONTCONFIG_FILE",
    "FONTCONFIG_PATH",
)


def exec_environment(**extra: str) -> dict[str, str]:
    """The environment for a program the service execs: EXEC_ENVIRONMENT, and `extra`."""
    return {
        **{name: os.environ[name] for name in EXEC_ENVIRONMENT if name in os.environ},
        **extra,
    }


# A program the service execs is dumpable again (above), unless the kernel finds at exec that
# the process may not read the file it runs: then it stays non-dumpable (fs/exec.c,
# would_dump). So a program is run from a copy of itself in memory (memfd) whose mode is
# execute-only (0111) and whose content is sealed (F_SEAL_WRITE, ...): no process of the
# service's user can ptrace it or read /proc/PID/mem or environ, and none can change the copy
# (it is reachable only through this process's fds, which ptrace's check guards too). Root, or
# a process with CAP_DAC_OVERRIDE, reads any file, so under one the trick does nothing: the
# service runs as its own user (deploy/systemd), and spawn() checks the child when it can.
_MFD_CLOEXEC, _MFD_ALLOW_SEALING, _MFD_EXEC = 0x1, 0x2, 0x10
_F_ADD_SEALS = 1033
_SEALS = 0x1 | 0x2 | 0x4 | 0x8  # F_SEAL_SEAL, SHRINK, GROW, WRITE
_sealed_copies: dict[str, int] = {}
_copies_lock = threading.Lock()


class ReadableChild(OSError):
    """The program started readable by the service's user (its copy was not execute-only):
    killed before it was given anything; or it could not be started from its copy at all
    (vm.memfd_noexec=2). Either way it was given nothing: not started readable instead."""


def _sealed_copy(program: str) -> int:
    """An fd of an execute-only, sealed copy in memory of `program` (a path), made once per
    process."""
    real = os.path.realpath(program)
    with _copies_lock:
        held = _sealed_copies.get(real)
        if held is not None:
            return held
        content = Path(real).read_bytes()
        libc = ctypes.CDLL(None, use_errno=True)
        libc.memfd_create.restype = ctypes.c_int
        name = b"objector-exec-only"
        fd: int = libc.memfd_create(name, _MFD_CLOEXEC | _MFD_ALLOW_SEALING | _MFD_EXEC)
        if fd < 0:  # a kernel before 6.3 knows no MFD_EXEC: its memfds are executable anyway
            fd = libc.memfd_create(name, _MFD_CLOEXEC | _MFD_ALLOW_SEALING)
        if fd < 0:
            raise OSError(ctypes.get_errno(), "memfd_create failed")
        os.write(fd, content)
        os.fchmod(fd, 0o111)
        fcntl.fcntl(fd, _F_ADD_SEALS, _SEALS)
        _sealed_copies[real] = fd
        return fd


def _privileged() -> bool:
    """Whether this process reads any other process's memory anyway (CAP_SYS_PTRACE): root in
    a container or CI. A check that a child is unreadable would prove nothing under it."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("CapEff:"):
            return bool(int(line.split()[1], 16) & (1 << 19))
    return False


def readable(pid: int) -> bool:
    """Whether this process may read `pid`'s environment (ptrace's read check, as for mem)."""
    try:
        with open(f"/proc/{pid}/environ", "rb") as f:
            f.read(1)
    except (PermissionError, ProcessLookupError, FileNotFoundError):
        return False
    return True


def spawn(argv: list[str], **popen: Any) -> subprocess.Popen[bytes]:
    """Start argv[0] (found on PATH; a compiled program, not a script, which its interpreter
    must read) from an execute-only sealed copy in memory: it runs non-dumpable. Raises
    ReadableChild, having killed it, if it started readable by this process's user; give it
    its input only after this returns."""
    program = shutil.which(argv[0])
    if program is None:
        raise FileNotFoundError(argv[0])
    with open(program, "rb") as f:
        script = f.read(2) == b"#!"
    if script:  # its interpreter reads it: it cannot be execute-only (a test's stand-in)
        child = subprocess.Popen([program, *argv[1:]], **popen)  # noqa: S603 -- as above
    else:
        fd = _sealed_copy(program)
        try:
            child = subprocess.Popen(  # noqa: S603 -- argv is the caller's fixed command
                argv, executable=f"/proc/self/fd/{fd}", pass_fds=(fd,), **popen
            )
        except PermissionError as exc:  # vm.memfd_noexec=2: no program runs from memory
            raise ReadableChild(f"{argv[0]} cannot be started from an execute-only copy") from exc
    if not _privileged() and readable(child.pid):
        child.kill()
        child.wait()
        raise ReadableChild(f"{argv[0]} would be readable by the service's user")
    return child
