"""DOCX → PDF through LibreOffice headless, in a child process with a time limit.

LibreOffice is the one free converter that lays out a DOCX as Word does. It runs as a child
process with its own throwaway profile (two conversions at once would otherwise share and lock
one), and is killed when it overruns. Installed by scripts/install-libreoffice.

The draft holds a case's names, so it is never written to a disk, not even for the seconds of a
conversion (a seized disk keeps a deleted file's blocks): the DOCX, the PDF, LibreOffice's
profile, its HOME, caches and temporary files all live in one private directory (0700, made by
mkdtemp) in memory-backed storage ($XDG_RUNTIME_DIR or /dev/shm, when /proc/self/mountinfo says
tmpfs), removed whole on every way out. Without such storage the PDF is refused and the DOCX
still downloads. Red team, round 11: the directory was made in $TMPDIR (/tmp, on the disk), and
a conversion killed at its time limit left LibreOffice's own `lu*.tmp` in the shared /tmp.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from objector import tmpfs, undumpable
from objector.errors import BilingualError

TIMEOUT = 60.0  # seconds; a first start of LibreOffice on a loaded machine takes ~5 s


class PdfError(BilingualError):
    pass


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx: bytes, *, timeout: float = TIMEOUT) -> bytes:
    """The PDF of a DOCX. Raises PdfError when LibreOffice is missing, fails or overruns."""
    binary = soffice()
    if binary is None:
        raise PdfError(
            "pdf",
            "LibreOffice is not installed (scripts/install-libreoffice)",
            "LibreOffice не установлен (scripts/install-libreoffice)",
        )
    memory = tmpfs.memory_dir()
    if memory is None:
        raise PdfError(
            "pdf",
            "no memory-backed directory (tmpfs: $XDG_RUNTIME_DIR or /dev/shm) to convert the "
            "draft in without writing it to a disk; the DOCX can still be downloaded",
            "нет каталога в оперативной памяти (tmpfs: $XDG_RUNTIME_DIR или /dev/shm), чтобы "
            "преобразовать черновик, не записывая его на диск; DOCX по-прежнему можно скачать",
        )
    with tempfile.TemporaryDirectory(prefix="objector-pdf-", dir=memory) as tmp:
        src = Path(tmp) / "draft.docx"
        src.write_bytes(docx)
        profile = Path(tmp) / "profile"
        command = [
            binary,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            tmp,
            str(src),
        ]
        # S603: the command is fixed; the only argument from outside is a path we made.
        process = subprocess.Popen(  # noqa: S603
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # so that a timeout ends LibreOffice's own children too
            # Everything LibreOffice writes goes in `tmp`: its temporary files (TMPDIR: a
            # killed conversion left them in /tmp), its caches and settings.
            # And nothing of the service's own environment (its secret key, the database's
            # password): LibreOffice's /proc/PID/environ is readable by the service's user.
            env=undumpable.exec_environment(
                HOME=tmp,
                TMPDIR=tmp,
                XDG_CACHE_HOME=tmp,
                XDG_CONFIG_HOME=tmp,
                XDG_DATA_HOME=tmp,
                XDG_RUNTIME_DIR=tmp,
            ),
        )
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise PdfError(
                "pdf",
                f"LibreOffice did not finish within {timeout:g} s",
                f"LibreOffice не закончил за {timeout:g} с",
            ) from None
        out = Path(tmp) / "draft.pdf"
        if process.returncode != 0 or not out.is_file():
            raise PdfError(
                "pdf",
                f"LibreOffice could not convert the draft (exit status {process.returncode})",
                f"LibreOffice не смог преобразовать черновик (код {process.returncode})",
            )
        return out.read_bytes()
