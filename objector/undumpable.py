"""Out of reach of the other processes of the service's user: no ptrace, no /proc/PID/mem or
/proc/PID/environ, no core dump (PR_SET_DUMPABLE 0; docs/threat-model.md, "a process running
as the service's user"). Plain Python: the `objector` entry point calls it first thing, for
every command, and the documents' fork server on import (documents/undumpable.py).

Linux resets the flag at every exec, so a program the service starts (LibreOffice, Tesseract,
pg_dump) is readable by that user again while it runs: the threat model says so."""

from __future__ import annotations

import ctypes
import os

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
