"""One lock file in the data directory, held by `objector run` (and by each unit under systemd,
through `objector keyholder`) for as long as the service runs: `objector restore` refuses to
replace the database under a running service."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO

from django.conf import settings

from objector.vault import keyholder


def lock_path() -> Path:
    return Path(settings.DATA_DIR) / "run.lock"


def hold() -> IO[str]:
    """Take the lock (shared: several `objector run` may share a data directory); keep the
    returned file open for as long as the service runs. The lock dies with the process."""
    fd = os.open(lock_path(), os.O_RDWR | os.O_CREAT, 0o600)
    handle = os.fdopen(fd, "r+")
    fcntl.flock(handle, fcntl.LOCK_SH)
    return handle


def service_running() -> str | None:
    """What shows the service is running, or None."""
    fd = os.open(lock_path(), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return f"a process holds {lock_path()}"
        fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
    try:
        keyholder.ask(settings.VAULT_SOCKET, {"op": "status"}, timeout=1)
    except keyholder.KeyHolderError:
        return None
    return f"the key-holder answers at {settings.VAULT_SOCKET}"
