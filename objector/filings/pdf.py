"""DOCX → PDF through LibreOffice headless, in a child process with a time limit.

LibreOffice is the one free converter that lays out a DOCX as Word does. It runs as a child
process with its own throwaway profile (two conversions at once would otherwise share and lock
one), and is killed when it overruns. Installed by scripts/install-libreoffice.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

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
    with tempfile.TemporaryDirectory(prefix="objector-pdf-") as tmp:
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
            env={**os.environ, "HOME": tmp},
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
