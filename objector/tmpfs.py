"""Directories held in memory (tmpfs, ramfs), found through /proc/self/mountinfo: where the
service keeps what must not reach a disk, even for a moment (the throttle's key, the drafts
LibreOffice converts). Plain Python, Linux."""

from __future__ import annotations

import os

MEMORY_FILESYSTEMS = frozenset(("tmpfs", "ramfs"))
# Where to look, in order: the user's runtime directory, then the machine's shared memory.
CANDIDATES = ("XDG_RUNTIME_DIR", "/dev/shm")  # noqa: S108 - checked to be tmpfs before use


def mounted_in_memory(directory: str) -> bool:
    """Whether `directory` lies on a filesystem held in memory, not on a disk:
    $XDG_RUNTIME_DIR is only a convention, and a service started from a login shell or with
    its own Environment= may point it anywhere (red team, round 7)."""
    real = os.path.realpath(directory)
    try:
        with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as mounts:
            lines = mounts.read().splitlines()
    except OSError:
        return False
    best, kind = "", ""
    for line in lines:
        fields, _, rest = line.partition(" - ")
        parts = fields.split()
        if len(parts) < 5 or not rest:
            continue
        point = parts[4].replace("\\040", " ")
        inside = real == point or real.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, rest.split()[0]
    return kind in MEMORY_FILESYSTEMS


def memory_dir() -> str | None:
    """A writable directory held in memory ($XDG_RUNTIME_DIR, else /dev/shm), or None."""
    for candidate in CANDIDATES:
        directory = os.environ.get(candidate, "") if candidate.isupper() else candidate
        if (
            directory
            and os.path.isdir(directory)
            and os.access(directory, os.W_OK)
            and mounted_in_memory(directory)
        ):
            return directory
    return None
