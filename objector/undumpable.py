"""Out of reach of the other processes of the service's user: no ptrace, no /proc/PID/mem or
/proc/PID/environ, no core dump (PR_SET_DUMPABLE 0; docs/threat-model.md, "a process running
as the service's user"). Plain Python: the `objector` entry point calls it first thing, for
every command, and the documents' fork server on import (documents/undumpable.py).

Linux resets the flag at every exec, so a program the service starts (LibreOffice, Tesseract,
pg_dump) is readable by that user again while it runs: the threat model says so."""

from __future__ import annotations

import ctypes

PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3


def non_dumpable() -> None:
    """This process (and what it forks, not what it execs) out of reach of others of its user."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_DUMPABLE, 0) failed")


def dumpable() -> bool:
    return bool(ctypes.CDLL(None).prctl(PR_GET_DUMPABLE, 0, 0, 0, 0))
