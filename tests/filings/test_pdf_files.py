"""Where the PDF conversion writes a draft (red team, round 11): a draft holds a case's names, so
its DOCX, the PDF and everything LibreOffice writes must stay in one private directory held in
memory, and go with it on every way out, a conversion killed at its time limit included."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

import pytest

from objector import tmpfs
from objector.filings import pdf

from .data import case_data

# A stand-in for LibreOffice that says where it was asked to work, then writes its PDF there.
FAKE_SOFFICE = """#!/bin/sh
out=""; prev=""; for a in "$@"; do [ "$prev" = "--outdir" ] && out="$a"; prev="$a"; src="$a"; done
{
  echo "src=$src"
  echo "home=$HOME"
  echo "tmpdir=$TMPDIR"
  echo "cache=$XDG_CACHE_HOME"
  echo "mode=$(stat -c %a "$out")"
} > "$0.report"
printf '%%PDF-1.4 synthetic' > "$out/draft.pdf"
"""


def _docx() -> bytes:
    from objector.filings.core import draft

    return draft("claim_dismissal", case_data()).docx


@pytest.fixture
def fake_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    script = tmp_path / "soffice"
    script.write_text(FAKE_SOFFICE)
    script.chmod(0o700)
    monkeypatch.setattr(pdf, "soffice", lambda: str(script))
    return tmp_path / "soffice.report"


@pytest.mark.skipif(tmpfs.memory_dir() is None, reason="needs /dev/shm or XDG_RUNTIME_DIR on tmpfs")
def test_the_draft_is_converted_in_a_private_directory_in_memory(fake_soffice: Path) -> None:
    """Round 11: the directory was made in $TMPDIR, /tmp on this machine's disk."""
    assert pdf.to_pdf(b"PK synthetic draft").startswith(b"%PDF-")
    seen = dict(line.split("=", 1) for line in fake_soffice.read_text().splitlines())
    work = Path(seen["src"]).parent
    assert tmpfs.mounted_in_memory(str(work))
    assert seen["mode"] == "700"
    for where in ("home", "tmpdir", "cache"):
        assert seen[where] == str(work)
    assert not work.exists()  # removed whole


def test_without_memory_backed_storage_the_pdf_is_refused(
    fake_soffice: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """On a machine whose only temporary directory is on a disk, no draft is written there."""
    disk = tmp_path / "disk"
    disk.mkdir()
    monkeypatch.setattr(tmpfs, "CANDIDATES", (str(disk),))
    monkeypatch.setattr(tempfile, "tempdir", str(disk))
    assert not tmpfs.mounted_in_memory(str(disk)) or pytest.skip("tmp_path is itself on tmpfs")
    with pytest.raises(pdf.PdfError) as refused:
        pdf.to_pdf(b"PK synthetic draft")
    assert "memory-backed" in refused.value.message
    assert not fake_soffice.exists()  # the converter never ran
    assert list(disk.iterdir()) == []


@pytest.mark.skipif(pdf.soffice() is None, reason="LibreOffice: scripts/install-libreoffice")
@pytest.mark.skipif(tmpfs.memory_dir() is None, reason="needs /dev/shm or XDG_RUNTIME_DIR on tmpfs")
@pytest.mark.parametrize("seconds", [1.0, 1.5])
def test_a_conversion_killed_at_its_limit_leaves_nothing_behind(
    seconds: float, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Round 11: LibreOffice killed at the time limit left its `lu*.tmp` in $TMPDIR (the
    shared /tmp), outside the directory removed afterwards."""
    shared = tmp_path / "shared-tmp"
    shared.mkdir()
    monkeypatch.setenv("TMPDIR", str(shared))
    monkeypatch.setattr(tempfile, "tempdir", None)  # read $TMPDIR again
    memory = Path(str(tmpfs.memory_dir()))
    before = {p.name for p in memory.glob("objector-pdf-*")}
    try:
        pdf.to_pdf(_docx(), timeout=seconds)
    except pdf.PdfError as exc:  # killed at the limit, as intended on a machine of this speed
        assert "did not finish" in exc.message
    assert sorted(p.name for p in shared.iterdir()) == []
    assert {p.name for p in memory.glob("objector-pdf-*")} - before == set()


def test_the_private_directory_is_nobody_elses(
    fake_soffice: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """mkdtemp: a fresh name, 0700, made with O_EXCL; a name planted in advance is not used."""
    memory = tmpfs.memory_dir()
    if memory is None:
        pytest.skip("needs /dev/shm or XDG_RUNTIME_DIR on tmpfs")
    pdf.to_pdf(b"PK synthetic draft")
    seen = dict(line.split("=", 1) for line in fake_soffice.read_text().splitlines())
    work = Path(seen["src"]).parent
    assert work.parent == Path(memory)
    assert work.name.startswith("objector-pdf-") and len(work.name) > len("objector-pdf-") + 6
    assert stat.S_IMODE(int(seen["mode"], 8)) & 0o077 == 0
    assert os.getuid() == Path(memory).stat().st_uid or Path(memory).stat().st_mode & 0o1000
